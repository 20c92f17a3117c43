/**
 * One end-to-end session: our packaged extension installed into a fresh code-server profile, driven by
 * playwright-core in Debian's chromium, with the helpers the journeys share. Every session cleans up after
 * itself through `close()`, which test files call from an `after` hook so a failing test leaves nothing
 * running.
 */
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { chromium, type BrowserContext, type Frame, type FrameLocator, type Locator, type Page } from 'playwright-core'
import {
  createProfile,
  installExtension,
  installedExtensions,
  launchCodeServer,
  type CodeServer,
  type InstalledExtension,
  type Profile,
} from './launch'
import { startSandbox, type Sandbox } from '../sandbox/server'
import { Editors, escapeRegExp, openQuickInput } from './editor'
import { ensurePackagedExtension, repoRoot } from './vsix'

export const artifactsDir = join(repoRoot, 'test', 'e2e', '.artifacts')

/** Our extension's id, `publisher.name` from the manifest. */
export const extensionId = 'telegram-workbench.telegram-workbench'

/** The browser flags that work on these machines; without the networking ones chromium keeps dialling out. */
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

export interface WorkbenchOptions {
  /** Names this session's screenshots and logs in the artifacts folder. */
  name: string
  /** User settings, merged over the quiet defaults (e.g. the sandbox's server profile). */
  settings?: Record<string, unknown>
  /** Extra environment for code-server and so for the extension host. */
  env?: Record<string, string>
  /** Files to create in the workspace, by relative path. */
  workspaceFiles?: Record<string, string>
}

export class Workbench {
  private closed = false
  /** Opening files, hovers and completion in the editor area. */
  readonly editors: Editors

  private constructor(
    readonly name: string,
    readonly profile: Profile,
    readonly server: CodeServer,
    readonly context: BrowserContext,
    readonly page: Page,
  ) {
    this.editors = new Editors(page)
  }

  /** Packages the extension if needed, starts code-server and the browser, and waits for the workbench. */
  static async open(options: WorkbenchOptions): Promise<Workbench> {
    const vsix = ensurePackagedExtension()
    mkdirSync(artifactsDir, { recursive: true })
    const profile = createProfile(mkdtempSync(join(tmpdir(), 'telegram-workbench-e2e-')), options)
    let server: CodeServer | undefined
    let context: BrowserContext | undefined
    try {
      await installExtension(profile, vsix, options.env ? { env: options.env } : {})
      const logFile = join(artifactsDir, `${options.name}.code-server.log`)
      rmSync(logFile, { force: true })
      server = await launchCodeServer(profile, { ...(options.env ? { env: options.env } : {}), logFile })
      // A persistent context keeps localStorage, where code-server keeps SecretStorage, across reloads.
      context = await chromium.launchPersistentContext(join(profile.root, 'browser'), {
        executablePath: '/usr/bin/chromium',
        headless: true,
        args: chromiumArgs,
        viewport: { width: 1280, height: 800 },
        timeout: 30_000,
      })
      const page = context.pages()[0] ?? (await context.newPage())
      page.setDefaultTimeout(30_000)
      logBrowserErrors(page, join(artifactsDir, `${options.name}.browser.log`))
      const workbench = new Workbench(options.name, profile, server, context, page)
      await workbench.goto()
      return workbench
    } catch (error) {
      await context?.close().catch(() => {})
      await server?.stop()
      rmSync(profile.root, { recursive: true, force: true })
      throw error
    }
  }

  /** Closes the browser, stops code-server's whole process group and deletes the profile. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    try {
      await this.context.close()
    } finally {
      await this.server.stop()
      rmSync(this.profile.root, { recursive: true, force: true })
    }
  }

  /** Reloads the window with the same browser profile and server, as a user pressing F5 would. */
  async reload(): Promise<void> {
    await this.page.reload()
    await this.waitForWorkbench()
  }

  installedExtensions(): InstalledExtension[] {
    return installedExtensions(this.profile)
  }

  /** Runs a command by its palette title, e.g. "Telegram: Show Version". */
  async runCommand(title: string): Promise<void> {
    const input = await openQuickInput(this.page, 'F1')
    const label = this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) })
    const row = this.page.locator('.quick-input-list .monaco-list-row').filter({ has: label }).first()
    // The workbench shows before the extension host has registered the extensions' commands, and the
    // palette lists only what was known when its filter last changed: so filter again until the row shows.
    // F1 opens the palette with ">" already typed; filling replaces it, so it must be typed again.
    const deadline = Date.now() + 30_000
    for (;;) {
      await input.fill(`>${title}`)
      const shown = await row.waitFor({ state: 'visible', timeout: 1_000 }).then(() => true, () => false)
      if (shown) break
      if (Date.now() > deadline) throw new Error(`no command titled "${title}" in the palette`)
      await input.fill('>')
    }
    await row.click()
    // The palette is gone once the widget hides, or once a command's own quick input has taken the widget
    // over (a new value without the ">" of the palette), as Send Selection's chat picker does at once.
    await this.page.waitForFunction(() => {
      const widget = document.querySelector<HTMLElement>('.quick-input-widget')
      const input = widget?.querySelector<HTMLInputElement>('.quick-input-box input')
      return !widget || getComputedStyle(widget).display === 'none' || !input?.value.startsWith('>')
    })
  }

  /**
   * Answers an input box: waits until the quick input asks something matching `prompt` (its title or
   * message line), types `answer` and presses Enter.
   */
  async answerInput(prompt: string | RegExp, answer: string): Promise<void> {
    const widget = this.page.locator('.quick-input-widget').filter({ visible: true })
    await widget.locator('.quick-input-message, .quick-input-title', { hasText: prompt }).first().waitFor({ state: 'visible' })
    await widget.locator('.quick-input-box input').fill(answer)
    await this.page.keyboard.press('Enter')
  }

  /**
   * Picks a row of the open quick pick by its label. `filter` is typed first when given, as a person
   * narrows a long list; rows that load later (a busy picker) are waited for.
   */
  async pickItem(label: string | RegExp, filter?: string): Promise<void> {
    const widget = this.page.locator('.quick-input-widget').filter({ visible: true })
    if (filter !== undefined) await widget.locator('.quick-input-box input').fill(filter)
    const row = widget.locator('.quick-input-list .monaco-list-row').filter({ has: this.page.locator('.label-name', { hasText: label }) }).first()
    await row.click()
  }

  /** Clicks a button of the modal dialog on screen, by its exact label. */
  async answerDialog(button: string): Promise<void> {
    const dialog = this.page.locator('.monaco-dialog-box')
    await dialog.getByRole('button', { name: button, exact: true }).click()
    await dialog.waitFor({ state: 'detached' })
  }

  /** A status bar entry contributed by an extension, by the id it passed to createStatusBarItem. */
  statusBarItem(itemId: string, extension = extensionId): Locator {
    return this.page.locator(`.statusbar-item[id="${extension}.${itemId}"]`)
  }

  /** The messages of the notification toasts on screen, oldest first. */
  async notifications(): Promise<string[]> {
    return this.page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts()
  }

  /** Waits for a toast whose message matches and returns its text. */
  async waitForNotification(message: string | RegExp): Promise<string> {
    const toast = this.page.locator('.notifications-toasts .notification-list-item-message', { hasText: message }).first()
    await toast.waitFor({ state: 'visible' })
    return toast.innerText()
  }

  /** Headless toasts never time out and only three show at once, so journeys clear them after reading. */
  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications')
    await this.page.locator('.notifications-toasts .notification-list-item').first().waitFor({ state: 'detached' })
  }

  /** The document inside a webview view of our extension; the view's content sits two frames deep. */
  webviewView(id = extensionId): FrameLocator {
    return this.page
      .frameLocator(`iframe.webview.ready[src*="purpose=webviewView"][src*="extensionId=${id}"]`)
      .frameLocator('#active-frame')
  }

  /** Waits for a status bar entry (e.g. a setStatusBarMessage) whose text matches, and returns its text. */
  async waitForStatusBarText(text: string | RegExp): Promise<string> {
    const item = this.page.locator('.statusbar-item', { hasText: text }).first()
    await item.waitFor({ state: 'visible' })
    return item.innerText()
  }

  /** Saves a screenshot of the whole window to the artifacts folder and returns its path. */
  async screenshot(name: string): Promise<string> {
    const path = join(artifactsDir, `${this.name}.${name}.png`)
    await this.page.screenshot({ path })
    return path
  }

  private async goto(): Promise<void> {
    await this.page.goto(this.server.workspaceUrl)
    await this.waitForWorkbench()
  }

  private async waitForWorkbench(): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible' })
  }

  /** Lets the page use the clipboard without asking, as copy commands and paste need in headless chromium. */
  async allowClipboard(): Promise<void> {
    await this.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(this.server.url).origin })
  }

  /** The clipboard's text, read in the page (after `allowClipboard`). */
  async clipboardText(): Promise<string> {
    return this.page.evaluate(() => navigator.clipboard.readText())
  }

  /** A code cell of the notebook editor on screen. The cell list is virtual: only cells in view exist. */
  notebookCell(index: number): Locator {
    return this.page.locator('.notebook-editor').filter({ visible: true }).locator('.cell-list-container .code-cell-row').nth(index)
  }

  /** The document of the notebook's output webview, where renderers (ours and VS Code's error one) draw. */
  notebookOutputs(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready[src*="purpose=notebookRenderer"]').frameLocator('#active-frame')
  }

  /** Opens a workspace notebook through Quick Open (retried until the file index has it) and waits for its first cell. */
  async openNotebook(name: string): Promise<void> {
    const input = await openQuickInput(this.page, 'Control+P')
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first()
    for (const deadline = Date.now() + 30_000; ; ) {
      await input.fill(name)
      if (await row.waitFor({ state: 'visible', timeout: 1_000 }).then(() => true, () => false)) break
      if (Date.now() > deadline) throw new Error(`Quick Open does not find ${name}`)
      await input.fill('')
    }
    await this.page.keyboard.press('Enter')
    await this.page.locator(`.tabs-container .tab.active[data-resource-name="${name}"]`).waitFor({ state: 'visible' })
    await this.notebookCell(0).waitFor({ state: 'visible' })
  }

  /**
   * Closes the browser and stops code-server, so every log and state file is written out, but keeps the
   * profile for a test to inspect; `close()` still deletes it.
   */
  async stopKeepingProfile(): Promise<void> {
    await this.context.close()
    await this.server.stop()
  }

  /** Runs a notebook cell with the run button in its gutter, which shows once the cell has focus. */
  async runNotebookCell(index: number): Promise<void> {
    const cell = this.notebookCell(index)
    await cell.locator('.view-lines').click()
    await cell.locator('.run-button-container .codicon-notebook-execute').first().click()
  }
}

function logBrowserErrors(page: Page, file: string): void {
  rmSync(file, { force: true })
  page.on('pageerror', (error) => appendFileSync(file, `pageerror: ${error.message}\n`))
  page.on('console', (message) => {
    if (message.type() === 'error') appendFileSync(file, `console: ${message.text()}\n`)
  })
}

// ---------------------------------------------------------------------------------------------------------
// Helpers for the chat journeys: a window pointed at a sandbox, signed in, with the chat webview on screen.
// ---------------------------------------------------------------------------------------------------------

/**
 * Writes a running sandbox's address and key to `dir` and returns the user settings that point the extension
 * at it, with notifications of new messages off so toasts stay the journeys' own.
 */
export function sandboxSettings(sandbox: { dcs: unknown; rsaPublicKeyPem: string }, dir: string): Record<string, unknown> {
  const infoFile = join(dir, 'sandbox-info.json')
  writeFileSync(infoFile, JSON.stringify({ dcs: sandbox.dcs, rsaPublicKeyPem: sandbox.rsaPublicKeyPem }))
  return {
    'telegramWorkbench.server.profile': 'sandbox',
    'telegramWorkbench.server.sandboxInfoFile': infoFile,
    'telegramWorkbench.notifications': 'none',
  }
}

/** A running sandbox and one window pointed at it; close() ends both and removes the sandbox's info file. */
export interface SandboxWindow {
  readonly sandbox: Sandbox
  readonly workbench: Workbench
  close(): Promise<void>
}

/**
 * Starts a sandbox and opens a window whose settings point at it (`sandboxSettings`, with what `settings` returns
 * for this sandbox merged over them). If the window fails to open, the sandbox is stopped before the error goes on.
 */
export async function openSandboxWindow(
  options: Omit<WorkbenchOptions, 'settings'> & { settings?: (sandbox: Sandbox) => Record<string, unknown> },
): Promise<SandboxWindow> {
  const sandbox = await startSandbox({ log: () => {} })
  const infoDir = mkdtempSync(join(tmpdir(), `telegram-workbench-e2e-${options.name}-`))
  const stop = async () => {
    await sandbox.stop()
    rmSync(infoDir, { recursive: true, force: true })
  }
  try {
    const settings = { ...sandboxSettings(sandbox, infoDir), ...options.settings?.(sandbox) }
    const workbench = await Workbench.open({ ...options, settings })
    return {
      sandbox,
      workbench,
      async close() {
        try {
          await workbench.close()
        } finally {
          await stop()
        }
      },
    }
  } catch (error) {
    await stop()
    throw error
  }
}

/**
 * Polls `check` until it returns a value other than undefined; journeys wait this way on the sandbox, on storage
 * and on the page. Gives up with an error naming `what` after `timeoutMs`.
 */
export async function eventually<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(100)
  }
}

/** Signs in from the command palette with a phone number and its login code (an account without 2FA). */
export async function signInWithCode(workbench: Workbench, phone: string, code: string): Promise<void> {
  await workbench.runCommand('Telegram: Sign In')
  await workbench.pickItem('Phone number')
  await workbench.answerInput(/phone number/i, phone.startsWith('+') ? phone : `+${phone}`)
  await workbench.answerInput(/code/i, code)
  await workbench.waitForNotification(/Signed in/)
  await workbench.clearNotifications()
}

/** Shows the Telegram sidebar and waits for its dialog list; returns the list's rows. */
export async function showChatsView(workbench: Workbench): Promise<Locator> {
  await workbench.page.locator('.activitybar [aria-label^="Telegram"]').first().click()
  const rows = workbench.webviewView().locator('[role="listbox"] .dialog[role="option"]')
  await rows.first().waitFor({ state: 'visible', timeout: 30_000 })
  return rows
}

/** The frame holding our webview view's document, for evaluating script in it (FrameLocators cannot). */
export async function webviewViewFrame(workbench: Workbench, id = extensionId): Promise<Frame> {
  const outer = await workbench.page.locator(`iframe.webview.ready[src*="purpose=webviewView"][src*="extensionId=${id}"]`).elementHandle()
  const outerFrame = await outer?.contentFrame()
  const inner = await outerFrame?.locator('#active-frame').elementHandle()
  const frame = await inner?.contentFrame()
  if (!frame) throw new Error('the webview view has no content frame')
  return frame
}
