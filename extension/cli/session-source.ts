/**
 * Where the terminal runner finds its session: the TG_SESSION environment variable (a Telethon or
 * GramJS string session), or else the OS keychain through keytar. keytar is an optional dependency
 * and needs a running secret service, so either failure becomes a message that names the way out.
 */
import { sessionFromString, type Session } from '../mtproto'

/** The keychain service the runner's sessions are stored under; the account name picks one. */
export const KEYCHAIN_SERVICE = 'telegram-workbench'
export const DEFAULT_KEYCHAIN_ACCOUNT = 'default'

export class SessionSourceError extends Error {
  override readonly name = 'SessionSourceError'
}

/** The part of keytar the runner uses. */
export interface Keychain {
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
}

export type KeychainLoader = () => Promise<Keychain>

/** keytar, loaded only when the keychain is needed; fails clearly when the optional module is missing. */
export const loadKeytar: KeychainLoader = async () => {
  try {
    // Kept out of the bundle (build.mjs): a native module, resolved next to the installed package.
    const loaded = (await import('keytar')) as unknown as Keychain & { default?: Keychain }
    return loaded.default ?? loaded // a CommonJS module: its exports arrive as the default export
  } catch (error) {
    throw new SessionSourceError(
      `The OS keychain is not available: the optional module keytar could not be loaded (${(error as Error).message}). ` +
        'Install it with "npm install keytar", or set TG_SESSION to a string session.',
    )
  }
}

export interface SessionLookup {
  env: NodeJS.ProcessEnv
  /** The keychain entry to read; DEFAULT_KEYCHAIN_ACCOUNT when absent. */
  keychainAccount?: string
  loadKeychain?: KeychainLoader
}

/** The session and where it came from, for the runner's first line on stderr. */
export async function findSession(lookup: SessionLookup): Promise<{ session: Session; source: string }> {
  const fromEnv = lookup.env.TG_SESSION?.trim()
  if (fromEnv) return { session: parse(fromEnv, 'TG_SESSION'), source: 'TG_SESSION' }
  const account = lookup.keychainAccount ?? DEFAULT_KEYCHAIN_ACCOUNT
  const keychain = await (lookup.loadKeychain ?? loadKeytar)()
  const stored = await keychainCall(() => keychain.getPassword(KEYCHAIN_SERVICE, account))
  if (!stored) {
    throw new SessionSourceError(
      `No session: TG_SESSION is not set and the OS keychain has no entry "${account}" for ${KEYCHAIN_SERVICE}. ` +
        'Set TG_SESSION to a string session (Telegram: Export Session String), or store one with "telegram-workbench store-session".',
    )
  }
  return { session: parse(stored, `the keychain entry "${account}"`), source: `keychain entry "${account}"` }
}

/** Stores a string session in the keychain, after checking that it reads. */
export async function storeSession(text: string, account: string = DEFAULT_KEYCHAIN_ACCOUNT, loadKeychain: KeychainLoader = loadKeytar): Promise<void> {
  parse(text.trim(), 'the session')
  const keychain = await loadKeychain()
  await keychainCall(() => keychain.setPassword(KEYCHAIN_SERVICE, account, text.trim()))
}

function parse(text: string, where: string): Session {
  try {
    return sessionFromString(text)
  } catch (error) {
    throw new SessionSourceError(`${where} is not a string session: ${(error as Error).message}`)
  }
}

/** keytar fails at call time without a secret service (no D-Bus session, a locked keyring). */
async function keychainCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    throw new SessionSourceError(
      `The OS keychain did not answer: ${(error as Error).message}. On a headless machine, start a secret service ` +
        '(for example under dbus-run-session with gnome-keyring-daemon), or set TG_SESSION to a string session.',
    )
  }
}
