/**
 * The language server on raw calls: scratchpad cells, TypeScript and Python, over LSP. Parameter
 * lists, type memberships and bot-only methods come from the @mtcute/tl package data.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { type CodeAction, CodeActionRequest, InsertTextFormat, type MarkupContent } from 'vscode-languageserver-protocol'
import { LspSession, positionOf } from './lsp-session'

interface MtcuteEntry {
  kind: 'class' | 'method'
  name: string
  type: string
  arguments: { name: string; type: string }[]
}
const mtcuteSchema = require('@mtcute/tl/api-schema.json') as { e: MtcuteEntry[] }
const rawErrors = require('@mtcute/tl/raw-errors.json') as { botOnly: Record<string, number> }
const mtcute = (name: string) => mtcuteSchema.e.find((entry) => entry.name === name)!
const requiredOf = (name: string) => mtcute(name).arguments.filter((arg) => !arg.type.includes('?') && arg.type !== '#').map((arg) => arg.name)

describe('language server on raw calls', () => {
  let session: LspSession
  before(async () => {
    session = await LspSession.start()
  })
  after(() => session.stop())

  describe('in a notebook cell', () => {
    const notebook = 'file:///calls/scratch.tlnb'
    const cell = 'messages.getHistroy({ peer: "me", limit: 10 })\nmessages.getHistory({ pear: { _: "inputPeerSelf" }, limit: 10 })\n'
    let cellUri: string
    before(async () => {
      ;[cellUri] = await session.openNotebook(notebook, [cell])
    })

    it('reports an unknown method with a did-you-mean quick fix', async () => {
      let { diagnostics } = await session.nextDiagnostics(cellUri)
      if (diagnostics.length === 0) ({ diagnostics } = await session.nextDiagnostics(cellUri))
      const unknown = diagnostics.find((d) => d.code === 'unknown-method')!
      assert.equal(unknown.message, 'Unknown method messages.getHistroy. Did you mean messages.getHistory?')
      assert.deepEqual(unknown.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 19 } })
      const parameter = diagnostics.find((d) => d.code === 'unknown-parameter')!
      assert.equal(parameter.message, 'messages.getHistory has no parameter pear. Did you mean peer?')
      const actions = (await session.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: cellUri },
        range: unknown.range,
        context: { diagnostics: [unknown, parameter] },
      })) as CodeAction[]
      assert.deepEqual(
        actions.map((action) => [action.title, action.edit?.changes?.[cellUri]]),
        [
          ["Change to 'messages.getHistory'", [{ range: unknown.range, newText: 'messages.getHistory' }]],
          ["Change to 'peer'", [{ range: parameter.range, newText: 'peer' }]],
        ],
      )
    })

    it('offers parameter names, required ones first, with their types', async () => {
      const list = await session.completion(cellUri, positionOf(cell, 'limit', 0, 1))
      const required = requiredOf('messages.getHistory')
      assert.deepEqual(list.items.slice(0, required.length).map((item) => item.label).sort(), required.filter((name) => name !== 'limit').concat('limit').sort())
      const peer = list.items.find((item) => item.label === 'peer')!
      assert.equal(peer.detail, 'InputPeer · required')
      const resolved = await session.resolve(peer)
      assert.ok((resolved.documentation as MarkupContent).value.startsWith('```tl\npeer:InputPeer\n```\n\n**Parameter** of `messages.getHistory` · required'))
    })

    it('offers the constructors of the expected type for a value', async () => {
      const text = 'messages.getHistory({ peer: {_: "inputPeer'
      const [uri] = await session.openNotebook('file:///calls/value.tlnb', [text])
      const list = await session.completion(uri!, { line: 0, character: text.length })
      const expected = mtcuteSchema.e.filter((e) => e.kind === 'class' && e.type === 'InputPeer' && !e.name.startsWith('mtcute.')).map((e) => e.name)
      assert.deepEqual(list.items.map((item) => item.label).sort(), expected.sort())
    })

    it('completes a method name with a snippet filling its required parameters', async () => {
      const text = 'messages.getHist'
      const [uri] = await session.openNotebook('file:///calls/snippet.tlnb', [text])
      const list = await session.completion(uri!, { line: 0, character: text.length })
      const item = list.items.find((candidate) => candidate.label === 'messages.getHistory')!
      assert.equal(item.insertTextFormat, InsertTextFormat.Snippet)
      for (const name of requiredOf('messages.getHistory')) assert.ok((item.insertText as string).includes(`${name}: `), name)
      assert.deepEqual(list.itemDefaults?.editRange, { start: { line: 0, character: 0 }, end: { line: 0, character: 16 } })
    })

    it('hovers a method with the same reference as in .tl files', async () => {
      const hover = await session.hover(cellUri, positionOf(cell, 'getHistory', 2, 0))
      const value = (hover!.contents as MarkupContent).value
      assert.ok(value.startsWith('```tl\nmessages.getHistory#4423e6c5 peer:InputPeer'))
      assert.ok(value.includes('| `peer` | `InputPeer` | required | Target peer |'))
      assert.deepEqual(hover!.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 19 } })
    })

    it('flags a bot-only method when the notebook says it runs as a user', async () => {
      const botOnly = Object.keys(rawErrors.botOnly).find((name) => name === 'bots.getBotCommands')!
      const text = `${botOnly}({ scope: { _: "botCommandScopeDefault" }, lang_code: "en" })`
      const [uri] = await session.openNotebook('file:///calls/account.tlnb', [text], { accountKind: 'user' })
      let { diagnostics } = await session.nextDiagnostics(uri!)
      if (diagnostics.length === 0) ({ diagnostics } = await session.nextDiagnostics(uri!))
      assert.deepEqual(diagnostics.map((d) => d.code), ['bot-only-method'])
    })
  })

  describe('in TypeScript', () => {
    const uri = 'file:///calls/client.ts'
    const text = "const history = await client.invoke({ _: 'messages.getHistory', peer: { _: 'inputPeerSelf' }, limit: 10 })\n"

    it('reports the missing required parameters of a call', async () => {
      const published = session.nextDiagnostics(uri)
      await session.open(uri, 'typescript', text)
      const { diagnostics } = await published
      const missing = requiredOf('messages.getHistory').filter((name) => name !== 'peer' && name !== 'limit')
      assert.equal(diagnostics.length, 1)
      assert.equal(diagnostics[0]!.code, 'missing-parameter')
      const message = diagnostics[0]!.message as string
      assert.ok(missing.every((name) => message.includes(`${name} (`)))
    })

    it('hovers a nested constructor', async () => {
      const hover = await session.hover(uri, positionOf(text, 'inputPeerSelf', 3))
      assert.ok((hover!.contents as MarkupContent).value.startsWith('```tl\ninputPeerSelf#7da07ec9 = InputPeer;\n```\n\n**Constructor** · of type `InputPeer`'))
      assert.deepEqual(hover!.range, { start: { line: 0, character: 76 }, end: { line: 0, character: 89 } })
    })
  })

  describe('in Python', () => {
    const uri = 'file:///calls/bot.py'
    const text = 'from telethon import functions, types\nresult = client(functions.messages.GetHistoryRequest(peer=types.InputPeerSelf(), limt=10))\n'

    it('maps Telethon names and keyword arguments onto the layer', async () => {
      const published = session.nextDiagnostics(uri)
      await session.open(uri, 'python', text)
      const { diagnostics } = await published
      const unknown = diagnostics.find((d) => d.code === 'unknown-parameter')!
      assert.match(unknown.message as string, /has no parameter limt\. Did you mean limit\?$/)
      assert.deepEqual(unknown.range, { start: { line: 1, character: 81 }, end: { line: 1, character: 85 } })
    })

    it('hovers a Telethon request class with the method it stands for', async () => {
      const hover = await session.hover(uri, positionOf(text, 'GetHistoryRequest', 3))
      assert.ok((hover!.contents as MarkupContent).value.startsWith('```tl\nmessages.getHistory#4423e6c5'))
    })
  })
})
