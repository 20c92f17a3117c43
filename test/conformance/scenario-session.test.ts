// The conformance scenario: one scripted session, run with GramJS (npm `telegram`) and with mtcute
// (`@mtcute/node`), each through its own high-level API against the sandbox. Two independent clients passing the
// same script is what keeps the sandbox honest:
//   1. sign in with the login code, and with 2FA for the 2FA account (after PHONE_MIGRATE to its DC);
//   2. list dialogs;  3. resolve a username;  4. send a message and read it back from history;
//   5. upload a 5 MiB file and download it byte-identical;
//   6. receive a live update when the control hook sends a message from another account.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { InputMedia, TelegramClient as MtcuteClient, type Message as MtcuteMessage } from '@mtcute/node'
import { Api, type TelegramClient as GramJsClient } from 'telegram'
import { CustomFile } from 'telegram/client/uploads'
import { NewMessage, type NewMessageEvent } from 'telegram/events'
import type { SeededAccount } from '../sandbox/seed'
import { startSandbox, type Sandbox } from '../sandbox/server'
import type { PeerRef } from '../sandbox/world'
import { createGramJsClient } from '../support/gramjs-sandbox'
import { createMtcuteClient } from '../support/mtcute-sandbox'
import { CLIENT_TEST_TIMEOUT_MS } from '../support/with-client'

/** What the script needs from a library; each adapter uses that library's own high-level calls. */
interface ScenarioClient {
  /** Signs in starting on `dcId`; tells whether the library asked for the 2FA password. */
  signIn(account: SeededAccount, dcId: number): Promise<{ selfId: bigint; passwordAsked: boolean }>
  dialogTitles(): Promise<string[]>
  resolveUsername(username: string): Promise<bigint>
  /** Sends `text` to the user and returns the text of the newest message of that chat's history. */
  sendAndReadBack(userId: bigint, username: string, text: string): Promise<string>
  /** Sends `bytes` as a document to Saved Messages, then downloads that document. */
  uploadAndDownload(bytes: Buffer): Promise<Uint8Array>
  /** Resolves with the first incoming message whose text is `text`. */
  incomingMessage(text: string): Promise<{ senderId: bigint }>
  close(): Promise<void>
}

const FILE_SIZE = 5 * 1024 * 1024

function gramJsScenario(sandbox: Sandbox): ScenarioClient {
  let client: GramJsClient | undefined
  const signedIn = () => client ?? assert.fail('not signed in')
  const id = (value: { toString(): string }) => BigInt(value.toString())
  return {
    async signIn(account, dcId) {
      client = createGramJsClient(sandbox, { dcId })
      let passwordAsked = false
      await client.start({
        phoneNumber: async () => `+${account.phone}`,
        phoneCode: async () => account.loginCode,
        password: async () => {
          passwordAsked = true
          return account.password ?? ''
        },
        onError: async (error) => {
          throw error
        },
      })
      return { selfId: id((await client.getMe()).id), passwordAsked }
    },
    async dialogTitles() {
      return [...(await signedIn().getDialogs({ limit: 100 }))].map((dialog) => dialog.title ?? '')
    },
    async resolveUsername(username) {
      const entity = await signedIn().getEntity(username)
      assert.ok(entity instanceof Api.User)
      return id(entity.id)
    },
    async sendAndReadBack(_userId, username, text) {
      const entity = await signedIn().getInputEntity(username)
      await signedIn().sendMessage(entity, { message: text })
      const [newest] = await signedIn().getMessages(entity, { limit: 1 })
      return newest?.message ?? ''
    },
    async uploadAndDownload(bytes) {
      const message = await signedIn().sendFile('me', {
        file: new CustomFile('scenario.bin', bytes.length, '', bytes),
        forceDocument: true,
        workers: 4,
      })
      return (await signedIn().downloadMedia(message, {})) as Buffer
    },
    incomingMessage(text) {
      return new Promise((resolve) => {
        const filter = new NewMessage({ incoming: true })
        const handler = (event: NewMessageEvent) => {
          if (event.message.message !== text) return
          signedIn().removeEventHandler(handler, filter)
          resolve({ senderId: id(event.message.senderId!) })
        }
        signedIn().addEventHandler(handler, filter)
      })
    },
    async close() {
      await client?.destroy()
    },
  }
}

function mtcuteScenario(sandbox: Sandbox): ScenarioClient {
  let client: MtcuteClient | undefined
  const signedIn = () => client ?? assert.fail('not signed in')
  return {
    async signIn(account, dcId) {
      client = new MtcuteClient({ client: createMtcuteClient(sandbox, { dcId }) })
      let passwordAsked = false
      const me = await client.start({
        phone: `+${account.phone}`,
        code: () => account.loginCode,
        password: () => {
          passwordAsked = true
          return account.password ?? ''
        },
        codeSentCallback: () => {},
      })
      // start() does not wait for the update state; live updates are dropped until it is fetched.
      await client.startUpdatesLoop()
      return { selfId: BigInt(me.id), passwordAsked }
    },
    async dialogTitles() {
      const titles: string[] = []
      for await (const dialog of signedIn().iterDialogs({ limit: 100, archived: 'keep' })) titles.push(dialog.peer.displayName)
      return titles
    },
    async resolveUsername(username) {
      return BigInt((await signedIn().getUser(username)).id)
    },
    async sendAndReadBack(userId, _username, text) {
      await signedIn().sendText(Number(userId), text)
      const [newest] = await signedIn().getHistory(Number(userId), { limit: 1 })
      return newest?.text ?? ''
    },
    async uploadAndDownload(bytes) {
      const message = await signedIn().sendMedia('me', InputMedia.document(bytes, { fileName: 'scenario.bin' }))
      assert.ok(message.media?.type === 'document', `a document came back, not ${message.media?.type}`)
      return signedIn().downloadAsBuffer(message.media)
    },
    incomingMessage(text) {
      return new Promise((resolve) => {
        const handler = (message: MtcuteMessage) => {
          if (message.isOutgoing || message.text !== text) return
          signedIn().onNewMessage.remove(handler)
          resolve({ senderId: BigInt(message.sender.id) })
        }
        signedIn().onNewMessage.add(handler)
      })
    },
    async close() {
      await client?.destroy()
    },
  }
}

const libraries: [string, (sandbox: Sandbox) => ScenarioClient][] = [
  ['GramJS', gramJsScenario],
  ['mtcute', mtcuteScenario],
]

for (const [library, createScenario] of libraries) {
  describe(`conformance scenario with ${library}`, () => {
    let sandbox: Sandbox
    let ada: ScenarioClient
    let grace: ScenarioClient
    const seeded = (key: string): SeededAccount => sandbox.seed!.accounts.find((account) => account.key === key)!

    before(async () => {
      sandbox = await startSandbox({ log: () => {} })
      ada = createScenario(sandbox)
      grace = createScenario(sandbox)
    })
    after(async () => {
      await Promise.allSettled([ada.close(), grace.close()])
      await sandbox.stop()
    })

    test('1. signs in with the login code, and with 2FA after PHONE_MIGRATE', { timeout: CLIENT_TEST_TIMEOUT_MS }, async () => {
      const adaSignIn = await ada.signIn(seeded('ada'), seeded('ada').homeDc)
      assert.deepEqual(adaSignIn, { selfId: seeded('ada').id, passwordAsked: false })
      assert.notEqual(seeded('grace').homeDc, 1, 'Grace lives on another DC than the one the client starts on')
      const graceSignIn = await grace.signIn(seeded('grace'), 1)
      assert.deepEqual(graceSignIn, { selfId: seeded('grace').id, passwordAsked: true })
    })

    test("2. lists Ada's dialogs", { timeout: CLIENT_TEST_TIMEOUT_MS }, async () => {
      const titles = await ada.dialogTitles()
      const adaId = seeded('ada').id
      const view = sandbox.world.viewAs(adaId)
      const expected = sandbox.world.dialogs.list(adaId).map((dialog) => titleOf(view.entity(dialog.peer), dialog.peer))
      assert.ok(expected.length >= 10, 'the seeded world gives Ada a dozen dialogs')
      assert.deepEqual(titles, expected)
    })

    test("3. resolves Grace's username", { timeout: CLIENT_TEST_TIMEOUT_MS }, async () => {
      assert.equal(await ada.resolveUsername(seeded('grace').username!), seeded('grace').id)
    })

    test('4. sends a message and reads it back from history', { timeout: CLIENT_TEST_TIMEOUT_MS }, async () => {
      const text = `${library} says hello at ${Date.now()}`
      assert.equal(await ada.sendAndReadBack(seeded('grace').id, seeded('grace').username!, text), text)
    })

    test('5. uploads a 5 MiB file and downloads it byte-identical', { timeout: CLIENT_TEST_TIMEOUT_MS }, async () => {
      const original = randomBytes(FILE_SIZE)
      const downloaded = await ada.uploadAndDownload(original)
      assert.equal(downloaded.length, original.length)
      assert.ok(Buffer.from(downloaded).equals(original), 'the bytes came back unchanged')
    })

    test('6. receives a live update when the control hook sends from another account', { timeout: CLIENT_TEST_TIMEOUT_MS }, async () => {
      const text = `live from Alan to ${library}`
      const arrived = ada.incomingMessage(text)
      await sandbox.control.as(seeded('alan').id).sendMessage(seeded('ada').id, text)
      assert.deepEqual(await arrived, { senderId: seeded('alan').id })
    })
  })
}

/** How clients title a dialog: the chat title, or a user's first and last name. */
function titleOf(entity: { _: string; [field: string]: unknown }, peer: PeerRef): string {
  if (entity._ === 'user') return [entity.first_name, entity.last_name].filter(Boolean).join(' ')
  if ('title' in entity) return String(entity.title)
  assert.fail(`no title for ${peer.kind} ${peer.id}`)
}
