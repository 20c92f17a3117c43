// The QR modules the sign-in shows: a bitmap drawn from them, as the webview draws it, reads back as the URL.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import decodeQR from 'qr/decode.js'
import { qrModules } from '../../extension/sign-in/qr-code'

/** Renders modules as the webview's canvas does: black on white, a quiet zone of 4 modules, `scale` pixels each. */
function render(modules: string[], scale = 4, quiet = 4) {
  const size = (modules.length + quiet * 2) * scale
  const data = new Uint8Array(size * size * 4).fill(255)
  modules.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) {
      if (row[x] !== '1') continue
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          const offset = (((y + quiet) * scale + dy) * size + (x + quiet) * scale + dx) * 4
          data.fill(0, offset, offset + 3)
        }
      }
    }
  })
  return { width: size, height: size, data }
}

describe('QR modules of a login URL', () => {
  it('decode back to the tg://login URL they encode', () => {
    const url = `tg://login?token=${randomBytes(32).toString('base64url')}`
    const modules = qrModules(url)
    assert.equal(decodeQR(render(modules)), url)
  })

  it('are a square symbol of a valid QR size with its finder patterns at the corners', () => {
    const modules = qrModules(`tg://login?token=${randomBytes(32).toString('base64url')}`)
    const size = modules.length
    assert.ok(modules.every((row) => row.length === size && /^[01]+$/.test(row)))
    assert.equal((size - 17) % 4, 0, 'a QR symbol is 17 + 4·version modules wide')
    // Each finder pattern starts with a dark row of seven modules.
    assert.equal(modules[0]!.slice(0, 7), '1111111')
    assert.equal(modules[0]!.slice(-7), '1111111')
    assert.equal(modules[size - 7]!.slice(0, 7), '1111111')
  })
})
