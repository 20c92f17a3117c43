// Shared by the client and sandbox API tests: a sandbox per test file, clients pointed at it (our TelegramClient,
// or a raw MtprotoClient whose calls go straight to one DC's session), seeded sign-in, and a request counter.
import assert from 'node:assert/strict'
import { after, before } from 'node:test'
import type { CallMiddleware } from '../../extension/mtproto/network/call-pipeline'
import { TelegramClient, type TelegramClientOptions } from '../../extension/mtproto'
import { srpClientProof, srpPasswordHash } from '../../extension/mtproto/crypto/srp'
import { parseRsaPublicKey } from '../../extension/mtproto/crypto/rsa'
import { RpcError } from '../../extension/mtproto/errors/rpc-error'
import { MtprotoClient } from '../../extension/mtproto/network'
import type { SeededAccount } from '../sandbox/seed'
import { startSandbox, type Sandbox } from '../sandbox/server'

type Closable = { disconnect(): Promise<void> } | { close(): void }

/** One sandbox for the tests of a file (or of the describe it is called in), and the clients they open. */
export interface SandboxPerFile {
  /** The running sandbox; read it inside tests and hooks, it starts in the `before` hook. */
  readonly sandbox: Sandbox
  /** Closes the client after the tests, before the sandbox stops. */
  track<C extends Closable>(client: C): C
  /** The seeded account with this key (ada, grace, alan...). */
  seeded(key: string): SeededAccount
  /** A tracked TelegramClient signed in as the seeded account through start(). */
  signedIn(key: string, options?: Partial<TelegramClientOptions> & { log?: RequestLog }): Promise<TelegramClient>
  /** A tracked raw connection to the account's home DC, signed in as it (with its 2FA password if it has one). */
  rawSignedIn(key: string, onUpdate?: (update: { _: string }) => void): Promise<MtprotoClient>
}

/**
 * Starts a sandbox before the tests, then runs `setUp` (signing in the clients the tests share); after the tests,
 * closes every tracked client and stops the sandbox. The set-up goes in the same hook because Node 20 starts a
 * file's top-level `before` hooks together instead of one after the other.
 */
export function sandboxPerFile(setUp?: (file: SandboxPerFile) => Promise<void>): SandboxPerFile {
  let sandbox: Sandbox | undefined
  const clients: Closable[] = []
  before(async () => {
    sandbox = await startSandbox({ log: () => {} })
    await setUp?.(file)
  })
  after(async () => {
    // Every client is closed and the sandbox stopped even when one disconnect fails; that failure still fails the hook.
    const closed = await Promise.allSettled(clients.map(async (client) => ('disconnect' in client ? client.disconnect() : client.close())))
    await sandbox?.stop()
    for (const result of closed) if (result.status === 'rejected') throw result.reason
  })
  const file: SandboxPerFile = {
    get sandbox() {
      assert.ok(sandbox, 'the sandbox starts in the before hook')
      return sandbox
    },
    track(client) {
      clients.push(client)
      return client
    },
    seeded(key) {
      return seeded(file.sandbox, key)
    },
    async signedIn(key, options) {
      const client = file.track(sandboxClient(file.sandbox, options))
      await startAs(client, seeded(file.sandbox, key))
      return client
    },
    async rawSignedIn(key, onUpdate) {
      const account = seeded(file.sandbox, key)
      const client = file.track(rawClient(file.sandbox, account.homeDc, onUpdate))
      await signInRaw(client, account)
      return client
    },
  }
  return file
}

/** Counts the requests a client sends, by method name (every attempt, as the pipeline sees them). */
export class RequestLog {
  readonly methods: string[] = []
  readonly middleware: CallMiddleware = (ctx, next) => {
    this.methods.push(ctx.request._)
    return next(ctx)
  }
  count(method?: string): number {
    return method === undefined ? this.methods.length : this.methods.filter((m) => m === method).length
  }
  clear(): void {
    this.methods.length = 0
  }
}

export function sandboxClient(sandbox: Sandbox, options: Partial<TelegramClientOptions> & { log?: RequestLog } = {}): TelegramClient {
  const { log, ...rest } = options
  return new TelegramClient({
    apiId: 1,
    apiHash: 'sandbox',
    dcs: sandbox.dcs,
    rsaKeys: [sandbox.rsaPublicKeyPem],
    requestTimeoutMs: 15_000,
    ...(log ? { middlewares: [log.middleware] } : {}),
    ...rest,
  })
}

export function seeded(sandbox: Sandbox, key: string): SeededAccount {
  const account = sandbox.seed!.accounts.find((a) => a.key === key)
  assert.ok(account, `seeded account ${key}`)
  return account
}

/** A connected client signed in as a seeded account through start(). */
export async function signedInClient(sandbox: Sandbox, key: string, options: Partial<TelegramClientOptions> & { log?: RequestLog } = {}): Promise<TelegramClient> {
  const client = sandboxClient(sandbox, options)
  await startAs(client, seeded(sandbox, key))
  return client
}

/** Signs a client in as a seeded account through start(): login code, then its 2FA password if it has one. */
async function startAs(client: TelegramClient, account: SeededAccount): Promise<void> {
  await client.start({
    phone: '+' + account.phone,
    code: () => account.loginCode,
    password: () => account.password ?? assert.fail(`${account.key} has no password`),
  })
}

/** A raw MTProto connection to one sandbox DC: no TelegramClient layers (no migration, no retries) in between. */
export function rawClient(sandbox: Sandbox, dcId: number, onUpdate?: (update: { _: string }) => void): MtprotoClient {
  return new MtprotoClient({
    dcs: sandbox.dcs,
    mainDcId: dcId,
    rsaKeys: [parseRsaPublicKey(sandbox.rsaPublicKeyPem)],
    apiId: 1,
    requestTimeoutMs: 15_000,
    ...(onUpdate ? { onUpdate } : {}),
  })
}

/** Signs a raw connection in as a seeded account with its login code, then its 2FA password if the server asks. */
export async function signInRaw(client: MtprotoClient, account: SeededAccount): Promise<void> {
  const sent = await client.invoke({ _: 'auth.sendCode', phone_number: account.phone, api_id: 1, api_hash: 'sandbox', settings: { _: 'codeSettings' } })
  assert.ok(sent._ === 'auth.sentCode')
  try {
    await client.invoke({ _: 'auth.signIn', phone_number: account.phone, phone_code_hash: sent.phone_code_hash, phone_code: account.loginCode })
  } catch (error) {
    if (!(error instanceof RpcError && error.name === 'SESSION_PASSWORD_NEEDED')) throw error
    const state = await client.invoke({ _: 'account.getPassword' })
    const algo = state.current_algo
    assert.ok(algo?._ === 'passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow')
    assert.ok(account.password !== undefined, `${account.key} has no password`)
    const proof = srpClientProof(algo, state.srp_B!, await srpPasswordHash(account.password, algo.salt1, algo.salt2))
    await client.invoke({ _: 'auth.checkPassword', password: { _: 'inputCheckPasswordSRP', srp_id: state.srp_id!, A: proof.A, M1: proof.M1 } })
  }
}

/** The RPC error the call fails with; a call that succeeds, or fails otherwise, fails the test. */
export async function rpcError(promise: Promise<unknown>): Promise<RpcError> {
  try {
    await promise
  } catch (error) {
    assert.ok(error instanceof RpcError, `expected an RPC error, got ${String(error)}`)
    return error
  }
  assert.fail('the call succeeded')
}
