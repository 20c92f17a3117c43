// The sessions updates can be pushed to. Telegram sends a session's updates over the connection it was last heard
// from, and only once the session made a query not wrapped in invokeWithoutUpdates. A session whose connection
// closed keeps its subscription but receives nothing until it reconnects (it catches up through getDifference).
import type { AuthKeyRecord } from '../session/auth-keys'
import type { ServerSession } from '../session/server-session'

/** Where a session's pushes go: the connection it used last, able to send one message in that session. */
export interface PushRoute {
  /** Identifies the connection, so that its sessions are forgotten when it closes. */
  readonly connection: object
  /** Sends `body` as an unsolicited, content-related message of the session. */
  send(body: Uint8Array): void
}

export interface LiveSession {
  readonly dcId: number
  readonly authKey: AuthKeyRecord
  readonly session: ServerSession
  /** Undefined while the session has no open connection. */
  route: PushRoute | undefined
  /** Made a query that asks for updates. */
  subscribed: boolean
}

export class LiveSessions {
  private readonly sessions = new Map<ServerSession, LiveSession>()

  /** Called for every message a session sends: pushes follow it to its latest connection. */
  heardFrom(dcId: number, authKey: AuthKeyRecord, session: ServerSession, route: PushRoute): void {
    const known = this.sessions.get(session)
    if (known) known.route = route
    else this.sessions.set(session, { dcId, authKey, session, route, subscribed: false })
  }

  /** A query without invokeWithoutUpdates: from now on the session gets pushes. */
  subscribe(session: ServerSession): void {
    const known = this.sessions.get(session)
    if (known) known.subscribed = true
  }

  /** The connection closed: its sessions wait for the client to reconnect. */
  connectionClosed(connection: object): void {
    for (const live of this.sessions.values()) if (live.route?.connection === connection) live.route = undefined
  }

  /** A session the client destroyed (destroy_session) or the auth key that held it is gone. */
  forget(session: ServerSession): void {
    this.sessions.delete(session)
  }

  /** Every subscribed session with an open connection, for the pusher to pick from. */
  *reachable(): IterableIterator<LiveSession & { route: PushRoute }> {
    for (const live of this.sessions.values()) if (live.subscribed && live.route) yield live as LiveSession & { route: PushRoute }
  }

  /** A server restart forgets every session. */
  clear(): void {
    this.sessions.clear()
  }
}
