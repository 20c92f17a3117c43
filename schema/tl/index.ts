/** The TL language: syntax tree, parser and constructor ids. */
export type * from './ast'
export { parseTl, ParseErrorCode } from './parser'
export { computeId, crc32, idSourceText } from './constructor-id'
