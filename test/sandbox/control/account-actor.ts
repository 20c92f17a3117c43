// Acting as a seeded account from a test: each action is the real API method, run by the same handler a client's
// request reaches, signed in as that account. So the world changes and the updates other sessions receive are
// exactly those of a real client doing the same thing.
import { randomBytes } from 'node:crypto'
import type { TlMethod, TlResults, TlTypes } from '../../../schema/codec/generated/types'
import { ourLayer } from '../layers'
import { mediaOf } from '../media'
import type { DocumentRecord } from '../media/records'
import { messageMediaDocument } from '../media/tl'
import type { CallContext } from '../rpc/method-registry'
import { RpcError, unknownMethod } from '../rpc/rpc-error'
import type { AuthKeyRecord } from '../session/auth-keys'
import { ServerSession } from '../session/server-session'
import type { MessageRecord, World } from '../world'
import { channelPeer, userPeer, type PeerRef } from '../world/peers'

/** An account by id, phone ('+15550001', digits) or username ('@alice', 'alice'). */
export type AccountRef = bigint | string

/** A peer as the acting account names it: an account ref, or an explicit chat / channel. */
export type PeerSpec = AccountRef | PeerRef

export interface SendOptions {
  readonly replyTo?: number
  readonly silent?: boolean
  readonly entities?: TlTypes['MessageEntity'][]
  /** Resending with the same random_id must not post twice; a fresh one by default. */
  readonly randomId?: bigint
  /** A keyboard under the message; the sandbox keeps it only when the acting account is a bot, as Telegram does. */
  readonly replyMarkup?: TlTypes['ReplyMarkup']
}

/** A file to send as a document, with its metadata taken exactly as given (hostile file names included). */
export interface DocumentSpec {
  readonly bytes: Uint8Array
  readonly mimeType: string
  /** documentAttributeFilename, documentAttributeSticker...: nothing is added or checked. */
  readonly attributes: readonly TlTypes['DocumentAttribute'][]
}

/** A message stored as it is: no length, emptiness or entity-bound checks, any media, any keyboard. */
export interface UncheckedMessage {
  readonly text: string
  readonly entities?: readonly TlTypes['MessageEntity'][]
  readonly media?: TlTypes['MessageMedia']
  readonly replyMarkup?: TlTypes['ReplyMarkup']
}

/** What the control session tells initConnection, so that account.getAuthorizations shows it for what it is. */
const CONTROL_DEVICE = {
  apiId: 0,
  deviceModel: 'sandbox control hook',
  systemVersion: 'sandbox',
  appVersion: '1.0',
  langCode: 'en',
}

/** The ref names no account of this sandbox (a mistake in the test or the control request). */
export class UnknownAccountError extends Error {
  override readonly name = 'UnknownAccountError'
}

export function resolveAccount(world: World, ref: AccountRef): bigint {
  const account =
    typeof ref === 'bigint'
      ? world.accounts.get(ref)
      : /^\+?[\d\s-]+$/.test(ref)
        ? world.accounts.byPhone(ref)
        : world.accounts.byUsername(ref.replace(/^@/, ''))
  if (!account) throw new UnknownAccountError(`the sandbox has no account ${String(ref)}`)
  return account.id
}

function replyHeader(replyTo: number | undefined): TlTypes['InputReplyTo'] | undefined {
  return replyTo === undefined ? undefined : { _: 'inputReplyToMessage', reply_to_msg_id: replyTo }
}

/** What messages.sendMessage and messages.sendMedia take alike from the options: a fresh random_id unless given. */
function sendFields(options: SendOptions) {
  return {
    random_id: options.randomId ?? randomBytes(8).readBigInt64LE(),
    silent: options.silent,
    entities: options.entities,
    reply_to: replyHeader(options.replyTo),
    reply_markup: options.replyMarkup,
  }
}

export class AccountActor {
  private signedIn: { authKey: AuthKeyRecord; session: ServerSession } | undefined
  private lastMsgId = 0n

  constructor(
    private readonly world: World,
    readonly accountId: bigint,
  ) {}

  /** Runs any API method as this account, through its registered handler. */
  invoke<M extends TlMethod>(request: M): Promise<TlResults[M['_']]>
  async invoke(request: { _: string }): Promise<unknown> {
    const handler = this.world.methods.lookup(request._)
    if (!handler) throw unknownMethod()
    return handler(request, this.context())
  }

  /** The input peer this account uses for `spec`, with its own access hash. */
  inputPeer(spec: PeerSpec): TlTypes['InputPeer'] {
    const peer = this.peer(spec)
    const accessHash = this.world.accessHashes.of(this.accountId, peer)
    switch (peer.kind) {
      case 'user':
        return peer.id === this.accountId ? { _: 'inputPeerSelf' } : { _: 'inputPeerUser', user_id: peer.id, access_hash: accessHash }
      case 'chat':
        return { _: 'inputPeerChat', chat_id: peer.id }
      case 'channel':
        return { _: 'inputPeerChannel', channel_id: peer.id, access_hash: accessHash }
    }
  }

  sendMessage(to: PeerSpec, text: string, options: SendOptions = {}): Promise<TlTypes['Updates']> {
    return this.invoke({
      _: 'messages.sendMessage',
      peer: this.inputPeer(to),
      message: text,
      ...sendFields(options),
    })
  }

  /**
   * Sends a document through messages.sendMedia with `text` as its caption. The file goes straight into the
   * media store, as if this account had uploaded it; returns the stored document with the server's answer.
   */
  async sendDocument(to: PeerSpec, file: DocumentSpec, text = '', options: SendOptions = {}): Promise<{ document: DocumentRecord; updates: TlTypes['Updates'] }> {
    const document = mediaOf(this.world).store.addDocument({ bytes: file.bytes, mimeType: file.mimeType, attributes: file.attributes })
    const updates = await this.invoke({
      _: 'messages.sendMedia',
      peer: this.inputPeer(to),
      media: { _: 'inputMediaDocument', id: { _: 'inputDocument', id: document.id, access_hash: document.accessHash, file_reference: document.fileReference } },
      message: text,
      ...sendFields(options),
    })
    return { document, updates }
  }

  /** The media of a document stored as given, to pass to deliverUnchecked. */
  documentMedia(file: DocumentSpec): TlTypes['MessageMedia'] {
    return messageMediaDocument(mediaOf(this.world).store.addDocument({ bytes: file.bytes, mimeType: file.mimeType, attributes: file.attributes }))
  }

  /**
   * Stores a message from this account and pushes it like any other, skipping every check the API methods make:
   * entities out of bounds, texts over the length limit, a keyboard from a non-bot. Telegram would refuse
   * these, but a client must survive them anyway (a buggy server, a newer layer), so hostile-content tests
   * need them on the wire. Returns this account's copy.
   */
  deliverUnchecked(to: PeerSpec, message: UncheckedMessage): MessageRecord {
    const sent = this.world.messages.send({
      senderId: this.accountId,
      to: this.peer(to),
      text: message.text,
      entities: message.entities,
      media: message.media,
      replyMarkup: message.replyMarkup,
      randomId: randomBytes(8).readBigInt64LE(),
    })
    return sent.message
  }

  editMessage(peer: PeerSpec, id: number, text: string): Promise<TlTypes['Updates']> {
    return this.invoke({ _: 'messages.editMessage', peer: this.inputPeer(peer), id, message: text })
  }

  /** Deletes by id in this account's box, or in a channel when `peer` is one. */
  deleteMessages(peer: PeerSpec, ids: number[], options: { revoke?: boolean } = {}): Promise<TlTypes['messages.AffectedMessages']> {
    const input = this.inputPeer(peer)
    if (input._ === 'inputPeerChannel') {
      const channel = { _: 'inputChannel', channel_id: input.channel_id, access_hash: input.access_hash } as const
      return this.invoke({ _: 'channels.deleteMessages', channel, id: ids })
    }
    return this.invoke({ _: 'messages.deleteMessages', id: ids, revoke: options.revoke })
  }

  /** Reads the dialog up to `maxId` (everything by default). */
  async readHistory(peer: PeerSpec, maxId = 0): Promise<void> {
    const input = this.inputPeer(peer)
    if (input._ === 'inputPeerChannel') {
      const channel = { _: 'inputChannel', channel_id: input.channel_id, access_hash: input.access_hash } as const
      await this.invoke({ _: 'channels.readHistory', channel, max_id: maxId })
    } else {
      await this.invoke({ _: 'messages.readHistory', peer: input, max_id: maxId })
    }
  }

  setTyping(peer: PeerSpec, action: TlTypes['SendMessageAction'] = { _: 'sendMessageTypingAction' }): Promise<boolean> {
    return this.invoke({ _: 'messages.setTyping', peer: this.inputPeer(peer), action })
  }

  private peer(spec: PeerSpec): PeerRef {
    if (typeof spec === 'object') return spec
    if (typeof spec === 'string' && spec.startsWith('@')) {
      const channel = this.world.chats.channelByUsername(spec.slice(1))
      if (channel) return channelPeer(channel.id)
    }
    return userPeer(resolveAccount(this.world, spec))
  }

  /**
   * The call context of a device signed in to the account on its home DC. The key is made once, on first use,
   * and is a real authorization: the account's session list shows it. It never receives pushes (it has no
   * connection), so calls run as with invokeWithoutUpdates.
   */
  private context(): CallContext {
    const account = this.world.accounts.get(this.accountId)
    if (!account) throw new RpcError(401, 'AUTH_KEY_UNREGISTERED')
    if (!this.signedIn) {
      const authKey = this.world.authKeys.add({ key: randomBytes(256), dcId: account.homeDc, initialSalt: randomBytes(8).readBigInt64LE() })
      authKey.client = CONTROL_DEVICE
      authKey.layer = ourLayer()
      this.world.authorizations.bind(authKey, this.accountId, 'code')
      const session = new ServerSession(randomBytes(8).readBigInt64LE(), authKey.msgIds)
      authKey.sessions.set(session.id, session)
      this.signedIn = { authKey, session }
    }
    const { authKey, session } = this.signedIn
    // A test may have signed every session out (auth.resetAuthorizations); the control device signs back in.
    if (this.world.authorizations.of(authKey)?.accountId !== this.accountId) this.world.authorizations.bind(authKey, this.accountId, 'code')
    return {
      world: this.world,
      dcId: account.homeDc,
      authKey,
      session,
      msgId: this.nextMsgId(),
      layer: ourLayer(),
      withoutUpdates: true,
    }
  }

  /** Client-style msg_ids (time in the upper half, divisible by 4), so handlers that log them see sane values. */
  private nextMsgId(): bigint {
    let id = BigInt(this.world.clock.nowMs()) * 2n ** 32n / 1000n & ~3n
    if (id <= this.lastMsgId) id = this.lastMsgId + 4n
    this.lastMsgId = id
    return id
  }
}
