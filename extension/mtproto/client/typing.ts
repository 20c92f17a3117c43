/**
 * A chat action that lasts, after Telethon's client.action(): Telegram shows "typing…" (or "sending a
 * photo…") for a few seconds per request, so the action is sent again until it is stopped, then cancelled.
 *
 *   await using typing = await client.action(chat, 'typing')
 *   const answer = await slowWork()
 *   // leaving the block cancels it; or call typing.stop() yourself
 */
import type { TypingAction } from './messages'
import type { TelegramClient } from './telegram-client'
import type { EntityLike } from './users'

/** Telegram clears an action after about 6 s; sending it again a little before keeps it on screen. */
const REPEAT_MS = 4500

export class ChatAction {
  private timer: ReturnType<typeof setInterval> | undefined
  private forgetDisconnect: (() => void) | undefined
  private stopped = false

  constructor(
    private readonly client: TelegramClient,
    private readonly peer: EntityLike,
    private readonly kind: TypingAction,
  ) {}

  /** @internal Sends the action now and keeps repeating it. */
  async start(): Promise<void> {
    await this.client.setTyping(this.peer, this.kind)
    this.timer = setInterval(() => {
      this.client.setTyping(this.peer, this.kind).catch((error: unknown) => {
        this.client.log('debug', `repeating a chat action failed: ${(error as Error).message}`)
      })
    }, REPEAT_MS)
    // A forgotten action must not keep the process alive.
    this.timer.unref?.()
    this.forgetDisconnect = this.client.onDisconnect(() => clearInterval(this.timer))
  }

  /** Stops repeating and tells the chat the action is over. */
  async stop(): Promise<void> {
    if (this.stopped) return
    this.stopped = true
    clearInterval(this.timer)
    this.forgetDisconnect?.()
    if (this.client.isConnected) await this.client.setTyping(this.peer, 'cancel')
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop()
  }
}

export const typingMethods = {
  /** Shows `kind` in the chat until the returned handle is stopped or disposed. */
  async action(this: TelegramClient, peer: EntityLike, kind: TypingAction = 'typing'): Promise<ChatAction> {
    const action = new ChatAction(this, await this.resolvePeer(peer), kind)
    await action.start()
    return action
  },
}
