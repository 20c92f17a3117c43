/**
 * Ids the binary format itself relies on, shared by both layers, as signed int32 (the form the
 * reader produces and the registry is keyed by).
 */
export const VECTOR_ID = 0x1cb5c415 | 0
export const BOOL_FALSE_ID = 0xbc799737 | 0
export const BOOL_TRUE_ID = 0x997275b5 | 0
/** `gzip_packed#3072cfa1 packed_data:bytes = Object;` may stand in for any boxed object. */
export const GZIP_PACKED_ID = 0x3072cfa1 | 0

/** The range a `long` may be given in: signed int64, or unsigned up to 2^64 - 1 (written as its two's complement). */
export const LONG_MIN = -(2n ** 63n)
export const LONG_MAX = 2n ** 64n - 1n
