/**
 * Tables and key schedule of the AES-256 inverse cipher in its T-table form (FIPS-197 section 5.3.5,
 * the "equivalent inverse cipher"), computed here from the field arithmetic rather than pasted.
 *
 * Words are little-endian (byte 0 of a column in the low byte) because the WebAssembly kernel that
 * uses them loads blocks from little-endian memory; the tables are byte-rotated to match.
 */

export const ROUNDS = 14
/** 15 round keys of 4 words each. */
export const SCHEDULE_WORDS = 4 * (ROUNDS + 1)

/** Forward S-box: needed by the key expansion. */
const SBOX = new Uint8Array(256)
/** Inverse S-box: the last decryption round. */
export const INV_SBOX = new Uint8Array(256)
/**
 * The four decryption T-tables, one after another: entry x of table k is InvSubBytes then
 * InvMixColumns of byte x in row position k, as a little-endian word.
 */
export const TD = new Uint32Array(1024)

buildTables()

function buildTables(): void {
  // Powers and logarithms of the generator 3 in GF(2^8) with the AES polynomial x^8+x^4+x^3+x+1.
  const exp = new Uint8Array(256)
  const log = new Uint8Array(256)
  for (let i = 0, x = 1; i < 255; i++) {
    exp[i] = x
    log[x] = i
    x ^= (x << 1) ^ (x & 0x80 ? 0x11b : 0)
  }
  const mul = (a: number, b: number): number => (a === 0 || b === 0 ? 0 : exp[(log[a] + log[b]) % 255])

  for (let x = 0; x < 256; x++) {
    // S(x) = affine transform of the multiplicative inverse of x.
    const inv = x === 0 ? 0 : exp[(255 - log[x]) % 255]
    let s = inv
    for (let r = 1; r < 5; r++) s ^= ((inv << r) | (inv >>> (8 - r))) & 0xff
    s ^= 0x63
    SBOX[x] = s
    INV_SBOX[s] = x
  }
  for (let x = 0; x < 256; x++) {
    const s = INV_SBOX[x]
    // Column (0e, 09, 0d, 0b) * s, stored with the first row in the lowest byte.
    const word = mul(s, 0x0e) | (mul(s, 0x09) << 8) | (mul(s, 0x0d) << 16) | (mul(s, 0x0b) << 24)
    for (let k = 0; k < 4; k++) TD[k * 256 + x] = (word << (8 * k)) | (word >>> (32 - 8 * k))
  }
}

/**
 * Expands a 32-byte key into the decryption round keys, as little-endian words, ordered for the
 * equivalent inverse cipher: last round key first, InvMixColumns applied to the inner ones.
 */
export function expandDecryptionKey(key: Uint8Array): Uint32Array {
  if (key.length !== 32) throw new RangeError(`AES-256 needs a 32-byte key, got ${key.length}`)
  const w = new Uint32Array(SCHEDULE_WORDS)
  // Words are little-endian throughout: byte 0 of the key is the low byte of w[0].
  for (let i = 0; i < 8; i++) {
    w[i] = key[4 * i] | (key[4 * i + 1] << 8) | (key[4 * i + 2] << 16) | (key[4 * i + 3] << 24)
  }
  for (let i = 8, rcon = 1; i < SCHEDULE_WORDS; i++) {
    let t = w[i - 1]
    if (i % 8 === 0) {
      // RotWord then SubWord, then the round constant into the first byte.
      t = (t >>> 8) | (t << 24)
      t = subWord(t) ^ rcon
      rcon = (rcon << 1) ^ (rcon & 0x80 ? 0x11b : 0)
    } else if (i % 8 === 4) {
      t = subWord(t)
    }
    w[i] = w[i - 8] ^ t
  }

  const dk = new Uint32Array(SCHEDULE_WORDS)
  for (let round = 0; round <= ROUNDS; round++) {
    for (let j = 0; j < 4; j++) {
      const word = w[4 * (ROUNDS - round) + j]
      dk[4 * round + j] = round === 0 || round === ROUNDS ? word : invMixColumn(word)
    }
  }
  return dk
}

function subWord(w: number): number {
  return SBOX[w & 0xff] | (SBOX[(w >>> 8) & 0xff] << 8) | (SBOX[(w >>> 16) & 0xff] << 16) | (SBOX[w >>> 24] << 24)
}

/** InvMixColumns of one column, through the tables: TD(S(x)) is InvMixColumns of x alone. */
function invMixColumn(w: number): number {
  return (
    TD[SBOX[w & 0xff]] ^
    TD[256 + SBOX[(w >>> 8) & 0xff]] ^
    TD[512 + SBOX[(w >>> 16) & 0xff]] ^
    TD[768 + SBOX[w >>> 24]]
  )
}
