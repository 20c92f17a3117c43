/**
 * The guided sign-in, as a multi-step quick input: the way in (phone, QR code or bot token), then
 * phone → code → two-step password, with Telegram's terms and a name when the number has no account yet.
 * A QR code cannot be drawn in a quick input, so that way in continues in the sidebar's sign-in view. Each server error is shown with its description and the
 * step is asked again where that helps (wrong code, wrong password); a flood wait counts down.
 *
 * The account record and its session exist from the first request, so the auth key lands in
 * SecretStorage; a sign-in that fails or is cancelled removes them again.
 */
import * as vscode from 'vscode'
import type { Account, AccountKind, AccountStore } from '../accounts/account-store'
import type { Redactor } from '../logging/redactor'
import { getDisplayName, RpcError, type TelegramClient } from '../mtproto'
import type { AccountClients } from '../workbench/account-clients'
import { readSettings, SECTION } from '../workbench/settings'
import { describeSignInError, formatDuration } from './sign-in-errors'

export interface SignInDeps {
  store: AccountStore
  clients: AccountClients
  redactor: Redactor
  /** Continues with the QR login in the sidebar. */
  showQrSignIn?: () => Promise<void>
}

const TITLE = 'Telegram: Sign In'
const API_ID_HELP = 'https://my.telegram.org/apps'

class Cancelled extends Error {}

export async function runSignIn(deps: SignInDeps): Promise<Account | undefined> {
  const way = await vscode.window.showQuickPick(
    [
      { label: '$(device-mobile) Phone number', description: 'a login code arrives in your Telegram app', accountKind: 'user' as AccountKind },
      ...(deps.showQrSignIn ? [{ label: '$(device-camera) QR code', description: 'scan it with Telegram on your phone, in the sidebar', accountKind: 'qr' as const }] : []),
      { label: '$(hubot) Bot token', description: 'from @BotFather', accountKind: 'bot' as AccountKind },
    ],
    { title: TITLE, placeHolder: 'How do you want to sign in?', ignoreFocusOut: true },
  )
  if (!way) return undefined
  if (way.accountKind === 'qr') {
    // The sidebar keeps the account once a phone scans the code.
    await deps.showQrSignIn?.()
    return undefined
  }
  const settings = readSettings()
  const credentials = await apiCredentials(settings.serverProfile.kind === 'sandbox', settings.apiId)
  if (!credentials) return undefined
  deps.redactor.addSecret(credentials.apiHash)

  let botToken: string | undefined
  if (way.accountKind === 'bot') {
    botToken = await ask({ prompt: 'The bot token from @BotFather', placeHolder: '123456:ABC-DEF…', password: true, step: 2 })
    if (!botToken) return undefined
    deps.redactor.addSecret(botToken)
  }
  const account = await deps.store.add({ label: way.accountKind === 'bot' ? 'Bot' : 'Telegram account', kind: way.accountKind, profile: settings.serverProfile, ...credentials, ...(botToken ? { botToken } : {}) })
  let client: TelegramClient | undefined
  try {
    client = await deps.clients.unregisteredClient(account.profile, account.apiId, credentials.apiHash, await deps.store.openSession(account.id), account.label)
    await client.connect()
    const user = botToken ? await client.signInBot(botToken) : await signInUser(client, deps.redactor)
    if (!user) throw new Cancelled()
    const signedIn = await deps.store.update(account.id, { label: getDisplayName(user) || account.label, userId: user.id.toString() })
    await client.session.flush()
    deps.clients.adopt(signedIn, client)
    void vscode.window.showInformationMessage(`Signed in to Telegram as ${signedIn.label}.`, 'Open Chat').then((choice) => {
      if (choice) void vscode.commands.executeCommand('telegramWorkbench.openChat')
    })
    return signedIn
  } catch (error) {
    await client?.disconnect().catch(() => {})
    await deps.store.remove(account.id)
    if (!(error instanceof Cancelled)) void vscode.window.showErrorMessage(`Sign-in failed: ${describeSignInError(error).message}`)
    return undefined
  }
}

/** api_id from the settings (asked and saved when missing), api_hash asked each time and kept per account. */
async function apiCredentials(sandbox: boolean, apiId: number | undefined): Promise<{ apiId: number; apiHash: string } | undefined> {
  // The sandbox accepts any pair; asking would only slow the demo down.
  if (sandbox) return { apiId: apiId ?? 1, apiHash: 'sandbox' }
  let id = apiId
  if (id === undefined) {
    const open = 'Open my.telegram.org'
    void vscode.window.showInformationMessage(
      'Telegram needs an api_id and api_hash for every app. Create yours at my.telegram.org → API development tools (free, one per developer).',
      open,
    ).then((choice) => choice && vscode.env.openExternal(vscode.Uri.parse(API_ID_HELP)))
    const text = await ask({ prompt: `Your api_id (a number, from ${API_ID_HELP})`, step: 1, validate: (v) => (/^\d+$/.test(v.trim()) ? undefined : 'The api_id is a number') })
    if (!text) return undefined
    id = Number(text.trim())
    await vscode.workspace.getConfiguration(SECTION).update('apiId', id, vscode.ConfigurationTarget.Global)
  }
  const apiHash = await ask({ prompt: `The api_hash that goes with api_id ${id} (kept in your OS keychain)`, password: true, step: 1, validate: (v) => (/^[0-9a-f]{32}$/i.test(v.trim()) ? undefined : 'The api_hash is 32 hexadecimal characters') })
  return apiHash ? { apiId: id, apiHash: apiHash.trim() } : undefined
}

async function signInUser(client: TelegramClient, redactor: Redactor) {
  const phone = await ask({ prompt: 'Your phone number, in international format', placeHolder: '+44 20 1234 5678', step: 2, validate: (v) => (/^\+?[\d\s()-]{5,}$/.test(v.trim()) ? undefined : 'Digits, with the country code') })
  if (!phone) return undefined
  let sent = await withFloodWait(() => client.sendCode(phone))
  for (let problem: string | undefined; ; ) {
    const code = await ask({ prompt: problem ?? `The code Telegram sent ${sent.type === 'app' ? 'to your Telegram app' : `by ${sent.type}`}`, step: 3, password: false })
    if (!code) return undefined
    redactor.addSecret(code)
    try {
      const result = await client.signIn({ phone, code: code.trim(), phoneCodeHash: sent.phoneCodeHash })
      if (result.kind === 'signedIn') return result.user
      if (result.kind === 'passwordNeeded') return askPassword(client, result.hint, redactor)
      return signUp(client, phone, sent.phoneCodeHash, result.termsOfService?.text)
    } catch (error) {
      const described = describeSignInError(error)
      if (described.next === 'resendCode') sent = await withFloodWait(() => client.sendCode(phone))
      else if (described.next !== 'retryCode') throw error
      problem = described.message
    }
  }
}

async function askPassword(client: TelegramClient, hint: string | undefined, redactor: Redactor) {
  for (let problem: string | undefined; ; ) {
    const hintText = hint ? ` (hint: ${hint})` : ''
    const password = await ask({ prompt: problem ? `${problem}${hintText}` : `Your two-step verification password${hintText}`, password: true, step: 4 })
    if (!password) return undefined
    redactor.addSecret(password)
    try {
      return await client.checkPassword(password)
    } catch (error) {
      const described = describeSignInError(error)
      if (described.next !== 'retryPassword') throw error
      problem = described.message
    }
  }
}

async function signUp(client: TelegramClient, phone: string, phoneCodeHash: string, terms: string | undefined) {
  const accept = 'Accept and Sign Up'
  const choice = await vscode.window.showInformationMessage(
    'This number has no Telegram account yet. Creating one means accepting Telegram\'s Terms of Service.',
    { modal: true, detail: terms ?? 'See https://telegram.org/tos' },
    accept,
  )
  if (choice !== accept) return undefined
  const firstName = await ask({ prompt: 'Your first name, as others will see it', step: 4 })
  if (!firstName) return undefined
  const lastName = await ask({ prompt: 'Your last name (optional)', step: 4, allowEmpty: true })
  return client.signUp({ phone, phoneCodeHash, firstName, ...(lastName ? { lastName } : {}) })
}

/** Runs a request; on a flood wait, counts down in a cancellable notification and tries once more. */
async function withFloodWait<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request()
  } catch (error) {
    if (!(error instanceof RpcError) || error.name !== 'FLOOD_WAIT' || !error.value) throw error
    const seconds = error.value
    const waited = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Telegram asks to wait', cancellable: true }, async (progress, token) => {
      for (let left = seconds; left > 0; left--) {
        if (token.isCancellationRequested) return false
        progress.report({ message: `${describeSignInError(error).message.split(' Try again')[0]} Retrying in ${formatDuration(left)}…`, increment: 100 / seconds })
        await new Promise((resolve) => setTimeout(resolve, 1000))
      }
      return true
    })
    if (!waited) throw new Cancelled()
    return request()
  }
}

interface Question {
  prompt: string
  step: number
  placeHolder?: string
  password?: boolean
  allowEmpty?: boolean
  validate?: (value: string) => string | undefined
}

async function ask(question: Question): Promise<string | undefined> {
  const value = await vscode.window.showInputBox({
    title: `${TITLE} (${question.step}/4)`,
    prompt: question.prompt,
    ignoreFocusOut: true,
    ...(question.placeHolder ? { placeHolder: question.placeHolder } : {}),
    ...(question.password ? { password: true } : {}),
    validateInput: (v) => (v.trim() === '' && !question.allowEmpty ? 'Required' : question.validate?.(v)),
  })
  return value === undefined ? undefined : value.trim()
}
