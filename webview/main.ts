// The webview app entry point. The chat UI arrives with the webview issue.
export const WEBVIEW_PLACEHOLDER = true
