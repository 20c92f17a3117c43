/**
 * The WebAssembly half of AES-256-IGE, assembled here at load time from the code below:
 *
 * - `decrypt`: IGE decryption, block by block. It is serial (each block's cipher input needs the
 *   previous plaintext block), so Node's native AES cannot help and the speed of one software
 *   block decryption is all that counts. In JavaScript every T-table lookup pays a bounds check;
 *   WebAssembly memory accesses don't, and the 14 rounds unroll into straight-line code with the
 *   round keys at constant addresses.
 * - `xor`: 16 bytes at a time with SIMD, for the two XOR passes around native CBC that make up IGE
 *   encryption (see aes-ige.ts), several times faster than a JavaScript loop over words.
 *
 * The module is tiny and needs no toolchain: `emitModule()` writes its bytes directly, so the
 * source of the .wasm is this file and nothing binary is committed.
 *
 * Memory layout (words little-endian, as WebAssembly memory is):
 *   0x0000  TD0..TD3, four 256-entry u32 tables (aes-inverse.ts)
 *   0x1000  inverse S-box, 256 bytes
 *   0x1100  decryption round keys, 60 u32
 *   0x1200  the working area of the current call, laid out by each entry point below
 */
import { INV_SBOX, ROUNDS, SCHEDULE_WORDS, TD } from './aes-inverse'

const TD_AT = 0x0000
const INV_SBOX_AT = 0x1000
const ROUND_KEYS_AT = 0x1100
/** 16 bytes written as a scheduling fence, never read. */
const FENCE_AT = 0x11f0
const WORK_AT = 0x1200
const BLOCK = 16
const PAGE = 65536

interface Kernel {
  memory: WebAssembly.Memory
  /** Decrypts `length` bytes after prevCipher + 16 into prevPlain + 16 (see emitDecrypt). */
  decrypt(prevCipher: number, prevPlain: number, length: number): void
  /** dst[i] = a[i] ^ b[i] for i < length, a multiple of 16; dst may be a or b. */
  xor(dst: number, a: number, b: number, length: number): void
}

let kernel: Kernel | undefined

/** The kernel's memory as bytes, grown to hold at least `size` bytes of working area. */
function workspace(size: number): { k: Kernel; bytes: Uint8Array } {
  const k = (kernel ??= instantiate())
  const needed = WORK_AT + size
  if (k.memory.buffer.byteLength < needed) k.memory.grow(Math.ceil((needed - k.memory.buffer.byteLength) / PAGE))
  return { k, bytes: new Uint8Array(k.memory.buffer) }
}

/**
 * IGE-decrypts `data` (a multiple of 16 bytes) with the decryption round keys `dk` and the 32-byte
 * Telegram IV; returns a new buffer.
 *
 * Layout: C[-1] (the IV's first half) then the ciphertext; P[-1] (its second half) then the
 * plaintext as it is produced. The kernel reads both chaining values back from memory instead of
 * holding them in registers across the rounds.
 */
export function decryptIge(dk: Uint32Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const n = data.length
  const { k, bytes } = workspace(2 * (n + BLOCK))
  const inputAt = WORK_AT + BLOCK
  const outputAt = inputAt + n + BLOCK
  const view = new DataView(bytes.buffer)
  for (let i = 0; i < SCHEDULE_WORDS; i++) view.setUint32(ROUND_KEYS_AT + 4 * i, dk[i], true)
  bytes.set(iv.subarray(0, BLOCK), inputAt - BLOCK)
  bytes.set(data, inputAt)
  bytes.set(iv.subarray(BLOCK), outputAt - BLOCK)
  k.decrypt(inputAt - BLOCK, outputAt - BLOCK, n)
  return bytes.slice(outputAt, outputAt + n)
}

/**
 * IGE encryption given a native CBC encryptor whose IV is the IGE IV's first half: computes
 * X[i] = P[i] ^ P[i-2], Y = cbc(X), C[i] = Y[i] ^ P[i-1] (derivation in aes-ige.ts).
 *
 * Layout: 16 zero bytes, P[-1] (the IV's second half), the plaintext; then X, later Y and C.
 * With the zeros standing in for P[-2], both passes are one uniform XOR with a shifted copy.
 * The ciphertext is written to `output` (plaintext.length bytes), a new buffer unless given.
 */
export function encryptIgeAroundCbc(
  cbc: (x: Uint8Array) => Uint8Array,
  iv: Uint8Array,
  plaintext: Uint8Array,
  output: Uint8Array = new Uint8Array(plaintext.length),
): Uint8Array {
  const n = plaintext.length
  const { k, bytes } = workspace(2 * BLOCK + 2 * n)
  const plainAt = WORK_AT + 2 * BLOCK
  const mixedAt = plainAt + n
  bytes.fill(0, WORK_AT, WORK_AT + BLOCK)
  bytes.set(iv.subarray(BLOCK), WORK_AT + BLOCK)
  bytes.set(plaintext, plainAt)
  k.xor(mixedAt, plainAt, plainAt - 2 * BLOCK, n)
  const y = cbc(bytes.subarray(mixedAt, mixedAt + n))
  // The callback cannot grow memory, so `bytes` still views the live buffer.
  bytes.set(y, mixedAt)
  k.xor(mixedAt, mixedAt, plainAt - BLOCK, n)
  output.set(bytes.subarray(mixedAt, mixedAt + n))
  return output
}

function instantiate(): Kernel {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(emitModule()), {})
  const memory = instance.exports.memory as WebAssembly.Memory
  const view = new DataView(memory.buffer)
  for (let i = 0; i < TD.length; i++) view.setUint32(TD_AT + 4 * i, TD[i], true)
  new Uint8Array(memory.buffer).set(INV_SBOX, INV_SBOX_AT)
  return {
    memory,
    decrypt: instance.exports.decrypt as Kernel['decrypt'],
    xor: instance.exports.xor as Kernel['xor'],
  }
}

// --- A minimal assembler: just what these two functions use (WebAssembly core spec, section 5). ---

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
  /** Prefix of the SIMD instructions, followed by their LEB128 sub-opcode. */
  simd: 0xfd,
} as const
const simd = { v128Load: 0x00, v128Store: 0x0b, v128Xor: 0x51 } as const
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

/** A function body under construction: its i32 locals (parameters first) and its code. */
class FunctionBuilder {
  readonly code: number[] = []
  constructor(
    readonly params: number,
    readonly locals: number,
  ) {}

  get(local: number): void {
    this.code.push(op.localGet, ...unsignedLeb(local))
  }
  set(local: number): void {
    this.code.push(op.localSet, ...unsignedLeb(local))
  }
  const(n: number): void {
    this.code.push(op.i32Const, ...signedLeb(n))
  }
  emit(...bytes: number[]): void {
    this.code.push(...bytes)
  }
  load(offset: number): void {
    this.code.push(op.i32Load, 2, ...unsignedLeb(offset))
  }
  store(offset: number): void {
    this.code.push(op.i32Store, 2, ...unsignedLeb(offset))
  }
  loadByte(offset: number): void {
    this.code.push(op.i32Load8U, 0, ...unsignedLeb(offset))
  }
  /** Pushes the u32 at a constant address. */
  loadAt(address: number): void {
    this.const(0)
    this.load(address)
  }
  /** local += n */
  advance(local: number, n: number): void {
    this.get(local)
    this.const(n)
    this.emit(op.i32Add)
    this.set(local)
  }
  /** `block { loop { if (local >= limit) break; body; continue } }` */
  loopWhileBelow(local: number, limit: number, body: () => void): void {
    this.emit(op.block, VOID_BLOCK, op.loop, VOID_BLOCK)
    this.get(local)
    this.get(limit)
    this.emit(op.i32GeU, op.brIf, 1)
    body()
    this.emit(op.br, 0, op.end, op.end)
  }

  encode(): number[] {
    const locals = this.locals - this.params
    const body = [...vector(locals > 0 ? [[...unsignedLeb(locals), I32]] : []), ...this.code, op.end]
    return [...unsignedLeb(body.length), ...body]
  }
  signature(): number[] {
    return [0x60, ...vector(Array.from({ length: this.params }, () => [I32])), ...vector([])]
  }
}

/**
 * decrypt(prevCipher, prevPlain, length): for each block,
 *   P[i] = D(C[i] ^ P[i-1]) ^ C[i-1], with C[i-1] at prevCipher, C[i] right after it,
 *   P[i-1] at prevPlain and P[i] written right after it; both pointers then advance by 16.
 */
function emitDecrypt(): FunctionBuilder {
  const [prevCipher, prevPlain, length, end] = [0, 1, 2, 3]
  // The cipher state, alternating between two sets of four words across rounds.
  const s = [4, 5, 6, 7]
  const t = [8, 9, 10, 11]
  const f = new FunctionBuilder(3, 12)

  /** Pushes TDk[byte k of local w]: the table index times 4 is the byte shifted into bits 2..9. */
  const tableLookup = (k: number, w: number) => {
    f.get(w)
    if (k === 0) f.emit(op.i32Const, 2, op.i32Shl)
    else f.emit(op.i32Const, ...signedLeb(8 * k - 2), op.i32ShrU)
    f.const(0x3fc)
    f.emit(op.i32And)
    f.load(TD_AT + 0x400 * k)
  }
  /** Pushes INV_SBOX[byte k of local w], shifted back into byte position k. */
  const sboxLookup = (k: number, w: number) => {
    f.get(w)
    if (k > 0) f.emit(op.i32Const, 8 * k, op.i32ShrU)
    if (k < 3) {
      f.const(0xff)
      f.emit(op.i32And)
    }
    f.loadByte(INV_SBOX_AT)
    if (k > 0) f.emit(op.i32Const, 8 * k, op.i32Shl)
  }

  f.get(prevCipher)
  f.get(length)
  f.emit(op.i32Add)
  f.set(end)
  f.loopWhileBelow(prevCipher, end, () => {
    // s = C[i] ^ P[i-1] ^ round key 0
    for (let j = 0; j < 4; j++) {
      f.get(prevCipher)
      f.load(BLOCK + 4 * j)
      f.get(prevPlain)
      f.load(4 * j)
      f.emit(op.i32Xor)
      f.loadAt(ROUND_KEYS_AT + 4 * j)
      f.emit(op.i32Xor)
      f.set(s[j])
    }

    // Inner rounds: out[j] = TD0[in[j]] ^ TD1[in[j+3]] ^ TD2[in[j+2]] ^ TD3[in[j+1]] ^ key
    // (InvShiftRows folded into the indices), XORed pairwise for a shorter dependency chain.
    let from = s
    let to = t
    for (let round = 1; round < ROUNDS; round++) {
      for (let j = 0; j < 4; j++) {
        tableLookup(0, from[j])
        tableLookup(1, from[(j + 3) % 4])
        f.emit(op.i32Xor)
        tableLookup(2, from[(j + 2) % 4])
        tableLookup(3, from[(j + 1) % 4])
        f.emit(op.i32Xor, op.i32Xor)
        f.loadAt(ROUND_KEYS_AT + 16 * round + 4 * j)
        f.emit(op.i32Xor)
        f.set(to[j])
        // A store orders this column before the next column's loads; without it TurboFan hoists
        // all 16 lookups of a round ahead of their XORs and spills the results to the stack.
        f.const(0)
        f.get(to[j])
        f.store(FENCE_AT + 4 * j)
      }
      ;[from, to] = [to, from]
    }

    // Last round without InvMixColumns, then P[i] = D(...) ^ C[i-1], stored after P[i-1].
    for (let j = 0; j < 4; j++) {
      f.get(prevPlain)
      for (let k = 0; k < 4; k++) {
        sboxLookup(k, from[(j - k + 4) % 4])
        if (k > 0) f.emit(op.i32Or)
      }
      f.loadAt(ROUND_KEYS_AT + 16 * ROUNDS + 4 * j)
      f.emit(op.i32Xor)
      f.get(prevCipher)
      f.load(4 * j)
      f.emit(op.i32Xor)
      f.store(BLOCK + 4 * j)
    }
    f.advance(prevCipher, BLOCK)
    f.advance(prevPlain, BLOCK)
  })
  return f
}

/** xor(dst, a, b, length): one 128-bit XOR per 16 bytes. */
function emitXor(): FunctionBuilder {
  const [dst, a, b, length, i] = [0, 1, 2, 3, 4]
  const f = new FunctionBuilder(4, 5)
  const address = (base: number) => {
    f.get(base)
    f.get(i)
    f.emit(op.i32Add)
  }
  f.loopWhileBelow(i, length, () => {
    address(dst)
    address(a)
    f.emit(op.simd, ...unsignedLeb(simd.v128Load), 0, 0)
    address(b)
    f.emit(op.simd, ...unsignedLeb(simd.v128Load), 0, 0)
    f.emit(op.simd, ...unsignedLeb(simd.v128Xor))
    f.emit(op.simd, ...unsignedLeb(simd.v128Store), 0, 0)
    f.advance(i, BLOCK)
  })
  return f
}

function emitModule(): Uint8Array<ArrayBuffer> {
  const functions = [emitDecrypt(), emitXor()]
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector(functions.map((f) => f.signature()))),
    ...section(3, vector(functions.map((_, index) => unsignedLeb(index)))),
    // One memory, starting at 1 page (tables, keys and the first KiBs of work), grown on demand.
    ...section(5, vector([[0x00, ...unsignedLeb(1)]])),
    ...section(7, vector([[...name('memory'), 0x02, 0], [...name('decrypt'), 0x00, 0], [...name('xor'), 0x00, 1]])),
    ...section(10, vector(functions.map((f) => f.encode()))),
  ]
  return new Uint8Array(bytes)
}
