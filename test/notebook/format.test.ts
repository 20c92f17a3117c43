import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import { StringSession } from 'telegram/sessions'
import { AuthKey } from 'telegram/crypto/AuthKey'
import { deserialize, NotebookFormatError, type NotebookFile, serialize, TLNB_VERSION } from '../../extension/notebook/format'
import { newScratchpad } from '../../extension/notebook/new-scratchpad'
import { JSON_MIME, resultOutput, TEXT_MIME, TL_TREE_MIME } from '../../extension/notebook/outputs'
import { REDACTED } from '../../extension/notebook/secrets'

function notebookWithOutput(mime: string, data: string): NotebookFile {
  return {
    version: TLNB_VERSION,
    metadata: {},
    cells: [{ kind: 'code', language: 'tl-request', source: 'help.getConfig()', outputs: [{ items: [{ mime, data }] }] }],
  }
}

function savedText(notebook: NotebookFile): string {
  return serialize(notebook)
}

function formatError(run: () => unknown): NotebookFormatError {
  try {
    run()
  } catch (error) {
    assert.ok(error instanceof NotebookFormatError, `expected a NotebookFormatError, got ${String(error)}`)
    return error
  }
  assert.fail('expected an error')
}

/** A GramJS string session, made by GramJS itself. */
async function gramjsSessionString(): Promise<string> {
  const key = new AuthKey()
  await key.setKey(randomBytes(256))
  const session = new StringSession('')
  session.setDC(2, '149.154.167.40', 443)
  session.setAuthKey(key)
  return session.save()
}

/** A Telethon string session, built by Python the way Telethon's docs describe the format. */
function telethonSessionString(): string {
  const script = [
    'import base64, ipaddress, os, struct',
    "ip = ipaddress.ip_address('149.154.167.51').packed",
    "data = struct.pack('>B4sH256s', 2, ip, 443, os.urandom(256))",
    "print('1' + base64.urlsafe_b64encode(data).decode('ascii'))",
  ].join('\n')
  return execFileSync('python3', ['-c', script], { encoding: 'utf8' }).trim()
}

describe('.tlnb format', () => {
  it('round-trips the New Scratchpad notebook and writes the same bytes on a second save', () => {
    const notebook = newScratchpad('user')
    const text = serialize(notebook)
    const read = deserialize(text)
    assert.deepEqual(read, notebook)
    assert.equal(serialize(read), text)
    assert.ok(text.endsWith('}\n'))
  })

  it('reads bytes as well as text, and an empty file as an empty notebook', () => {
    const text = serialize(newScratchpad())
    assert.deepEqual(deserialize(new TextEncoder().encode(text)), deserialize(text))
    assert.deepEqual(deserialize('  \n'), { version: TLNB_VERSION, metadata: {}, cells: [] })
  })

  it('keeps fields it does not know, at every level, and writes them back', () => {
    const file = {
      format: 'tlnb',
      version: 1,
      metadata: { accountKind: 'bot', theme: { dark: true } },
      cells: [
        {
          kind: 'code',
          language: 'tl-request',
          source: 'help.getConfig()',
          executionOrder: 7,
          outputs: [{ items: [{ mime: 'text/plain', data: 'Config(...)', origin: 'sandbox' }], collapsed: true }],
        },
        { kind: 'markdown', language: 'markdown', source: '# Notes', tags: ['a'] },
      ],
      producer: { name: 'future tool' },
    }
    const saved = JSON.parse(serialize(deserialize(JSON.stringify(file))))
    assert.deepEqual(saved, file)
  })

  it('rejects text that is not JSON', () => {
    assert.equal(formatError(() => deserialize('{ "format": "tlnb", ')).code, 'invalid-json')
  })

  it('rejects JSON that is not a scratchpad notebook', () => {
    assert.equal(formatError(() => deserialize('{"cells": []}')).code, 'not-a-notebook')
    assert.equal(formatError(() => deserialize('[1, 2]')).code, 'not-a-notebook')
  })

  it('refuses a file from a newer version rather than dropping what that version added', () => {
    const error = formatError(() => deserialize(JSON.stringify({ format: 'tlnb', version: TLNB_VERSION + 1, cells: [] })))
    assert.equal(error.code, 'newer-version')
    assert.match(error.message, /newer version/)
  })

  it('names the field that has the wrong shape', () => {
    const cases: [unknown, string][] = [
      [{ format: 'tlnb', version: 1, cells: {} }, 'cells'],
      [{ format: 'tlnb', version: 1, cells: [{ kind: 'raw', source: '' }] }, 'cells[0].kind'],
      [{ format: 'tlnb', version: 1, cells: [{ kind: 'code', source: 42 }] }, 'cells[0].source'],
      [{ format: 'tlnb', version: 1, cells: [{ kind: 'code', source: '', outputs: [{ items: [{ mime: 'text/plain' }] }] }] }, 'cells[0].outputs[0].items[0].data'],
      [{ format: 'tlnb', version: 1, metadata: { accountKind: 'admin' }, cells: [] }, 'metadata.accountKind'],
      [{ format: 'tlnb', version: 'one', cells: [] }, 'version'],
    ]
    for (const [file, path] of cases) {
      const error = formatError(() => deserialize(JSON.stringify(file)))
      assert.equal(error.code, 'invalid-field')
      assert.equal(error.path, path)
    }
  })
})

describe('saving never writes secrets', () => {
  it('strips a GramJS string session from an output', async () => {
    const session = await gramjsSessionString()
    const saved = savedText(notebookWithOutput('text/plain', `session: ${session}\n`))
    assert.ok(!saved.includes(session.slice(1, 60)))
    assert.match(saved, /session: \[redacted\]/)
  })

  it('strips a Telethon string session from JSON output and from metadata', () => {
    const session = telethonSessionString()
    const notebook = notebookWithOutput(JSON_MIME, JSON.stringify({ note: session }))
    notebook.metadata.lastSession = session
    const saved = savedText(notebook)
    assert.ok(!saved.includes(session.slice(1, 60)))
  })

  it('strips a 256-byte auth key written out as hex or base64', () => {
    const key = randomBytes(256)
    for (const text of [key.toString('hex'), key.toString('base64')]) {
      const saved = savedText(notebookWithOutput('text/plain', `key ${text} end`))
      assert.ok(!saved.includes(text.slice(0, 40)))
      assert.ok(saved.includes(`key ${REDACTED} end`))
    }
  })

  it('removes the exported authorization from every mimetype of a result', () => {
    const secret = randomBytes(128)
    const output = resultOutput({ _: 'auth.exportedAuthorization', id: 1234567890123n, bytes: secret })
    const saved = savedText({ version: 1, metadata: {}, cells: [{ kind: 'code', language: 'tl-request', source: 'auth.exportAuthorization({ dc_id: 2 })', outputs: [output] }] })
    const items = deserialize(saved).cells[0]!.outputs![0]!.items
    assert.deepEqual(items.map((item) => item.mime), [TL_TREE_MIME, JSON_MIME, TEXT_MIME])
    const hex = secret.toString('hex')
    for (const item of items) {
      assert.ok(!item.data.includes(hex.slice(0, 32)), item.mime)
      assert.ok(!item.data.includes('\\x'), `${item.mime} holds no Python bytes literal`)
      assert.ok(item.data.includes('1234567890123'), `${item.mime} keeps the id`)
    }
  })

  it('strips credential fields from hand-edited JSON outputs too', () => {
    const json = JSON.stringify({ _: 'auth.loginToken', expires: 1700000000, token: 'c2VjcmV0' })
    const saved = deserialize(savedText(notebookWithOutput(JSON_MIME, json)))
    assert.deepEqual(JSON.parse(saved.cells[0]!.outputs![0]!.items[0]!.data), { _: 'auth.loginToken', expires: 1700000000, token: REDACTED })
  })

  it('leaves ordinary outputs byte for byte, and never touches cell sources', () => {
    const data = JSON.stringify({ _: 'pong', msg_id: '781875678118', ping_id: '48641868471' })
    const notebook = notebookWithOutput(JSON_MIME, data)
    const session = telethonSessionString()
    notebook.cells[0]!.source = `// pasted by the user: ${session}\nhelp.getConfig()`
    const read = deserialize(savedText(notebook))
    assert.equal(read.cells[0]!.outputs![0]!.items[0]!.data, data)
    assert.equal(read.cells[0]!.source, notebook.cells[0]!.source)
  })
})
