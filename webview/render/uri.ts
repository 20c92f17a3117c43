/**
 * Image sources the app accepts from the host. The CSP is the real guard; this keeps a confused host from
 * pointing an <img> anywhere else in the first place.
 */

const dataImage = /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/

export function isSafeImageUri(uri: unknown): uri is string {
  if (typeof uri !== 'string' || uri.length === 0) return false
  if (uri.startsWith('data:')) return dataImage.test(uri)
  if (uri.startsWith('blob:')) return true
  try {
    const url = new URL(uri)
    if (url.protocol !== 'https:') return false
    // VS Code serves local resources to webviews from this domain; the harness serves them from its own origin.
    return url.hostname.endsWith('.vscode-resource.vscode-cdn.net') || url.origin === location.origin
  } catch {
    return false
  }
}
