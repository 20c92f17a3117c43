// Send Selection to Chat: the message's shape, and its delivery to the sandbox as stored there.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sendSelectionMessage } from '../../extension/chat/send-selection'
import { captionFor, selectionMessage, type Selection } from '../../extension/chat/selection-message'
import { MAX_MESSAGE_LENGTH, type TelegramClient } from '../../extension/mtproto'
import { seeded, signedInClient } from '../client/support'
import { startSandbox, type Sandbox } from '../sandbox/server'
import { userPeer } from '../sandbox/world'

const selection: Selection = {
  text: 'const answer = 42\nconsole.log("é🙂", answer)\n',
  languageId: 'typescript',
  filePath: '/home/ada/projects/bot/src/main.ts',
  workspaceFolder: '/home/ada/projects/bot',
  startLine: 10,
  endLine: 11,
}

describe('selectionMessage', () => {
  it('captions with the workspace-relative path and the line range, never the absolute path', () => {
    const message = selectionMessage(selection, 'relative')
    assert.equal(message.kind, 'text')
    if (message.kind !== 'text') return
    assert.equal(message.text.split('\n')[0], 'src/main.ts, lines 10–11')
    assert.ok(!message.text.includes('/home/ada'))
    assert.equal(captionFor({ ...selection, endLine: 10 }, 'relative'), 'src/main.ts, line 10')
  })

  it('captions with the file name alone when configured, or when the file is outside the workspace', () => {
    assert.equal(captionFor(selection, 'fileName'), 'main.ts, lines 10–11')
    assert.equal(captionFor({ ...selection, workspaceFolder: '/home/grace/other' }, 'relative'), 'main.ts, lines 10–11')
    assert.equal(captionFor({ ...selection, filePath: 'C:\\src\\bot\\x.py', workspaceFolder: 'C:\\src\\bot' }, 'relative'), 'x.py, lines 10–11')
    assert.equal(captionFor({ ...selection, workspaceFolder: undefined }, 'relative'), 'main.ts, lines 10–11')
  })

  it('marks the code as a pre block with the language id, at UTF-16 offsets', () => {
    const message = selectionMessage(selection, 'relative')
    if (message.kind !== 'text') return assert.fail('expected a text message')
    const pre = message.entities.find((entity) => entity._ === 'messageEntityPre')
    assert.ok(pre && pre._ === 'messageEntityPre')
    assert.equal(pre.language, 'typescript')
    assert.equal(message.text.slice(pre.offset, pre.offset + pre.length), 'const answer = 42\nconsole.log("é🙂", answer)')
  })

  it('fits exactly 4,096 UTF-16 units in one message and turns one more into a file', () => {
    const caption = captionFor(selection, 'relative')
    const fits = 'x'.repeat(MAX_MESSAGE_LENGTH - caption.length - 1)
    const exact = selectionMessage({ ...selection, text: fits }, 'relative')
    assert.equal(exact.kind, 'text')
    assert.equal(exact.kind === 'text' && exact.text.length, MAX_MESSAGE_LENGTH)
    // An emoji is two UTF-16 units: one character more than fits.
    const over = selectionMessage({ ...selection, text: fits.slice(1) + '🙂' }, 'relative')
    assert.equal(over.kind, 'file')
    if (over.kind !== 'file') return
    assert.equal(over.fileName, 'main.ts')
    assert.equal(over.caption, caption)
    assert.equal(over.content, fits.slice(1) + '🙂\n')
  })
})

describe('sendSelectionMessage on the sandbox', () => {
  let sandbox: Sandbox
  let client: TelegramClient
  before(async () => {
    sandbox = await startSandbox({ log: () => {} })
    client = await signedInClient(sandbox, 'ada')
  })
  after(async () => {
    await client.disconnect()
    await sandbox.stop()
  })

  it('delivers the caption and the pre block with its language to the chosen chat', async () => {
    await sendSelectionMessage(client, '@grace_hopper', selectionMessage(selection, 'relative'))
    const stored = sandbox.world.messages.history(seeded(sandbox, 'ada').id, userPeer(seeded(sandbox, 'grace').id)).at(-1)!
    assert.equal(stored.text, 'src/main.ts, lines 10–11\nconst answer = 42\nconsole.log("é🙂", answer)')
    const pre = stored.entities?.find((entity) => entity._ === 'messageEntityPre')
    assert.ok(pre && pre._ === 'messageEntityPre' && pre.language === 'typescript')
  })

  it('delivers an over-long selection as a document with the caption', async () => {
    const long = 'y'.repeat(MAX_MESSAGE_LENGTH + 10)
    await sendSelectionMessage(client, '@grace_hopper', selectionMessage({ ...selection, text: long }, 'relative'))
    const stored = sandbox.world.messages.history(seeded(sandbox, 'ada').id, userPeer(seeded(sandbox, 'grace').id)).at(-1)!
    assert.equal(stored.text, 'src/main.ts, lines 10–11')
    assert.equal(stored.media?._, 'messageMediaDocument')
  })
})
