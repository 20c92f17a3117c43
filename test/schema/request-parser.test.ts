import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { CallNode, ObjectNode, RequestDocument, SourceRange, ValueNode } from '../../schema/request/ast'
import { parseRequest } from '../../schema/request/parser'

/** The range of the `nth` occurrence of `part` in `text`, so expected ranges read as source text. */
function rangeOf(text: string, part: string, nth = 0): SourceRange {
  let start = -1
  for (let i = 0; i <= nth; i++) {
    start = text.indexOf(part, start + 1)
    assert.ok(start >= 0, `'${part}' occurs in the text`)
  }
  return { start, end: start + part.length }
}

function clean(text: string): RequestDocument {
  const document = parseRequest(text)
  assert.deepEqual(document.diagnostics, [])
  return document
}

function onlyCall(text: string): CallNode {
  const document = clean(text)
  assert.equal(document.calls.length, 1)
  const call = document.calls[0]!
  assert.equal(call.kind, 'call')
  return call as CallNode
}

function valueOf(text: string): ValueNode {
  const call = onlyCall(`f({ v: ${text} })`)
  return call.properties[0]!.value!
}

describe('parsing a call', () => {
  it('reads a method call with an object of parameters, with a range on every node', () => {
    const text = 'messages.getHistory({ peer: "me", limit: 10, offset_id: 0 })'
    const call = onlyCall(text)
    assert.deepEqual(call, {
      kind: 'call',
      range: { start: 0, end: text.length },
      name: { range: rangeOf(text, 'messages.getHistory'), text: 'messages.getHistory', name: 'messages.getHistory' },
      properties: [
        {
          range: rangeOf(text, 'peer: "me"'),
          key: { range: rangeOf(text, 'peer'), text: 'peer', name: 'peer' },
          name: 'peer',
          value: { kind: 'string', range: rangeOf(text, '"me"'), value: 'me' },
        },
        {
          range: rangeOf(text, 'limit: 10'),
          key: { range: rangeOf(text, 'limit'), text: 'limit', name: 'limit' },
          name: 'limit',
          value: { kind: 'number', range: rangeOf(text, '10'), value: 10, text: '10' },
        },
        {
          range: rangeOf(text, 'offset_id: 0'),
          key: { range: rangeOf(text, 'offset_id'), text: 'offset_id', name: 'offset_id' },
          name: 'offset_id',
          value: { kind: 'number', range: { start: text.indexOf('0 }'), end: text.indexOf('0 }') + 1 }, value: 0, text: '0' },
        },
      ],
      objectRange: rangeOf(text, '{ peer: "me", limit: 10, offset_id: 0 }'),
      argumentsRange: rangeOf(text, '{ peer: "me", limit: 10, offset_id: 0 }'),
      closed: true,
    })
  })

  it('reads a call without parameters, its arguments range empty between the parentheses', () => {
    const text = 'help.getConfig()'
    assert.deepEqual(onlyCall(text), {
      kind: 'call',
      range: { start: 0, end: 16 },
      name: { range: rangeOf(text, 'help.getConfig'), text: 'help.getConfig', name: 'help.getConfig' },
      properties: [],
      argumentsRange: { start: 15, end: 15 },
      closed: true,
    })
  })

  it('reads a top-level object with _ as a call of that method, the name range inside the quotes', () => {
    const text = "{ _: 'help.getConfig' }"
    const [call] = clean(text).calls
    assert.deepEqual(call, {
      kind: 'object',
      range: { start: 0, end: text.length },
      name: { range: rangeOf(text, 'help.getConfig'), text: 'help.getConfig', name: 'help.getConfig' },
      properties: [],
      closed: true,
    })
  })

  it('reads several calls separated by newlines or semicolons, and the // ordered marker', () => {
    const text = '// ordered\nhelp.getConfig()\nupdates.getState(); help.getNearestDc()'
    const document = clean(text)
    assert.deepEqual(
      document.calls.map((call) => call.name?.name),
      ['help.getConfig', 'updates.getState', 'help.getNearestDc'],
    )
    assert.equal(document.ordered, true)
    assert.deepEqual(document.orderedRange, rangeOf(text, '// ordered'))
    assert.deepEqual(document.comments, [{ range: rangeOf(text, '// ordered'), text: '// ordered' }])
  })

  it('does not take other comments, or ordered inside a comment sentence, as the marker', () => {
    const document = clean('// run these in order, ordered later\n/* ordered */ help.getConfig()')
    assert.equal(document.ordered, false)
    assert.equal(document.comments.length, 2)
  })
})

describe('parsing values', () => {
  it('reads single and double quoted strings with JSON5 escapes', () => {
    assert.deepEqual(valueOf(String.raw`'it\'s \"x\"\n\t\u00e9\x41\u{1F600}'`), {
      kind: 'string',
      range: { start: 7, end: 43 },
      value: 'it\'s "x"\n\té' + 'A\u{1F600}',
    })
    assert.equal((valueOf('"a\\\nb"') as { value: string }).value, 'ab', 'a backslash before a newline continues the line')
  })

  it('reads negative, fractional, exponent and hex numbers, keeping the literal text', () => {
    for (const [literal, value] of [
      ['-42', -42],
      ['3.5', 3.5],
      ['.5', 0.5],
      ['1e3', 1000],
      ['0x7fffffff', 0x7fffffff],
      ['-0x10', -16],
    ] as const) {
      const node = valueOf(literal)
      assert.deepEqual(node, { kind: 'number', range: { start: 7, end: 7 + literal.length }, value, text: literal })
    }
  })

  it('reads bigint literals exactly, past the safe integer range and in hex', () => {
    assert.deepEqual(valueOf('-9223372036854775808n'), {
      kind: 'bigint',
      range: { start: 7, end: 28 },
      value: -9223372036854775808n,
    })
    assert.equal((valueOf('0xffn') as { value: bigint }).value, 255n)
  })

  it('reads true, false and null', () => {
    assert.deepEqual(valueOf('true'), { kind: 'boolean', range: { start: 7, end: 11 }, value: true })
    assert.deepEqual(valueOf('false'), { kind: 'boolean', range: { start: 7, end: 12 }, value: false })
    assert.deepEqual(valueOf('null'), { kind: 'null', range: { start: 7, end: 11 } })
  })

  it('reads arrays with a trailing comma and comments between elements', () => {
    const text = 'f({ v: [1, /* two */ 2n, "three", // four\n] })'
    const array = onlyCall(text).properties[0]!.value!
    assert.deepEqual(array, {
      kind: 'array',
      range: { start: text.indexOf('['), end: text.indexOf(']') + 1 },
      elements: [
        { kind: 'number', range: rangeOf(text, '1'), value: 1, text: '1' },
        { kind: 'bigint', range: rangeOf(text, '2n'), value: 2n },
        { kind: 'string', range: rangeOf(text, '"three"'), value: 'three' },
      ],
      closed: true,
    })
  })

  it('reads a constructor written with _ and with quoted keys and a trailing comma', () => {
    const text = `f({ v: { "_": "inputPeerUser", 'user_id': 1n, access_hash: 2n, } })`
    const object = onlyCall(text).properties[0]!.value as ObjectNode
    assert.equal(object.kind, 'object')
    assert.deepEqual(object.name, { range: rangeOf(text, 'inputPeerUser'), text: 'inputPeerUser', name: 'inputPeerUser' })
    assert.deepEqual(
      object.properties.map((property) => [property.name, property.key!.range]),
      [
        ['user_id', rangeOf(text, 'user_id')],
        ['access_hash', rangeOf(text, 'access_hash')],
      ],
    )
    assert.equal(object.closed, true)
  })

  it('reads a constructor written as a call, with and without parameters', () => {
    const text = 'f({ a: inputMessagesFilterPhotos(), b: inputPeerUser({ user_id: 1n, access_hash: 2n }) })'
    const [a, b] = onlyCall(text).properties.map((property) => property.value as CallNode)
    assert.equal(a!.kind, 'call')
    assert.deepEqual(a!.name.range, rangeOf(text, 'inputMessagesFilterPhotos'))
    assert.deepEqual(a!.properties, [])
    assert.equal(b!.name.name, 'inputPeerUser')
    assert.deepEqual(
      b!.properties.map((property) => property.name),
      ['user_id', 'access_hash'],
    )
  })

  it('reads references to earlier results with property and index steps', () => {
    const text = 'f({ v: $12.messages[0].id, w: $last })'
    const [v, w] = onlyCall(text).properties.map((property) => property.value)
    assert.deepEqual(v, {
      kind: 'reference',
      range: rangeOf(text, '$12.messages[0].id'),
      target: 12,
      targetRange: rangeOf(text, '$12'),
      path: [
        { kind: 'property', range: rangeOf(text, 'messages'), name: 'messages' },
        { kind: 'index', range: rangeOf(text, '0'), index: 0 },
        { kind: 'property', range: rangeOf(text, 'id'), name: 'id' },
      ],
    })
    assert.deepEqual(w, { kind: 'reference', range: rangeOf(text, '$last'), target: 'last', targetRange: rangeOf(text, '$last'), path: [] })
  })

  it('counts ranges in UTF-16 code units, past astral characters', () => {
    const text = 'f({ a: "😀😀", b: 1 })'
    const b = onlyCall(text).properties[1]!
    // 'f({ a: "' is 8 units, each emoji a surrogate pair of 2, then '", ' is 3.
    assert.deepEqual(b.key!.range, { start: 15, end: 16 })
  })
})

describe('parsing partial and broken input', () => {
  it('keeps the call and the parameter when the text stops after a colon', () => {
    const text = 'messages.getHistory({ peer: '
    const document = parseRequest(text)
    const call = document.calls[0] as CallNode
    assert.equal(call.name.name, 'messages.getHistory')
    assert.equal(call.closed, false)
    assert.deepEqual(call.argumentsRange, { start: 20, end: text.length })
    assert.deepEqual(call.range, { start: 0, end: text.length })
    assert.deepEqual(call.properties, [
      { range: { start: 22, end: text.length }, key: { range: rangeOf(text, 'peer'), text: 'peer', name: 'peer' }, name: 'peer' },
    ])
    assert.deepEqual(
      document.diagnostics.map((d) => [d.code, d.range, d.message]),
      [
        ['unclosed', { start: 19, end: 20 }, "Missing ')' to match '('."],
        ['unclosed', { start: 20, end: 21 }, "Missing '}' to match '{'."],
        ['missing-value', { start: text.length, end: text.length }, "Expected a value for 'peer'."],
      ],
    )
  })

  it('keeps a half-typed dotted name, trailing dot included', () => {
    const document = parseRequest('messages.')
    assert.deepEqual((document.calls[0] as CallNode).name, { range: { start: 0, end: 9 }, text: 'messages.', name: 'messages.' })
    assert.deepEqual(
      document.diagnostics.map((d) => d.code),
      ['missing-parentheses'],
    )
  })

  it('keeps a half-typed reference path with an empty last segment', () => {
    const text = 'f({ v: $1.'
    const reference = (parseRequest(text).calls[0] as CallNode).properties[0]!.value!
    assert.deepEqual(reference, {
      kind: 'reference',
      range: { start: 7, end: 10 },
      target: 1,
      targetRange: { start: 7, end: 9 },
      path: [{ kind: 'property', range: { start: 10, end: 10 }, name: '' }],
    })
  })

  it('recovers after a missing comma with one diagnostic and reads the following properties', () => {
    const text = 'f({ a: 1 b: 2, c: 3 })'
    const document = parseRequest(text)
    assert.deepEqual(
      (document.calls[0] as CallNode).properties.map((property) => property.name),
      ['a', 'b', 'c'],
    )
    assert.deepEqual(
      document.diagnostics.map((d) => [d.code, d.range, d.message]),
      [['syntax', rangeOf(text, 'b'), "Expected ',' or '}' but found 'b'."]],
    )
  })

  it('closes the inner brace at the outer parenthesis and goes on with the next call', () => {
    const text = 'f({ a: [1, 2 )\ng()'
    const document = parseRequest(text)
    assert.deepEqual(
      document.calls.map((call) => call.name?.name),
      ['f', 'g'],
    )
    assert.equal((document.calls[0] as CallNode).closed, true)
    assert.deepEqual(
      document.diagnostics.map((d) => [d.code, d.range]),
      [
        ['unclosed', rangeOf(text, '{')],
        ['unclosed', rangeOf(text, '[')],
      ],
    )
  })

  it('reports unterminated strings and comments, bad escapes, bad numbers and stray characters', () => {
    const text = 'f({ a: "abc\n, b: 0x, c: 1.5n, d: "\\q", e: @ }) /* open'
    const codes = parseRequest(text).diagnostics.map((d) => [d.code, text.slice(d.range.start, d.range.end)])
    assert.deepEqual(codes, [
      ['unterminated-string', '"abc'],
      ['invalid-number', '0x'],
      ['invalid-number', '1.5n'],
      ['invalid-escape', '\\q'],
      ['syntax', '@'],
      ['missing-value', ''],
      ['unterminated-comment', '/* open'],
    ])
  })

  it('reports a bare constructor name, a positional argument, an invalid reference and a value that is not a call', () => {
    const text = 'f({ a: inputMessagesFilterEmpty, r: $x }, "me")\n42'
    const document = parseRequest(text)
    assert.deepEqual(
      document.diagnostics.map((d) => [d.code, text.slice(d.range.start, d.range.end)]),
      [
        ['missing-parentheses', 'inputMessagesFilterEmpty'],
        ['invalid-reference', '$x'],
        ['unexpected-argument', '"me"'],
        ['not-a-call', '42'],
      ],
    )
    const a = (document.calls[0] as CallNode).properties[0]!.value as CallNode
    assert.equal(a.kind, 'call')
    assert.equal(a.argumentsRange, undefined)
  })

  it('yields a tree for every prefix of a realistic cell without throwing', () => {
    const text = '// ordered\nmessages.getHistory({ peer: { _: "inputPeerSelf" }, limit: 10, hash: 0n, ids: [$1.messages[0].id] })\nhelp.getConfig()'
    for (let end = 0; end <= text.length; end++) {
      const document = parseRequest(text.slice(0, end))
      for (const call of document.calls) assert.ok(call.range.end <= end)
    }
  })
})
