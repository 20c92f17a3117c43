import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { getLayer } from '../../schema/layer/reference'
import { parseRequest } from '../../schema/request/parser'
import { completionsAt, contextAt } from '../../language-server/calls/analyze'
import { extractPythonCalls } from '../../language-server/calls/extract-python'
import { extractTypeScriptCalls } from '../../language-server/calls/extract-typescript'
import { callTreeOfCell } from '../../language-server/calls/model'

const layer = getLayer()

/** Completes at the end of `text`, as a client does while the user types. */
function completeCell(text: string) {
  return completionsAt(callTreeOfCell(parseRequest(text)), text.length)
}

describe('what is at a position', () => {
  it('tells a method name, a parameter name, a value with its expected type, and a reference apart', () => {
    const text = 'messages.getHistory({ peer: "me", limit: 10, offset_id: $1.messages[0].id })'
    const tree = callTreeOfCell(parseRequest(text))
    const at = (part: string, delta = 1) => contextAt(tree, text.indexOf(part) + delta)

    const name = at('getHistory')!
    assert.equal(name.kind, 'name')
    assert.equal(name.kind === 'name' && name.prefix, 'messages.g')

    const key = at('limit', 2)!
    assert.equal(key.kind, 'parameter')
    assert.equal(key.kind === 'parameter' && key.prefix, 'li')
    assert.equal(key.kind === 'parameter' && key.param?.name, 'limit')

    const value = at('"me"')!
    assert.equal(value.kind, 'value')
    assert.equal(value.kind === 'value' && value.expected.type, 'InputPeer')
    assert.equal(value.kind === 'value' && value.expected.peerLike, true)

    const reference = at('messages[0]')!
    assert.equal(reference.kind, 'reference')
    assert.equal(reference.kind === 'reference' && reference.segment, 0)
  })

  it('offers method names anywhere between calls of a cell, and nothing outside calls of a source file', () => {
    const cell = 'help.getConfig()\n\n'
    assert.deepEqual(contextAt(callTreeOfCell(parseRequest(cell)), cell.length), { kind: 'name', prefix: '', wants: 'method', dialect: 'tl' })
    assert.equal(contextAt(extractTypeScriptCalls('const x = 1'), 5), undefined)
  })
})

describe('completion in a cell', () => {
  it('offers namespaces at an empty cell and the methods of a namespace after its dot', () => {
    const empty = completeCell('')
    const namespaces = empty.items.filter((item) => item.kind === 'namespace').map((item) => item.label)
    assert.ok(namespaces.includes('messages') && namespaces.includes('help') && namespaces.includes('channels'))
    const expected = layer.methods.filter((method) => method.section === 'api' && method.name.startsWith('help.')).map((m) => m.name).sort()
    const help = completeCell('help.')
    assert.deepEqual(help.items.map((item) => item.label).sort(), expected)
    assert.deepEqual(help.range, { start: 0, end: 5 })
  })

  it('gives a method a snippet that fills its required parameters', () => {
    const item = completeCell('messages.getHis').items.find((candidate) => candidate.label === 'messages.getHistory')!
    assert.equal(
      item.snippet,
      'messages.getHistory({ peer: ${1:"me"}, offset_id: ${2:0}, offset_date: ${3:0}, add_offset: ${4:0}, limit: ${5:0}, max_id: ${6:0}, min_id: ${7:0}, hash: ${8:0} })',
    )
    assert.equal(item.detail, '→ messages.Messages')
    assert.equal(completeCell('help.getC').items.find((candidate) => candidate.label === 'help.getConfig')!.snippet, 'help.getConfig()')
  })

  it('offers the parameters not given yet, required first, with type, optionality and description', () => {
    const result = completeCell('messages.sendMessage({ peer: "me", ')
    const labels = result.items.map((item) => item.label)
    const method = layer.findMethod('messages.sendMessage')!
    const required = method.params.filter((p) => !p.optional && !p.isFlags && p.name !== 'peer' && p.name !== 'random_id').map((p) => p.name)
    assert.deepEqual(labels.slice(0, required.length), required)
    assert.ok(!labels.includes('peer') && !labels.includes('flags'))
    const silent = result.items.find((item) => item.label === 'silent')!
    assert.equal(silent.required, false)
    assert.equal(silent.detail, 'true (optional, flags.5)')
    assert.equal(silent.insertText, 'silent: ')
    assert.equal(silent.documentation, method.params.find((p) => p.name === 'silent')!.description)
  })

  it('offers every constructor of the expected type, and "me", for a peer', () => {
    const result = completeCell('messages.getHistory({ peer: ')
    const expected = layer.findType('InputPeer')!.constructors.map((constructor) => constructor.name)
    assert.deepEqual(
      result.items.filter((item) => item.kind === 'constructor').map((item) => item.label).sort(),
      [...expected].sort(),
    )
    assert.equal(result.items[0]!.label, '"me"')
    const user = result.items.find((item) => item.label === 'inputPeerUser')!
    assert.equal(user.snippet, 'inputPeerUser({ user_id: ${1:0}, access_hash: ${2:0} })')
  })

  it('offers true and false for Bool and for flags', () => {
    assert.deepEqual(
      completeCell('messages.sendMessage({ silent: ').items.map((item) => item.label),
      ['true', 'false'],
    )
    const boolParam = layer.methods.flatMap((m) => m.params.map((p) => [m, p] as const)).find(([, p]) => p.elementType === 'Bool' && !p.vector)!
    assert.deepEqual(
      completeCell(`${boolParam[0].name}({ ${boolParam[1].name}: `).items.map((item) => item.label),
      ['true', 'false'],
    )
  })

  it('ranks the enum-like constructors of a type first', () => {
    const items = completeCell('messages.search({ filter: ').items
    const enumLike = layer.findType('MessagesFilter')!.constructors.filter((c) => c.params.length === 0).map((c) => c.name)
    assert.deepEqual(
      items.filter((item) => item.enumLike).map((item) => item.label),
      enumLike,
    )
    const sorted = [...items].sort((a, b) => (a.sortText < b.sortText ? -1 : 1))
    assert.deepEqual(sorted.slice(0, enumLike.length).map((item) => item.label).sort(), [...enumLike].sort())
  })

  it('completes a constructor name being typed with the constructors of the expected type', () => {
    const text = 'messages.getHistory({ peer: { _: "inputPeerS'
    const result = completeCell(text)
    assert.equal(result.context?.kind, 'name')
    assert.deepEqual(result.range, { start: text.lastIndexOf('"') + 1, end: text.length })
    assert.ok(result.items.every((item) => item.detail === 'InputPeer'))
    assert.equal(result.items.find((item) => item.label === 'inputPeerSelf')!.snippet, undefined, 'inside _: only the name')
  })
})

describe('completion in source files, in the library spelling', () => {
  it('offers camelCase parameters for GramJS and keyword arguments for Telethon', () => {
    const gramjs = 'new Api.messages.GetHistory({ '
    const gramItems = completionsAt(extractTypeScriptCalls(gramjs), gramjs.length).items
    assert.equal(gramItems[1]!.label, 'offsetId')
    assert.equal(gramItems[1]!.insertText, 'offsetId: ')

    const python = 'from telethon.tl import functions\nfunctions.messages.GetHistoryRequest(peer="me", '
    const pyItems = completionsAt(extractPythonCalls(python), python.length).items
    assert.equal(pyItems[0]!.label, 'offset_id')
    assert.equal(pyItems[0]!.insertText, 'offset_id=')
  })

  it('offers constructors as each library writes them', () => {
    const gramjs = 'new Api.messages.GetHistory({ peer: '
    const gramItem = completionsAt(extractTypeScriptCalls(gramjs), gramjs.length).items.find((item) => item.label === 'InputPeerSelf')!
    assert.equal(gramItem.insertText, 'new Api.InputPeerSelf()')
    const ours = "client.invoke({ _: 'messages.getHistory', peer: "
    const ourItem = completionsAt(extractTypeScriptCalls(ours), ours.length).items.find((item) => item.label === 'inputPeerSelf')!
    assert.equal(ourItem.insertText, "{ _: 'inputPeerSelf' }")
    const python = 'from telethon.tl import functions\nfunctions.messages.SendMessageRequest(peer="me", message="x", silent='
    assert.deepEqual(
      completionsAt(extractPythonCalls(python), python.length).items.map((item) => item.label),
      ['True', 'False'],
    )
  })
})
