/**
 * The two text parsers of schema/: TL schema text (parseTl) and scratchpad cells (parseRequest). Both promise never
 * to throw, so no error is allowed; whatever the text, they must finish, and every source range in the tree, the
 * diagnostics and the comments must lie inside the text. TL definitions that parse cleanly must survive printing
 * and parsing again unchanged. Cell calls then go through toTlObject, whose typed error is RequestValueError.
 * Inputs are token soups of each grammar and real api.tl lines with characters edited.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { parseRequest, RequestValueError, toTlObject } from '../../../schema/request'
import { parseTl, printDefinition } from '../../../schema/tl'
import type { FuzzTarget } from '../fuzz-target'

/** Every `{ start, end }` in a parse result lies inside the text and does not run backwards. */
export function checkRanges(node: unknown, textLength: number, path = '$'): void {
  if (typeof node !== 'object' || node === null) return
  if (Array.isArray(node)) {
    node.forEach((item, i) => checkRanges(item, textLength, `${path}[${i}]`))
    return
  }
  const { start, end } = node as { start?: unknown; end?: unknown }
  if (typeof start === 'number' && typeof end === 'number') {
    assert.ok(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= textLength, `${path} is ${start}..${end} in a text of ${textLength}`)
  }
  for (const [key, value] of Object.entries(node)) checkRanges(value, textLength, `${path}.${key}`)
}

/** A character-level edit of a real line: the errors a person typing makes. */
type Edit = { at: number; remove: number; insert: string }

function applyEdits(text: string, edits: readonly Edit[]): string {
  let out = text
  for (const { at, remove, insert } of edits) {
    const i = Math.floor(at * (out.length + 1))
    out = out.slice(0, i) + insert + out.slice(i + remove)
  }
  return out
}

const editArb = (alphabet: fc.Arbitrary<string>) =>
  fc.record({ at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), remove: fc.integer({ min: 0, max: 6 }), insert: alphabet })

const soup = (tokens: readonly string[]) =>
  fc.array(fc.oneof({ arbitrary: fc.constantFrom(...tokens), weight: 6 }, { arbitrary: fc.string({ unit: 'binary', maxLength: 3 }), weight: 1 }), { maxLength: 60 }).map((parts) => parts.join(''))

const TL_TOKENS = [
  'messages.sendMessage', 'inputPeerUser', 'InputPeer', 'Vector', 'vector', 'int', 'long', 'string', 'bytes', 'true', 'Bool', 'X', 't',
  '#', '#1cb5c415', '#deadbeef', '#12345678901', 'flags:#', 'flags.0?true', 'flags2.31?', 'flags.99?', ':', '?', '.', '%', '!', '!X', '=', ';',
  '<', '>', '{', '}', '{X:Type}', '[', ']', ',', ' ', ' ', '\n', '\t', '---functions---', '---types---', '---wrong---', '//', '/*', '*/',
  'Type', 'peer:InputPeer', ' = Updates;', '0', '42', '😀', '\u0000',
]

const apiLines = readFileSync(join(__dirname, '../../../schema/layer/api.tl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')

const tlTextArb = fc.oneof(
  soup(TL_TOKENS),
  fc
    .tuple(fc.array(fc.constantFrom(...apiLines), { minLength: 1, maxLength: 6 }), fc.array(editArb(fc.constantFrom(...TL_TOKENS, '')), { maxLength: 4 }))
    .map(([lines, edits]) => applyEdits(lines.join('\n'), edits)),
)

export const tlParserTarget: FuzzTarget<string> = {
  name: 'TL schema parser on token soup and edited api.tl lines',
  seed: 0x71e0001,
  allowedErrors: [],
  input: tlTextArb,
  run(text) {
    const document = parseTl(text)
    checkRanges(document, text.length)
    if (document.diagnostics.length > 0) return
    for (const definition of document.definitions) {
      const printed = printDefinition(definition)
      const again = parseTl(printed)
      assert.deepEqual(again.diagnostics, [], `'${printed}' does not parse back`)
      assert.equal(again.definitions.length, 1, `'${printed}' parses as ${again.definitions.length} definitions`)
      assert.equal(printDefinition(again.definitions[0]!), printed)
    }
  },
}

const REQUEST_TOKENS = [
  'messages.getHistory', 'inputPeerSelf', 'help.getConfig', '(', ')', '{', '}', '[', ']', ':', ',', ';', '_', '_: "inputPeerUser"', '"me"', "'@ada'",
  'peer', 'limit', 'hash', ' ', '\n', '0', '-1', '1e3', '1e', '0x', '0xff', '12n', '1.5n', '9007199254740993', 'true', 'false', 'null',
  '$1', '$last', '$2.messages[0].id', '$', '.', '[0]', '"\\u00e9"', '"\\q"', '"unterminated', '// ordered', '//', '/*', '*/', '😀', '\\',
]

export const requestParserTarget: FuzzTarget<string> = {
  name: 'scratchpad cell parser and toTlObject on token soup',
  seed: 0x71e0002,
  allowedErrors: [RequestValueError],
  input: soup(REQUEST_TOKENS),
  run(text) {
    const document = parseRequest(text)
    checkRanges(document, text.length)
    for (const call of document.calls) {
      try {
        const object = toTlObject(call, { resolveReference: () => ({ messages: [{ id: 1 }] }) })
        assert.equal(typeof object._, 'string')
      } catch (error) {
        if (!(error instanceof RequestValueError)) throw error
        checkRanges(error.range, text.length)
      }
    }
  },
}
