// Short forms of the markdown and HTML parse mode fuzz targets; the long forms run in fuzz.soak.ts.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { parseHtml, parseMarkdown } from '../../extension/mtproto/text'
import { fuzzTest } from './fuzz-target'
import { parseModeTargets } from './targets/parse-modes'

describe('fuzz: parse modes', () => {
  for (const target of parseModeTargets) fuzzTest(target, 2000)

  // Found by the HTML target (seed 161635841): markup between lone surrogate halves vanished, the halves joined
  // into one character, and the entity started in its middle.
  test('an entity that starts or ends between markup-joined surrogate halves covers the whole character', () => {
    assert.deepEqual(parseHtml('\ud800<tg-spoiler>\udc00'), { text: '\u{10000}', entities: [{ _: 'messageEntitySpoiler', offset: 0, length: 2 }] })
    assert.deepEqual(parseHtml('<b>x\ud800</b>\udc00'), { text: 'x\u{10000}', entities: [{ _: 'messageEntityBold', offset: 0, length: 3 }] })
    assert.deepEqual(parseMarkdown('\ud800**\udc00**'), { text: '\u{10000}', entities: [{ _: 'messageEntityBold', offset: 0, length: 2 }] })
  })
})
