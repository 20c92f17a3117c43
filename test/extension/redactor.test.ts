import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import { Redactor } from '../../extension/logging/redactor'
import { exportStringSession } from '../../extension/mtproto'

describe('Redactor', () => {
  it('masks registered secrets wherever they appear, longest first', () => {
    const redactor = new Redactor()
    redactor.addSecret('0123456789abcdef')
    redactor.addSecret('0123456789abcdef-and-more')
    assert.equal(redactor.redact('hash 0123456789abcdef-and-more and 0123456789abcdef.'), 'hash [redacted] and [redacted].')
  })

  it('masks auth keys in hex and base64 and string sessions it was never told about', () => {
    const key = randomBytes(256)
    const redactor = new Redactor()
    for (const text of [key.toString('hex'), key.toString('base64'), key.toString('base64url')]) {
      const line = redactor.redact(`key ${text} stored`)
      assert.equal(line, 'key [redacted] stored')
    }
    const session = exportStringSession({ dcId: 2, host: '127.0.0.1', port: 443, authKey: key })
    assert.ok(!redactor.redact(`imported ${session}`).includes(session.slice(2, 30)))
  })

  it('masks bot tokens and secret-named fields but keeps ordinary log text', () => {
    const redactor = new Redactor()
    assert.equal(redactor.redact('signInBot 100000007:AAHsandboxWorkbenchBotToken0123456789'), 'signInBot [redacted]')
    assert.equal(redactor.redact('auth.signIn phone_code: 12345, password="cobol-1959"'), 'auth.signIn phone_code: [redacted], password=[redacted]')
    assert.equal(redactor.redact('{"api_hash":"abcd"}'), '{"api_hash":[redacted]}')
    const ordinary = 'DC 2 connection lost; reconnecting with 3 request(s) to resend (msg_id 7301234567890123456) /work/main/extension/mtproto/client/messages'
    assert.equal(redactor.redact(ordinary), ordinary)
  })

  it('ignores secrets too short to mask safely', () => {
    const redactor = new Redactor()
    redactor.addSecret('ab')
    assert.equal(redactor.redact('a table'), 'a table')
  })
})
