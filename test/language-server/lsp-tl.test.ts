/**
 * The language server on .tl documents, driven over LSP as an editor would. Expected ids, type
 * memberships, descriptions and errors come from the @mtcute/tl package data, not from our layer.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { pathToFileURL } from 'node:url'
import {
  type CodeAction,
  CodeActionRequest,
  type CompletionItem,
  DefinitionRequest,
  type Diagnostic,
  DocumentSymbolRequest,
  type Location,
  type MarkupContent,
  ReferencesRequest,
  SemanticTokensRequest,
  type SymbolInformation,
  WorkspaceSymbolRequest,
} from 'vscode-languageserver-protocol'
import { SearchReferenceRequest } from '../../language-server/protocol'
import { LspSession, positionOf, repositoryRoot } from './lsp-session'

interface MtcuteEntry {
  kind: 'class' | 'method'
  name: string
  type: string
  id: number
  comment?: string
  arguments: { name: string; type: string; comment?: string }[]
  throws?: { code: number; name: string; comment: string }[]
}
const mtcuteSchema = require('@mtcute/tl/api-schema.json') as { e: MtcuteEntry[] }
const mtcute = (name: string) => mtcuteSchema.e.find((entry) => entry.name === name)!
const hex = (id: number) => (id >>> 0).toString(16).padStart(8, '0')

const apiTl = readFileSync(join(repositoryRoot, 'schema', 'layer', 'api.tl'), 'utf8')
/** The position in the bundled api.tl where a definition's line starts. */
function layerLineOf(name: string): number {
  const at = apiTl.search(new RegExp(`^${name.replace('.', '\\.')}#`, 'm'))
  assert.ok(at >= 0, `${name} is in api.tl`)
  return apiTl.slice(0, at).split('\n').length - 1
}

const markdown = (hover: { contents: unknown } | null) => (hover!.contents as MarkupContent).value
const labels = (items: CompletionItem[]) => items.map((item) => item.label)

describe('language server on .tl files', () => {
  let session: LspSession
  let workspaceFolder: string

  before(async () => {
    workspaceFolder = mkdtempSync(join(tmpdir(), 'tl-workspace-'))
    writeFileSync(join(workspaceFolder, 'extra.tl'), '// kept on disk, never opened\nmyPeer#0badf00d id:long = MyPeer;\n')
    writeFileSync(join(workspaceFolder, 'teal.tl'), 'local x: integer = 1\n')
    session = await LspSession.start({ workspaceFolder })
  })

  after(async () => {
    await session.stop()
    rmSync(workspaceFolder, { recursive: true, force: true })
  })

  describe('diagnostics', () => {
    const uri = 'file:///diagnostics.tl'
    const text = [
      'inputPeerSelf#00000000 = InputPeer;',
      'myThing#1 peer:InputPee = MyThing;',
      'broken#2 x:int MyThing;',
      'flagged#3 x:flags.0?int = Flagged;',
    ].join('\n')
    let diagnostics: Diagnostic[]

    before(async () => {
      const published = session.nextDiagnostics(uri)
      await session.open(uri, 'tl', text)
      diagnostics = (await published).diagnostics
    })
    after(() => session.close(uri))

    it('reports an id that differs from the CRC32 of the definition, with the computed id as data', () => {
      const mismatch = diagnostics.find((d) => d.code === 'id-mismatch' && d.range.start.line === 0)!
      const expected = mtcute('inputPeerSelf').id
      assert.deepEqual(mismatch.range, { start: { line: 0, character: 13 }, end: { line: 0, character: 22 } })
      assert.equal(mismatch.message, `Declared id #00000000 differs from the computed id #${hex(expected)}`)
      assert.deepEqual(mismatch.data, { computedId: expected })
      assert.equal(mismatch.source, 'tl')
    })

    it('reports an unknown type at its name, knowing every type of the bundled layer', () => {
      const unknown = diagnostics.filter((d) => d.code === 'unknown-type')
      assert.deepEqual(
        unknown.map((d) => [d.message, d.range]),
        [["Unknown type 'InputPee'", { start: { line: 1, character: 15 }, end: { line: 1, character: 23 } }]],
      )
    })

    it('reports a syntax error and a flags field that does not exist', () => {
      const syntax = diagnostics.find((d) => d.code === 'syntax')!
      // `int MyThing` reads as a type with an argument, so the parser then wants the next parameter or `=`.
      assert.equal(syntax.message, "Expected a parameter name or '=', found ';'")
      assert.equal(syntax.range.start.line, 2)
      const flags = diagnostics.find((d) => d.code === 'unknown-flags-field')!
      assert.equal(flags.message, "'flagged' has no field 'flags' to hold flag bits")
      assert.deepEqual(flags.range, { start: { line: 3, character: 12 }, end: { line: 3, character: 17 } })
    })

    it('offers a quick fix that writes the computed id', async () => {
      const mismatch = diagnostics.find((d) => d.code === 'id-mismatch' && d.range.start.line === 0)!
      const actions = (await session.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: mismatch.range,
        context: { diagnostics: [mismatch] },
      })) as CodeAction[]
      const id = hex(mtcute('inputPeerSelf').id)
      assert.deepEqual(
        actions.map((action) => [action.title, action.isPreferred, action.edit?.changes?.[uri]]),
        [[`Write the computed id #${id}`, true, [{ range: mismatch.range, newText: `#${id}` }]]],
      )
    })

    it('offers the closest known type for an unknown one', async () => {
      const unknown = diagnostics.find((d) => d.code === 'unknown-type')!
      const actions = (await session.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: unknown.range,
        context: { diagnostics: [unknown] },
      })) as CodeAction[]
      assert.deepEqual(actions[0]!.edit?.changes?.[uri], [{ range: unknown.range, newText: 'InputPeer' }])
      assert.equal(actions[0]!.title, "Change to 'InputPeer'")
    })

    it('publishes diagnostics again after an incremental edit fixes the id', async () => {
      const published = session.nextDiagnostics(uri)
      await session.change(uri, [
        { range: { start: { line: 0, character: 14 }, end: { line: 0, character: 22 } }, text: hex(mtcute('inputPeerSelf').id) },
      ])
      const after = (await published).diagnostics
      assert.deepEqual(after.filter((d) => d.range.start.line === 0), [])
      assert.equal(after.length, diagnostics.length - 1)
    })
  })

  describe('hover', () => {
    const uri = 'file:///hover.tl'
    const text = [
      'inputPeerSelf#7da07ec9 = InputPeer;',
      'myBox#0c0ffee0 flags:# peer:flags.0?InputPeer list:Vector<long> = MyBox;',
      '---functions---',
      'messages.getHistory#4423e6c5 peer:InputPeer offset_id:int offset_date:int add_offset:int limit:int max_id:int min_id:int hash:long = messages.Messages;',
    ].join('\n')

    before(() => session.open(uri, 'tl', text))
    after(() => session.close(uri))

    it('describes a layer method on its name: definition, description, parameters, result, availability, errors', async () => {
      const hover = await session.hover(uri, positionOf(text, 'messages.getHistory', 3))
      const value = markdown(hover)
      const entry = mtcute('messages.getHistory')
      assert.ok(value.startsWith('```tl\nmessages.getHistory#4423e6c5 peer:InputPeer'))
      assert.ok(value.includes(entry.comment!))
      assert.ok(value.includes('| `peer` | `InputPeer` | required | Target peer |'))
      const results = mtcuteSchema.e.filter((e) => e.kind === 'class' && e.type === 'messages.Messages').map((e) => `\`${e.name}\``)
      assert.ok(value.includes(`**Returns** \`messages.Messages\`: one of ${results.join(', ')}`))
      assert.ok(value.includes('callable by'))
      for (const error of entry.throws!.slice(0, 5)) assert.ok(value.includes(`| ${error.code} | \`${error.name}\` | ${error.comment} |`), error.name)
      assert.deepEqual(hover!.range, { start: { line: 3, character: 0 }, end: { line: 3, character: 19 } })
    })

    it('describes a type reference with its constructors and the methods that return and accept it', async () => {
      const value = markdown(await session.hover(uri, positionOf(text, 'InputPeer', 0, 1)))
      const constructors = mtcuteSchema.e.filter((e) => e.kind === 'class' && e.type === 'InputPeer' && !e.name.startsWith('mtcute.'))
      assert.ok(value.includes(`**Constructors**: ${constructors.map((c) => `\`${c.name}\``).join(', ')}`))
      for (const constructor of constructors) assert.ok(value.includes(`${constructor.name}#${hex(constructor.id)}`))
      assert.ok(value.includes('**Accepted by**:'))
      assert.ok(value.includes('`messages.getHistory`'))
    })

    it('describes a definition the layer does not have from its own text', async () => {
      const value = markdown(await session.hover(uri, positionOf(text, 'myBox', 1)))
      assert.ok(value.startsWith('```tl\nmyBox#0c0ffee0 flags:# peer:flags.0?InputPeer list:Vector<long> = MyBox;\n```'))
      assert.ok(value.includes('| `peer` | `InputPeer` | optional (flags.0) |'))
      assert.ok(value.includes('| `list` | `Vector<long>` | required |'))
      assert.ok(!value.includes('| `flags` |'), 'the # field is not a parameter anyone sets')
    })

    it('describes a parameter, a flags field and a built-in type', async () => {
      const parameter = markdown(await session.hover(uri, positionOf(text, 'peer:', 1)))
      assert.ok(parameter.startsWith('```tl\npeer:flags.0?InputPeer\n```\n\n**Parameter** of `myBox` · optional, present when bit 0 of `flags` is set'))
      const flags = markdown(await session.hover(uri, positionOf(text, 'flags.0', 1)))
      assert.ok(flags.includes('**Parameter** of `myBox` · flag bits of the optional parameters'))
      const builtin = markdown(await session.hover(uri, positionOf(text, 'long>', 1)))
      assert.equal(builtin, '```tl\nlong\n```\n\n**Built-in type** · A 64-bit signed integer (a `bigint` in our client).')
    })

    it('has nothing to say between names', async () => {
      assert.equal(await session.hover(uri, positionOf(text, ' = InputPeer', 1)), null)
    })
  })

  describe('completion', () => {
    const uri = 'file:///completion.tl'

    it('offers built-ins, layer types, generics and flags.N? after a parameter colon', async () => {
      const text = 'myThing#1 {X:Type} flags:# peer:Inp'
      await session.open(uri, 'tl', text)
      const list = await session.completion(uri, { line: 0, character: text.length })
      const names = labels(list.items)
      for (const name of ['X', 'int', 'long', 'Bool', 'true', '#', 'Vector<…>', 'InputPeer', 'messages.Messages', 'flags.N?']) {
        assert.ok(names.includes(name), name)
      }
      assert.deepEqual(list.itemDefaults?.editRange, { start: { line: 0, character: 32 }, end: { line: 0, character: 35 } })
      const flags = list.items.find((item) => item.label === 'flags.N?')!
      assert.equal(flags.insertText, 'flags.${1:0}?')
      await session.close(uri)
    })

    it('offers the first free bit after flags.', async () => {
      const text = 'myThing#1 flags:# a:flags.0?int b:flags.1?true c:flags.'
      await session.open(uri, 'tl', text)
      const list = await session.completion(uri, { line: 0, character: text.length })
      assert.deepEqual(labels(list.items), ['flags.2?'])
      await session.close(uri)
    })

    it('offers known constructors at the start of a definition, with their whole definition', async () => {
      const text = 'inputPeerS'
      await session.open(uri, 'tl', text)
      const list = await session.completion(uri, { line: 0, character: text.length })
      const item = list.items.find((candidate) => candidate.label === 'inputPeerSelf')!
      assert.equal(item.insertText, `inputPeerSelf#${hex(mtcute('inputPeerSelf').id)} = InputPeer;`)
      assert.ok(labels(list.items).every((label) => /^inputPeerS/i.test(label as string)))
      assert.equal(list.isIncomplete, true)
      await session.close(uri)
    })

    it('offers methods, not constructors, under ---functions---', async () => {
      const text = '---functions---\nmessages.getHis'
      await session.open(uri, 'tl', text)
      const list = await session.completion(uri, { line: 1, character: 15 })
      assert.deepEqual(labels(list.items), ['messages.getHistory'])
      await session.close(uri)
    })

    it('offers types the document defines after =', async () => {
      const text = 'a#1 = Own;\nb#2 x:int = O'
      await session.open(uri, 'tl', text)
      await session.hover(uri, { line: 0, character: 0 }) // the document's last parse is what completion reads
      const list = await session.completion(uri, { line: 1, character: 13 })
      assert.ok(labels(list.items).includes('Own'))
      assert.ok(labels(list.items).includes('InputPeer'))
      await session.close(uri)
    })

    it('documents an item when it is resolved', async () => {
      const resolved = await session.resolve({ label: 'InputPeer', data: { tl: 'type', name: 'InputPeer' } })
      assert.ok((resolved.documentation as MarkupContent).value.includes('**Constructors**: `inputPeerEmpty`'))
    })
  })

  describe('navigation', () => {
    const uri = 'file:///navigation.tl'
    const text = [
      'myPeerSelf#1 = MyPeerLocal;',
      'myPeerOther#2 id:long = MyPeerLocal;',
      'holder#3 a:MyPeerLocal b:InputPeer c:MyPeer = Holder;',
      '---functions---',
      'getHolder#4 of:MyPeerLocal = Holder;',
    ].join('\n')

    before(() => session.open(uri, 'tl', text))

    it('goes from a type to every constructor of it in the document', async () => {
      const locations = (await session.connection.sendRequest(DefinitionRequest.type, {
        textDocument: { uri },
        position: positionOf(text, 'MyPeerLocal', 1, 2),
      })) as Location[]
      assert.deepEqual(locations, [
        { uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 10 } } },
        { uri, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 11 } } },
      ])
    })

    it('goes to a workspace file on disk that is not open', async () => {
      const locations = (await session.connection.sendRequest(DefinitionRequest.type, {
        textDocument: { uri },
        position: positionOf(text, 'c:MyPeer', 3),
      })) as Location[]
      assert.deepEqual(locations, [
        { uri: pathToFileURL(join(workspaceFolder, 'extra.tl')).href, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 6 } } },
      ])
    })

    it('goes to the read-only document of the bundled layer for a layer type', async () => {
      const locations = (await session.connection.sendRequest(DefinitionRequest.type, {
        textDocument: { uri },
        position: positionOf(text, 'InputPeer', 1),
      })) as Location[]
      const constructors = mtcuteSchema.e.filter((e) => e.kind === 'class' && e.type === 'InputPeer' && !e.name.startsWith('mtcute.'))
      assert.deepEqual(
        locations,
        constructors.map((constructor) => ({
          uri: 'tl-layer:/api.tl',
          range: { start: { line: layerLineOf(constructor.name), character: 0 }, end: { line: layerLineOf(constructor.name), character: constructor.name.length } },
        })),
      )
    })

    it('finds every reference to a type, with or without the declarations', async () => {
      const request = (includeDeclaration: boolean) =>
        session.connection.sendRequest(ReferencesRequest.type, {
          textDocument: { uri },
          position: positionOf(text, 'MyPeerLocal'),
          context: { includeDeclaration },
        }) as Promise<Location[]>
      const range = (line: number, character: number) => ({ uri, range: { start: { line, character }, end: { line, character: character + 11 } } })
      assert.deepEqual(await request(true), [range(0, 15), range(1, 24), range(2, 11), range(4, 15)])
      assert.deepEqual(await request(false), [range(2, 11), range(4, 15)])
    })

    it('outlines the document: definitions with their parameters', async () => {
      const symbols = (await session.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as {
        name: string
        detail: string
        kind: number
        children: { name: string; detail: string }[]
      }[]
      assert.deepEqual(
        symbols.map((symbol) => [symbol.name, symbol.detail, symbol.kind, symbol.children.map((child) => `${child.name}:${child.detail}`)]),
        [
          ['myPeerSelf', '= MyPeerLocal', 9, []],
          ['myPeerOther', '= MyPeerLocal', 9, ['id:long']],
          ['holder', '= Holder', 9, ['a:MyPeerLocal', 'b:InputPeer', 'c:MyPeer']],
          ['getHolder', '= Holder', 6, ['of:MyPeerLocal']],
        ],
      )
    })

    it('finds any layer definition by workspace symbol search', async () => {
      const symbols = (await session.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'messages.getHistory' })) as SymbolInformation[]
      const line = layerLineOf('messages.getHistory')
      assert.deepEqual(symbols[0], {
        name: 'messages.getHistory',
        kind: 6,
        location: { uri: 'tl-layer:/api.tl', range: { start: { line, character: 0 }, end: { line, character: 19 } } },
        containerName: 'method returning messages.Messages',
      })
    })

    it('answers the Search TL Reference request, fuzzy and ranked', async () => {
      const items = await session.connection.sendRequest(SearchReferenceRequest, { query: 'gethist', limit: 3 })
      assert.deepEqual(items.map((item) => item.name), ['messages.getHistory', 'messages.getSavedHistory', 'messages.getScheduledHistory'])
      assert.equal(items[0]!.location.uri, 'tl-layer:/api.tl')
    })
  })

  describe('semantic tokens', () => {
    it('classifies names, ids, flag bits and section markers', async () => {
      const uri = 'file:///tokens.tl'
      const text = 'box#1 {X:Type} flags:# a:flags.3?int b:!X = Box;\n---functions---\nget#2 = Vector<box>;'
      await session.open(uri, 'tl', text)
      const { data } = (await session.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } }))!
      const legend = session.initializeResult.capabilities.semanticTokensProvider!.legend
      const decoded: string[] = []
      let line = 0
      let character = 0
      for (let i = 0; i < data.length; i += 5) {
        line += data[i]!
        character = data[i]! === 0 ? character + data[i + 1]! : data[i + 1]!
        const modifiers = legend.tokenModifiers.filter((_, bit) => data[i + 4]! & (1 << bit))
        const lineText = text.split('\n')[line]!
        decoded.push(`${lineText.slice(character, character + data[i + 2]!)}:${legend.tokenTypes[data[i + 3]!]}${modifiers.map((m) => `.${m}`).join('')}`)
      }
      assert.deepEqual(decoded, [
        'box:class.declaration', '#1:number', 'X:typeParameter.declaration', 'flags:parameter.declaration', '#:type.defaultLibrary',
        'a:parameter.declaration', 'flags:property', '3:number', 'int:type.defaultLibrary', 'b:parameter.declaration', 'X:typeParameter',
        'Box:type', '---functions---:keyword', 'get:function.declaration', '#2:number', 'Vector:type.defaultLibrary', 'box:class',
      ])
    })
  })
})
