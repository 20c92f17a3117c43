// Transport obfuscation: a 64-byte init packet that looks random, from which both sides derive AES-256-CTR
// streams, one per direction. https://core.telegram.org/mtproto/mtproto-transports#transport-obfuscation

import { createCipheriv, createHash, randomBytes as nodeRandomBytes } from 'node:crypto'

export interface ObfuscationOptions {
  /** Written at bytes 60-61 (int16 LE). MTProxy routes by it; test DCs add 10000, media-only DCs are negative. */
  dcId?: number
  /** The 16-byte MTProxy secret: when set, each key is SHA-256(key || secret), as MTProxy expects. */
  proxySecret?: Uint8Array
  randomBytes?: (count: number) => Uint8Array
}

export interface Obfuscation {
  /** Sent once, before any framed byte. */
  readonly init: Uint8Array
  /** Encrypts outgoing bytes; the stream continues across calls. */
  encrypt(bytes: Uint8Array): Uint8Array
  /** Decrypts incoming bytes; the stream continues across calls. */
  decrypt(bytes: Uint8Array): Uint8Array
}

/**
 * First words a server could take for another protocol, so the init must not start with them:
 * HTTP verbs (HEAD, POST, GET, OPTIONS), the plain intermediate tags, and a TLS handshake record.
 */
const FORBIDDEN_FIRST_WORDS = new Set([
  0x44414548, // "HEAD"
  0x54534f50, // "POST"
  0x20544547, // "GET "
  0x4954504f, // "OPTI"
  0xdddddddd,
  0xeeeeeeee,
  0x02010316, // 16 03 01 02: TLS handshake record header
])

export function createObfuscation(tag: Uint8Array, options: ObfuscationOptions = {}): Obfuscation {
  if (tag.length !== 4) throw new RangeError('the obfuscation protocol tag is 4 bytes')
  const random = options.randomBytes ?? nodeRandomBytes
  const init = new Uint8Array(64)
  do init.set(random(64))
  while (!isAcceptableInit(init))

  init.set(tag, 56)
  if (options.dcId !== undefined) new DataView(init.buffer).setInt16(60, options.dcId, true)

  // Our outgoing key and IV sit in bytes 8-55; the server's are the same bytes reversed.
  const reversed = init.slice(8, 56).reverse()
  const encryptor = createCipheriv('aes-256-ctr', deriveKey(init.subarray(8, 40), options.proxySecret), init.subarray(40, 56))
  const decryptor = createCipheriv('aes-256-ctr', deriveKey(reversed.subarray(0, 32), options.proxySecret), reversed.subarray(32, 48))

  // The init goes out in clear except bytes 56-63 (tag and dc), which are sent encrypted; encrypting all 64 bytes
  // also advances our stream past the init, as the server's stream will be.
  const encryptedInit = encryptor.update(init)
  init.set(encryptedInit.subarray(56, 64), 56)

  return {
    init,
    encrypt: (bytes) => encryptor.update(bytes),
    decrypt: (bytes) => decryptor.update(bytes),
  }
}

function isAcceptableInit(init: Uint8Array): boolean {
  const view = new DataView(init.buffer, init.byteOffset, 8)
  // 0xef would read as plain abridged, a zero second word as the seq of a plain full header.
  return init[0] !== 0xef && !FORBIDDEN_FIRST_WORDS.has(view.getUint32(0, true)) && view.getUint32(4, true) !== 0
}

function deriveKey(key: Uint8Array, proxySecret: Uint8Array | undefined): Uint8Array {
  if (proxySecret === undefined) return key
  return createHash('sha256').update(key).update(proxySecret).digest()
}
