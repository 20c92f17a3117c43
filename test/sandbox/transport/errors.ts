// Why the sandbox dropped a client's stream. Tests assert on `reason`, so each rule has its own.

export type InboundFault =
  | 'unknownProtocol' // the first bytes match no transport and the obfuscated tag is unknown
  | 'oversizedPacket' // a length prefix beyond the sandbox's limit
  | 'badLength' // a length the framing cannot produce (full transport: not a multiple of 4 or below 12)
  | 'badChecksum' // full transport CRC32 mismatch
  | 'badSequence' // full transport seq_no out of order
  | 'truncated' // the client closed mid-packet

export class InboundStreamError extends Error {
  override readonly name = 'InboundStreamError'

  constructor(
    readonly reason: InboundFault,
    detail: string,
  ) {
    super(`${reason}: ${detail}`)
  }
}
