// Tells which transport a client speaks from its first bytes, in the order Telegram's servers check them.

import type { SandboxTransport } from './framing'

export type Identification =
  | { plain: true; transport: SandboxTransport; openingSize: number }
  | { plain: false } // the 64-byte obfuscated init follows; its tag decides
  | undefined // not enough bytes yet

const INTERMEDIATE_TAG = 0xeeeeeeee
const PADDED_TAG = 0xdddddddd
const ABRIDGED_TAG = 0xef

export function identifyTransport(head: Buffer, maxPacketSize: number): Identification {
  if (head.length < 1) return undefined
  if (head[0] === ABRIDGED_TAG) return { plain: true, transport: 'abridged', openingSize: 1 }
  if (head.length < 4) return undefined
  const first = head.readUInt32LE(0)
  if (first === INTERMEDIATE_TAG) return { plain: true, transport: 'intermediate', openingSize: 4 }
  if (first === PADDED_TAG) return { plain: true, transport: 'paddedIntermediate', openingSize: 4 }
  if (head.length < 8) return undefined
  // A full transport stream opens with its first frame: a sane length, then seq_no 0. Obfuscated inits are
  // generated never to have a zero second word, so the two cannot be confused.
  if (head.readUInt32LE(4) === 0 && first >= 12 && first % 4 === 0 && first - 12 <= maxPacketSize) {
    return { plain: true, transport: 'full', openingSize: 0 }
  }
  return { plain: false }
}

/** The framing an obfuscated init's tag (bytes 56..59 after decryption) announces; full has no tag. */
export function transportForTag(tag: Buffer): SandboxTransport | undefined {
  switch (tag.readUInt32LE(0)) {
    case 0xefefefef:
      return 'abridged'
    case INTERMEDIATE_TAG:
      return 'intermediate'
    case PADDED_TAG:
      return 'paddedIntermediate'
    default:
      return undefined
  }
}
