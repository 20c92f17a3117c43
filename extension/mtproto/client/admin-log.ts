/**
 * The admin log of a supergroup or channel ("recent actions"), after Telethon's iter_admin_log and
 * AdminLogEvent: who joined, left, was banned or promoted, newest first, paged 100 at a time by event id.
 * Only admins may read it.
 *
 *   for await (const event of client.iterAdminLog(group, { kick: true, limit: 20 })) console.log(event.userId, event.action._)
 */
import type { TlConstructors, TlTypes } from '../../../schema/codec/generated/types'
import { getInputChannel } from '../entities/input-peers'
import { entityMap, type Entity } from './message'
import type { TelegramClient } from './telegram-client'
import type { EntityLike } from './users'

const ADMIN_LOG_PAGE = 100

type EventFilterFlags = Omit<TlConstructors['channelAdminLogEventsFilter'], '_'>

export interface IterAdminLogOptions extends EventFilterFlags {
  limit?: number
  /** Only events older than this id. */
  maxId?: bigint
  /** Only events newer than this id. */
  minId?: bigint
  /** Only events that mention this text (names, titles, messages). */
  search?: string
  /** Only what these admins did. */
  admins?: readonly EntityLike[]
}

export class AdminLogEvent {
  constructor(
    readonly raw: TlConstructors['channelAdminLogEvent'],
    private readonly related: ReadonlyMap<bigint, Entity>,
  ) {}

  get id(): bigint {
    return this.raw.id
  }

  get date(): Date {
    return new Date(this.raw.date * 1000)
  }

  /** The admin (or, for joins and leaves, the member) who did it. */
  get userId(): bigint {
    return this.raw.user_id
  }

  get user(): Entity | undefined {
    return this.related.get(this.raw.user_id)
  }

  get action(): TlTypes['ChannelAdminLogEventAction'] {
    return this.raw.action
  }

  /** The participant before a ban or promotion changed it. */
  get old(): TlTypes['ChannelParticipant'] | undefined {
    const action = this.raw.action
    return 'prev_participant' in action ? action.prev_participant : undefined
  }

  /** The participant after a ban or promotion. */
  get new(): TlTypes['ChannelParticipant'] | undefined {
    const action = this.raw.action
    return 'new_participant' in action ? action.new_participant : undefined
  }

  get joined(): boolean {
    return this.raw.action._ === 'channelAdminLogEventActionParticipantJoin' || this.raw.action._ === 'channelAdminLogEventActionParticipantJoinByInvite'
  }

  get left(): boolean {
    return this.raw.action._ === 'channelAdminLogEventActionParticipantLeave'
  }

  /** Someone was promoted, demoted, or had their admin rights changed. */
  get changedAdmin(): boolean {
    return this.raw.action._ === 'channelAdminLogEventActionParticipantToggleAdmin'
  }

  /** Someone was restricted, banned, or had that lifted. */
  get changedRestrictions(): boolean {
    return this.raw.action._ === 'channelAdminLogEventActionParticipantToggleBan'
  }

  toJSON(): unknown {
    return this.raw
  }
}

export const adminLogMethods = {
  iterAdminLog(this: TelegramClient, chat: EntityLike, options: IterAdminLogOptions = {}): AsyncIterable<AdminLogEvent> {
    const client = this
    return {
      async *[Symbol.asyncIterator]() {
        const channel = getInputChannel(await client.resolvePeer(chat))
        const { limit = Infinity, maxId = 0n, minId = 0n, search = '', admins, ...flags } = options
        const filter = Object.values(flags).some(Boolean) ? { events_filter: { _: 'channelAdminLogEventsFilter', ...flags } as const } : {}
        const adminUsers = admins ? { admins: await Promise.all(admins.map((admin) => client.resolveInputUser(admin))) } : {}
        let remaining = limit
        let before = maxId
        while (remaining > 0) {
          const pageLimit = Math.min(ADMIN_LOG_PAGE, remaining)
          const answer = await client.call({ _: 'channels.getAdminLog', channel, q: search, max_id: before, min_id: minId, limit: pageLimit, ...filter, ...adminUsers })
          const related = entityMap(answer)
          for (const event of answer.events) yield new AdminLogEvent(event, related)
          remaining -= answer.events.length
          if (answer.events.length < pageLimit) return
          before = answer.events.at(-1)!.id
        }
      },
    }
  },

  async getAdminLog(this: TelegramClient, chat: EntityLike, options: IterAdminLogOptions = {}): Promise<AdminLogEvent[]> {
    const events: AdminLogEvent[] = []
    for await (const event of this.iterAdminLog(chat, options)) events.push(event)
    return events
  },
}
