/**
 * AES-256-IGE decryption as a WebAssembly kernel, assembled here at load time from the code below.
 *
 * Why WebAssembly: IGE decryption is serial (each block's cipher input needs the previous plaintext
 * block), so Node's native AES cannot be used and the speed of one software block decryption is all
 * that counts. In JavaScript every T-table lookup pays a bounds check; WebAssembly memory accesses
 * don't, and the 14 rounds unroll into straight-line code with the round keys at constant addresses.
 *
 * The module is tiny and needs no toolchain: `emitModule()` writes its bytes directly, so the
 * source of the .wasm is this file and nothing binary is committed.
 *
 * Memory layout (all words little-endian, as WebAssembly memory is):
 *   0x0000  TD0..TD3, four 256-entry u32 tables (aes-inverse.ts)
 *   0x1000  inverse S-box, 256 bytes
 *   0x1100  decryption round keys, 60 u32
 *   0x1200  C[-1] (the IV's first half), then the ciphertext;
 *           after it P[-1] (the IV's second half), then the plaintext as it is produced
 */
import { INV_SBOX, ROUNDS, SCHEDULE_WORDS, TD } from './aes-inverse'

const TD_AT = 0x0000
const INV_SBOX_AT = 0x1000
const ROUND_KEYS_AT = 0x1100
const DATA_AT = 0x1200
const BLOCK = 16
const PAGE = 65536

interface Kernel {
  memory: WebAssembly.Memory
  decrypt: (prevCipher: number, prevPlain: number, length: number) => void
}

let kernel: Kernel | undefined

/**
 * Decrypts `data` (a multiple of 16 bytes) with the decryption round keys `dk` and the 32-byte
 * Telegram IV, and returns a new buffer.
 */
export function decryptIge(dk: Uint32Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const k = (kernel ??= instantiate())
  const inputAt = DATA_AT + BLOCK
  const outputAt = inputAt + data.length + BLOCK
  const needed = outputAt + data.length
  if (k.memory.buffer.byteLength < needed) {
    k.memory.grow(Math.ceil((needed - k.memory.buffer.byteLength) / PAGE))
  }
  const buffer = k.memory.buffer
  const view = new DataView(buffer)
  for (let i = 0; i < SCHEDULE_WORDS; i++) view.setUint32(ROUND_KEYS_AT + 4 * i, dk[i], true)
  const bytes = new Uint8Array(buffer)
  bytes.set(iv.subarray(0, BLOCK), inputAt - BLOCK)
  bytes.set(data, inputAt)
  bytes.set(iv.subarray(BLOCK), outputAt - BLOCK)
  k.decrypt(inputAt - BLOCK, outputAt - BLOCK, data.length)
  return bytes.slice(outputAt, outputAt + data.length)
}

function instantiate(): Kernel {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(emitModule()), {})
  const memory = instance.exports.memory as WebAssembly.Memory
  const view = new DataView(memory.buffer)
  for (let i = 0; i < TD.length; i++) view.setUint32(TD_AT + 4 * i, TD[i], true)
  new Uint8Array(memory.buffer).set(INV_SBOX, INV_SBOX_AT)
  return { memory, decrypt: instance.exports.decrypt as Kernel['decrypt'] }
}

// --- A minimal assembler: just the opcodes this kernel uses (WebAssembly core spec, section 5). ---

const op = {
  block: 0x02,
  loop: 0x03,
  br: 0x0c,
  brIf: 0x0d,
  end: 0x0b,
  localGet: 0x20,
  localSet: 0x21,
  i32Load: 0x28,
  i32Load8U: 0x2d,
  i32Store: 0x36,
  i32Const: 0x41,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32And: 0x71,
  i32Or: 0x72,
  i32Xor: 0x73,
  i32Shl: 0x74,
  i32ShrU: 0x76,
} as const
const VOID_BLOCK = 0x40
const I32 = 0x7f

function unsignedLeb(n: number): number[] {
  const out: number[] = []
  do {
    let byte = n & 0x7f
    n >>>= 7
    if (n !== 0) byte |= 0x80
    out.push(byte)
  } while (n !== 0)
  return out
}

function signedLeb(n: number): number[] {
  const out: number[] = []
  for (;;) {
    const byte = n & 0x7f
    n >>= 7
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)
    out.push(done ? byte : byte | 0x80)
    if (done) return out
  }
}

const name = (s: string): number[] => [...unsignedLeb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))]
const section = (id: number, body: number[]): number[] => [id, ...unsignedLeb(body.length), ...body]
const vector = (items: number[][]): number[] => [...unsignedLeb(items.length), ...items.flat()]

/**
 * Local variable indices of `decrypt(prevCipher, prevPlain, length)`; the first three are the
 * parameters. prevCipher points at C[i-1] (the IV's first half, right before the input) and
 * prevPlain at P[i-1] (the IV's second half, right before the output), so the chaining values are
 * read back from memory instead of being held in registers across the 14 rounds.
 */
const L = {
  prevCipher: 0,
  prevPlain: 1,
  length: 2,
  end: 3,
  /** The cipher state, alternating between two sets of four across rounds. */
  s: [4, 5, 6, 7],
  t: [8, 9, 10, 11],
} as const
const PARAM_COUNT = 3
const LOCAL_COUNT = 9

function emitModule(): Uint8Array<ArrayBuffer> {
  const code: number[] = []
  const get = (i: number) => code.push(op.localGet, ...unsignedLeb(i))
  const set = (i: number) => code.push(op.localSet, ...unsignedLeb(i))
  const konst = (n: number) => code.push(op.i32Const, ...signedLeb(n))
  const load = (offset: number) => code.push(op.i32Load, 2, ...unsignedLeb(offset))
  const loadByte = (offset: number) => code.push(op.i32Load8U, 0, ...unsignedLeb(offset))
  /** Pushes one u32 from a constant address. */
  const loadAt = (address: number) => (konst(0), load(address))

  /** Pushes TDk[byte k of local w]: the table index times 4 is the byte shifted into bits 2..9. */
  const tableLookup = (k: number, w: number) => {
    get(w)
    if (k === 0) code.push(op.i32Const, 2, op.i32Shl)
    else code.push(op.i32Const, ...signedLeb(8 * k - 2), op.i32ShrU)
    konst(0x3fc)
    code.push(op.i32And)
    load(TD_AT + 0x400 * k)
  }
  /** Pushes INV_SBOX[byte k of local w], shifted back into byte position k. */
  const sboxLookup = (k: number, w: number) => {
    get(w)
    if (k > 0) code.push(op.i32Const, 8 * k, op.i32ShrU)
    if (k < 3) (konst(0xff), code.push(op.i32And))
    loadByte(INV_SBOX_AT)
    if (k > 0) code.push(op.i32Const, 8 * k, op.i32Shl)
  }

  get(L.prevCipher)
  get(L.length)
  code.push(op.i32Add)
  set(L.end)

  code.push(op.block, VOID_BLOCK, op.loop, VOID_BLOCK)
  get(L.prevCipher)
  get(L.end)
  code.push(op.i32GeU, op.brIf, 1)

  // s = C[i] ^ P[i-1] ^ round key 0
  for (let j = 0; j < 4; j++) {
    get(L.prevCipher)
    load(BLOCK + 4 * j)
    get(L.prevPlain)
    load(4 * j)
    code.push(op.i32Xor)
    loadAt(ROUND_KEYS_AT + 4 * j)
    code.push(op.i32Xor)
    set(L.s[j])
  }

  // Inner rounds: out[j] = TD0[in[j]] ^ TD1[in[j+3]] ^ TD2[in[j+2]] ^ TD3[in[j+1]] ^ key (InvShiftRows).
  let from: readonly number[] = L.s
  let to: readonly number[] = L.t
  for (let round = 1; round < ROUNDS; round++) {
    for (let j = 0; j < 4; j++) {
      // (TD0 ^ TD1) ^ (TD2 ^ TD3) ^ key: a shallower dependency chain than a left fold.
      tableLookup(0, from[j])
      tableLookup(1, from[(j + 3) % 4])
      code.push(op.i32Xor)
      tableLookup(2, from[(j + 2) % 4])
      tableLookup(3, from[(j + 1) % 4])
      code.push(op.i32Xor, op.i32Xor)
      loadAt(ROUND_KEYS_AT + 16 * round + 4 * j)
      code.push(op.i32Xor)
      set(to[j])
    }
    ;[from, to] = [to, from]
  }

  // Last round without InvMixColumns, then P[i] = D(...) ^ C[i-1], stored after P[i-1].
  for (let j = 0; j < 4; j++) {
    get(L.prevPlain)
    for (let k = 0; k < 4; k++) {
      sboxLookup(k, from[(j - k + 4) % 4])
      if (k > 0) code.push(op.i32Or)
    }
    loadAt(ROUND_KEYS_AT + 16 * ROUNDS + 4 * j)
    code.push(op.i32Xor)
    get(L.prevCipher)
    load(4 * j)
    code.push(op.i32Xor)
    code.push(op.i32Store, 2, ...unsignedLeb(BLOCK + 4 * j))
  }

  for (const pointer of [L.prevCipher, L.prevPlain]) {
    get(pointer)
    konst(BLOCK)
    code.push(op.i32Add)
    set(pointer)
  }
  code.push(op.br, 0, op.end, op.end, op.end)

  const body = [...vector([[...unsignedLeb(LOCAL_COUNT), I32]]), ...code]
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector([[0x60, ...vector(Array.from({ length: PARAM_COUNT }, () => [I32])), ...vector([])]])),
    ...section(3, vector([unsignedLeb(0)])),
    // One memory, starting at 1 page (tables, keys and the first 56 KiB of data), grown on demand.
    ...section(5, vector([[0x00, ...unsignedLeb(1)]])),
    ...section(7, vector([[...name('memory'), 0x02, 0], [...name('decrypt'), 0x00, 0]])),
    ...section(10, vector([[...unsignedLeb(body.length), ...body]])),
  ]
  return new Uint8Array(bytes)
}
