// State shared by every DC of one sandbox: the clock, the server key, the auth keys each DC agreed, the method
// handlers and fault switches, and the Telegram world itself: accounts, chats, channels, message boxes,
// dialogs, update state and sign-ins. Everything persistent lives in `state` (see snapshot.ts).
import { loadServerKeys, type ServerKeys } from '../keys'
import { rsaFingerprint } from '../keys/fingerprint'
import { SandboxClock } from '../clock'
import type { MethodRegistry } from '../rpc/method-registry'
import { AuthKeyStore } from '../session/auth-keys'
import { emptyMediaState, type MediaState } from '../media/records'
import type { SeedInfo } from '../seed'
import { AccessHashes } from './access-hash'
import { AccountStore, emptyAccountStoreState, type AccountStoreState } from './accounts'
import { AdminLog, emptyAdminLogState, type AdminLogState } from './admin-log'
import { AuthorizationStore, emptyAuthorizationStoreState, type AuthorizationStoreState } from './authorizations'
import { ChannelRights, emptyChannelRightsState, type ChannelRightsState } from './channel-rights'
import { ChatStore, emptyChatStoreState, type ChatStoreState } from './chats'
import { DialogStore, emptyDialogStoreState, type DialogStoreState } from './dialogs'
import { DraftStore, emptyDraftStoreState, type DraftStoreState } from './drafts'
import { InputPeers } from './input-peers'
import { emptyInviteStoreState, InviteStore, type InviteStoreState } from './invites'
import { emptyMessageStoreState, MessageStore, type MessageStoreState } from './messages'
import { emptySignInState, type SignInState } from './sign-in-state'
import { emptyUpdateHubState, UpdateHub, type UpdateHubState } from './updates'
import { WorldView, type PhotoDirectory } from './view'

export interface DcAddress {
  readonly id: number
  readonly host: string
  readonly port: number
}

/** Faults a test can switch on; each is consumed or cleared by the test that set it. */
export interface Faults {
  /** Answer dh_gen_retry to this many otherwise valid set_client_DH_params, on any DC. */
  dhGenRetries: number
  /** QR login tokens expire after this many seconds instead of Telegram's 30 (tests of the refresh). */
  loginTokenLifetimeSeconds?: number
}

/** Everything that survives a restart with --data (auth keys are saved beside it, see snapshot.ts). */
export interface WorldState {
  accounts: AccountStoreState
  chats: ChatStoreState
  messages: MessageStoreState
  dialogs: DialogStoreState
  drafts: DraftStoreState
  invites: InviteStoreState
  channelRights: ChannelRightsState
  adminLog: AdminLogState
  updates: UpdateHubState
  authorizations: AuthorizationStoreState
  signIn: SignInState
  /** The media DC's files, kept by media/ (mediaOf(world) works on this state). */
  media: MediaState
  /** What seeding made (accounts and their credentials), when the world was seeded. */
  seed: SeedInfo | undefined
}

export function emptyWorldState(): WorldState {
  return {
    accounts: emptyAccountStoreState(),
    chats: emptyChatStoreState(),
    messages: emptyMessageStoreState(),
    dialogs: emptyDialogStoreState(),
    drafts: emptyDraftStoreState(),
    invites: emptyInviteStoreState(),
    channelRights: emptyChannelRightsState(),
    adminLog: emptyAdminLogState(),
    updates: emptyUpdateHubState(),
    authorizations: emptyAuthorizationStoreState(),
    signIn: emptySignInState(),
    media: emptyMediaState(),
    seed: undefined,
  }
}

export interface WorldOptions {
  /** Restored state; a fresh, empty world otherwise. */
  readonly state?: WorldState
  /** Access hashes derive from it; a fixed default keeps them stable across restarts without storage. */
  readonly secret?: string
}

const DEFAULT_SECRET = 'telegram-workbench sandbox access hashes'

export class World {
  readonly clock = new SandboxClock()
  readonly keys: ServerKeys = loadServerKeys()
  readonly fingerprint: bigint = rsaFingerprint(this.keys.rsaModulus, this.keys.rsaExponent)
  readonly authKeys = new AuthKeyStore(this.clock)
  readonly faults: Faults = { dhGenRetries: 0 }
  /** Filled in as the DCs start listening. */
  readonly dcs: DcAddress[] = []

  readonly state: WorldState
  readonly accessHashes: AccessHashes
  readonly accounts: AccountStore
  readonly chats: ChatStore
  readonly dialogs: DialogStore
  readonly drafts: DraftStore
  readonly invites: InviteStore
  readonly channelRights: ChannelRights
  readonly adminLog: AdminLog
  readonly updates: UpdateHub
  readonly messages: MessageStore
  readonly authorizations: AuthorizationStore
  /** Where photos are served from; the media module replaces this default (every photo on DC 1, no thumbs). */
  photos: PhotoDirectory = { dcOf: () => 1, strippedThumb: () => undefined }
  /** Where the sandbox tells what a person would read elsewhere (login codes); tests may silence it. */
  log: (line: string) => void = (line) => console.log(line)
  private readonly changeListeners = new Set<() => void>()

  constructor(
    readonly methods: MethodRegistry,
    options: WorldOptions = {},
  ) {
    const now = () => this.clock.nowSeconds()
    this.state = options.state ?? emptyWorldState()
    // Snapshots written before these stores existed restore without them.
    const fresh = emptyWorldState()
    this.state.drafts ??= fresh.drafts
    this.state.invites ??= fresh.invites
    this.state.channelRights ??= fresh.channelRights
    this.state.adminLog ??= fresh.adminLog
    this.accessHashes = new AccessHashes(new TextEncoder().encode(options.secret ?? DEFAULT_SECRET))
    this.accounts = new AccountStore(this.state.accounts, now)
    this.chats = new ChatStore(this.state.chats, now)
    this.dialogs = new DialogStore(this.state.dialogs)
    this.drafts = new DraftStore(this.state.drafts)
    this.invites = new InviteStore(this.state.invites, now)
    this.channelRights = new ChannelRights(this.state.channelRights)
    this.adminLog = new AdminLog(this.state.adminLog, now)
    this.updates = new UpdateHub(this.state.updates, now)
    this.messages = new MessageStore(this.state.messages, {
      accounts: this.accounts,
      chats: this.chats,
      dialogs: this.dialogs,
      updates: this.updates,
      viewAs: (accountId) => this.viewAs(accountId),
      nowSeconds: now,
    })
    this.authorizations = new AuthorizationStore(this.state.authorizations, this.authKeys, now)
    // Anything published changed the world; so may a call that publishes nothing (see markChanged).
    this.updates.subscribe(() => this.markChanged())
  }

  /** TL objects as `accountId` sees them. */
  viewAs(accountId: bigint): WorldView {
    return new WorldView(this, accountId)
  }

  /** Input peers from `accountId`'s requests, checked against its access hashes. */
  inputsOf(accountId: bigint): InputPeers {
    return new InputPeers(this, accountId)
  }

  /** Forces a new salt on every auth key: clients see bad_server_salt on their next message. */
  rotateSalts(): void {
    for (const key of this.authKeys.all()) key.salts.rotate(this.clock.nowSeconds())
  }

  /** Tells persistence that state changed (method modules call it after changes that publish no update). */
  markChanged(): void {
    for (const listener of this.changeListeners) listener()
  }

  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener)
    return () => this.changeListeners.delete(listener)
  }
}

export { requireAccount, currentAccount, type SignedIn } from './sign-in-guard'
export { ALL_ADMIN_RIGHTS, SERVICE_USER_ID, WorldView, type PhotoDirectory } from './view'
export { InputPeers } from './input-peers'
export type * from './sign-in-state'
export * from './peers'
export type * from './records'
export type { DraftRecord } from './drafts'
export type { InviteRecord } from './invites'
export type { AdminLogRecord, AdminLogAction } from './admin-log'
export { restrictsNothing, type AdminRecord, type RestrictionRecord, type BannedRights, type AdminRights } from './channel-rights'
export type { PublishedUpdate, UpdateListener, UpdateOrigin, UpdateTarget, LoggedUpdate, Difference, Update } from './updates'
export type { SendMessageInput, SendResult, EditMessageInput, DeleteResult, ReadResult, MessageChange } from './messages'
export { isValidUsername, normalizePhone } from './accounts'
