// Access hashes: what proves that a viewer may address a peer. Telegram gives each viewer its own hash for the
// same user or channel. We derive them (HMAC of a world secret, the viewer and the peer) instead of storing
// them, so they stay valid across restarts and differ per viewer, and a guessed hash does not pass.
import { createHmac } from 'node:crypto'
import type { PeerRef } from './peers'

export class AccessHashes {
  constructor(private readonly secret: Uint8Array) {}

  /** The hash `viewerId` uses for a user or channel (basic groups have none). */
  of(viewerId: bigint, peer: PeerRef): bigint {
    const mac = createHmac('sha256', this.secret).update(`${viewerId}/${peer.kind}/${peer.id}`).digest()
    return mac.readBigInt64LE(0)
  }

  check(viewerId: bigint, peer: PeerRef, accessHash: bigint): boolean {
    return this.of(viewerId, peer) === accessHash
  }
}
