import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { decodeObject, encodeObject, type TlObject } from '../../schema/codec'
import { getLayer } from '../../schema/layer/reference'
import {
  describeRpcError,
  ERROR_MIME,
  JSON_MIME,
  localErrorOutput,
  resultOutput,
  rpcErrorOutput,
  stringify,
  TEXT_MIME,
  TL_TREE_MIME,
  toJson,
  toRenderTree,
  TREE_BYTES_SHOWN,
} from '../../extension/notebook/outputs'
import { pythonBytes, pythonFloat, pythonString, pythonUtcDatetime } from '../../extension/notebook/python-repr'
import { planCell } from '../../extension/notebook/plan'
import type { RenderNode, TlTreeOutput } from '../../webview/notebook-renderer/render-data'

const layer = getLayer()

/** The Unix time of the docs' Channel example: datetime.datetime(2016, 12, 16, 15, 15, 43, tzinfo=utc). */
const DOCS_DATE = Date.UTC(2016, 11, 16, 15, 15, 43) / 1000

describe("Telethon's stringify()", () => {
  it('prints the Pong of the Full API chapter exactly as the seed docs show it', () => {
    // telethon-docs.txt, "Using the TL reference": print(result.stringify()) for PingRequest(ping_id=48641868471).
    const docs = 'Pong(\n    msg_id=781875678118,\n    ping_id=48641868471\n)'
    assert.equal(stringify({ _: 'pong', msg_id: 781875678118n, ping_id: 48641868471n }, layer), docs)
  })

  it('prints the Channel of the debugging chapter line for line, for the fields this layer still has', () => {
    // telethon-docs.txt, "Debugging": print(entity.stringify()) of a Channel (an older layer, so some fields are gone).
    const docsLines = [
      '    id=1066197625,',
      "    title='Telegram Usernames',",
      '    photo=ChatPhotoEmpty(\n    ),',
      '    date=datetime.datetime(2016, 12, 16, 15, 15, 43, tzinfo=datetime.timezone.utc),',
      '    creator=False,',
      '    left=True,',
      '    broadcast=True,',
      '    verified=True,',
      '    megagroup=False,',
      '    access_hash=-6309373984955162244,',
      "    username='username',",
      '    restriction_reason=[\n    ],',
      '    admin_rights=None,',
      '    banned_rights=None,',
      '    default_banned_rights=None,',
      '    participants_count=None',
    ]
    const channel = {
      _: 'channel',
      left: true,
      broadcast: true,
      verified: true,
      id: 1066197625n,
      access_hash: -6309373984955162244n,
      title: 'Telegram Usernames',
      username: 'username',
      photo: { _: 'chatPhotoEmpty' },
      date: DOCS_DATE,
      restriction_reason: [],
    }
    const text = stringify(channel, layer)
    assert.ok(text.startsWith('Channel(\n'))
    assert.ok(text.endsWith('\n)'))
    const params = new Set(layer.findConstructor('channel')!.params.map((param) => param.name))
    for (const line of docsLines) {
      const field = /^\s*(\w+)=/.exec(line)![1]!
      assert.ok(params.has(field), `${field} is still in the layer`)
      // The last field of the docs' object is not the last one now, so it gains a comma.
      const expected = line.endsWith(',') || line.endsWith(')') ? line : `${line},`
      assert.ok(text.includes(`\n${expected}\n`), `missing:\n${expected}\nin:\n${text}`)
    }
  })

  it('names flags and classes as Telethon does: is_self, no flags fields, namespaces dropped from class names', () => {
    const user = decodeObject(encodeObject({ _: 'user', self: true, id: 42n, first_name: 'Ada' } as TlObject))
    const text = stringify(user, layer)
    assert.match(text, /^User\(\n {4}is_self=True,\n {4}contact=False,/)
    assert.ok(!/\bflags2?=/.test(text))
    assert.match(stringify({ _: 'messages.messagesSlice', count: 0, messages: [], chats: [], users: [], topics: [] }, layer), /^MessagesSlice\(/)
  })

  it('writes strings, bytes, floats and dates as CPython repr() does', () => {
    const alphabet = ['a', 'Z', ' ', "'", '"', '\\', '\n', '\r', '\t', '\x00', '\x1b', '\x7f', '\x85', '\xa0', '\xad', 'é', 'ß', '中', '😀', '\u200b', '\u2028', '\u3000', '\ufeff']
    const samples = fc.sample(
      fc.record({
        text: fc.array(fc.constantFrom(...alphabet), { maxLength: 12 }).map((chars) => chars.join('')),
        bytes: fc.uint8Array({ maxLength: 16 }),
        float: fc.double(),
        time: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
      }),
      { numRuns: 300, seed: 9 },
    )
    samples.push({ text: "it's", bytes: new Uint8Array([0x27]), float: -0, time: 0 }, { text: '"\'', bytes: new Uint8Array([0x22, 0x27]), float: 1e16, time: DOCS_DATE })
    const input = samples.map((sample) => {
      const view = new DataView(new ArrayBuffer(8))
      view.setFloat64(0, sample.float)
      return { text: sample.text, bytes: Buffer.from(sample.bytes).toString('hex'), float: Buffer.from(view.buffer).toString('hex'), time: sample.time }
    })
    const script = [
      'import datetime, json, struct, sys',
      'out = []',
      'for s in json.load(sys.stdin):',
      "    out.append([repr(s['text']), repr(bytes.fromhex(s['bytes'])), repr(struct.unpack('>d', bytes.fromhex(s['float']))[0]),",
      "                repr(datetime.datetime.fromtimestamp(s['time'], tz=datetime.timezone.utc))])",
      'json.dump(out, sys.stdout)',
    ].join('\n')
    const expected = JSON.parse(execFileSync('python3', ['-c', script], { input: JSON.stringify(input), encoding: 'utf8' })) as string[][]
    samples.forEach((sample, i) => {
      const ours = [pythonString(sample.text), pythonBytes(sample.bytes), pythonFloat(sample.float), pythonUtcDatetime(sample.time)]
      assert.deepEqual(ours, expected[i], JSON.stringify(input[i]))
    })
  })
})

describe('JSON output', () => {
  it('writes longs as exact decimal strings and bytes as hex', () => {
    const value = { _: 'auth.exportedAuthorization', id: -(2n ** 63n), bytes: new Uint8Array([0, 1, 0xab, 0xff]) }
    assert.deepEqual(JSON.parse(toJson(value)), { _: 'auth.exportedAuthorization', id: '-9223372036854775808', bytes: '0001abff' })
  })
})

describe("the renderer's tree", () => {
  it('keeps the constructor, exact longs, bytes with their length and dates as ISO next to the number', () => {
    const value = {
      _: 'message',
      id: 7,
      date: DOCS_DATE,
      edit_date: DOCS_DATE + 60,
      peer_id: { _: 'peerUser', user_id: 2n ** 62n + 1n },
      grouped_id: 9007199254740993n,
      message: 'hi',
      media: { _: 'messageMediaDocument', document: { _: 'documentEmpty', id: 1n } },
      entities: [],
    }
    const tree = toRenderTree(value, layer)
    assert.equal(tree.kind, 'object')
    const fields = new Map(tree.kind === 'object' ? tree.fields.map((field) => [field.name, field.value]) : [])
    assert.deepEqual(fields.get('date'), { kind: 'int', value: DOCS_DATE, date: '2016-12-16T15:15:43.000Z' })
    assert.deepEqual(fields.get('edit_date'), { kind: 'int', value: DOCS_DATE + 60, date: '2016-12-16T15:16:43.000Z' })
    assert.deepEqual(fields.get('id'), { kind: 'int', value: 7 })
    assert.deepEqual(fields.get('grouped_id'), { kind: 'long', value: '9007199254740993' })
    assert.deepEqual(fields.get('peer_id'), { kind: 'object', type: 'peerUser', fields: [{ name: 'user_id', value: { kind: 'long', value: '4611686018427387905' } }] })
    assert.deepEqual(fields.get('entities'), { kind: 'list', items: [] })
    assert.ok(!fields.has('flags') && !fields.has('reply_to'), 'absent fields and # fields are left out')
  })

  it('shows bytes as hex with their full length, cutting only very long values', () => {
    const long = new Uint8Array(TREE_BYTES_SHOWN + 10).fill(0xab)
    const node = toRenderTree({ _: 'upload.file', type: { _: 'storage.filePartial' }, mtime: 0, bytes: long }, layer)
    const bytes = node.kind === 'object' ? node.fields.find((field) => field.name === 'bytes')!.value : undefined
    assert.deepEqual(bytes, { kind: 'bytes', hex: 'ab'.repeat(TREE_BYTES_SHOWN), length: TREE_BYTES_SHOWN + 10 })
  })

  it('puts the tree, JSON and stringify in one output, the tree first, with the binding', () => {
    const output = resultOutput({ _: 'pong', msg_id: 1n, ping_id: 2n }, { binding: 3, method: 'ping', layer })
    assert.deepEqual(output.items.map((item) => item.mime), [TL_TREE_MIME, JSON_MIME, TEXT_MIME])
    const tree = JSON.parse(output.items[0]!.data) as TlTreeOutput
    assert.equal(tree.binding, '$3')
    assert.equal(tree.method, 'ping')
    assert.equal((tree.root as Extract<RenderNode, { kind: 'object' }>).type, 'pong')
    assert.equal(output.items[2]!.data, stringify({ _: 'pong', msg_id: 1n, ping_id: 2n }, layer))
  })
})

describe('RPC error output', () => {
  it('reports a flood wait with its seconds, the known description and the wait', () => {
    const report = describeRpcError({ code: 420, message: 'FLOOD_WAIT_30' }, 'messages.getHistory', layer)
    const known = layer.lookupError('FLOOD_WAIT_30', 'messages.getHistory')!
    assert.ok(known.description, 'the layer describes FLOOD_WAIT')
    assert.deepEqual(
      { code: report.code, name: report.name, value: report.value, description: report.description },
      { code: 420, name: 'FLOOD_WAIT', value: 30, description: known.description },
    )
    assert.match(report.advice, /Wait 30 seconds/)
  })

  it('says a migrate error was handled, naming the data center', () => {
    const report = describeRpcError({ code: 303, message: 'PHONE_MIGRATE_2' }, 'auth.sendCode', layer)
    assert.equal(report.name, 'PHONE_MIGRATE')
    assert.equal(report.value, 2)
    assert.match(report.advice, /automatically.*DC 2/)
  })

  it('uses the method\'s own description of an error', () => {
    const method = layer.findMethod('messages.getHistory')!
    const own = method.errors.find((error) => error.description && !error.pattern.includes('%d'))!
    const report = describeRpcError({ code: own.code, message: own.pattern }, method.name, layer)
    assert.equal(report.description, own.description)
  })

  it('says so when an error is not known', () => {
    const report = describeRpcError({ code: 400, message: 'SOMETHING_NEW_HAPPENED' }, 'help.getConfig', layer)
    assert.equal(report.description, undefined)
    const output = rpcErrorOutput(report)
    assert.deepEqual(output.items.map((item) => item.mime), [ERROR_MIME, JSON_MIME])
    const shown = JSON.parse(output.items[0]!.data) as { name: string; message: string }
    assert.equal(shown.name, 'RpcError SOMETHING_NEW_HAPPENED (400) from help.getConfig')
    assert.match(shown.message, /No description is known/)
  })

  it('lists local errors by line and column', () => {
    const text = 'help.getConfig()\nmessages.getHistory({ peer: "me", limit: "x" })'
    const plan = planCell(text, { layer })
    const shown = JSON.parse(localErrorOutput(text, plan.diagnostics).items[0]!.data) as { name: string; message: string }
    assert.equal(shown.name, 'The cell was not run: 1 error')
    assert.match(shown.message, /^2:42 {2}limit expects an int/)
  })
})
