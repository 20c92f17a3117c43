// Picks a framing by name, and the bytes that tell the server which framing follows.

import { abridgedCodec } from './abridged'
import type { CodecOptions, PacketCodec, TransportKind } from './codec'
import { fullCodec } from './full'
import { intermediateCodec, paddedIntermediateCodec } from './intermediate'

export function createCodec(kind: TransportKind, options: CodecOptions = {}): PacketCodec {
  switch (kind) {
    case 'abridged':
      return abridgedCodec(options)
    case 'intermediate':
      return intermediateCodec(options)
    case 'paddedIntermediate':
      return paddedIntermediateCodec(options)
    case 'full':
      return fullCodec(options)
  }
}

/** What a plain (non-obfuscated) stream starts with. The full framing has no opening; its first header is enough. */
export function plainOpening(kind: TransportKind): Uint8Array {
  switch (kind) {
    case 'abridged':
      return Uint8Array.of(0xef)
    case 'intermediate':
      return Uint8Array.of(0xee, 0xee, 0xee, 0xee)
    case 'paddedIntermediate':
      return Uint8Array.of(0xdd, 0xdd, 0xdd, 0xdd)
    case 'full':
      return new Uint8Array(0)
  }
}

/**
 * The protocol tag inside an obfuscated init packet. Telegram defines one for abridged, intermediate and padded
 * intermediate only: the full framing has no tag, so a server reading an obfuscated init could not tell it was
 * there. It is also pointless to hide: its seq and CRC32 duplicate what TCP and MTProto already check. We
 * therefore refuse to obfuscate it rather than invent a tag no server knows.
 */
export function obfuscatedTag(kind: TransportKind): Uint8Array {
  switch (kind) {
    case 'abridged':
      return Uint8Array.of(0xef, 0xef, 0xef, 0xef)
    case 'intermediate':
      return Uint8Array.of(0xee, 0xee, 0xee, 0xee)
    case 'paddedIntermediate':
      return Uint8Array.of(0xdd, 0xdd, 0xdd, 0xdd)
    case 'full':
      throw new RangeError('the full transport cannot be obfuscated: the protocol defines no tag for it')
  }
}
