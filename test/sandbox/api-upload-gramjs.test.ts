// GramJS's own file helpers against the sandbox: uploadFile (parallel saveFilePart), sendFile through
// messages.sendMedia, and downloadMedia, which follows the document to the media DC (exporting the
// authorization there) and must get the bytes back unchanged.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { Api, type TelegramClient } from 'telegram'
import { CustomFile } from 'telegram/client/uploads'
import { startSandbox, type Sandbox } from './server'
import { createGramJsClient } from '../support/gramjs-sandbox'

describe('GramJS uploads and downloads', () => {
  let sandbox: Sandbox
  let client: TelegramClient

  before(async () => {
    sandbox = await startSandbox()
    sandbox.world.log = () => {}
    const account = sandbox.seed!.accounts.find((candidate) => candidate.password === undefined && candidate.homeDc === 1)!
    client = createGramJsClient(sandbox, { dcId: 1 })
    await client.start({
      phoneNumber: `+${account.phone}`,
      phoneCode: async () => account.loginCode,
      onError: (error) => {
        throw error
      },
    })
  })
  after(async () => {
    await client.destroy()
    // GramJS keeps a 30 s release timer per exported sender (the media DC's) past destroy(); clear it so the
    // test process exits when the tests are done.
    const releaseTimers = (client as unknown as { _exportedSenderReleaseTimeouts: Map<number, NodeJS.Timeout> })
      ._exportedSenderReleaseTimeouts
    for (const timer of releaseTimers.values()) clearTimeout(timer)
    await sandbox.stop()
  })

  it('sends a 5 MiB file with sendFile and downloads it byte-identical with downloadMedia', async () => {
    const original = randomBytes(5 * 1024 * 1024 + 333)
    const message = await client.sendFile('me', {
      file: new CustomFile('five.bin', original.length, '', original),
      forceDocument: true,
      workers: 4,
    })
    assert.ok(message.media instanceof Api.MessageMediaDocument)
    const document = message.media.document as Api.Document
    assert.equal(document.dcId, 2, 'files live on the media DC')
    assert.equal(document.size.toString(), String(original.length))
    const downloaded = (await client.downloadMedia(message, {})) as Buffer
    assert.ok(Buffer.from(downloaded).equals(original))
  })

  it('sends a photo and downloads its largest rendition as a JPEG', async () => {
    const { encodeJpeg } = await import('./media/jpeg/encoder')
    const { drawPattern } = await import('./media/image')
    const jpeg = Buffer.from(encodeJpeg(drawPattern({ width: 1000, height: 700, seed: 8, kind: 'circles' }), 90))
    const message = await client.sendFile('me', { file: new CustomFile('photo.jpg', jpeg.length, '', jpeg) })
    assert.ok(message.media instanceof Api.MessageMediaPhoto)
    const photo = message.media.photo as Api.Photo
    assert.deepEqual(photo.sizes.map((size) => size.type), ['i', 's', 'm', 'x', 'y'])
    const downloaded = (await client.downloadMedia(message, {})) as Buffer
    assert.deepEqual([downloaded[0], downloaded[1]], [0xff, 0xd8])
    const largest = photo.sizes.at(-1) as Api.PhotoSize
    assert.equal(downloaded.length, largest.size)
  })
})
