/**
 * Stripped thumbnails (photoStrippedSize, the inline previews of photos and profile pictures): a tiny
 * JPEG with its headers cut off to save bytes. Byte 0 is the format version (1), bytes 1 and 2 the
 * height and width, the rest the entropy-coded scan. Every client puts back the same fixed header
 * (quality-20 quantization tables, the standard Huffman tables, 4:2:0 sampling, an SOS for three
 * components) with the two dimensions patched into its SOF0, and appends the EOI marker.
 */

// The header's bytes are a fixed fact of the format, the same in every Telegram client.
const HEADER_HEX =
  'ffd8ffe000104a46494600010100000100010000ffdb004300281c1e231e19282321232d2b28303c64413c37373c7b585d496491809996' +
  '8f808c8aa0b4e6c3a0aadaad8a8cc8ffcbdaeef5ffffff9bc1fffffffaffe6fdfff8ffdb0043012b2d2d3c353c76414176f8a58ca5f8f8' +
  'f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8f8ffc00011080000' +
  '000003012200021101031101ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400b5100002010303' +
  '020403050504040000017d01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a' +
  '25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a9293' +
  '9495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2' +
  'f3f4f5f6f7f8f9faffc4001f0100030101010101010101010000000000000102030405060708090a0bffc400b511000201020404030407' +
  '05040400010277000102031104052131061241510761711322328108144291a1b1c109233352f0156272d10a162434e125f11718191a26' +
  '2728292a35363738393a434445464748494a535455565758595a636465666768696a737475767778797a82838485868788898a92939495' +
  '969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae2e3e4e5e6e7e8e9eaf2f3f4f5f6' +
  'f7f8f9faffda000c03010002110311003f00'
const HEADER = Buffer.from(HEADER_HEX, 'hex')
/** Where SOF0 keeps the low bytes of the height and of the width (the high bytes stay 0: at most 255). */
const HEIGHT_OFFSET = 164
const WIDTH_OFFSET = 166
const EOI = Buffer.from([0xff, 0xd9])
const STRIPPED_VERSION = 1

export class StrippedThumbnailError extends Error {
  override readonly name = 'StrippedThumbnailError'
}

/** The complete JPEG a stripped thumbnail stands for. */
export function inflateStrippedThumbnail(stripped: Uint8Array): Uint8Array {
  if (stripped.length < 3 || stripped[0] !== STRIPPED_VERSION) {
    throw new StrippedThumbnailError(`not a stripped thumbnail (version byte ${stripped[0]}, ${stripped.length} bytes)`)
  }
  const jpeg = Buffer.concat([HEADER, stripped.subarray(3), EOI])
  jpeg[HEIGHT_OFFSET] = stripped[1]!
  jpeg[WIDTH_OFFSET] = stripped[2]!
  return jpeg
}
