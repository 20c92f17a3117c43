// The control hook's media and hostile-content actions, seen by Ada's real client: documents with metadata taken
// exactly as given and bytes that download unchanged, bots' keyboards (and persons' dropped, as Telegram drops
// them), and unchecked messages that carry what the API methods would refuse.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import type { TlConstructors, TlTypes } from '../../../schema/codec/generated/types'
import type { Message, TelegramClient } from '../../../extension/mtproto'
import { NewMessage, type NewMessageEvent } from '../../../extension/mtproto/events'
import { sandboxPerFile } from '../../client/support'
import { Collector } from '../../client/updates-support'

let ada: TelegramClient
const arrivals = new Collector<NewMessageEvent>()

const file = sandboxPerFile(async () => {
  ada = await file.signedIn('ada')
  await ada.startUpdates()
  ada.on(NewMessage, arrivals.add)
})

const id = (key: string) => (key === 'bot' ? file.sandbox.seed!.bot.id : file.seeded(key).id)
const act = (key: string) => file.sandbox.control.as(id(key))

/** What a keyboard says and does, without the decoder's default flags. */
const buttonsOf = (markup: TlTypes['ReplyMarkup'] | undefined) =>
  markup?._ === 'replyInlineMarkup'
    ? markup.rows.map((row) =>
        row.buttons.map((button) => ({
          kind: button._,
          text: button.text,
          url: 'url' in button ? button.url : undefined,
          data: 'data' in button && button.data instanceof Uint8Array ? Buffer.from(button.data).toString('hex') : undefined,
        })),
      )
    : undefined

/** The newest message in Ada's chat with `key`. */
async function newestFrom(key: string): Promise<Message> {
  const [message] = await ada.getMessages(id(key), { limit: 1 })
  assert.ok(message, `Ada has a message from ${key}`)
  return message
}

/** Resolves once Ada's client has dispatched a live message with this text. */
async function arrivedLive(text: string): Promise<NewMessageEvent> {
  for (;;) {
    const event = arrivals.items.find((candidate) => candidate.text === text)
    if (event) return event
    await arrivals.waitFor(arrivals.items.length + 1)
  }
}

const keyboard: TlTypes['ReplyMarkup'] = {
  _: 'replyInlineMarkup',
  rows: [
    {
      _: 'keyboardButtonRow',
      buttons: [
        { _: 'keyboardButtonUrl', text: 'https://bank.example', url: 'javascript:window.__pwned=1' },
        { _: 'keyboardButtonCallback', text: '<b>Pay</b>', data: Uint8Array.of(0, 255, 60, 62) },
      ],
    },
  ],
}

describe('control hook: documents, keyboards and unchecked messages', () => {
  it('sends a document whose metadata reaches Ada exactly as given and whose bytes download unchanged', async () => {
    const bytes = randomBytes(300_000)
    const fileName = '\u202Eexe.txt/../../evil <b>.sh'
    const { document } = await act('katherine').sendDocument(id('ada'), {
      bytes,
      mimeType: 'text/html"><script>',
      attributes: [{ _: 'documentAttributeFilename', file_name: fileName }],
    }, 'caption <img src=x>')
    assert.ok(Buffer.from(document.bytes).equals(bytes))

    const message = await newestFrom('katherine')
    assert.equal(message.text, 'caption <img src=x>')
    const media = message.raw._ === 'message' ? message.raw.media : undefined
    assert.equal(media?._, 'messageMediaDocument')
    const received = (media as TlConstructors['messageMediaDocument']).document as TlConstructors['document']
    assert.equal(received.mime_type, 'text/html"><script>')
    assert.deepEqual(received.attributes, [{ _: 'documentAttributeFilename', file_name: fileName }])
    assert.deepEqual(Buffer.from(await ada.downloadMedia(message)), bytes)
  })

  it("keeps a bot's inline keyboard and drops a person's, as Telegram does", async () => {
    await act('bot').sendMessage(id('ada'), 'Choose', { replyMarkup: keyboard })
    const fromBot = await newestFrom('bot')
    assert.equal(fromBot.text, 'Choose')
    assert.deepEqual(buttonsOf(fromBot.raw._ === 'message' ? fromBot.raw.reply_markup : undefined), buttonsOf(keyboard))

    await act('grace').sendMessage(id('ada'), 'Not a bot', { replyMarkup: keyboard })
    const fromGrace = await newestFrom('grace')
    assert.equal(fromGrace.text, 'Not a bot')
    assert.equal(fromGrace.raw._ === 'message' ? fromGrace.raw.reply_markup : 'service', undefined)
  })

  it('delivers unchecked messages live: entities out of bounds, a text over the limit, a keyboard from a person', async () => {
    const entities: TlTypes['MessageEntity'][] = [
      { _: 'messageEntityBold', offset: -5, length: 10 },
      { _: 'messageEntityTextUrl', offset: 3, length: 1_000_000, url: 'javascript:window.__pwned=1' },
    ]
    act('alan').deliverUnchecked(id('ada'), { text: 'bad bounds', entities, replyMarkup: keyboard })
    const live = await arrivedLive('bad bounds')
    assert.deepEqual(live.message.raw._ === 'message' && live.message.raw.entities, entities)
    assert.deepEqual(buttonsOf(live.message.raw._ === 'message' ? live.message.raw.reply_markup : undefined), buttonsOf(keyboard))

    const long = 'x'.repeat(20_000)
    act('alan').deliverUnchecked(id('ada'), { text: long })
    assert.equal((await newestFrom('alan')).text, long)
    // The same message through the API method is refused, so the bypass is what let it through.
    await assert.rejects(act('alan').sendMessage(id('ada'), long), /MESSAGE_TOO_LONG/)
  })

  it('delivers a document with an unchecked caption through documentMedia', async () => {
    const alan = act('alan')
    const media = alan.documentMedia({ bytes: Uint8Array.of(1, 2, 3), mimeType: 'image/webp', attributes: [{ _: 'documentAttributeSticker', alt: '<svg onload=1>', stickerset: { _: 'inputStickerSetEmpty' } }] })
    alan.deliverUnchecked(id('ada'), { text: 'c'.repeat(2_000), media })
    const message = await newestFrom('alan')
    assert.equal(message.text.length, 2_000)
    const document = (message.raw._ === 'message' && (message.raw.media as TlConstructors['messageMediaDocument']).document) as TlConstructors['document']
    const sticker = document.attributes[0]
    assert.equal(sticker?._ === 'documentAttributeSticker' && sticker.alt, '<svg onload=1>')
    assert.deepEqual(Buffer.from(await ada.downloadMedia(message)), Buffer.from([1, 2, 3]))
  })
})
