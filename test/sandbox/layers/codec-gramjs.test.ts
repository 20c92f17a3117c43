// The layer-198 codec checked against GramJS, which ships that layer: GramJS writes, we read and
// write back the same bytes; and every definition of its TL text goes through GramJS's reader and
// writer unchanged after we encode it.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { describe, test } from 'node:test'
import { Api } from 'telegram'
import { BinaryReader } from 'telegram/extensions'
import { MessageContainer } from 'telegram/tl/core'
import { getLayerCodec } from './index'
import { parseDefinitions } from './sources'
import { sampleObject } from './test-support/sample-objects'

const requireHere = createRequire(__filename)
const gramjsLayer: number = requireHere('telegram/tl/AllTLObjects.js').LAYER
const codec = getLayerCodec(gramjsLayer)

const dcOption = (id: number, ip: string, port: number, extra: Partial<{ ipv6: boolean; mediaOnly: boolean; secret: Buffer }> = {}) =>
  new Api.DcOption({ id, ipAddress: ip, port, ...extra })

function gramjsConfig(): Api.Config {
  return new Api.Config({
    defaultP2pContacts: true,
    forceTryIpv6: true,
    date: 1_700_000_000,
    expires: 1_700_003_600,
    testMode: false,
    thisDc: 2,
    dcOptions: [dcOption(1, '127.0.0.1', 10443), dcOption(2, '::1', 10444, { ipv6: true, secret: Buffer.from([1, 2, 3]) })],
    dcTxtDomainName: 'sandbox.local',
    chatSizeMax: 200,
    megagroupSizeMax: 200_000,
    forwardedCountMax: 100,
    onlineUpdatePeriodMs: 210_000,
    offlineBlurTimeoutMs: 5000,
    offlineIdleTimeoutMs: 30_000,
    onlineCloudTimeoutMs: 300_000,
    notifyCloudDelayMs: 30_000,
    notifyDefaultDelayMs: 1500,
    pushChatPeriodMs: 60_000,
    pushChatLimit: 2,
    editTimeLimit: 172_800,
    revokeTimeLimit: 2_147_483_647,
    revokePmTimeLimit: 2_147_483_647,
    ratingEDecay: 2_419_200,
    stickersRecentLimit: 200,
    channelsReadMediaPeriod: 604_800,
    tmpSessions: 5,
    callReceiveTimeoutMs: 20_000,
    callRingTimeoutMs: 90_000,
    callConnectTimeoutMs: 30_000,
    callPacketTimeoutMs: 10_000,
    meUrlPrefix: 'https://t.me/',
    gifSearchUsername: 'gif',
    captionLengthMax: 1024,
    messageLengthMax: 4096,
    webfileDcId: 4,
    suggestedLangCode: 'en',
    langPackVersion: 7,
    baseLangPackVersion: 3,
    reactionsDefault: new Api.ReactionEmoji({ emoticon: '👍' }),
  })
}

describe(`layer ${gramjsLayer} codec against GramJS`, () => {
  test('reads the config GramJS writes, field by field, and writes the same bytes back', () => {
    const bytes = new Uint8Array(gramjsConfig().getBytes())
    const config = codec.decode(bytes)
    assert.equal(config._, 'config')
    assert.equal(config.default_p2p_contacts, true)
    assert.equal(config.revoke_pm_inbox, false)
    assert.equal(config.force_try_ipv6, true)
    assert.equal(config.this_dc, 2)
    assert.equal(config.test_mode, false)
    assert.equal(config.tmp_sessions, 5)
    assert.equal(config.autoupdate_url_prefix, undefined)
    assert.equal(config.gif_search_username, 'gif')
    assert.deepEqual(config.reactions_default, { _: 'reactionEmoji', emoticon: '👍' })
    const [first, second] = config.dc_options as Record<string, unknown>[]
    assert.deepEqual(first, {
      _: 'dcOption',
      ipv6: false,
      media_only: false,
      tcpo_only: false,
      cdn: false,
      static: false,
      this_port_only: false,
      id: 1,
      ip_address: '127.0.0.1',
      port: 10443,
      secret: undefined,
    })
    assert.equal(second!.ipv6, true)
    assert.deepEqual(second!.secret, new Uint8Array([1, 2, 3]))
    assert.deepEqual(codec.encode(config), bytes)
  })

  test('reads GramJS requests, nested queries included, and writes the same bytes back', () => {
    const requests = [
      new Api.help.GetConfig(),
      new Api.help.GetNearestDc(),
      new Api.InvokeWithLayer({
        layer: gramjsLayer,
        query: new Api.InitConnection({
          apiId: 12345,
          deviceModel: 'test',
          systemVersion: 'node',
          appVersion: '1.0',
          systemLangCode: 'en',
          langPack: '',
          langCode: 'en',
          query: new Api.help.GetConfig(),
        }),
      }),
      new Api.messages.GetHistory({ peer: new Api.InputPeerUser({ userId: 777n as never, accessHash: -9_000_000_000n as never }), limit: 50 }),
    ]
    for (const request of requests) {
      const bytes = new Uint8Array(request.getBytes())
      assert.deepEqual(codec.encode(codec.decode(bytes)), bytes, request.className)
    }
    const wrapped = codec.decode(new Uint8Array(requests[2]!.getBytes()))
    assert.equal(wrapped._, 'invokeWithLayer')
    assert.equal(wrapped.layer, gramjsLayer)
    const init = wrapped.query as Record<string, unknown>
    assert.equal(init._, 'initConnection')
    assert.equal(init.api_id, 12345)
    assert.equal(init.proxy, undefined)
    assert.deepEqual(init.query, { _: 'help.getConfig' })
    const history = codec.decode(new Uint8Array(requests[3]!.getBytes()))
    assert.deepEqual(history.peer, { _: 'inputPeerUser', user_id: 777n, access_hash: -9_000_000_000n })
  })

  test('writes a msg_container GramJS reads, its bare service messages kept apart from the API message', async () => {
    const getConfig = new Uint8Array(new Api.help.GetConfig().getBytes())
    const ping = { _: 'ping', ping_id: 42n }
    const container = {
      _: 'msg_container',
      messages: [
        { _: 'message', msg_id: 0x6000_0000_0000_0004n, seqno: 1, bytes: getConfig.length, body: { _: 'help.getConfig' } },
        { _: 'message', msg_id: 0x6000_0000_0000_0008n, seqno: 3, bytes: codec.encode(ping).length, body: ping },
      ],
    }
    const bytes = codec.encode(container)
    assert.deepEqual(codec.decode(bytes), container)
    const reader = new BinaryReader(Buffer.from(bytes))
    assert.equal(reader.readInt(false), MessageContainer.CONSTRUCTOR_ID)
    // GramJS keeps the messages in a field its typings mark private.
    const read = (await MessageContainer.fromReader(reader)) as unknown as { messages: { msgId: unknown; seqNo: number; obj: unknown }[] }
    assert.deepEqual(
      read.messages.map((m) => [BigInt(String(m.msgId)), m.seqNo, (m.obj as { className: string }).className]),
      [
        [0x6000_0000_0000_0004n, 1, 'help.GetConfig'],
        [0x6000_0000_0000_0008n, 3, 'Ping'],
      ],
    )
  })

  describe('every definition of GramJS\'s TL text, encoded by us, reads and re-serializes identically in GramJS', () => {
    const definitions = parseDefinitions(requireHere('telegram/tl/apiTl.js') as string, 'telegram/tl/apiTl.js')
    // GramJS registers no reader for these two (its reader map is built from its Api classes, which
    // leave them out); the test checks that it still lacks them, so the list cannot go stale.
    const gramjsHasNoReader = new Set(['error', 'null'])
    for (const optionals of ['all-set', 'all-unset'] as const) {
      test(`with every optional field ${optionals === 'all-set' ? 'set' : 'unset'}`, () => {
        const failures: string[] = []
        let checked = 0
        let builtins = 0
        for (const definition of definitions) {
          const builtin = definition.builtinVector || (definition.kind === 'constructor' && ['Bool', 'True'].includes(definition.result.name))
          if (builtin) {
            builtins++
            continue
          }
          const entry = definition.kind === 'method' ? codec.schema.methodNamed(definition.name) : codec.schema.constructorNamed(definition.name)
          assert.ok(entry, `${definition.name} is missing from the compiled schema`)
          const object = sampleObject(codec.schema, entry, optionals)
          const ours = codec.encode(object)
          if (gramjsHasNoReader.has(definition.name)) {
            assert.throws(() => new BinaryReader(Buffer.from(ours)).tgReadObject(), /Constructor ID/)
            continue
          }
          try {
            const theirs = new Uint8Array(new BinaryReader(Buffer.from(ours)).tgReadObject().getBytes())
            assert.deepEqual(theirs, ours)
            assert.deepEqual(codec.decode(theirs), object)
            checked++
          } catch (error) {
            failures.push(`${definition.name}: ${String(error).split('\n')[0]}`)
          }
        }
        assert.deepEqual(failures, [])
        assert.equal(checked, definitions.length - builtins - gramjsHasNoReader.size, 'every definition but the built-ins was checked')
      })
    }
  })
})
