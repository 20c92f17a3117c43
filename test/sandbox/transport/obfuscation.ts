// Server half of transport obfuscation: reads the client's 64-byte init and derives both AES-256-CTR streams.
// The client encrypts with bytes 8..55 of the init; the server answers with the same 48 bytes reversed.

import { createCipheriv, createDecipheriv, createHash, type Cipher, type Decipher } from 'node:crypto'

export interface AcceptedInit {
  /** Bytes 56..59 after decryption: the framing that follows. */
  tag: Buffer
  /** Bytes 60..61 after decryption, int16 LE. */
  dcId: number
  fromClient: Decipher
  toClient: Cipher
}

export function acceptObfuscatedInit(init: Buffer, mtproxySecret?: Buffer): AcceptedInit {
  if (init.length !== 64) throw new RangeError('an obfuscated init is 64 bytes')
  const keyFor = (material: Buffer): Buffer =>
    mtproxySecret ? createHash('sha256').update(Buffer.concat([material, mtproxySecret])).digest() : material

  const clientKeyIv = init.subarray(8, 56)
  const serverKeyIv = Buffer.from(clientKeyIv).reverse()
  const fromClient = createDecipheriv('aes-256-ctr', keyFor(clientKeyIv.subarray(0, 32)), clientKeyIv.subarray(32, 48))
  const toClient = createCipheriv('aes-256-ctr', keyFor(serverKeyIv.subarray(0, 32)), serverKeyIv.subarray(32, 48))

  // Running the whole init through the client's stream both reveals the tag and aligns the stream with the client.
  const clear = fromClient.update(init)
  return { tag: clear.subarray(56, 60), dcId: clear.readInt16LE(60), fromClient, toClient }
}
