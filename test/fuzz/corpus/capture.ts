/**
 * `npx tsx test/fuzz/corpus/capture.ts`: records real answers of the sandbox as bytes, the seed corpus the TL
 * decoder fuzz target mutates. Each answer is what the sandbox's own handler returns to Ada, serialized with the
 * codec the way the server puts it on the wire. The corpus is committed so a fuzz failure replays byte for byte;
 * rerun this only when the layer changes.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { encodeResult, type TlMethod, type TlMethodName } from '../../../schema/codec'
import { startSandbox } from '../../sandbox/server'

export interface CorpusEntry {
  /** The method whose answer this is: decodeResult needs it to read bare and vector results. */
  method: TlMethodName
  /** The answer's bytes, base64. */
  bytes: string
}

async function main(): Promise<void> {
  const sandbox = await startSandbox({ log: () => {} })
  try {
    const ada = sandbox.control.as('ada_lovelace')
    const grace = sandbox.control.as('grace_hopper')
    await grace.sendMessage('ada_lovelace', 'hello **from** the corpus', {
      entities: [{ _: 'messageEntityBold', offset: 0, length: 5 }],
    })
    const requests: TlMethod[] = [
      { _: 'help.getConfig' },
      { _: 'updates.getState' },
      { _: 'updates.getDifference', pts: 1, date: 0, qts: 0 },
      { _: 'messages.getDialogs', offset_date: 0, offset_id: 0, offset_peer: { _: 'inputPeerEmpty' }, limit: 20, hash: 0n },
      { _: 'messages.getHistory', peer: ada.inputPeer('grace_hopper'), offset_id: 0, offset_date: 0, add_offset: 0, limit: 30, max_id: 0, min_id: 0, hash: 0n },
      { _: 'messages.getHistory', peer: ada.inputPeer('@ts_guild'), offset_id: 0, offset_date: 0, add_offset: 0, limit: 30, max_id: 0, min_id: 0, hash: 0n },
      { _: 'users.getFullUser', id: { _: 'inputUserSelf' } },
      { _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] },
      { _: 'contacts.getContacts', hash: 0n },
      { _: 'messages.sendMessage', peer: ada.inputPeer('grace_hopper'), message: 'a reply for the corpus', random_id: 42n },
    ]
    const entries: CorpusEntry[] = []
    for (const request of requests) {
      try {
        const result = await ada.invoke(request)
        entries.push({ method: request._, bytes: Buffer.from(encodeResult(request._, result as never)).toString('base64') })
      } catch (error) {
        console.warn(`skipped ${request._}: ${(error as Error).message}`)
      }
    }
    const path = join(__dirname, 'tl-responses.json')
    writeFileSync(path, JSON.stringify(entries, null, 1) + '\n')
    console.log(`wrote ${entries.length} answers (${entries.reduce((n, e) => n + e.bytes.length, 0)} base64 characters) to ${path}`)
  } finally {
    await sandbox.stop()
  }
}

void main()
