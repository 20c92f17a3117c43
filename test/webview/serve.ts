/**
 * Runs the webview app in Debian's chromium through playwright-core, served from an in-memory origin with the
 * same kind of CSP a VS Code webview gets: scripts only with the page's nonce; styles, fonts and images only
 * from the resource origin (plus data:/blob: images, and the nonce for the toolkit's one feature-detecting
 * <style>, announced in a `csp-nonce` meta tag). CSP violations are collected.
 */
import { build } from 'esbuild'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'

export const ORIGIN = 'https://webview.test'
const root = join(__dirname, '..', '..')

export const chromiumFlags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumFlags, headless: true })
}

export interface Bundles {
  appJs: string
  appCss: string
  fakeHostJs: string
}

/** Bundles the app (as build.mjs does for dist/) and the fake host, in memory. */
export async function bundle(minify = false): Promise<Bundles> {
  const app = await build({ entryPoints: [join(root, 'webview/main.ts')], bundle: true, write: false, minify, format: 'iife', platform: 'browser', target: 'es2022', outdir: '/out', logLevel: 'silent' })
  const host = await build({ entryPoints: [join(__dirname, 'fake-host.ts')], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2022', outdir: '/out', logLevel: 'silent' })
  const text = (files: typeof app.outputFiles, ext: string) => files.find((f) => f.path.endsWith(ext))!.text
  return { appJs: text(app.outputFiles, '.js'), appCss: text(app.outputFiles, '.css'), fakeHostJs: text(host.outputFiles, '.js') }
}

export interface HarnessPage {
  page: Page
  cspViolations: string[]
  pageErrors: string[]
}

export interface PageOptions {
  theme?: 'dark-plus' | 'light-plus'
  mode?: 'sidebar' | 'panel'
  /** Extra query for the fake host: `signedOut=1`, `historyPage=1000`. */
  query?: string
  viewport?: { width: number; height: number }
}

export async function openHarness(browser: Browser, bundles: Bundles, options: PageOptions = {}): Promise<HarnessPage> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 420, height: 760 }, deviceScaleFactor: 1 })
  const page = await context.newPage()
  const nonce = randomBytes(16).toString('base64')
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${ORIGIN} 'nonce-${nonce}'`,
    `font-src ${ORIGIN}`,
    `img-src ${ORIGIN} blob: data:`,
    `media-src ${ORIGIN} blob: data:`,
  ].join('; ')
  const files: Record<string, [string | Buffer, string]> = {
    '/dist/webview.js': [bundles.appJs, 'text/javascript'],
    '/dist/webview.css': [bundles.appCss, 'text/css'],
    '/fake-host.js': [bundles.fakeHostJs, 'text/javascript'],
    '/codicons/codicon.css': [readFileSync(join(root, 'node_modules/@vscode/codicons/dist/codicon.css')), 'text/css'],
    '/codicons/codicon.ttf': [readFileSync(join(root, 'node_modules/@vscode/codicons/dist/codicon.ttf')), 'font/ttf'],
    '/themes/dark-plus.css': [readFileSync(join(__dirname, 'themes/dark-plus.css')), 'text/css'],
    '/themes/light-plus.css': [readFileSync(join(__dirname, 'themes/light-plus.css')), 'text/css'],
  }
  const html = readFileSync(join(__dirname, 'harness.html'), 'utf8')
    .replaceAll('{{NONCE}}', nonce)
    .replaceAll('{{THEME}}', options.theme ?? 'dark-plus')
    .replaceAll('{{MODE}}', options.mode ?? 'sidebar')
  await page.route('**/*', async (route) => {
    const url = new URL(route.request().url())
    if (url.origin !== ORIGIN) return route.abort()
    if (url.pathname === '/harness.html') return route.fulfill({ body: html, contentType: 'text/html', headers: { 'content-security-policy': csp } })
    const file = files[url.pathname]
    if (!file) return route.fulfill({ status: 404, body: '' })
    return route.fulfill({ body: file[0], contentType: file[1] })
  })
  const cspViolations: string[] = []
  const pageErrors: string[] = []
  await page.exposeFunction('__reportCsp', (text: string) => cspViolations.push(text))
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      ;(window as unknown as { __reportCsp(text: string): void }).__reportCsp(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}:${event.columnNumber} ${event.sample}`)
    })
  })
  page.on('pageerror', (error) => pageErrors.push(String(error)))
  await page.goto(`${ORIGIN}/harness.html${options.query ? `?${options.query}` : ''}`)
  return { page, cspViolations, pageErrors }
}
