/**
 * The QR code of a login URL as rows of modules, the form the webview draws (protocol `SignInStep` 'qr').
 * The webview adds the quiet zone itself, so the rows here are the bare symbol.
 */
import encodeQR from 'qr'

/** Encodes `text` as QR modules: one string per row, '1' for a dark module and '0' for a light one. */
export function qrModules(text: string): string[] {
  // The encoder insists on a quiet zone; ask for the thinnest and cut it off.
  const bordered = encodeQR(text, 'raw', { border: 1, ecc: 'medium' })
  return bordered.slice(1, -1).map((row) => row.slice(1, -1).map((dark) => (dark ? '1' : '0')).join(''))
}
