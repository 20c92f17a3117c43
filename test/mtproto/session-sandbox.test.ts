// Our client against the sandbox over real TCP on 127.0.0.1: key exchange, help.getConfig and ping on every
// transport, through SOCKS5, and the session's reactions to salts, retries, cancellation and timeouts.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { parseRsaPublicKey } from '../../extension/mtproto/crypto/rsa'
import { RpcError } from '../../extension/mtproto/errors/rpc-error'
import { MtprotoClient, RequestTimeoutError, SessionClosedError, type MtprotoClientOptions } from '../../extension/mtproto/network'
import type { TransportKind } from '../../extension/mtproto/transport'
import { startSandbox, type Sandbox } from '../sandbox/server'
import { startSocks5Proxy } from '../support/socks5-proxy'
import { startTamperingRelay } from '../support/tampering-relay'

let sandbox: Sandbox

before(async () => {
  sandbox = await startSandbox()
})
after(async () => {
  await sandbox.stop()
})

function clientFor(overrides: Partial<MtprotoClientOptions> = {}): MtprotoClient {
  return new MtprotoClient({
    dcs: sandbox.dcs,
    rsaKeys: [parseRsaPublicKey(sandbox.rsaPublicKeyPem)],
    apiId: 1,
    requestTimeoutMs: 10_000,
    ...overrides,
  })
}

async function getConfigAndPing(client: MtprotoClient): Promise<void> {
  const config = await client.invoke({ _: 'help.getConfig' })
  assert.equal(config._, 'config')
  assert.equal(config.this_dc, client.mainDcId)
  const pong = (await client.invoke({ _: 'ping', ping_id: 1234567890123n })) as { _: string; ping_id: bigint }
  assert.equal(pong._, 'pong')
  assert.equal(pong.ping_id, 1234567890123n)
}

describe('client against the sandbox', () => {
  const transports: [TransportKind, boolean][] = [
    ['abridged', false],
    ['abridged', true],
    ['intermediate', false],
    ['intermediate', true],
    ['paddedIntermediate', false],
    ['paddedIntermediate', true],
    ['full', false],
  ]
  for (const [transport, obfuscated] of transports) {
    const name = `exchanges a key, gets the config and a pong over ${transport}${obfuscated ? ', obfuscated' : ''}`
    it(name, { timeout: 15_000 }, async () => {
      const client = clientFor({ transport, obfuscated })
      try {
        await getConfigAndPing(client)
      } finally {
        client.close()
      }
    })
  }

  it('does the same through a local SOCKS5 proxy', async () => {
    const proxy = await startSocks5Proxy()
    const client = clientFor({ proxy: { type: 'socks5', host: '127.0.0.1', port: proxy.port } })
    try {
      await getConfigAndPing(client)
      assert.ok(proxy.tunnels >= 1, 'the connection went through the proxy')
    } finally {
      client.close()
      await proxy.close()
    }
  })

  it('answers help.getNearestDc', async () => {
    const client = clientFor()
    try {
      const nearest = await client.invoke({ _: 'help.getNearestDc' })
      assert.equal(nearest._, 'nearestDc')
      assert.equal(nearest.this_dc, 1)
    } finally {
      client.close()
    }
  })

  it('completes the key exchange when the server asks for a new g_b (dh_gen_retry)', async () => {
    sandbox.world.faults.dhGenRetries = 1
    const client = clientFor()
    try {
      await getConfigAndPing(client)
      assert.equal(sandbox.world.faults.dhGenRetries, 0, 'the sandbox did send dh_gen_retry')
    } finally {
      client.close()
    }
  })

  it('creates the key with the older RSA format too', async () => {
    const legacy = clientFor({ rsaPadding: 'legacy' })
    try {
      await getConfigAndPing(legacy)
    } finally {
      legacy.close()
    }
  })

  it('creates a temporary key that the sandbox stores with its expiry', async () => {
    const client = clientFor({ tempKeyExpiresIn: 3600 })
    try {
      await getConfigAndPing(client)
      const key = Buffer.from(client.session().keyState!.authKey)
      const record = [...sandbox.world.authKeys.all()].find((r) => key.equals(r.key))
      assert.ok(record, 'the sandbox knows the key')
      assert.equal(record.kind, 'temp')
      const now = sandbox.world.clock.nowSeconds()
      assert.ok(record.expiresAt! > now && record.expiresAt! <= now + 3600)
    } finally {
      client.close()
    }
  })

  it('reuses a stored auth key instead of exchanging a new one', async () => {
    const first = clientFor()
    await first.invoke({ _: 'help.getConfig' })
    const state = first.session().keyState!
    first.close()
    const saved = new Map([[1, state]])
    const second = clientFor({ keyStore: { load: (dc) => saved.get(dc), save: (dc, s) => void saved.set(dc, s) } })
    try {
      await getConfigAndPing(second)
      assert.deepEqual(second.session().keyState!.authKey, state.authKey)
    } finally {
      second.close()
    }
  })

  it('resends with the new salt after bad_server_salt', async () => {
    const client = clientFor()
    try {
      await client.invoke({ _: 'help.getConfig' })
      const before = client.session().keyState!.serverSalt
      sandbox.world.rotateSalts()
      await getConfigAndPing(client)
      assert.notEqual(client.session().keyState!.serverSalt, before)
    } finally {
      client.close()
    }
  })

  it('answers many requests issued in one tick (sent in containers)', async () => {
    const client = clientFor()
    try {
      const answers = await Promise.all(Array.from({ length: 300 }, () => client.invoke({ _: 'help.getConfig' })))
      assert.equal(answers.length, 300)
      for (const answer of answers) assert.equal(answer._, 'config')
    } finally {
      client.close()
    }
  })

  it('runs an ordered batch with invokeAfterMsg', async () => {
    const client = clientFor()
    try {
      await client.connect()
      const results = await Promise.all(
        client.session().invokeInOrder([{ _: 'help.getConfig' }, { _: 'help.getNearestDc' }, { _: 'help.getConfig' }]),
      )
      assert.deepEqual(
        results.map((r) => (r as { _: string })._),
        ['config', 'nearestDc', 'config'],
      )
    } finally {
      client.close()
    }
  })

  it('rejects with the signal reason when a request is cancelled', async () => {
    const relay = await startTamperingRelay(sandbox.dcs[0].port)
    const client = clientFor({ dcs: [{ id: 1, host: '127.0.0.1', port: relay.port }] })
    try {
      await client.invoke({ _: 'help.getConfig' })
      relay.tamper = () => [] // from now on the server's answers never arrive
      const abort = new AbortController()
      const pending = client.invoke({ _: 'help.getConfig' }, { signal: abort.signal })
      abort.abort(new Error('the user changed their mind'))
      await assert.rejects(pending, /the user changed their mind/)
      await assert.rejects(client.invoke({ _: 'help.getConfig' }, { signal: AbortSignal.abort(new Error('already')) }), /already/)
    } finally {
      client.close()
      await relay.close()
    }
  })

  it('rejects with RequestTimeoutError when no answer comes in time', async () => {
    const relay = await startTamperingRelay(sandbox.dcs[0].port)
    const client = clientFor({ dcs: [{ id: 1, host: '127.0.0.1', port: relay.port }] })
    try {
      await client.invoke({ _: 'help.getConfig' })
      relay.tamper = () => []
      await assert.rejects(client.invoke({ _: 'help.getConfig' }, { timeout: 50 }), RequestTimeoutError)
    } finally {
      client.close()
      await relay.close()
    }
  })

  it('names the wrapped method, not invokeWithoutUpdates, in RPC errors and timeouts', async () => {
    const relay = await startTamperingRelay(sandbox.dcs[0].port)
    const client = clientFor({ dcs: [{ id: 1, host: '127.0.0.1', port: relay.port }] })
    try {
      const badPart = { _: 'upload.saveFilePart', file_id: 1n, file_part: -1, bytes: new Uint8Array(1024) }
      await assert.rejects(client.invoke({ _: 'invokeWithoutUpdates', query: badPart }), (error: unknown) => {
        assert.ok(error instanceof RpcError)
        assert.equal(error.method, 'upload.saveFilePart')
        return true
      })
      relay.tamper = () => []
      await assert.rejects(client.invoke({ _: 'invokeWithoutUpdates', query: { _: 'help.getConfig' } }, { timeout: 50 }), (error: unknown) => {
        assert.ok(error instanceof RequestTimeoutError)
        assert.equal(error.method, 'help.getConfig')
        return true
      })
    } finally {
      client.close()
      await relay.close()
    }
  })

  it('keeps an in-flight request alive across a dropped connection', async () => {
    const relay = await startTamperingRelay(sandbox.dcs[0].port)
    const client = clientFor({ dcs: [{ id: 1, host: '127.0.0.1', port: relay.port }], reconnect: { baseDelayMs: 10, maxDelayMs: 50 } })
    try {
      await client.invoke({ _: 'help.getConfig' })
      // Swallow whatever the server says next and cut the line: the request was sent but never answered.
      relay.tamper = () => {
        setImmediate(() => {
          relay.dropConnections()
          relay.tamper = (packet) => [packet]
        })
        return []
      }
      const config = await client.invoke({ _: 'help.getConfig' })
      assert.equal(config._, 'config')
      assert.ok(relay.tunnels >= 2, 'the client reconnected')
    } finally {
      client.close()
      await relay.close()
    }
  })

  it('fails pending requests with SessionClosedError on close, leaving no handles behind', async () => {
    const before = process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap').length
    const client = clientFor({ pingIntervalMs: 1000 })
    await client.invoke({ _: 'help.getConfig' })
    const pending = client.invoke({ _: 'help.getConfig' })
    client.close()
    await assert.rejects(pending, SessionClosedError)
    await new Promise((resolve) => setImmediate(resolve))
    const leftover = process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap')
    assert.ok(leftover.length <= before, `left behind: ${leftover.join(', ')}`)
  })
})
