/**
 * Telegram TL documents in the editor: the bundled layer as read-only documents (`tl-layer:/api.tl`,
 * served from the copies build.mjs puts in dist/), and the `tl` language for `.tl` files that
 * another extension (Teal) claimed but whose text is Telegram's TL.
 */
import * as vscode from 'vscode'
import { LAYER_URI_SCHEME } from '../language-server/protocol'
import { looksLikeTelegramTl } from '../language-server/tl-content'

const LAYER_FILES = new Set(['api.tl', 'mtproto.tl'])

class LayerDocumentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly extensionUri: vscode.Uri) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const file = uri.path.replace(/^\//, '')
    if (!LAYER_FILES.has(file)) throw new Error(`The bundled layer has no file ${file}`)
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.extensionUri, 'dist', file))
    return new TextDecoder().decode(bytes)
  }
}

function claimTelegramTl(document: vscode.TextDocument): void {
  if (document.languageId === 'tl' || !document.uri.path.endsWith('.tl')) return
  if (looksLikeTelegramTl(document.getText())) void vscode.languages.setTextDocumentLanguage(document, 'tl')
}

export function registerTlDocuments(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(LAYER_URI_SCHEME, new LayerDocumentProvider(context.extensionUri)),
    vscode.workspace.onDidOpenTextDocument(claimTelegramTl),
  )
  for (const document of vscode.workspace.textDocuments) claimTelegramTl(document)
}
