/**
 * The webview app's entry point, bundled to dist/webview.js (and its styles to dist/webview.css). The host's
 * page sets `data-mode="panel"` on <body> for an editor tab; the sidebar is the default.
 */
import './styles/app.css'
import { App } from './app'
import { registerToolkit } from './toolkit'

registerToolkit()
const mode = document.body.dataset.mode === 'panel' ? 'panel' : 'sidebar'
const app = new App(acquireVsCodeApi(), document.body, { mode })
// The dev harness and the bench read the DOM window size through this; it exposes no data of its own.
Object.defineProperty(window, '__telegramWorkbench', { value: { get renderedHistoryRows() { return app.renderedHistoryRows } } })
