// Translation by constructor name between our layer and the layers of GramJS and mtcute. Where an
// independent reader exists (GramJS for its layer, mtcute for its own), the translated object is
// encoded and read back by it, so "the client can read what we send" is checked, not assumed.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { after, before, describe, test } from 'node:test'
import { Api } from 'telegram'
import { BinaryReader } from 'telegram/extensions'
import {
  fromClientLayer,
  getLayerCodec,
  LayerTranslateError,
  type MtcuteSchema,
  ourLayer,
  setTranslationLog,
  type SubstitutionEvent,
  type TlPlainObject,
  toClientLayer,
  type TranslationLog,
} from './index'
import { MtcuteShapes } from './test-support/mtcute-objects'
import { sampleObject } from './test-support/sample-objects'

const requireHere = createRequire(__filename)
const GRAMJS: number = requireHere('telegram/tl/AllTLObjects.js').LAYER
const mtcuteSchema = requireHere('@mtcute/core/tl/api-schema.json') as MtcuteSchema
const MTCUTE = mtcuteSchema.l
const OURS = ourLayer()
const ours = getLayerCodec(OURS)
const shapes = new MtcuteShapes(mtcuteSchema)

let events: SubstitutionEvent[] = []
let previousLog: TranslationLog
let mtcute: typeof import('@mtcute/core/utils.js')
before(async () => {
  previousLog = setTranslationLog((event) => events.push(event))
  mtcute = await import('@mtcute/core/utils.js')
})
after(() => setTranslationLog(previousLog))

const sample = (name: string): TlPlainObject => sampleObject(ours.schema, ours.schema.constructorNamed(name)!, 'all-set')

/** Encodes in GramJS's layer and lets GramJS read it: what a GramJS client would see. */
function readByGramjs(object: TlPlainObject): Record<string, unknown> {
  return new BinaryReader(Buffer.from(getLayerCodec(GRAMJS).encode(object))).tgReadObject()
}

/** Encodes in mtcute's layer and lets mtcute read it, in our object shape. */
function readByMtcute(object: TlPlainObject): unknown {
  const bytes = getLayerCodec(MTCUTE).encode(object)
  return shapes.fromMtcute(mtcute.TlBinaryReader.deserializeObject(mtcute.__tlReaderMap, bytes))
}

function translateAndLog<T>(run: () => T): { result: T; events: SubstitutionEvent[] } {
  events = []
  const result = run()
  return { result, events }
}

describe('translation between layers', () => {
  test('the layers under test really differ from ours', () => {
    assert.notEqual(GRAMJS, OURS)
    assert.notEqual(MTCUTE, OURS)
    assert.notEqual(getLayerCodec(GRAMJS).schema.constructorNamed('user')!.id, ours.schema.constructorNamed('user')!.id)
  })

  describe('config', () => {
    const config = sample('config')

    test(`to layer ${GRAMJS}: GramJS reads every field, and the way back loses nothing`, () => {
      const translated = toClientLayer(config, GRAMJS) as TlPlainObject
      const gramjs = readByGramjs(translated)
      assert.equal(gramjs.className, 'Config')
      assert.equal(gramjs.thisDc, config.this_dc)
      assert.equal(gramjs.meUrlPrefix, config.me_url_prefix)
      assert.equal(gramjs.testMode, config.test_mode)
      assert.equal((gramjs.dcOptions as unknown[]).length, (config.dc_options as unknown[]).length)
      assert.deepEqual(fromClientLayer(translated, GRAMJS), config)
    })

    test(`to layer ${MTCUTE}: mtcute reads the same object, and the way back loses nothing`, () => {
      const translated = toClientLayer(config, MTCUTE) as TlPlainObject
      assert.deepEqual(readByMtcute(translated), translated)
      assert.deepEqual(fromClientLayer(translated, MTCUTE), config)
    })

    test('fields missing on one side become defaults on the other, never a broken object', () => {
      // A client's config lacking required fields (as an older layer's would) is filled with zero values.
      const sparse = { _: 'config', date: 5, expires: 6, test_mode: true, this_dc: 2, dc_options: [] }
      const filled = fromClientLayer(sparse, GRAMJS) as TlPlainObject
      assert.equal(filled.date, 5)
      assert.equal(filled.dc_txt_domain_name, '')
      assert.equal(filled.chat_size_max, 0)
      assert.equal(filled.tmp_sessions, undefined)
      assert.equal(filled.default_p2p_contacts, false)
      assert.deepEqual(ours.decode(ours.encode(filled)), filled)
    })
  })

  describe('user', () => {
    const color = { _: 'peerColor', color: 3, background_emoji_id: 9n }
    const user: TlPlainObject = { ...sample('user'), color, profile_color: color, bot_forum_view: true, send_paid_messages_stars: 50n }

    test(`to layer ${GRAMJS}: fields it lacks are dropped and a field whose type changed is left unset`, () => {
      const { result, events: logged } = translateAndLog(() => toClientLayer(user, GRAMJS) as TlPlainObject)
      assert.equal('bot_forum_view' in result, false)
      assert.equal('send_paid_messages_stars' in result, false)
      // stories_max_id is a RecentStory object in our layer and an int in 198.
      assert.equal(typeof (user.stories_max_id as TlPlainObject)._, 'string')
      assert.equal(result.stories_max_id, undefined)
      assert.deepEqual(
        logged.map((e) => e.from),
        ['user.stories_max_id'],
      )
      const gramjs = readByGramjs(result)
      assert.equal(gramjs.className, 'User')
      assert.equal(String(gramjs.id), String(user.id))
      assert.equal(gramjs.firstName, user.first_name)
      assert.equal(gramjs.self, true)

      const back = fromClientLayer(result, GRAMJS) as TlPlainObject
      assert.equal(back.bot_forum_view, false)
      assert.equal(back.send_paid_messages_stars, undefined)
      assert.equal(back.first_name, user.first_name)
    })

    test(`to layer ${MTCUTE} and back: newer fields appear unset and nothing of ours is lost`, () => {
      const translated = toClientLayer(user, MTCUTE) as TlPlainObject
      assert.equal(translated.bot_can_manage_bots, false)
      assert.deepEqual(readByMtcute(translated), translated)
      assert.deepEqual(fromClientLayer(translated, MTCUTE), user)
    })
  })

  describe('message', () => {
    const message: TlPlainObject = {
      ...sample('message'),
      from_rank: 'admin',
      media: {
        _: 'messageMediaToDo',
        todo: sample('todoList'),
        completions: undefined,
      },
      entities: [
        { _: 'messageEntityBold', offset: 0, length: 4 },
        { _: 'messageEntityFormattedDate', relative: true, short_time: false, long_time: false, short_date: false, long_date: false, day_of_week: false, offset: 5, length: 3, date: 1_700_000_000 },
      ],
    }

    test(`to layer ${GRAMJS}: constructors it lacks become the closest of the same type, and each is logged`, () => {
      const { result, events: logged } = translateAndLog(() => toClientLayer(message, GRAMJS) as TlPlainObject)
      assert.equal('from_rank' in result, false)
      // Nothing of a to-do list fits another media constructor: the "unsupported" one stands in.
      assert.deepEqual(result.media, { _: 'messageMediaUnsupported' })
      // The date entity keeps its offset and length in the first entity constructor holding both.
      assert.deepEqual(result.entities, [
        { _: 'messageEntityBold', offset: 0, length: 4 },
        { _: 'messageEntityUnknown', offset: 5, length: 3 },
      ])
      assert.deepEqual(
        logged.filter((e) => e.to).map((e) => [e.from, e.to, e.layer]),
        [
          ['messageMediaToDo', 'messageMediaUnsupported', GRAMJS],
          ['messageEntityFormattedDate', 'messageEntityUnknown', GRAMJS],
        ],
      )
      const gramjs = readByGramjs(result)
      assert.equal(gramjs.className, 'Message')
      assert.equal(gramjs.message, message.message)
      assert.equal((gramjs.media as { className: string }).className, 'MessageMediaUnsupported')
      assert.equal((gramjs.entities as { className: string }[])[1]!.className, 'MessageEntityUnknown')
    })

    test(`to layer ${MTCUTE} and back: its extra fields stay unset and the message survives intact`, () => {
      const translated = toClientLayer(message, MTCUTE) as TlPlainObject
      assert.equal(translated.rich_message, undefined)
      assert.equal(translated.guestchat_via_from, undefined)
      assert.equal(translated.from_rank, 'admin')
      assert.deepEqual(readByMtcute(translated), translated)
      assert.deepEqual(fromClientLayer(translated, MTCUTE), message)
    })

    test(`from layer ${MTCUTE}: fields and constructors we lack are dropped or substituted`, () => {
      const theirs: TlPlainObject = {
        ...(toClientLayer(message, MTCUTE) as TlPlainObject),
        guestchat_via_from: { _: 'peerUser', user_id: 5n },
        entities: [{ _: 'messageEntityDiffInsert', offset: 1, length: 2 }],
      }
      const { result, events: logged } = translateAndLog(() => fromClientLayer(theirs, MTCUTE) as TlPlainObject)
      assert.equal('guestchat_via_from' in result, false)
      assert.equal('rich_message' in result, false)
      assert.deepEqual(result.entities, [{ _: 'messageEntityUnknown', offset: 1, length: 2 }])
      assert.deepEqual(logged.map((e) => [e.from, e.to]), [['messageEntityDiffInsert', 'messageEntityUnknown']])
      assert.deepEqual(ours.decode(ours.encode(result)), result)
    })
  })

  describe('required fields only the target has', () => {
    test('an object-typed one gets the type\'s simplest constructor, filled with defaults', () => {
      const theirs = sampleObject(getLayerCodec(GRAMJS).schema, getLayerCodec(GRAMJS).schema.constructorNamed('forumTopic')!, 'all-unset')
      const topic = fromClientLayer(theirs, GRAMJS) as TlPlainObject
      // forumTopic.peer exists only in our layer; every Peer constructor needs one id, peerUser comes first.
      assert.deepEqual(topic.peer, { _: 'peerUser', user_id: 0n })
      assert.deepEqual(ours.decode(ours.encode(topic)), topic)
    })

    test('an int one gets 0 and a vector one gets []', () => {
      const gift = fromClientLayer({ _: 'messageActionGiftPremium', currency: 'EUR', amount: 100n, months: 3 }, GRAMJS) as TlPlainObject
      assert.equal(gift.days, 0)
      assert.equal('months' in gift, false)
      const history = fromClientLayer({ _: 'messages.messages', messages: [], chats: [], users: [] }, GRAMJS) as TlPlainObject
      assert.deepEqual(history.topics, [])
    })
  })

  describe('requests', () => {
    test(`GramJS's wrapped getConfig decodes in layer ${GRAMJS} and becomes the same call in ours`, () => {
      const request = new Api.InvokeWithLayer({
        layer: GRAMJS,
        query: new Api.InitConnection({
          apiId: 1,
          deviceModel: 'm',
          systemVersion: 's',
          appVersion: 'a',
          systemLangCode: 'en',
          langPack: '',
          langCode: 'en',
          query: new Api.help.GetConfig(),
        }),
      })
      const codec = getLayerCodec(GRAMJS)
      const translated = codec.toOurs(codec.decode(new Uint8Array(request.getBytes()))) as TlPlainObject
      assert.equal(translated._, 'invokeWithLayer')
      const init = translated.query as TlPlainObject
      assert.equal(init._, 'initConnection')
      assert.equal(init.device_model, 'm')
      assert.deepEqual(init.query, { _: 'help.getConfig' })
      assert.deepEqual(ours.decode(ours.encode(translated)), translated)
    })

    test('a method our layer does not have is refused, never swapped for another', () => {
      const codec = getLayerCodec(GRAMJS)
      assert.ok(codec.schema.methodNamed('stats.getBroadcastRevenueStats'))
      assert.throws(
        () => codec.toOurs({ _: 'stats.getBroadcastRevenueStats', dark: false, peer: { _: 'inputPeerSelf' } }),
        (error) => error instanceof LayerTranslateError && error.objectName === 'stats.getBroadcastRevenueStats' && error.layer === OURS,
      )
    })

    test('results that are not objects (Bool, vectors of longs) pass through untouched', () => {
      const codec = getLayerCodec(GRAMJS)
      assert.equal(codec.fromOurs(true), true)
      assert.deepEqual(codec.fromOurs([1n, 2n]), [1n, 2n])
      assert.deepEqual(codec.decodeResult('messages.getAllStickers', codec.encodeResult('messages.getAllStickers', { _: 'messages.allStickersNotModified' })), {
        _: 'messages.allStickersNotModified',
      })
    })
  })
})
