// String sessions: Telethon's format written and read, GramJS's read, each checked against an independent
// writer or reader (Python's struct/base64 for Telethon's layout, GramJS's own StringSession).
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import { StringSession as GramjsStringSession } from 'telegram/sessions'
import { AuthKey as GramjsAuthKey } from 'telegram/crypto/AuthKey'
import {
  StringSessionError,
  exportStringSession,
  importStringSession,
  sessionFromString,
  sessionToString,
  type StringSessionPart,
} from '../../extension/mtproto/sessions'

const hasPython = spawnSync('python3', ['-c', 'import struct, base64, ipaddress'], { stdio: 'ignore' }).status === 0

/** Telethon's StringSession.save(), restated with the same standard-library calls it makes. */
function pythonTelethonString(dcId: number, host: string, port: number, key: Uint8Array): string {
  const script = `
import base64, ipaddress, struct, sys
dc, host, port, key = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), bytes.fromhex(sys.argv[4])
ip = ipaddress.ip_address(host).packed
print('1' + base64.urlsafe_b64encode(struct.pack('>B{}sH256s'.format(len(ip)), dc, ip, port, key)).decode('ascii'))
`
  const run = spawnSync('python3', ['-c', script, String(dcId), host, String(port), Buffer.from(key).toString('hex')])
  assert.equal(run.status, 0, run.stderr.toString())
  return run.stdout.toString().trim()
}

async function gramjsSave(dcId: number, host: string, port: number, key: Uint8Array): Promise<string> {
  const session = new GramjsStringSession('')
  session.setDC(dcId, host, port)
  const authKey = new GramjsAuthKey()
  await authKey.setKey(Buffer.from(key))
  session.setAuthKey(authKey)
  return session.save()
}

function expectPart(part: StringSessionPart, run: () => unknown): void {
  assert.throws(run, (error: unknown) => error instanceof StringSessionError && error.part === part)
}

const key = new Uint8Array(randomBytes(256))

describe("Telethon's string format", () => {
  for (const [host, label] of [
    ['149.154.167.51', 'IPv4'],
    ['2001:67c:4e8:f002::a', 'IPv6'],
  ] as const) {
    it(`writes exactly what Telethon writes for an ${label} address`, { skip: !hasPython }, () => {
      assert.equal(exportStringSession({ dcId: 2, host, port: 443, authKey: key }), pythonTelethonString(2, host, 443, key))
    })
    it(`reads Telethon's string for an ${label} address`, { skip: !hasPython }, () => {
      const data = importStringSession(pythonTelethonString(4, host, 8443, key))
      assert.deepEqual(data, { format: 'telethon', dcId: 4, host, port: 8443, authKey: key })
    })
  }

  it('reads a string without its base64 padding or in the standard alphabet', () => {
    const text = exportStringSession({ dcId: 1, host: '127.0.0.1', port: 9000, authKey: key })
    const unpadded = text.replace(/=+$/, '')
    const standard = text.replace(/-/g, '+').replace(/_/g, '/')
    assert.deepEqual(importStringSession(unpadded), importStringSession(text))
    assert.deepEqual(importStringSession(standard), importStringSession(text))
  })

  it('loads in GramJS, which reads the IPv4 form of the format', async () => {
    const text = exportStringSession({ dcId: 2, host: '149.154.167.51', port: 443, authKey: key })
    const session = new GramjsStringSession(text)
    await session.load()
    assert.equal(session.dcId, 2)
    assert.equal(session.serverAddress, '149.154.167.51')
    assert.equal(session.port, 443)
    assert.deepEqual(new Uint8Array(session.authKey!.getKey()!), key)
  })
})

describe("GramJS's string format", () => {
  for (const host of ['149.154.167.51', '149.154.167.5', '2001:b28:f23d:f001::a', 'localhost']) {
    it(`reads what GramJS's save() writes for ${host}`, async () => {
      const data = importStringSession(await gramjsSave(3, host, 443, key))
      assert.deepEqual(data, { format: 'gramjs', dcId: 3, host, port: 443, authKey: key })
    })
  }
})

describe('malformed string sessions', () => {
  const good = exportStringSession({ dcId: 2, host: '10.0.0.1', port: 443, authKey: key })
  const bytes = Buffer.from(good.slice(1), 'base64url')
  const encode = (b: Uint8Array) => '1' + Buffer.from(b).toString('base64url')

  it('names the version when the first character is not 1', () => expectPart('version', () => importStringSession('2' + good.slice(1))))
  it('names the version for an empty string', () => expectPart('version', () => importStringSession('')))
  it('names base64 for characters outside both alphabets', () => expectPart('base64', () => importStringSession(good.slice(0, 50) + '!' + good.slice(51))))
  it('names base64 for padding in the middle', () => expectPart('base64', () => importStringSession('1AA==AAA')))
  it('names the length when bytes are missing', () => expectPart('length', () => importStringSession(encode(bytes.subarray(0, 200)))))
  it('names the dc id when it is zero', () => {
    const copy = Buffer.from(bytes)
    copy[0] = 0
    expectPart('dc id', () => importStringSession(encode(copy)))
  })
  it('names the port when it is zero', () => {
    const copy = Buffer.from(bytes)
    copy.writeUInt16BE(0, 5)
    expectPart('port', () => importStringSession(encode(copy)))
  })
  it('names the key when it is all zeros', () => {
    const copy = Buffer.from(bytes)
    copy.fill(0, 7)
    expectPart('key', () => importStringSession(encode(copy)))
  })
  it("names the address when GramJS's address text is not a host", async () => {
    const text = await gramjsSave(2, 'a b', 443, key)
    expectPart('address', () => importStringSession(text))
  })
  it('refuses to export a host name, which the format cannot hold', () =>
    expectPart('address', () => exportStringSession({ dcId: 2, host: 'example.org', port: 443, authKey: key })))
  it('refuses to export a DC id over 255', () => expectPart('dc id', () => exportStringSession({ dcId: 256, host: '10.0.0.1', port: 1, authKey: key })))
  it('refuses to export a short key', () =>
    expectPart('key', () => exportStringSession({ dcId: 2, host: '10.0.0.1', port: 1, authKey: key.subarray(1) })))
})

describe('sessions from and to strings', () => {
  it('round-trips the main DC, its address and its key through a memory session', () => {
    const text = exportStringSession({ dcId: 5, host: '2001:db8::1', port: 443, authKey: key })
    const session = sessionFromString(text)
    assert.deepEqual(session.mainDc, { id: 5, host: '2001:db8::1', port: 443 })
    assert.deepEqual(session.authKey(5)?.authKey, key)
    assert.equal(sessionToString(session), text)
  })
  it('says the session has no key yet instead of writing an empty string', () => {
    const session = sessionFromString(exportStringSession({ dcId: 5, host: '10.0.0.1', port: 443, authKey: key }))
    session.setAuthKey(5, undefined)
    expectPart('key', () => sessionToString(session))
  })
})
