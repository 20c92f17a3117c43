/**
 * AES-256-IGE on a 1 MiB buffer, in MB/s: ours against Node's native AES-256-CBC on the same
 * buffer (the practical ceiling: IGE encryption is CBC plus two XOR passes), GramJS's IGE and
 * mtcute's WebAssembly IGE (the SIMD build when the machine has it, as @mtcute/node picks).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { IGE as GramJsIge } from 'telegram/crypto/IGE'
import { igeDecrypt, igeEncrypt } from '../../extension/mtproto/crypto/aes-ige'
import { oursAndPeers, type Bench } from './harness'

const SIZE = 1 << 20
/** Rounds of interleaved measurement; each implementation keeps its best, which tames a noisy machine. */
const ROUNDS = 3

export default async function cryptoBench(b: Bench): Promise<void> {
  const mtcute = await import('@mtcute/wasm')
  mtcute.initSync(readFileSync(require.resolve(`@mtcute/wasm/${mtcute.SIMD_AVAILABLE ? 'mtcute-simd.wasm' : 'mtcute.wasm'}`)))

  const [data, key, iv] = [randomBytes(SIZE), randomBytes(32), randomBytes(32)]
  const encrypted = Buffer.from(igeEncrypt(data, key, iv))
  if (!Buffer.from(mtcute.ige256Decrypt(encrypted, key, iv)).equals(data)) throw new Error('IGE implementations disagree')

  const encryptors = {
    ours: () => igeEncrypt(data, key, iv),
    'node-native-cbc': () => createCipheriv('aes-256-cbc', key, iv.subarray(0, 16)).setAutoPadding(false).update(data),
    gramjs: () => new GramJsIge(key, iv).encryptIge(data),
    mtcute: () => mtcute.ige256Encrypt(data, key, iv),
  }
  const decryptors = {
    ours: () => igeDecrypt(encrypted, key, iv),
    'node-native-cbc': () => createDecipheriv('aes-256-cbc', key, iv.subarray(0, 16)).setAutoPadding(false).update(encrypted),
    gramjs: () => new GramJsIge(key, iv).decryptIge(encrypted),
    mtcute: () => mtcute.ige256Decrypt(encrypted, key, iv),
  }

  for (const [name, contenders] of [
    ['aes-ige: encrypt 1 MiB', encryptors],
    ['aes-ige: decrypt 1 MiB', decryptors],
  ] as const) {
    const best = b.compare(contenders, { rounds: ROUNDS, ms: 700 })
    b.record({
      name,
      unit: 'MB/s',
      higherIsBetter: true,
      ...oursAndPeers(best, SIZE / 1e6),
      note: `ours at ${(best.ours / best['node-native-cbc']).toFixed(2)}x native CBC`,
    })
  }
}
