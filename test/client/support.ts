// Shared by the client tests: a sandbox per test file, clients pointed at it, and a request counter.
import assert from 'node:assert/strict'
import type { CallMiddleware } from '../../extension/mtproto/network/call-pipeline'
import { TelegramClient, type TelegramClientOptions } from '../../extension/mtproto'
import type { SeededAccount } from '../sandbox/seed'
import type { Sandbox } from '../sandbox/server'

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
  const account = seeded(sandbox, key)
  const client = sandboxClient(sandbox, options)
  await client.start({
    phone: '+' + account.phone,
    code: () => account.loginCode,
    password: () => account.password ?? assert.fail(`${key} has no password`),
  })
  return client
}
