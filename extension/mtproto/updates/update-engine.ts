/**
 * The update-state machine of one account: pts/qts/seq/date for the account's common box, a pts per
 * channel, and the rules of core.telegram.org/api/updates that turn an unreliable push stream into
 * every update once, in order.
 *
 * - An update that fits its sequence is delivered and the counter advances (and is saved).
 * - One that was already applied is dropped.
 * - One that comes early is held, and the engine waits `gapTimeoutMs` for the missing ones (pushes
 *   often overtake each other); if the hole is still there it fetches updates.getDifference (or
 *   updates.getChannelDifference for a channel), walking differenceSlice and non-final channel
 *   differences, and handling the too-long forms by taking the server's state and reporting a gap.
 * - updatesTooLong, updateChannelTooLong and short messages that name a peer the client does not
 *   know fetch the difference at once.
 * - After `idleTimeoutMs` without any update it fetches the difference anyway: Telegram's advice for
 *   quiet clients, and also how a connection that dropped while idle comes back.
 *
 * Memory stays bounded: held updates are capped per box (beyond the cap they are dropped and the
 * difference fetched instead), and nothing is kept per delivered update.
 */
import type { TlConstructors, TlTypes } from '../../../schema/codec/generated/types'
import type { LogLevel } from '../session/session'
import type { UpdateState } from '../sessions/session'
import { checkSequence } from './sequence'
import { peersOfShortMessage, toBatch, type PtsStep, type Update, type UpdateBatch } from './update-batch'
import { channelIdOf, sequenceSlot } from './update-kinds'

type Difference = TlTypes['updates.Difference']
type ChannelDifference = TlTypes['updates.ChannelDifference']

/** The users and chats that came with an update, for event objects and the entity cache. */
export interface UpdateEntities {
  users: readonly TlTypes['User'][]
  chats: readonly TlTypes['Chat'][]
}

/** Updates were lost for good (a too-long difference): what the client shows may be stale. */
export interface UpdateGap {
  /** The channel whose history must be refetched; undefined for the account's common box. */
  channelId?: bigint
  /** The newest messages the server handed over instead (channel too-long form). */
  messages: TlTypes['Message'][]
}

/** What the engine needs from the client; a small surface so it can be driven without a network. */
export interface UpdateEngineDeps {
  getState(): Promise<TlConstructors['updates.state']>
  getDifference(state: UpdateState, ptsTotalLimit: number | undefined): Promise<Difference>
  /** undefined when the channel cannot be addressed (no access hash): its updates are then taken as they come. */
  getChannelDifference(channelId: bigint, pts: number, limit: number): Promise<ChannelDifference | undefined>
  /** The signed-in user's id, for short messages we sent. */
  selfId(): bigint | undefined
  /** Whether the entity cache knows a peer by marked id. */
  knowsPeer(markedId: bigint): boolean
  loadState(): UpdateState | undefined
  saveState(state: UpdateState): void
  loadChannelPts(channelId: bigint): number | undefined
  saveChannelPts(channelId: bigint, pts: number): void
  /** Receives every update once, in order; synchronous, the caller queues the work. */
  deliver(update: Update, entities: UpdateEntities): void
  reportGap(gap: UpdateGap): void
  log(level: LogLevel, message: string): void
}

export interface UpdateEngineOptions {
  /** How long a hole may stay open before the difference is fetched (default 500 ms). */
  gapTimeoutMs?: number
  /** Fetch the difference after this long without updates (default 60 s). */
  idleTimeoutMs?: number
  /** Updates held per box while waiting for a hole to fill (default 1000). */
  maxHeldUpdates?: number
  /** Messages per getChannelDifference (default 100, Telegram's limit for users). */
  channelDifferenceLimit?: number
  /** pts_total_limit of getDifference: beyond it the server answers differenceTooLong. */
  ptsTotalLimit?: number
}

const DEFAULTS = { gapTimeoutMs: 500, idleTimeoutMs: 60_000, maxHeldUpdates: 1000, channelDifferenceLimit: 100 }
/** Failed difference fetches are retried after this long, doubling up to the maximum. */
const RETRY_BASE_MS = 500
const RETRY_MAX_MS = 30_000

/** An update waiting for its turn in a box. */
interface HeldUpdate {
  update: Update | PtsStep
  pts: number
  count: number
  entities: UpdateEntities
}

/** A pts sequence: the account's common box or one channel. */
interface Box {
  pts: number | undefined
  held: HeldUpdate[]
  gapTimer: NodeJS.Timeout | undefined
  /** A difference fetch in progress; updates arriving meanwhile are held. */
  recovering: Promise<void> | undefined
  /** The fetch must run again once the current one ends (a new hole opened while it ran). */
  recoverAgain: boolean
  /** Channels: the newest message id delivered, to know which messages of a too-long answer are new. */
  topMessageId: number
}

const NO_ENTITIES: UpdateEntities = { users: [], chats: [] }

export class UpdateEngine {
  private readonly options: Required<Omit<UpdateEngineOptions, 'ptsTotalLimit'>> & Pick<UpdateEngineOptions, 'ptsTotalLimit'>
  private state: UpdateState | undefined
  private readonly common: Box = newBox(undefined)
  private readonly channels = new Map<bigint, Box>()
  /** Containers that came before their seq turn. */
  private heldSeq: UpdateBatch[] = []
  /** Updates pushed before the starting state is known; replayed (and deduplicated) once it is. */
  private early: TlTypes['Updates'][] | undefined = []
  private idleTimer: NodeJS.Timeout | undefined
  private retryDelay = RETRY_BASE_MS
  private stopped = false
  private starting: Promise<void> | undefined

  constructor(
    private readonly deps: UpdateEngineDeps,
    options: UpdateEngineOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options }
  }

  /** The account's state as far as delivered; undefined before start. */
  get accountState(): Readonly<UpdateState> | undefined {
    return this.state
  }

  channelPts(channelId: bigint): number | undefined {
    return this.channels.get(channelId)?.pts
  }

  /** How many updates are held waiting for holes, over every box (for tests and the bench). */
  get heldCount(): number {
    let count = this.common.held.length + this.heldSeq.length
    for (const box of this.channels.values()) count += box.held.length
    return count
  }

  /**
   * Starts from the session's saved state, catching up on what happened meanwhile (`catchUp`), or
   * from the server's current state. Idempotent.
   */
  start(catchUp = true): Promise<void> {
    // A failed start (no network yet) may be tried again.
    return (this.starting ??= this.begin(catchUp).catch((error: unknown) => {
      this.starting = undefined
      throw error
    }))
  }

  /** Fetches whatever the account missed now (Telethon's catch_up). */
  async catchUp(): Promise<void> {
    await this.start()
    await this.recover(this.common, undefined)
  }

  /** Stops timers; later input is ignored. */
  stop(): void {
    this.stopped = true
    clearTimeout(this.idleTimer)
    this.idleTimer = undefined
    for (const box of [this.common, ...this.channels.values()]) {
      clearTimeout(box.gapTimer)
      box.gapTimer = undefined
      box.held = []
    }
    this.heldSeq = []
    this.early = undefined
  }

  /** Feeds one Updates object (pushed, or the answer to a request). */
  feed(updates: TlTypes['Updates']): void {
    if (this.stopped) return
    if (this.early) {
      // Before the state is known nothing can be checked; a flood is left to the difference.
      if (this.early.length < this.options.maxHeldUpdates) this.early.push(updates)
      return
    }
    this.armIdleTimer()
    if (updates._ === 'updatesTooLong') return void this.recover(this.common, undefined)
    if ((updates._ === 'updateShortMessage' || updates._ === 'updateShortChatMessage') && !peersOfShortMessage(updates).every((id) => this.deps.knowsPeer(id))) {
      // The short form carries no users or chats: the difference brings the message with them.
      return void this.recover(this.common, undefined)
    }
    const batch = toBatch(updates, this.deps.selfId())
    if (!batch) return
    if ('_' in batch) return this.offer(this.common, { update: batch, pts: batch.pts, count: batch.pts_count, entities: NO_ENTITIES })
    this.feedBatch(batch)
  }

  /** Applies a pts step a request answered with (messages.affectedMessages): it moves pts like any update, silently. */
  feedPtsStep(pts: number, count: number): void {
    if (this.stopped) return
    // Before the start, kept in the one Updates form that is nothing but a pts step.
    if (this.early) return void (this.early.length < this.options.maxHeldUpdates && this.early.push({ _: 'updateShortSentMessage', pts, pts_count: count, id: 0, date: 0 }))
    this.offer(this.common, { update: { _: 'ptsStep', pts, pts_count: count }, pts, count, entities: NO_ENTITIES })
  }

  private async begin(catchUp: boolean): Promise<void> {
    const saved = catchUp ? this.deps.loadState() : undefined
    if (saved) {
      this.setState({ ...saved })
    } else {
      const fresh = await this.deps.getState()
      this.setState({ pts: fresh.pts, qts: fresh.qts, date: fresh.date, seq: fresh.seq })
    }
    const early = this.early ?? []
    this.early = undefined
    if (saved) await this.recover(this.common, undefined)
    for (const updates of early) this.feed(updates)
    this.armIdleTimer()
  }

  private feedBatch(batch: UpdateBatch): void {
    const state = this.state!
    if (batch.seqStart !== 0) {
      const verdict = checkSequence(state.seq, batch.seqStart, 1)
      if (verdict === 'duplicate') return
      if (verdict === 'gap' && state.seq !== 0) {
        this.heldSeq.push(batch)
        if (this.heldSeq.length > this.options.maxHeldUpdates) this.heldSeq.shift()
        this.armGapTimer(this.common, undefined)
        return
      }
    }
    this.applyBatch(batch)
    // A container may have filled the seq hole others were waiting on.
    for (let next = this.nextHeldSeq(); next; next = this.nextHeldSeq()) this.applyBatch(next)
  }

  private nextHeldSeq(): UpdateBatch | undefined {
    const seq = this.state!.seq
    this.heldSeq = this.heldSeq.filter((batch) => batch.seq > seq)
    const index = this.heldSeq.findIndex((batch) => batch.seqStart === seq + 1)
    return index < 0 ? undefined : this.heldSeq.splice(index, 1)[0]
  }

  private applyBatch(batch: UpdateBatch): void {
    const entities = { users: batch.users, chats: batch.chats }
    for (const update of batch.updates) this.route(update, entities, false)
    if (batch.seq !== 0) this.setState({ ...this.state!, seq: batch.seq, date: batch.date })
  }

  /** Sends one single update to its box; `trusted` updates come from a difference and skip the account's pts check. */
  private route(update: Update, entities: UpdateEntities, trusted: boolean): void {
    if (update._ === 'updateChannelTooLong') {
      const box = this.channelBox(update.channel_id)
      if (box.pts === undefined && update.pts !== undefined) box.pts = update.pts
      void this.recover(box, update.channel_id)
      return
    }
    const slot = sequenceSlot(update)
    switch (slot.kind) {
      case 'channelPts':
        return this.offer(this.channelBox(slot.channelId), { update, pts: slot.pts, count: slot.count, entities }, slot.channelId)
      case 'pts':
        if (trusted) return this.deps.deliver(update, entities)
        return this.offer(this.common, { update, pts: slot.pts, count: slot.count, entities })
      case 'qts': {
        const state = this.state!
        if (!trusted) {
          const verdict = checkSequence(state.qts, slot.qts, 1)
          if (verdict === 'duplicate') return
          // qts holes are rare (secret chats, bot events); the difference covers them.
          if (verdict === 'gap' && state.qts !== 0) return void this.recover(this.common, undefined)
        }
        this.deps.deliver(update, entities)
        if (slot.qts > state.qts) this.setState({ ...state, qts: slot.qts })
        return
      }
      case 'none':
        return this.deps.deliver(update, entities)
    }
  }

  /** Applies a pts update to its box now, holds it for a hole, or drops it as already applied. */
  private offer(box: Box, held: HeldUpdate, channelId?: bigint): void {
    if (box.pts === undefined) {
      // A channel we never tracked: nothing to compare with, so its first update sets the pts.
      box.pts = held.pts - held.count
    }
    if (box.recovering) return this.hold(box, held, channelId)
    const verdict = checkSequence(box.pts, held.pts, held.count)
    if (verdict === 'duplicate') return
    if (verdict === 'gap') return this.hold(box, held, channelId)
    this.apply(box, held, channelId)
    this.drainHeld(box, channelId)
  }

  private hold(box: Box, held: HeldUpdate, channelId: bigint | undefined): void {
    box.held.push(held)
    if (box.held.length > this.options.maxHeldUpdates) {
      // Too much to hold: the difference will bring all of it again.
      box.held = []
      box.recoverAgain = box.recovering !== undefined
      void this.recover(box, channelId)
      return
    }
    if (!box.recovering) this.armGapTimer(box, channelId)
  }

  private apply(box: Box, held: HeldUpdate, channelId: bigint | undefined): void {
    box.pts = held.pts
    if (held.update._ !== 'ptsStep') this.deps.deliver(held.update, held.entities)
    if (channelId === undefined) {
      this.setState({ ...this.state!, pts: held.pts })
    } else {
      this.deps.saveChannelPts(channelId, held.pts)
      const message = (held.update as { message?: { id?: number } }).message
      if (held.update._ === 'updateNewChannelMessage' && typeof message?.id === 'number') box.topMessageId = Math.max(box.topMessageId, message.id)
    }
  }

  /** Applies held updates that now fit, in pts order; drops those already covered. */
  private drainHeld(box: Box, channelId: bigint | undefined): void {
    if (box.held.length === 0) return
    box.held.sort((a, b) => a.pts - a.count - (b.pts - b.count))
    while (box.held.length > 0) {
      const next = box.held[0]!
      const verdict = checkSequence(box.pts!, next.pts, next.count)
      if (verdict === 'gap') break
      box.held.shift()
      if (verdict === 'apply') this.apply(box, next, channelId)
    }
    if (box.held.length === 0 && (channelId !== undefined || this.heldSeq.length === 0)) {
      clearTimeout(box.gapTimer)
      box.gapTimer = undefined
    }
  }

  private armGapTimer(box: Box, channelId: bigint | undefined): void {
    if (box.gapTimer || this.stopped) return
    box.gapTimer = setTimeout(() => {
      box.gapTimer = undefined
      void this.recover(box, channelId)
    }, this.options.gapTimeoutMs)
  }

  private armIdleTimer(): void {
    if (this.stopped) return
    clearTimeout(this.idleTimer)
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined
      void this.recover(this.common, undefined).finally(() => this.armIdleTimer())
    }, this.options.idleTimeoutMs)
  }

  /** Fetches the difference of a box; concurrent calls share one fetch, and a call during it runs it again after. */
  private recover(box: Box, channelId: bigint | undefined): Promise<void> {
    if (this.stopped || !this.state) return Promise.resolve()
    if (box.recovering) {
      box.recoverAgain = true
      return box.recovering
    }
    clearTimeout(box.gapTimer)
    box.gapTimer = undefined
    const run = async () => {
      do {
        box.recoverAgain = false
        if (channelId === undefined) await this.fetchCommonDifference()
        else await this.fetchChannelDifference(box, channelId)
      } while (box.recoverAgain && !this.stopped)
    }
    box.recovering = run()
      .then(
        () => {
          this.retryDelay = RETRY_BASE_MS
        },
        (error: unknown) => {
          if (this.stopped) return
          this.deps.log('warn', `fetching the ${channelId === undefined ? 'update' : `channel ${channelId}`} difference failed (${(error as Error).message}); retrying in ${this.retryDelay} ms`)
          const retry = setTimeout(() => void this.recover(box, channelId), this.retryDelay)
          box.gapTimer = retry
          this.retryDelay = Math.min(this.retryDelay * 2, RETRY_MAX_MS)
        },
      )
      .finally(() => {
        box.recovering = undefined
        if (!this.stopped) this.afterRecovery(box, channelId)
      })
    return box.recovering
  }

  /** Held updates the difference covered are dropped; later ones are applied or wait again. */
  private afterRecovery(box: Box, channelId: bigint | undefined): void {
    if (channelId === undefined) {
      for (let next = this.nextHeldSeq(); next; next = this.nextHeldSeq()) this.applyBatch(next)
    }
    this.drainHeld(box, channelId)
    if (box.held.length > 0 || (channelId === undefined && this.heldSeq.length > 0)) this.armGapTimer(box, channelId)
  }

  private async fetchCommonDifference(): Promise<void> {
    for (;;) {
      if (this.stopped) return
      const difference = await this.deps.getDifference({ ...this.state! }, this.options.ptsTotalLimit)
      if (this.stopped) return
      switch (difference._) {
        case 'updates.differenceEmpty':
          this.setState({ ...this.state!, date: difference.date, seq: difference.seq })
          return
        case 'updates.difference':
          this.applyDifference(difference)
          this.setCommonState(difference.state)
          return
        case 'updates.differenceSlice':
          this.applyDifference(difference)
          this.setCommonState(difference.intermediate_state)
          continue
        case 'updates.differenceTooLong': {
          // What happened in between is gone: take the server's state and say so.
          this.deps.log('warn', `the update difference was too long; skipping to pts ${difference.pts}`)
          const fresh = await this.deps.getState()
          this.setCommonState({ ...fresh, pts: Math.max(fresh.pts, difference.pts) })
          this.deps.reportGap({ messages: [] })
          return
        }
      }
    }
  }

  private applyDifference(difference: TlConstructors['updates.difference'] | TlConstructors['updates.differenceSlice']): void {
    const entities = { users: difference.users, chats: difference.chats }
    for (const message of difference.new_messages) {
      if (message._ === 'messageEmpty') continue
      this.deps.deliver({ _: 'updateNewMessage', message, pts: 0, pts_count: 0 }, entities)
    }
    // Channel updates in here still go through their channel's box; the account's are trusted.
    for (const update of difference.other_updates) this.route(update, entities, true)
  }

  private setCommonState(state: { pts: number; qts: number; date: number; seq: number }): void {
    this.common.pts = state.pts
    this.setState({ pts: state.pts, qts: state.qts, date: state.date, seq: state.seq })
  }

  private async fetchChannelDifference(box: Box, channelId: bigint): Promise<void> {
    for (;;) {
      if (this.stopped || box.pts === undefined) return
      const difference = await this.deps.getChannelDifference(channelId, box.pts, this.options.channelDifferenceLimit)
      if (this.stopped) return
      if (!difference) {
        // Not addressable: forget the channel's pts so its next update is taken as it comes.
        box.pts = undefined
        box.held = []
        return
      }
      switch (difference._) {
        case 'updates.channelDifferenceEmpty':
          this.setChannelPts(box, channelId, difference.pts)
          return
        case 'updates.channelDifference': {
          const entities = { users: difference.users, chats: difference.chats }
          for (const message of difference.new_messages) {
            if (message._ === 'messageEmpty') continue
            this.deps.deliver({ _: 'updateNewChannelMessage', message, pts: 0, pts_count: 0 }, entities)
            box.topMessageId = Math.max(box.topMessageId, message.id)
          }
          for (const update of difference.other_updates) {
            if (channelIdOf(update) === channelId || sequenceSlot(update).kind === 'none') this.deps.deliver(update, entities)
            else this.route(update, entities, false)
          }
          this.setChannelPts(box, channelId, difference.pts)
          if (difference.final) return
          continue
        }
        case 'updates.channelDifferenceTooLong': {
          const dialog = difference.dialog
          const pts = dialog._ === 'dialog' ? dialog.pts : undefined
          this.deps.log('warn', `channel ${channelId} difference was too long; its history must be refetched`)
          // Hand over only what is newer than anything delivered; the rest is the gap the app must refetch.
          const fresh = box.topMessageId > 0 ? difference.messages.filter((m) => m._ !== 'messageEmpty' && m.id > box.topMessageId) : []
          const entities = { users: difference.users, chats: difference.chats }
          for (const message of [...fresh].reverse()) this.deps.deliver({ _: 'updateNewChannelMessage', message, pts: 0, pts_count: 0 }, entities)
          for (const message of difference.messages) if (message._ !== 'messageEmpty') box.topMessageId = Math.max(box.topMessageId, message.id)
          if (pts !== undefined) this.setChannelPts(box, channelId, pts)
          this.deps.reportGap({ channelId, messages: difference.messages })
          return
        }
      }
    }
  }

  private setChannelPts(box: Box, channelId: bigint, pts: number): void {
    box.pts = pts
    this.deps.saveChannelPts(channelId, pts)
  }

  private channelBox(channelId: bigint): Box {
    let box = this.channels.get(channelId)
    if (!box) this.channels.set(channelId, (box = newBox(this.deps.loadChannelPts(channelId))))
    return box
  }

  private setState(state: UpdateState): void {
    this.state = state
    this.common.pts = state.pts
    this.deps.saveState(state)
  }
}

function newBox(pts: number | undefined): Box {
  return { pts, held: [], gapTimer: undefined, recovering: undefined, recoverAgain: false, topMessageId: 0 }
}
