// Builds the three bundles with esbuild. `--production` minifies; `--watch` rebuilds on change.
import * as esbuild from 'esbuild'
import { copyFileSync, mkdirSync } from 'node:fs'
import { ensureGenerated } from './schema/codec/ensure-generated.mjs'

ensureGenerated()

const production = process.argv.includes('--production')
const watch = process.argv.includes('--watch')

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  legalComments: 'none',
}

const bundles = [
  { ...common, entryPoints: ['extension/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] },
  { ...common, entryPoints: ['language-server/server.ts'], outfile: 'dist/language-server.js', platform: 'node', format: 'cjs', target: 'node20' },
  // The terminal runner (`npx telegram-workbench run`); keytar is an optional native module, loaded from node_modules.
  { ...common, entryPoints: ['extension/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node20', external: ['keytar'], banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: ['webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022' },
  // VS Code loads notebook renderers as ES modules.
  { ...common, entryPoints: ['webview/notebook-renderer/index.ts'], outfile: 'dist/notebook-renderer.js', platform: 'browser', format: 'esm', target: 'es2022' },
]

// The layer reference reads the .tl files from next to its bundle (see schema/layer/files.ts); the chat
// webview loads codicons from dist/, its only resource root (the font sits next to the stylesheet).
function copyLayerFiles() {
  mkdirSync('dist', { recursive: true })
  for (const file of ['api.tl', 'mtproto.tl']) copyFileSync(`schema/layer/${file}`, `dist/${file}`)
  for (const file of ['codicon.css', 'codicon.ttf']) copyFileSync(`node_modules/@vscode/codicons/dist/${file}`, `dist/${file}`)
}

if (watch) {
  copyLayerFiles()
  for (const options of bundles) await (await esbuild.context(options)).watch()
} else {
  await Promise.all(bundles.map((options) => esbuild.build(options)))
  copyLayerFiles()
}
