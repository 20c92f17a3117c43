/**
 * One session per DC, created on first use, each with its own auth key. Keys are loaded from
 * and saved to a `KeyStore`, so a client restarted with the same store skips the key exchange.
 */
import type { MtprotoSession, SessionKeyState } from '../session/session'

export interface DcAddress {
  id: number
  host: string
  port: number
}

/** Where auth keys live between runs (SecretStorage in the extension; memory in tests). */
export interface KeyStore {
  load(dcId: number): SessionKeyState | undefined
  save(dcId: number, state: SessionKeyState): void
}

export class MemoryKeyStore implements KeyStore {
  private readonly states = new Map<number, SessionKeyState>()
  load(dcId: number): SessionKeyState | undefined {
    return this.states.get(dcId)
  }
  save(dcId: number, state: SessionKeyState): void {
    this.states.set(dcId, state)
  }
}

export class DcManager {
  private readonly sessions = new Map<number, MtprotoSession>()
  private readonly addresses: Map<number, DcAddress>

  constructor(
    dcs: readonly DcAddress[],
    /** The DC the account lives on; requests go there unless told otherwise. */
    public mainDcId: number,
    private readonly createSession: (dc: DcAddress) => MtprotoSession,
  ) {
    this.addresses = new Map(dcs.map((dc) => [dc.id, dc]))
    if (!this.addresses.has(mainDcId)) throw new RangeError(`main DC ${mainDcId} is not among the configured DCs`)
  }

  address(dcId: number): DcAddress {
    const dc = this.addresses.get(dcId)
    if (!dc) throw new RangeError(`DC ${dcId} is not configured`)
    return dc
  }

  /** The session for `dcId`, created (not yet connected) on first use. */
  session(dcId: number): MtprotoSession {
    let session = this.sessions.get(dcId)
    if (!session) {
      session = this.createSession(this.address(dcId))
      this.sessions.set(dcId, session)
    }
    return session
  }

  /** The sessions opened so far. */
  openSessions(): IterableIterator<MtprotoSession> {
    return this.sessions.values()
  }

  closeAll(): void {
    for (const session of this.sessions.values()) session.close()
    this.sessions.clear()
  }
}
