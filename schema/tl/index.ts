/** The TL language: syntax tree, parser, constructor ids, printer and semantic checks. */
export type * from './ast'
export { parseTl, ParseErrorCode } from './parser'
export { computeId, crc32, idSourceText } from './constructor-id'
export { formatId, printDefinition, printParam, printType, type PrintOptions } from './printer'
export { builtinTypes, knownTypes, validateTl, ValidationCode, type ValidateOptions } from './validate'
