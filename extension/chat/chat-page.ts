/**
 * The HTML page of a chat webview: the bundled app, its styles and codicons, under a strict CSP.
 * Scripts run only with this page's nonce; styles, images, media and fonts come only from the
 * extension's own resource roots (plus blob:/data: for downloaded and generated images).
 */
import { randomBytes } from 'node:crypto'

export interface ChatPageResources {
  /** `webview.cspSource`. */
  cspSource: string
  scriptUri: string
  styleUri: string
  codiconsUri: string
  /** 'panel' for an editor tab; the app lays itself out for the sidebar otherwise. */
  mode: 'sidebar' | 'panel'
}

export function newNonce(): string {
  return randomBytes(18).toString('base64url')
}

export function chatPageHtml(resources: ChatPageResources, nonce = newNonce()): string {
  const { cspSource } = resources
  const csp = [
    `default-src 'none'`,
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `img-src ${cspSource} blob: data:`,
    `media-src ${cspSource} blob: data:`,
    `font-src ${cspSource}`,
  ].join('; ')
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta property="csp-nonce" content="${nonce}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(resources.codiconsUri)}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${escapeAttribute(resources.styleUri)}">
<title>Telegram</title>
</head>
<body data-mode="${resources.mode}">
<script nonce="${nonce}" src="${escapeAttribute(resources.scriptUri)}"></script>
</body>
</html>`
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}
