/**
 * The notebook renderer for scratchpad results (TL_TREE_MIME): VS Code loads this module in the
 * notebook's output webview and calls `activate`, then `renderOutputItem` for each result.
 */
import { TL_TREE_MIME, type TlTreeOutput } from './render-data'
import type { ActivationFunction } from './renderer-api'
import { TREE_STYLES } from './styles'
import { TreeView } from './tree-view'

const STYLE_ID = 'tlnb-tree-styles'

function ensureStyles(document: Document): void {
  if (document.getElementById(STYLE_ID)) return
  const style = document.createElement('style')
  style.id = STYLE_ID
  style.textContent = TREE_STYLES
  document.head.append(style)
}

function isTreeOutput(value: unknown): value is TlTreeOutput {
  return value !== null && typeof value === 'object' && (value as TlTreeOutput).version === 1 && typeof (value as TlTreeOutput).root === 'object'
}

export const activate: ActivationFunction = () => ({
  renderOutputItem(outputItem, element) {
    const document = element.ownerDocument
    ensureStyles(document)
    const data: unknown = outputItem.json()
    if (outputItem.mime !== TL_TREE_MIME || !isTreeOutput(data)) {
      const note = document.createElement('div')
      note.textContent = 'This result was saved by another version of Telegram Workbench; pick the application/json output instead.'
      element.replaceChildren(note)
      return
    }
    element.replaceChildren(new TreeView(document, data).element)
  },
})
