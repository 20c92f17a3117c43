/** Regenerates schema/codec/generated/ if it is missing or older than the layer files or the generator. */
export declare function ensureGenerated(): void
