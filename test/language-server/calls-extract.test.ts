import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { CallNode, ObjectNode, SourceRange, TlObjectNode, ValueNode } from '../../schema/request/ast'
import { extractPythonCalls } from '../../language-server/calls/extract-python'
import { extractTypeScriptCalls } from '../../language-server/calls/extract-typescript'

function rangeOf(text: string, part: string, nth = 0): SourceRange {
  let start = -1
  for (let i = 0; i <= nth; i++) {
    start = text.indexOf(part, start + 1)
    assert.ok(start >= 0, `'${part}' occurs in the text`)
  }
  return { start, end: start + part.length }
}

/** A compact view of a tree: TL names, keys and values, to compare whole calls at once. */
function summary(node: TlObjectNode): unknown {
  return {
    name: node.name?.name,
    params: Object.fromEntries(node.properties.map((property) => [property.name, property.value && summarizeValue(property.value)])),
  }
}
function summarizeValue(value: ValueNode): unknown {
  switch (value.kind) {
    case 'call':
    case 'object':
      return summary(value)
    case 'array':
      return value.elements.map(summarizeValue)
    case 'expression':
      return { expression: value.text }
    case 'null':
      return null
    case 'reference':
      return { reference: value.target }
    default:
      return value.value
  }
}

const typescriptFile = `import { TelegramClient, Api } from 'telegram'
import { Client } from '../extension/mtproto'

// Not calls: client.invoke({ _: 'help.getConfig' }) and new Api.help.GetConfig()
/* client.invoke({ _: 'messages.getDialogs' }) */
const help = "client.invoke({ _: 'help.getNearestDc' })"
const doc = \`Use new Api.updates.GetState() or tg.call({ _: 'x' }) – \${count} times\`
const pattern = /client\\.invoke\\({ _: 'account\\.getPassword' }/

export async function history(client: Client, peer: unknown) {
  const result = await client.invoke({
    _: 'messages.getHistory',
    peer,
    offset_id: 0,
    limit: 10,
    hash: 0n,
    // a comment inside the call
    max_id: -1_000,
  })
  return result
}

export async function viaMtcute(tg: { call(request: object): Promise<unknown> }) {
  return tg.call({ _: 'messages.sendMessage', peer: { _: 'inputPeerSelf' }, message: 'it\\'s {', randomId: BigInt('123'), noWebpage: true })
}

export async function viaGramjs(client: TelegramClient) {
  await client.invoke(new Api.messages.GetHistory({ peer: new Api.InputPeerSelf(), offsetId: 5, limit: 10, hash: bigInt(0) }))
  if (result instanceof Api.messages.ChannelMessages) return
  const other: Api.TypeInputPeer = new Api.InputPeerEmpty()
}
`

describe('finding calls in TypeScript and JavaScript', () => {
  const tree = extractTypeScriptCalls(typescriptFile)

  it('finds exactly the real calls, none inside comments, strings, templates or regular expressions', () => {
    assert.equal(tree.source, 'typescript')
    assert.deepEqual(
      tree.calls.map((call) => [call.dialect, call.rootKind, call.root.name?.text]),
      [
        ['tl', 'method', 'messages.getHistory'],
        ['mtcute', 'method', 'messages.sendMessage'],
        ['gramjs', 'any', 'messages.GetHistory'],
        ['gramjs', 'any', 'messages.ChannelMessages'],
        ['gramjs', 'any', 'InputPeerEmpty'],
      ],
    )
  })

  it("maps our client's call with TL field names, shorthand properties as expressions, and exact ranges", () => {
    const root = tree.calls[0]!.root as ObjectNode
    assert.deepEqual(summary(root), {
      name: 'messages.getHistory',
      params: { peer: { expression: 'peer' }, offset_id: 0, limit: 10, hash: 0n, max_id: -1000 },
    })
    assert.deepEqual(root.name!.range, rangeOf(typescriptFile, 'messages.getHistory', 0))
    const start = typescriptFile.indexOf('{\n    _: ')
    assert.deepEqual(root.range, { start, end: typescriptFile.indexOf('})', start) + 1 })
    assert.deepEqual(root.properties.find((p) => p.name === 'max_id')!.value!.range, rangeOf(typescriptFile, '-1_000'))
  })

  it("maps mtcute's camelCase fields to TL names, keeping the written key", () => {
    const root = tree.calls[1]!.root
    assert.deepEqual(summary(root), {
      name: 'messages.sendMessage',
      params: { peer: { name: 'inputPeerSelf', params: {} }, message: "it's {", random_id: 123n, no_webpage: true },
    })
    const key = root.properties.find((property) => property.name === 'random_id')!.key!
    assert.deepEqual(key, { range: rangeOf(typescriptFile, 'randomId'), text: 'randomId', name: 'random_id' })
  })

  it('maps GramJS classes to TL names, nested constructors included, and keeps bare references that name a definition', () => {
    const [call, bare, constructor] = tree.calls.slice(2).map((entry) => entry.root as CallNode)
    assert.deepEqual(summary(call!), {
      name: 'messages.getHistory',
      params: { peer: { name: 'inputPeerSelf', params: {} }, offset_id: 5, limit: 10, hash: 0n },
    })
    assert.deepEqual(call!.name.range, rangeOf(typescriptFile, 'messages.GetHistory'))
    assert.equal(bare!.name.name, 'messages.channelMessages')
    assert.equal(bare!.argumentsRange, undefined)
    assert.equal(constructor!.name.name, 'inputPeerEmpty')
  })

  it('yields the calls of unfinished code up to the end of the text', () => {
    const text = "await client.invoke({ _: 'messages.getHistory', peer: { _: 'inputPeer"
    const [call] = extractTypeScriptCalls(text).calls
    const root = call!.root as ObjectNode
    assert.equal(root.closed, false)
    assert.deepEqual(root.range, { start: text.indexOf('{'), end: text.length })
    const peer = root.properties[0]!.value as ObjectNode
    assert.deepEqual(peer.name, { range: { start: text.lastIndexOf("'") + 1, end: text.length }, text: 'inputPeer', name: 'inputPeer' })
  })
})

const pythonFile = `"""Examples.

    functions.messages.GetHistoryRequest(peer='me')   <- a docstring, not a call
"""
from telethon import TelegramClient
from telethon.tl import functions, types
from telethon.tl.functions.messages import (
    SendMessageRequest,
    GetHistoryRequest as History,
)
from telethon.tl.functions import channels
import telethon

# functions.help.GetConfigRequest()
text = 'types.InputPeerSelf()'


async def main(client: TelegramClient, channel):
    await client(functions.messages.GetHistoryRequest(
        peer=types.InputPeerUser(user_id=1, access_hash=-2),
        offset_id=0, offset_date=None, add_offset=0, limit=10,
        max_id=0, min_id=0, hash=0,
    ))
    await client(SendMessageRequest('me', 'Hello # not a comment', no_webpage=True, random_id=2**63))
    await client(History(types.InputPeerSelf(), 0, 0, 0, 10, 0, 0, 0))
    await client(channels.JoinChannelRequest(channel))
    await client(telethon.tl.functions.help.GetConfigRequest())
    await client(functions.PingRequest(ping_id=48641868471))
    GetHistoryRequest(unrelated=True)
`

describe('finding Telethon calls in Python', () => {
  const tree = extractPythonCalls(pythonFile)

  it('finds calls through every import form and none in docstrings, comments, strings or unimported names', () => {
    assert.equal(tree.source, 'python')
    assert.deepEqual(
      tree.calls.map((call) => [call.rootKind, call.root.name?.name]),
      [
        ['method', 'messages.getHistory'],
        ['method', 'messages.sendMessage'],
        ['method', 'messages.getHistory'],
        ['method', 'channels.joinChannel'],
        ['method', 'help.getConfig'],
        ['method', 'ping'],
      ],
    )
    assert.ok(tree.calls.every((call) => call.dialect === 'telethon'))
  })

  it('reads keyword arguments as parameters, None as null, and nested types as constructors', () => {
    const root = tree.calls[0]!.root as CallNode
    assert.deepEqual(summary(root), {
      name: 'messages.getHistory',
      params: {
        peer: { name: 'inputPeerUser', params: { user_id: 1, access_hash: -2 } },
        offset_id: 0,
        offset_date: null,
        add_offset: 0,
        limit: 10,
        max_id: 0,
        min_id: 0,
        hash: 0,
      },
    })
    assert.deepEqual(root.name.range, rangeOf(pythonFile, 'messages.GetHistoryRequest', 1))
  })

  it("maps positional arguments in Telethon's order, and marks the namespace an import implies", () => {
    const send = tree.calls[1]!.root as CallNode
    assert.deepEqual(
      send.properties.map((property) => property.name),
      ['peer', 'message', 'no_webpage', 'random_id'],
    )
    assert.deepEqual(send.name, {
      range: rangeOf(pythonFile, 'SendMessageRequest', 1),
      text: 'messages.SendMessageRequest',
      name: 'messages.sendMessage',
      implied: 'messages.',
    })
    const history = tree.calls[2]!.root as CallNode
    assert.deepEqual(
      history.properties.map((property) => property.name),
      ['peer', 'offset_id', 'offset_date', 'add_offset', 'limit', 'max_id', 'min_id', 'hash'],
    )
  })

  it('keeps an expression it cannot evaluate as one node with its text', () => {
    const send = tree.calls[1]!.root as CallNode
    assert.deepEqual(send.properties[3]!.value, { kind: 'expression', range: rangeOf(pythonFile, '2**63'), text: '2**63' })
    assert.equal((send.properties[1]!.value as { value: string }).value, 'Hello # not a comment')
  })
})
