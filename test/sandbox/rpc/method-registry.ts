// Method handlers, grouped by API namespace into modules (api/help.ts, later api/auth.ts, api/messages.ts...).
// A handler receives the request as a plain object of our layer and returns the result in our layer; the
// session layer takes care of client layers, rpc_result wrapping and errors.
import type { AuthKeyRecord } from '../session/auth-keys'
import type { ServerSession } from '../session/server-session'
import type { TlObject } from '../tl'
import type { World } from '../world'

export interface CallContext {
  readonly world: World
  readonly dcId: number
  readonly authKey: AuthKeyRecord
  readonly session: ServerSession
  /** The msg_id the query arrived with. */
  readonly msgId: bigint
  /** The client's layer, from invokeWithLayer on this auth key. */
  readonly layer: number
  /** Set by invokeWithoutUpdates: this query must not subscribe the session to updates. */
  readonly withoutUpdates: boolean
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each handler narrows its own request type
export type MethodHandler = (request: any, context: CallContext) => unknown

/** The handlers one module contributes, keyed by TL method name. */
export type MethodModule = Readonly<Record<string, MethodHandler>>

export class MethodRegistry {
  private readonly handlers = new Map<string, MethodHandler>()

  constructor(modules: readonly MethodModule[] = []) {
    for (const module of modules) this.add(module)
  }

  add(module: MethodModule): void {
    for (const [name, handler] of Object.entries(module)) {
      if (this.handlers.has(name)) throw new Error(`two modules implement ${name}`)
      this.handlers.set(name, handler)
    }
  }

  lookup(name: string): MethodHandler | undefined {
    return this.handlers.get(name)
  }

  /** For tests and the startup banner. */
  names(): string[] {
    return [...this.handlers.keys()].sort()
  }
}

export type { TlObject }
