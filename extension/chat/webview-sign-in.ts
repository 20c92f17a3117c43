/**
 * Sign-in through the webview's forms: phone → code → two-step password (→ terms and a name for a new
 * number), a QR code scanned by a phone that is signed in, or a bot token. The steps and their errors are
 * the same as the quick-input flow's (sign-in/sign-in-flow.ts): the client's auth methods, and
 * describeSignInError for the words and the way forward.
 * What typed secrets reach the host (code, password, token) go to the client and the redactor only;
 * the steps sent back to the webview carry no secret.
 */
import type { TlConstructors } from '../../schema/codec/generated/types'
import type { SentCode, TelegramClient } from '../mtproto'
import type { CommandMessage, SignInStep } from '../../webview/protocol'
import { describeSignInError } from '../sign-in/sign-in-errors'
import { qrModules } from '../sign-in/qr-code'

/** A sign-in in progress: a connected client on a fresh account record, kept or thrown away at the end. */
export interface PendingAccount {
  client: TelegramClient
  /** Keeps the account: its session is saved and the client becomes the account's client. */
  keep(user: User): Promise<void>
  /** Removes the account record and its session again. */
  discard(): Promise<void>
}

export interface SignInBackend {
  /** Creates the account record and connects a client for it; undefined when the user cancelled (api_hash). */
  begin(kind: 'user' | 'bot', botToken?: string): Promise<PendingAccount | undefined>
  /** Secrets the user typed, so no log line ever shows them. */
  addSecret(secret: string): void
}

type User = TlConstructors['user']
type AuthCommand = Extract<CommandMessage, { method: `auth/${string}` }>

export class WebviewSignIn {
  private pending: PendingAccount | undefined
  private phone: SentCode | undefined
  private hint: string | undefined
  private termsOfService: string | undefined
  /** The QR login waiting for a scan; aborted by cancel. */
  private qrLogin: AbortController | undefined
  /** The QR login asked for the two-step password: the next submitted password goes here. */
  private qrPassword: ((password: string) => void) | undefined
  /** Why the QR login asks for the password again (a wrong one), shown on the form. */
  private qrPasswordError: string | undefined
  private busy = false

  constructor(
    private readonly backend: SignInBackend,
    private readonly show: (step: SignInStep) => void,
  ) {}

  async handle(command: AuthCommand): Promise<void> {
    if (this.busy && command.method !== 'auth/cancel') return
    this.busy = true
    try {
      await this.step(command)
    } finally {
      this.busy = false
    }
  }

  private async step(command: AuthCommand): Promise<void> {
    switch (command.method) {
      case 'auth/choose':
        if (command.params.method === 'qr') return this.startQrLogin()
        return this.show(command.params.method === 'phone' ? { step: 'phone' } : { step: 'botToken' })
      case 'auth/cancel':
        await this.reset()
        return this.show({ step: 'choose' })
      case 'auth/submitBotToken': {
        const token = command.params.token.trim()
        this.backend.addSecret(token)
        this.show({ step: 'waiting', label: 'Signing in the bot…' })
        return this.attempt({ step: 'botToken' }, async () => {
          const pending = await this.account('bot', token)
          if (!pending) return this.show({ step: 'botToken' })
          await this.finish(await pending.client.signInBot(token))
        })
      }
      case 'auth/submitPhone': {
        const phone = command.params.phone.trim()
        this.show({ step: 'waiting', label: 'Sending the code…' })
        return this.attempt({ step: 'phone' }, async () => {
          const pending = await this.account('user')
          if (!pending) return this.show({ step: 'phone' })
          this.phone = await pending.client.sendCode(phone)
          this.show(this.codeStep())
        })
      }
      case 'auth/submitCode': {
        const { pending, phone } = this
        if (!pending || !phone) return this.show({ step: 'phone' })
        const code = command.params.code.trim()
        this.backend.addSecret(code)
        this.show({ step: 'waiting', label: 'Checking the code…' })
        return this.attempt(this.codeStep(), async () => {
          const result = await pending.client.signIn({ phone: phone.phone, code, phoneCodeHash: phone.phoneCodeHash })
          if (result.kind === 'signedIn') return this.finish(result.user)
          if (result.kind === 'passwordNeeded') {
            this.hint = result.hint
            return this.show({ step: 'password', ...(result.hint ? { hint: result.hint } : {}) })
          }
          this.termsOfService = result.termsOfService?.text ?? 'Creating an account means accepting Telegram’s Terms of Service: https://telegram.org/tos'
          return this.show(this.signUpStep())
        })
      }
      case 'auth/submitSignUp': {
        const { pending, phone } = this
        if (!pending || !phone || this.termsOfService === undefined) return this.show({ step: 'phone' })
        const firstName = command.params.firstName.trim()
        const lastName = command.params.lastName?.trim()
        this.show({ step: 'waiting', label: 'Creating the account…' })
        return this.attempt(this.signUpStep(), async () => {
          await this.finish(await pending.client.signUp({ phone: phone.phone, phoneCodeHash: phone.phoneCodeHash, firstName, ...(lastName ? { lastName } : {}) }))
        })
      }
      case 'auth/submitPassword': {
        const password = command.params.password
        this.backend.addSecret(password)
        const qrPassword = this.qrPassword
        if (qrPassword) {
          this.qrPassword = undefined
          this.show({ step: 'waiting', label: 'Checking the password…' })
          return qrPassword(password)
        }
        const pending = this.pending
        if (!pending) return this.show({ step: 'phone' })
        this.show({ step: 'waiting', label: 'Checking the password…' })
        return this.attempt({ step: 'password', ...(this.hint ? { hint: this.hint } : {}) }, async () => this.finish(await pending.client.checkPassword(password)))
      }
      default:
        return assertAuthNever(command)
    }
  }

  /**
   * Starts a QR login in the background: the QR step is shown for each token (a new one when the last
   * expires), and the login ends on a scan, on cancel, or on an error shown under the code.
   */
  private async startQrLogin(): Promise<void> {
    if (this.qrLogin) return
    this.show({ step: 'waiting', label: 'Preparing the QR code…' })
    let pending: PendingAccount | undefined
    try {
      pending = await this.account('user')
    } catch (error) {
      return this.show({ step: 'qr', modules: [], expiresAt: 0, error: describeSignInError(error).message })
    }
    if (!pending) return this.show({ step: 'choose' })
    const login = new AbortController()
    this.qrLogin = login
    void this.waitForScan(pending, login.signal)
  }

  private async waitForScan(pending: PendingAccount, signal: AbortSignal): Promise<void> {
    try {
      const user = await pending.client.qrLogin({
        signal,
        onToken: (url, expires) => {
          if (!signal.aborted) this.show({ step: 'qr', modules: qrModules(url), expiresAt: Math.floor(expires.getTime() / 1000) })
        },
        // Two-step verification after the scan: the password form, answered by the next auth/submitPassword.
        password: (hint) =>
          new Promise<string>((resolve, reject) => {
            signal.throwIfAborted()
            const error = this.qrPasswordError
            this.qrPassword = resolve
            this.qrPasswordError = undefined
            signal.addEventListener('abort', () => reject(signal.reason), { once: true })
            this.show({ step: 'password', ...(hint ? { hint } : {}), ...(error ? { error } : {}) })
          }),
        onError: (error) => {
          this.qrPasswordError = describeSignInError(error).message
        },
      })
      if (signal.aborted) return
      this.qrLogin = undefined
      await this.finish(user)
    } catch (error) {
      if (signal.aborted) return
      await this.reset()
      this.show({ step: 'qr', modules: [], expiresAt: 0, error: describeSignInError(error).message })
    }
  }

  private signUpStep(): SignInStep {
    return { step: 'signUp', phone: this.phone!.phone, termsOfService: this.termsOfService! }
  }

  private codeStep(): SignInStep {
    const sent = this.phone!
    const via = sent.type === 'app' || sent.type === 'sms' || sent.type === 'call' ? sent.type : 'other'
    return { step: 'code', phone: sent.phone, via, ...(sent.length ? { codeLength: sent.length } : {}) }
  }

  /** Runs a step; a failure shows the same form again with the error's description and way forward. */
  private async attempt(retry: SignInStep, action: () => Promise<void>): Promise<void> {
    try {
      await action()
    } catch (error) {
      const problem = describeSignInError(error)
      if (problem.next === 'resendCode' && this.pending && this.phone) {
        this.phone = await this.pending.client.sendCode(this.phone.phone).catch(() => this.phone)
      }
      if (problem.next === 'retryPhone' || problem.next === 'checkSettings' || problem.next === 'none') {
        // The account record of a failed start is not worth keeping.
        if (retry.step === 'phone' || retry.step === 'botToken') await this.reset()
      }
      this.show({ ...retry, error: problem.message } as SignInStep)
    }
  }

  private async account(kind: 'user' | 'bot', botToken?: string): Promise<PendingAccount | undefined> {
    if (!this.pending) this.pending = await this.backend.begin(kind, botToken)
    return this.pending
  }

  private async finish(user: User): Promise<void> {
    const pending = this.pending!
    this.forget()
    await pending.keep(user)
  }

  private async reset(): Promise<void> {
    const pending = this.pending
    this.qrLogin?.abort(new Error('sign-in cancelled'))
    this.forget()
    await pending?.discard().catch(() => {})
  }

  private forget(): void {
    this.pending = undefined
    this.phone = undefined
    this.hint = undefined
    this.termsOfService = undefined
    this.qrLogin = undefined
    this.qrPassword = undefined
    this.qrPasswordError = undefined
  }
}

function assertAuthNever(value: never): never {
  throw new Error(`Unhandled sign-in command: ${JSON.stringify(value)}`)
}
