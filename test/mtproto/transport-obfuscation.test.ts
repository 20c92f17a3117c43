// Obfuscation and MTProxy secrets, checked against mtcute's ObfuscatedPacketCodec and secret parser.

import assert from 'node:assert/strict'
import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import { Bytes } from '@fuman/io'
import { BaseMtProxyTransport, IntermediatePacketCodec, ObfuscatedPacketCodec, PaddedIntermediatePacketCodec } from '@mtcute/core'
import { createCodec, createObfuscation, obfuscatedTag, parseMtProxySecret } from '../../extension/mtproto/transport'
import { buildClientHello } from '../../extension/mtproto/transport/fake-tls'

/** The subset of mtcute's crypto provider its transport codecs use, backed by Node, with a scripted random. */
function mtcuteCrypto(random: (count: number) => Uint8Array) {
  return {
    randomBytes: random,
    randomFill: (buf: Uint8Array) => buf.set(random(buf.length)),
    sha256: (data: Uint8Array) => createHash('sha256').update(data).digest(),
    createAesCtr(key: Uint8Array, iv: Uint8Array) {
      const cipher = createCipheriv('aes-256-ctr', key, iv)
      return { process: (data: Uint8Array) => new Uint8Array(cipher.update(data)) }
    },
  }
}

/** Replays the same random bytes to two parties, so both build the same init. */
function scriptedRandom(blocks: Uint8Array[]): (count: number) => Uint8Array {
  let next = 0
  return (count) => {
    const block = blocks[next++ % blocks.length]!
    assert.equal(block.length, count)
    return Buffer.from(block) // mtcute writes into the buffer it is given
  }
}

describe('transport obfuscation', () => {
  // mtcute ships no abridged codec; obfuscated abridged is covered against the sandbox in the TCP tests.
  for (const [name, inner, kind] of [
    ['intermediate', () => new IntermediatePacketCodec(), 'intermediate'],
    ['padded intermediate', () => new PaddedIntermediatePacketCodec(), 'paddedIntermediate'],
  ] as const) {
    for (const withProxy of [false, true]) {
      it(`${name}${withProxy ? ' through MTProxy' : ''}: the init and encrypted frames match mtcute’s for the same random`, async () => {
        const init = randomBytes(64)
        init[0] = 0x01 // keep clear of every forbidden opening
        init[4] = 0x01
        const secret = randomBytes(16)
        const dcId = 2
        const random = scriptedRandom([init])
        const mtcute = new ObfuscatedPacketCodec(inner(), withProxy ? { dcId, media: false, test: false, secret } : undefined)
        mtcute.setup(mtcuteCrypto(random) as never, undefined as never)
        const theirs = await mtcute.tag()
        const ours = createObfuscation(obfuscatedTag(kind), withProxy ? { dcId, proxySecret: secret, randomBytes: random } : { randomBytes: random })
        // Without a proxy mtcute leaves bytes 60-61 random; we write the dc id only when asked to.
        assert.deepEqual(Buffer.from(ours.init), Buffer.from(theirs))

        if (kind === 'intermediate') {
          for (const size of [24, 1000]) {
            const payload = randomBytes(size)
            const written = Bytes.alloc()
            await mtcute.encode(payload, written)
            assert.deepEqual(Buffer.from(ours.encrypt(createCodec(kind).encode(payload))), Buffer.from(written.result()))
          }
        }
      })
    }
  }

  it('the server stream is the reversed init: what mtcute would decrypt, we decrypt the same way', async () => {
    const init = randomBytes(64)
    init[0] = 0x02
    init[4] = 0x02
    const random = scriptedRandom([init])
    const mtcute = new ObfuscatedPacketCodec(new IntermediatePacketCodec())
    mtcute.setup(mtcuteCrypto(random) as never, undefined as never)
    await mtcute.tag()
    const ours = createObfuscation(obfuscatedTag('intermediate'), { randomBytes: random })

    // Build server bytes with the reversed key material, as a server would, and feed both decoders.
    const reversed = Buffer.from(init.subarray(8, 56)).reverse()
    const server = createCipheriv('aes-256-ctr', reversed.subarray(0, 32), reversed.subarray(32, 48))
    const payload = randomBytes(48)
    const wire = server.update(createCodec('intermediate').encode(payload))
    const mtcuteGot = await mtcute.decode(Bytes.from(wire), false)
    assert.deepEqual(Buffer.from(mtcuteGot!), payload)
    assert.deepEqual(Buffer.from(createCodec('intermediate').decode(ours.decrypt(wire))[0]!), payload)
  })

  it('regenerates an init that would open like another protocol', () => {
    const forbidden = [
      Buffer.from('ef' + '00'.repeat(63), 'hex'),
      Buffer.concat([Buffer.from('HEAD'), randomBytes(60)]),
      Buffer.concat([Buffer.from('POST'), randomBytes(60)]),
      Buffer.concat([Buffer.from('GET '), randomBytes(60)]),
      Buffer.concat([Buffer.from('OPTI'), randomBytes(60)]),
      Buffer.concat([Buffer.alloc(4, 0xee), randomBytes(60)]),
      Buffer.concat([Buffer.alloc(4, 0xdd), randomBytes(60)]),
      Buffer.concat([Buffer.from('16030102', 'hex'), randomBytes(60)]),
      Buffer.concat([Buffer.from('01020304', 'hex'), Buffer.alloc(4), randomBytes(56)]),
    ]
    const acceptable = Buffer.concat([Buffer.from('0102030405060708', 'hex'), randomBytes(56)])
    let calls = 0
    const { init } = createObfuscation(obfuscatedTag('abridged'), {
      randomBytes: () => (calls < forbidden.length ? forbidden[calls++]! : (calls++, acceptable)),
    })
    assert.equal(calls, forbidden.length + 1)
    assert.deepEqual(Buffer.from(init.subarray(0, 56)), acceptable.subarray(0, 56))
  })

  it('refuses to obfuscate the full transport, which has no protocol tag', () => {
    assert.throws(() => obfuscatedTag('full'), /cannot be obfuscated/)
  })
})

describe('MTProxy secrets', () => {
  const key = randomBytes(16)
  const cases = [
    ['plain hex', key.toString('hex')],
    ['plain base64url', key.toString('base64url')],
    ['dd', 'dd' + key.toString('hex')],
    ['ee with a domain', 'ee' + key.toString('hex') + Buffer.from('example.com').toString('hex')],
    ['ee base64', Buffer.concat([Buffer.of(0xee), key, Buffer.from('cdn.example.org')]).toString('base64')],
  ] as const

  for (const [name, secret] of cases) {
    it(`${name}: reads the same key, padding and domain as mtcute`, () => {
      // The parsed fields are private in mtcute's typings, and the class abstract; both only matter to the compiler.
      const MtcuteProxy = BaseMtProxyTransport as unknown as new (proxy: object) => {
        _rawSecret: Uint8Array
        _randomPadding: boolean
        _fakeTlsDomain: Uint8Array | null
      }
      const mtcute = new MtcuteProxy({ host: 'proxy', port: 443, secret })
      const ours = parseMtProxySecret(secret)
      assert.deepEqual(Buffer.from(ours.key), Buffer.from(mtcute._rawSecret))
      assert.equal(ours.kind === 'padded', mtcute._randomPadding)
      assert.equal(ours.kind === 'fakeTls' ? ours.domain : null, mtcute._fakeTlsDomain && Buffer.from(mtcute._fakeTlsDomain).toString())
    })
  }

  it('rejects secrets of unknown shape', () => {
    assert.throws(() => parseMtProxySecret('ab' + key.toString('hex')), /unsupported MTProxy secret/)
    assert.throws(() => parseMtProxySecret('not a secret!'), /neither hex nor base64/)
  })
})

describe('fake-TLS ClientHello', () => {
  it('is padded to the 517 bytes browsers send and names the domain in server_name', () => {
    const hello = buildClientHello({ key: randomBytes(16), domain: 'example.com' })
    assert.equal(hello.length, 517)
    assert.deepEqual([...hello.subarray(0, 3)], [0x16, 0x03, 0x01])
    assert.equal(Buffer.from(hello).readUInt16BE(3), 512)
    assert.ok(Buffer.from(hello).includes(Buffer.from('example.com')))
  })

  it('signs the random with HMAC-SHA256 of the hello and hides the time in its last four bytes', () => {
    const key = randomBytes(16)
    const hello = Buffer.from(buildClientHello({ key, domain: 'example.com' }, 1_700_000_000))
    const zeroed = Buffer.from(hello)
    zeroed.fill(0, 11, 43)
    const digest = createHmac('sha256', key).update(zeroed).digest()
    assert.deepEqual(hello.subarray(11, 39), digest.subarray(0, 28))
    assert.equal((hello.readUInt32LE(39) ^ digest.readUInt32LE(28)) >>> 0, 1_700_000_000)
  })
})
