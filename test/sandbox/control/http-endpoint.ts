// The control hook over loopback HTTP, for a sandbox run as a process (`npm run sandbox`): the bench and the demo
// POST JSON to it. Each route maps onto one SandboxControl call; answers are JSON, 64-bit ids as strings.
//
//   POST /faults/drop             { dcId?, afterPackets? }
//   POST /faults/delay            { ms, method?, calls? }
//   POST /faults/flood-wait       { method, seconds, calls? }
//   POST /faults/migrate          { method, kind: PHONE|USER|NETWORK|FILE|STATS, dcId, calls? }
//   POST /faults/rotate-salts     {}
//   POST /faults/skew-clock       { ms }
//   POST /faults/swallow-updates  { account?, forMs? }
//   POST /faults/clear            {}
//   GET  /faults                  what is armed
//   POST /restart                 {}
//   POST /act                     { as, action: sendMessage|editMessage|deleteMessages|readHistory|setTyping, ... }
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { UnknownAccountError, type PeerSpec } from './account-actor'
import { RpcError } from '../rpc/rpc-error'
import type { SandboxControl } from './control'
import { MIGRATE_KINDS, type MigrateKind } from './faults'

export interface ControlEndpoint {
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  close(): Promise<void>
}

/** Bodies larger than this are refused; every route takes a few fields. */
const MAX_BODY_BYTES = 64 * 1024

/** A request the endpoint refuses, with the HTTP status it answers. */
class BadRequest extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message)
  }
}

type Json = Record<string, unknown>
type Route = (body: Json) => unknown

export async function startControlEndpoint(control: SandboxControl, options: { host?: string; port?: number } = {}): Promise<ControlEndpoint> {
  const routes = controlRoutes(control)
  const server = createServer((request, response) => void serve(routes, request, response))
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return { url: `http://${host}:${port}`, close: () => closeServer(server) }
}

function controlRoutes(control: SandboxControl): Record<string, Route> {
  return {
    'POST /faults/drop': (body) => {
      const dcId = optionalNumber(body, 'dcId')
      const afterPackets = optionalNumber(body, 'afterPackets')
      if (afterPackets === undefined) return { dropped: control.dropConnections({ dcId }) }
      control.dropConnectionAfter(afterPackets, { dcId })
      return { armed: true }
    },
    'POST /faults/delay': (body) => {
      control.delayResponses(number(body, 'ms'), { method: optionalString(body, 'method'), calls: optionalNumber(body, 'calls') })
      return { armed: true }
    },
    'POST /faults/flood-wait': (body) => {
      control.floodWait(string(body, 'method'), number(body, 'seconds'), { calls: optionalNumber(body, 'calls') })
      return { armed: true }
    },
    'POST /faults/migrate': (body) => {
      const kind = string(body, 'kind').toUpperCase()
      if (!MIGRATE_KINDS.includes(kind as MigrateKind)) throw new BadRequest(`kind must be one of ${MIGRATE_KINDS.join(', ')}`)
      control.migrate(string(body, 'method'), kind as MigrateKind, number(body, 'dcId'), { calls: optionalNumber(body, 'calls') })
      return { armed: true }
    },
    'POST /faults/rotate-salts': () => {
      control.rotateSalts()
      return { rotated: true }
    },
    'POST /faults/skew-clock': (body) => {
      control.skewClock(number(body, 'ms'))
      return { skewMs: number(body, 'ms') }
    },
    'POST /faults/swallow-updates': (body) => {
      control.swallowUpdates({ account: optionalAccount(body, 'account'), forMs: optionalNumber(body, 'forMs') })
      return { armed: true }
    },
    'POST /faults/clear': () => {
      control.clearFaults()
      return { cleared: true }
    },
    'GET /faults': () => control.describeFaults(),
    'POST /restart': async () => {
      await control.restart()
      return { restarted: true }
    },
    'POST /act': (body) => act(control, body),
  }
}

async function act(control: SandboxControl, body: Json): Promise<unknown> {
  const actor = control.as(account(body, 'as'))
  const action = string(body, 'action')
  const peer = (): PeerSpec => account(body, 'peer')
  switch (action) {
    case 'sendMessage':
      return actor.sendMessage(peer(), string(body, 'text'), { replyTo: optionalNumber(body, 'replyTo'), silent: body.silent === true })
    case 'editMessage':
      return actor.editMessage(peer(), number(body, 'id'), string(body, 'text'))
    case 'deleteMessages':
      return actor.deleteMessages(peer(), numbers(body, 'ids'), { revoke: body.revoke === true })
    case 'readHistory':
      await actor.readHistory(peer(), optionalNumber(body, 'maxId'))
      return { read: true }
    case 'setTyping':
      return { typing: await actor.setTyping(peer()) }
    default:
      throw new BadRequest(`unknown action ${action}`)
  }
}

async function serve(routes: Record<string, Route>, request: IncomingMessage, response: ServerResponse): Promise<void> {
  try {
    const route = routes[`${request.method} ${new URL(request.url ?? '/', 'http://control').pathname}`]
    if (!route) throw new BadRequest(`no route ${request.method} ${request.url}`, 404)
    const body = request.method === 'POST' ? await readJson(request) : {}
    reply(response, 200, await route(body))
  } catch (error) {
    reply(response, statusOf(error), { error: error instanceof Error ? error.message : String(error) })
  }
}

function statusOf(error: unknown): number {
  if (error instanceof BadRequest) return error.status
  if (error instanceof UnknownAccountError) return 404
  // An RPC error from an action (PEER_ID_INVALID...) is the caller's mistake too.
  if (error instanceof RpcError) return 400
  return 500
}

async function readJson(request: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) throw new BadRequest('body too large', 413)
    chunks.push(chunk)
  }
  if (size === 0) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    throw new BadRequest('body is not JSON')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new BadRequest('body must be a JSON object')
  return parsed as Json
}

function reply(response: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value ?? null, (_key, v: unknown) =>
    typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v === Infinity ? 'Infinity' : v,
  )
  response.writeHead(status, { 'content-type': 'application/json' }).end(text)
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

function number(body: Json, key: string): number {
  const value = body[key]
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new BadRequest(`${key} must be a number`)
  return value
}

function optionalNumber(body: Json, key: string): number | undefined {
  return body[key] === undefined ? undefined : number(body, key)
}

function numbers(body: Json, key: string): number[] {
  const value = body[key]
  if (!Array.isArray(value) || !value.every((n) => typeof n === 'number')) throw new BadRequest(`${key} must be an array of numbers`)
  return value as number[]
}

function string(body: Json, key: string): string {
  const value = body[key]
  if (typeof value !== 'string' || value === '') throw new BadRequest(`${key} must be a string`)
  return value
}

function optionalString(body: Json, key: string): string | undefined {
  return body[key] === undefined ? undefined : string(body, key)
}

/** An account as JSON names it: an id as a number, a phone ('+...' or digits) or a username as a string. */
function account(body: Json, key: string): string | bigint {
  const value = body[key]
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value)
  if (typeof value === 'string' && value !== '') return value
  throw new BadRequest(`${key} must name an account (id, phone or username)`)
}

function optionalAccount(body: Json, key: string): string | bigint | undefined {
  return body[key] === undefined ? undefined : account(body, key)
}
