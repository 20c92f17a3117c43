// User accounts: people, bots and the service account 777000, found by id, phone, username or bot token.
import type { Account, PasswordRecord } from './records'

export interface AccountStoreState {
  accounts: Map<bigint, Account>
  nextUserId: bigint
}

/** Where new user ids start; 777000 (the service account) is below it and given explicitly. */
export const FIRST_USER_ID = 100_000_001n

export function emptyAccountStoreState(): AccountStoreState {
  return { accounts: new Map(), nextUserId: FIRST_USER_ID }
}

export interface NewAccount {
  /** A fixed id (777000); otherwise the next free one. */
  readonly id?: bigint
  readonly phone: string
  readonly firstName: string
  readonly lastName?: string
  readonly username?: string
  readonly about?: string
  readonly bot?: boolean
  /** The secret half of a bot token; the token is `<id>:<secret>`. */
  readonly botSecret?: string
  readonly verified?: boolean
  readonly support?: boolean
  readonly homeDc: number
  readonly password?: PasswordRecord
}

/** Usernames: 5 to 32 characters of a-z, 0-9 and _, starting with a letter, not ending with _ (Telegram's rule). */
const USERNAME = /^[a-z][a-z0-9_]{3,30}[a-z0-9]$/i

export function isValidUsername(username: string): boolean {
  return USERNAME.test(username) && !username.includes('__')
}

/** Phone numbers as Telegram keeps them: digits only. */
export function normalizePhone(phone: string): string {
  return phone.replace(/\D/g, '')
}

export class AccountStore {
  constructor(
    readonly state: AccountStoreState,
    private readonly nowSeconds: () => number,
  ) {}

  create(input: NewAccount): Account {
    const id = input.id ?? this.state.nextUserId++
    if (this.state.accounts.has(id)) throw new Error(`user ${id} exists`)
    const phone = normalizePhone(input.phone)
    if (phone && this.byPhone(phone)) throw new Error(`phone ${phone} is taken`)
    if (input.username && this.byUsername(input.username)) throw new Error(`username ${input.username} is taken`)
    const now = this.nowSeconds()
    const account: Account = {
      id,
      phone,
      firstName: input.firstName,
      lastName: input.lastName ?? '',
      username: input.username,
      about: input.about ?? '',
      bot: input.bot ?? false,
      botToken: input.botSecret ? `${id}:${input.botSecret}` : undefined,
      verified: input.verified ?? false,
      support: input.support ?? false,
      homeDc: input.homeDc,
      photoIds: [],
      password: input.password,
      contacts: [],
      createdAt: now,
      lastSeenAt: now,
    }
    this.state.accounts.set(id, account)
    return account
  }

  get(id: bigint): Account | undefined {
    return this.state.accounts.get(id)
  }

  /** The account, or an error for a programming mistake (an id that came from the world itself). */
  require(id: bigint): Account {
    const account = this.state.accounts.get(id)
    if (!account) throw new Error(`no user ${id}`)
    return account
  }

  byPhone(phone: string): Account | undefined {
    const digits = normalizePhone(phone)
    for (const account of this.state.accounts.values()) if (account.phone === digits) return account
    return undefined
  }

  /** Usernames are case-insensitive. */
  byUsername(username: string): Account | undefined {
    const wanted = username.toLowerCase()
    for (const account of this.state.accounts.values()) if (account.username?.toLowerCase() === wanted) return account
    return undefined
  }

  byBotToken(token: string): Account | undefined {
    for (const account of this.state.accounts.values()) if (account.bot && account.botToken === token) return account
    return undefined
  }

  all(): IterableIterator<Account> {
    return this.state.accounts.values()
  }

  isContact(ownerId: bigint, userId: bigint): boolean {
    return this.get(ownerId)?.contacts.includes(userId) ?? false
  }

  isMutualContact(a: bigint, b: bigint): boolean {
    return this.isContact(a, b) && this.isContact(b, a)
  }

  addContact(ownerId: bigint, userId: bigint): void {
    const owner = this.require(ownerId)
    if (!owner.contacts.includes(userId)) owner.contacts.push(userId)
  }

  removeContact(ownerId: bigint, userId: bigint): void {
    const owner = this.require(ownerId)
    owner.contacts = owner.contacts.filter((id) => id !== userId)
  }
}
