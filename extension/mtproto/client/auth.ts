/**
 * Signing in and out. Every step is a method a UI can drive itself (sendCode, signIn, checkPassword,
 * signUp, signInBot, qrLogin); `start()` strings them together with callbacks that ask the user.
 *
 * Migrations are transparent: a PHONE_MIGRATE_X answer moves the client to DC X and the call is
 * repeated there (the call pipeline does it), and the client remembers X as the account's home DC;
 * QR login follows loginTokenMigrateTo the same way.
 */
import type { TlConstructors, TlTypes } from '../../../schema/codec/generated/types'
import { srpClientProof, srpPasswordHash } from '../crypto/srp'
import { RpcError } from '../errors/rpc-error'
import { SignInError } from './errors'
import type { TelegramClient } from './telegram-client'

type User = TlConstructors['user']
type Answer<T> = T | Promise<T>

export interface SentCode {
  phone: string
  phoneCodeHash: string
  /** How the code was sent: 'app', 'sms', 'call', 'email', ... (the auth.sentCodeType name without its prefix). */
  type: string
  /** The code's length, when the server says. */
  length: number | undefined
  /** How the code will come on resendCode, and after how many seconds. */
  nextType: string | undefined
  timeout: number | undefined
  raw: TlConstructors['auth.sentCode']
}

export type SignInResult =
  | { kind: 'signedIn'; user: User }
  /** Two-step verification is on: call checkPassword. */
  | { kind: 'passwordNeeded'; hint: string | undefined }
  /** No account has this number: show the terms, then call signUp. */
  | { kind: 'signUpRequired'; termsOfService: TlConstructors['help.termsOfService'] | undefined }

export interface SignUpDetails {
  firstName: string
  lastName?: string
}

export interface StartOptions {
  /** The phone number (international format), or a callback asking for it. */
  phone?: Answer<string> | (() => Answer<string>)
  /** Asks for the login code just sent. */
  code?: (sent: SentCode) => Answer<string>
  /** Asks for the two-step verification password. */
  password?: (hint: string | undefined) => Answer<string>
  /** Sign in as a bot instead (the token from @BotFather). */
  botToken?: string
  /** Asks for a name when the number has no account yet, after showing Telegram's terms; throw to decline. */
  signUp?: (termsOfService: TlConstructors['help.termsOfService'] | undefined) => Answer<SignUpDetails>
  /** Told about a wrong code or password before the question is asked again. */
  onError?: (error: Error) => void
  /** How many wrong codes or passwords before giving up (default 3). */
  maxAttempts?: number
}

export interface QrLoginOptions {
  /** Show this tg://login URL as a QR code; it stops working at `expires`, when a new one is sent. */
  onToken: (url: string, expires: Date) => void
  /** Asks for the two-step verification password, when the account has one. */
  password?: (hint: string | undefined) => Answer<string>
  onError?: (error: Error) => void
  maxAttempts?: number
  /** Users already signed in on this device, so the app does not offer the token to them. */
  exceptIds?: bigint[]
  signal?: AbortSignal
}

const WRONG_CODE = new Set(['PHONE_CODE_INVALID', 'PHONE_CODE_EMPTY'])
const WRONG_PASSWORD = new Set(['PASSWORD_HASH_INVALID'])

export const authMethods = {
  /**
   * Signs in with whatever the options and callbacks provide, connecting first. Resolves with the
   * signed-in user (at once, when the session already is).
   */
  async start(this: TelegramClient, options: StartOptions): Promise<User> {
    if (!this.isConnected) await this.connect()
    if (await this.isUserAuthorized()) return this.getMe()
    if (options.botToken !== undefined) return this.signInBot(options.botToken)
    const phone = await answer(options.phone, 'a phone number (options.phone)')
    const sent = await this.sendCode(phone)
    const attempts = options.maxAttempts ?? 3
    for (let attempt = 1; ; attempt++) {
      if (!options.code) throw new SignInError('A login code was sent, but no options.code callback was given to ask for it')
      const code = await options.code(sent)
      let result: SignInResult
      try {
        result = await this.signIn({ phone, code, phoneCodeHash: sent.phoneCodeHash })
      } catch (error) {
        if (retryable(error, WRONG_CODE, attempt, attempts)) {
          options.onError?.(error as Error)
          continue
        }
        throw error
      }
      if (result.kind === 'signedIn') return result.user
      if (result.kind === 'passwordNeeded') return passwordLoop(this, result.hint, options)
      if (!options.signUp) throw new SignInError(`${phone} has no Telegram account; pass options.signUp to create one`)
      const details = await options.signUp(result.termsOfService)
      return this.signUp({ phone, phoneCodeHash: sent.phoneCodeHash, ...details })
    }
  },

  /**
   * Sends a login code to `phone`; PHONE_MIGRATE is followed to the number's DC. With `forceSms`, a code
   * delivered in the app is sent again by SMS at once (Telethon's force_sms, done the way Telegram allows it now).
   */
  async sendCode(this: TelegramClient, phone: string, options: { forceSms?: boolean } = {}): Promise<SentCode> {
    const phoneNumber = phone.replace(/[^\d]/g, '')
    const sent = toSentCode(phoneNumber, await this.call({ _: 'auth.sendCode', phone_number: phoneNumber, api_id: this.apiId, api_hash: this.apiHash, settings: { _: 'codeSettings' } }))
    return options.forceSms && sent.type === 'app' && sent.nextType === 'sms' ? this.resendCode(sent) : sent
  },

  /**
   * Sends the code again, the way the last answer named in `nextType` (an SMS after the app, then a call...).
   * The phone code hash of the answer is the one to sign in with. SEND_CODE_UNAVAILABLE when no way is left.
   */
  async resendCode(this: TelegramClient, sent: Pick<SentCode, 'phone' | 'phoneCodeHash'>): Promise<SentCode> {
    return toSentCode(sent.phone, await this.call({ _: 'auth.resendCode', phone_number: sent.phone, phone_code_hash: sent.phoneCodeHash }))
  },

  /** Signs in with the code sent by sendCode. Wrong codes reject with RpcError PHONE_CODE_INVALID. */
  async signIn(this: TelegramClient, params: { phone: string; code: string; phoneCodeHash: string }): Promise<SignInResult> {
    const phoneNumber = params.phone.replace(/[^\d]/g, '')
    try {
      const result = await this.call({ _: 'auth.signIn', phone_number: phoneNumber, phone_code_hash: params.phoneCodeHash, phone_code: params.code })
      if (result._ === 'auth.authorizationSignUpRequired') return { kind: 'signUpRequired', termsOfService: result.terms_of_service }
      return { kind: 'signedIn', user: await signedIn(this, result) }
    } catch (error) {
      if (!(error instanceof RpcError) || error.name !== 'SESSION_PASSWORD_NEEDED') throw error
      const state = await this.call({ _: 'account.getPassword' })
      return { kind: 'passwordNeeded', hint: state.hint }
    }
  },

  /** Completes two-step verification with SRP (the password itself never leaves the device). */
  async checkPassword(this: TelegramClient, password: string): Promise<User> {
    const state = await this.call({ _: 'account.getPassword' })
    const algo = state.current_algo
    if (algo?._ !== 'passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow' || !state.srp_B || state.srp_id === undefined) {
      throw new SignInError(`the account's password uses ${algo?._ ?? 'no algorithm'}, which this client cannot prove`)
    }
    const hash = await srpPasswordHash(password, algo.salt1, algo.salt2)
    const proof = srpClientProof(algo, state.srp_B, hash)
    const result = await this.call({ _: 'auth.checkPassword', password: { _: 'inputCheckPasswordSRP', srp_id: state.srp_id, A: proof.A, M1: proof.M1 } })
    return signedIn(this, result)
  },

  /** Creates the account after signIn answered signUpRequired (the caller has shown the terms of service). */
  async signUp(this: TelegramClient, params: { phone: string; phoneCodeHash: string } & SignUpDetails): Promise<User> {
    const result = await this.call({
      _: 'auth.signUp',
      phone_number: params.phone.replace(/[^\d]/g, ''),
      phone_code_hash: params.phoneCodeHash,
      first_name: params.firstName,
      last_name: params.lastName ?? '',
    })
    return signedIn(this, result)
  },

  /** Signs in as a bot; the token's owner DC is reached through USER_MIGRATE if needed. */
  async signInBot(this: TelegramClient, token: string): Promise<User> {
    if (!this.isConnected) await this.connect()
    const result = await this.call({ _: 'auth.importBotAuthorization', flags: 0, api_id: this.apiId, api_hash: this.apiHash, bot_auth_token: token })
    return signedIn(this, result)
  },

  /**
   * Signs in by QR code: shows tokens through `onToken` (a fresh one whenever the last expires) until
   * another device accepts one, then follows the account to its DC and asks for the password if needed.
   */
  async qrLogin(this: TelegramClient, options: QrLoginOptions): Promise<User> {
    if (!this.isConnected) await this.connect()
    for (;;) {
      options.signal?.throwIfAborted()
      // Listen before asking, so an acceptance that races the answer is not missed.
      const accepted = waitForAcceptance(this, options.signal)
      let token: TlTypes['auth.LoginToken']
      try {
        token = await this.call({ _: 'auth.exportLoginToken', api_id: this.apiId, api_hash: this.apiHash, except_ids: options.exceptIds ?? [] })
      } catch (error) {
        accepted.cancel()
        if (error instanceof RpcError && error.name === 'SESSION_PASSWORD_NEEDED') return qrPasswordLoop(this, options)
        throw error
      }
      if (token._ === 'auth.loginToken') {
        options.onToken(`tg://login?token=${Buffer.from(token.token).toString('base64url')}`, new Date(token.expires * 1000))
        await accepted.until(token.expires * 1000 - Date.now())
        continue
      }
      accepted.cancel()
      try {
        if (token._ === 'auth.loginTokenMigrateTo') {
          this.setHomeDc(token.dc_id)
          const imported = await this.call({ _: 'auth.importLoginToken', token: token.token })
          if (imported._ !== 'auth.loginTokenSuccess') throw new SignInError(`auth.importLoginToken answered ${imported._}`)
          return signedIn(this, imported.authorization)
        }
        return signedIn(this, token.authorization)
      } catch (error) {
        if (error instanceof RpcError && error.name === 'SESSION_PASSWORD_NEEDED') return qrPasswordLoop(this, options)
        throw error
      }
    }
  },

  /** Whether the session is signed in (asks the server once: updates.getState answers only signed-in keys). */
  async isUserAuthorized(this: TelegramClient): Promise<boolean> {
    try {
      await this.call({ _: 'updates.getState' })
      return true
    } catch (error) {
      if (error instanceof RpcError && error.code === 401) return false
      throw error
    }
  },

  /** Logs out on the server, forgets every auth key in the session, and disconnects. */
  async logOut(this: TelegramClient): Promise<boolean> {
    await this.call({ _: 'auth.logOut' })
    this.me = undefined
    await this.disconnect()
    for (const dcId of this.dcIds) this.session.setAuthKey(dcId, undefined)
    await this.session.flush()
    return true
  },
}

function toSentCode(phone: string, sent: TlTypes['auth.SentCode']): SentCode {
  if (sent._ !== 'auth.sentCode') throw new SignInError(`the server answered ${sent._}, which this client does not handle`)
  return {
    phone,
    phoneCodeHash: sent.phone_code_hash,
    type: sent.type._.replace(/^auth\.sentCodeType/, '').replace(/^./, (c) => c.toLowerCase()),
    length: 'length' in sent.type ? sent.type.length : undefined,
    nextType: sent.next_type?._.replace(/^auth\.codeType/, '').replace(/^./, (c) => c.toLowerCase()),
    timeout: sent.timeout,
    raw: sent,
  }
}

async function signedIn(client: TelegramClient, authorization: TlTypes['auth.Authorization']): Promise<User> {
  if (authorization._ !== 'auth.authorization' || authorization.user._ !== 'user') {
    throw new SignInError(`sign-in answered ${authorization._}, not an authorization`)
  }
  client.me = authorization.user
  // Persist the DC the account turned out to live on, with the key that is now signed in.
  client.setHomeDc(client.homeDcId)
  client.entities.flush()
  await client.session.flush()
  return authorization.user
}

async function passwordLoop(client: TelegramClient, hint: string | undefined, options: { password?: (hint: string | undefined) => Answer<string>; onError?: (error: Error) => void; maxAttempts?: number }): Promise<User> {
  const attempts = options.maxAttempts ?? 3
  for (let attempt = 1; ; attempt++) {
    if (!options.password) throw new SignInError('The account has two-step verification, but no options.password callback was given')
    const password = await options.password(hint)
    try {
      return await client.checkPassword(password)
    } catch (error) {
      if (!retryable(error, WRONG_PASSWORD, attempt, attempts)) throw error
      options.onError?.(error as Error)
    }
  }
}

async function qrPasswordLoop(client: TelegramClient, options: QrLoginOptions): Promise<User> {
  const state = await client.call({ _: 'account.getPassword' })
  return passwordLoop(client, state.hint, options)
}

/** Waits for updateLoginToken (another device accepted the token), for at most a given time. */
function waitForAcceptance(client: TelegramClient, signal: AbortSignal | undefined) {
  const stop = new AbortController()
  const onAbort = () => stop.abort(signal!.reason)
  signal?.addEventListener('abort', onAbort, { once: true })
  const accepted = client.rawUpdates.waitFor((update) => (update._ === 'updateLoginToken' ? true : undefined), stop.signal)
  accepted.catch(() => {})
  const cancel = () => {
    signal?.removeEventListener('abort', onAbort)
    if (!stop.signal.aborted) stop.abort(new Error('no longer waiting'))
  }
  return {
    cancel,
    /** Resolves on acceptance or after `ms`; rejects if the caller's signal aborts. */
    async until(ms: number): Promise<void> {
      let timer: ReturnType<typeof setTimeout> | undefined
      const expired = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, ms))))
      try {
        await Promise.race([accepted, expired])
      } finally {
        clearTimeout(timer)
        cancel()
      }
      signal?.throwIfAborted()
    },
  }
}

async function answer(value: StartOptions['phone'], what: string): Promise<string> {
  if (value === undefined) throw new SignInError(`The session is not signed in and no ${what} was given`)
  return typeof value === 'function' ? value() : value
}

function retryable(error: unknown, names: ReadonlySet<string>, attempt: number, attempts: number): boolean {
  return error instanceof RpcError && names.has(error.name) && attempt < attempts
}
