// `.tl` is shared with Teal (typed Lua); the extension switches a document to Telegram TL only by its content.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { looksLikeTelegramTl } from '../../language-server/tl-content'

describe('telling Telegram TL from Teal', () => {
  it('recognises both bundled schema files', () => {
    for (const file of ['api.tl', 'mtproto.tl']) {
      assert.ok(looksLikeTelegramTl(readFileSync(`schema/layer/${file}`, 'utf8')), file)
    }
  })

  it('recognises a short schema by a name#id line or by the functions marker alone', () => {
    assert.ok(looksLikeTelegramTl('// my schema\n  inputPeerSelf#7da07ec9 = InputPeer;\n'))
    assert.ok(looksLikeTelegramTl('---functions---\nping ping_id:long = Pong;\n'))
  })

  it('leaves Teal alone, even with # and hex-looking text in it', () => {
    const teal = [
      'local record Point',
      '   x: number',
      '   y: number',
      'end',
      'local function len(p: Point): number',
      '   return #tostring(p.x) -- the # length operator',
      'end',
      'local colour = "#ff00aa"',
    ].join('\n')
    assert.equal(looksLikeTelegramTl(teal), false)
  })
})
