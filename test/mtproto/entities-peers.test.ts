// Marked ids, peer conversions, display names and peer references, checked against GramJS's utils where the
// two agree (GramJS writes channel ids by string concatenation, which matches Telethon's -(10^12 + id) for
// the 10-digit ids Telegram issues, and misreads chat ids that start with "100").
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import bigInt from 'big-integer'
import { Api } from 'telegram'
import * as GramjsUtils from 'telegram/Utils'
import {
  InvalidPeerError,
  getDisplayName,
  getInputChannel,
  getInputPeer,
  getInputUser,
  getPeer,
  getPeerId,
  inputPeerFromRecord,
  markPeerId,
  normalizePhone,
  parsePeerReference,
  resolveId,
} from '../../extension/mtproto/entities'

const userIds = fc.bigInt({ min: 1n, max: (1n << 40n) - 1n })
const chatIds = fc.bigInt({ min: 1n, max: 999_999_999_999n }).filter((id) => !id.toString().startsWith('100'))
const channelIds = fc.bigInt({ min: 1_000_000_000n, max: 9_999_999_999n })
const hashes = fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n })
const big = (id: bigint) => bigInt(id.toString())

describe('marked ids', () => {
  it('agree with GramJS for users, chats and channels', () => {
    fc.assert(
      fc.property(userIds, chatIds, channelIds, (u, c, ch) => {
        assert.equal(getPeerId({ _: 'peerUser', user_id: u }).toString(), GramjsUtils.getPeerId(new Api.PeerUser({ userId: big(u) })))
        assert.equal(getPeerId({ _: 'peerChat', chat_id: c }).toString(), GramjsUtils.getPeerId(new Api.PeerChat({ chatId: big(c) })))
        assert.equal(
          getPeerId({ _: 'peerChannel', channel_id: ch }).toString(),
          GramjsUtils.getPeerId(new Api.PeerChannel({ channelId: big(ch) })),
        )
      }),
    )
  })

  it("resolve back to GramJS's id and type", () => {
    const types = new Map<unknown, string>([
      [Api.PeerUser, 'user'],
      [Api.PeerChat, 'chat'],
      [Api.PeerChannel, 'channel'],
    ])
    fc.assert(
      fc.property(fc.oneof(userIds.map((id) => id), chatIds.map((id) => -id), channelIds.map((id) => markPeerId('channel', id))), (marked) => {
        const [id, type] = GramjsUtils.resolveId(big(marked))
        assert.deepEqual(resolveId(marked), { id: BigInt(id.toString()), type: types.get(type) })
      }),
    )
  })

  it('round-trip for every type over the whole id range, as numbers, strings and bigints', () => {
    const anyId = fc.record({ type: fc.constantFrom('user', 'chat', 'channel' as const), id: fc.bigInt({ min: 1n, max: 999_999_999_999n }) })
    fc.assert(
      fc.property(anyId, ({ type, id }) => {
        const marked = markPeerId(type, id)
        assert.deepEqual(resolveId(marked), { id, type })
        assert.deepEqual(resolveId(marked.toString()), { id, type })
        assert.deepEqual(resolveId(Number(marked)), { id, type })
      }),
    )
  })

  it("mark channels the way Telethon does, -(10^12 + id), even for short ids", () => {
    assert.equal(markPeerId('channel', 123n), -1_000_000_000_123n)
    assert.deepEqual(resolveId(-1_000_000_000_123n), { id: 123n, type: 'channel' })
  })

  it('reject zero, unsafe numbers, non-numeric strings and input peers without an id', () => {
    for (const bad of [0, 0n, -1_000_000_000_000n, 2 ** 60, '12a', '']) assert.throws(() => resolveId(bad), InvalidPeerError)
    assert.throws(() => getPeerId({ _: 'inputPeerSelf' }), /signed-in user/)
  })
})

describe('peer conversions', () => {
  it('turn users, chats and channels into the input peers GramJS builds', () => {
    fc.assert(
      fc.property(userIds, hashes, chatIds, channelIds, (u, hash, c, ch) => {
        const user = getInputPeer({ _: 'user', id: u, access_hash: hash })
        const theirs = GramjsUtils.getInputPeer(new Api.User({ id: big(u), accessHash: big(hash) })) as Api.InputPeerUser
        assert.deepEqual(user, { _: 'inputPeerUser', user_id: BigInt(theirs.userId.toString()), access_hash: BigInt(theirs.accessHash.toString()) })
        const chat = GramjsUtils.getInputPeer(new Api.Chat({ id: big(c), title: 't', photo: new Api.ChatPhotoEmpty(), participantsCount: 1, date: 0, version: 0 }))
        assert.deepEqual(getInputPeer({ _: 'chat', id: c, title: 't', photo: { _: 'chatPhotoEmpty' }, participants_count: 1, date: 0, version: 0 }), {
          _: 'inputPeerChat',
          chat_id: BigInt((chat as Api.InputPeerChat).chatId.toString()),
        })
        const channel = { _: 'channel', id: ch, access_hash: hash, title: 't', photo: { _: 'chatPhotoEmpty' }, date: 0 } as const
        assert.deepEqual(getInputPeer(channel), { _: 'inputPeerChannel', channel_id: ch, access_hash: hash })
        assert.deepEqual(getInputChannel(channel), { _: 'inputChannel', channel_id: ch, access_hash: hash })
        assert.deepEqual(getPeer(channel), { _: 'peerChannel', channel_id: ch })
        assert.deepEqual(getPeer(getPeerId(channel)), { _: 'peerChannel', channel_id: ch })
      }),
    )
  })

  it('use the self forms for the signed-in user', () => {
    const me = { _: 'user', self: true, id: 5n, access_hash: 1n } as const
    assert.deepEqual(getInputPeer(me), { _: 'inputPeerSelf' })
    assert.deepEqual(getInputPeer(me, { allowSelf: false }), { _: 'inputPeerUser', user_id: 5n, access_hash: 1n })
    assert.deepEqual(getInputUser(me), { _: 'inputUserSelf' })
    assert.deepEqual(getInputUser({ _: 'inputPeerSelf' }), { _: 'inputUserSelf' })
  })

  it('refuse min objects and bare peers, which carry no usable access hash', () => {
    assert.throws(() => getInputPeer({ _: 'user', min: true, id: 5n, access_hash: 1n }), /min constructor/)
    assert.throws(() => getInputPeer({ _: 'peerUser', user_id: 5n }), InvalidPeerError)
    assert.throws(() => getInputUser({ _: 'peerChannel', channel_id: 5n }), InvalidPeerError)
    assert.throws(() => inputPeerFromRecord({ id: 5n, type: 'user', min: true, accessHash: 1n, usernames: [], name: '' }), /min/)
  })

  it('convert between InputUser, InputChannel and InputPeer both ways', () => {
    const inputUser = { _: 'inputUser', user_id: 7n, access_hash: 9n } as const
    assert.deepEqual(getInputUser(getInputPeer(inputUser)), inputUser)
    const inputChannel = { _: 'inputChannel', channel_id: 7n, access_hash: 9n } as const
    assert.deepEqual(getInputChannel(getInputPeer(inputChannel)), inputChannel)
  })
})

describe('display names', () => {
  it('match GramJS for users with any mix of first and last name, and for titles', () => {
    fc.assert(
      fc.property(fc.option(fc.string({ minLength: 1 }), { nil: undefined }), fc.option(fc.string({ minLength: 1 }), { nil: undefined }), (first, last) => {
        const theirs = GramjsUtils.getDisplayName(new Api.User({ id: bigInt(1), firstName: first, lastName: last }))
        assert.equal(getDisplayName({ _: 'user', id: 1n, first_name: first, last_name: last }), theirs)
      }),
    )
    assert.equal(getDisplayName({ _: 'channelForbidden', id: 1n, access_hash: 0n, title: 'Gone' }), 'Gone')
  })
})

describe('peer references', () => {
  const cases: [string | number | bigint, ReturnType<typeof parsePeerReference>][] = [
    ['me', { kind: 'self' }],
    ['Self', { kind: 'self' }],
    ['@Durov', { kind: 'username', username: 'durov' }],
    ['durov', { kind: 'username', username: 'durov' }],
    ['https://t.me/durov', { kind: 'username', username: 'durov' }],
    ['t.me/durov/', { kind: 'username', username: 'durov' }],
    ['telegram.me/durov/123', { kind: 'username', username: 'durov' }],
    ['tg://resolve?domain=durov', { kind: 'username', username: 'durov' }],
    ['https://t.me/joinchat/AAAAAEkk2WdoDrB4-Q8-gg', { kind: 'invite', hash: 'AAAAAEkk2WdoDrB4-Q8-gg' }],
    ['t.me/+AbCdEf_123', { kind: 'invite', hash: 'AbCdEf_123' }],
    ['t.me/+34600123123', { kind: 'phone', phone: '34600123123' }],
    ['+34 600-123 (123)', { kind: 'phone', phone: '34600123123' }],
    [-1001234567890, { kind: 'id', markedId: -1001234567890n, id: 1234567890n, type: 'channel' }],
    ['-42', { kind: 'id', markedId: -42n, id: 42n, type: 'chat' }],
    [777n, { kind: 'id', markedId: 777n, id: 777n, type: 'user' }],
    ['a__b_c', undefined],
    ['t.me/durov/x/y', undefined],
    ['+12', undefined],
    ['0', undefined],
    ['', undefined],
  ]
  for (const [input, expected] of cases) {
    it(`reads ${typeof input === 'string' ? JSON.stringify(input) : `${input} (${typeof input})`}`, () => {
      assert.deepEqual(parsePeerReference(input), expected)
    })
  }

  it('agree with GramJS on usernames and invite hashes in links', () => {
    const username = fc.stringMatching(/^[a-z][a-z0-9_]{3,20}[a-z0-9]$/).filter((u) => !u.includes('__'))
    const prefix = fc.constantFrom('', '@', 't.me/', 'https://t.me/', 'https://telegram.dog/', 'http://www.telegram.me/')
    fc.assert(
      fc.property(prefix, username, (p, u) => {
        const theirs = GramjsUtils.parseUsername(p + u)
        assert.deepEqual(parsePeerReference(p + u), { kind: 'username', username: theirs.username })
      }),
    )
  })

  it("normalize phones as GramJS's parsePhone does", () => {
    const phone = fc.array(fc.constantFrom('0', '1', '5', '9', ' ', '-', '(', ')'), { minLength: 5, maxLength: 16 })
    fc.assert(
      fc.property(phone, (parts) => {
        const text = '+' + parts.join('')
        const theirs = GramjsUtils.parsePhone(text)
        const digits = (theirs ?? '').length
        if (digits >= 5 && digits <= 15) assert.equal(normalizePhone(text), theirs)
      }),
    )
  })
})
