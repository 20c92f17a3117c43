/**
 * The two ways serialization fails. Decoding treats its input as hostile, so every failure of the
 * decoder is a `TlDecodeError` with a machine-readable reason; encoding failures are programming
 * errors in the caller and name the constructor and field at fault.
 */

export type TlDecodeErrorReason =
  /** A constructor id that neither layer defines. */
  | 'unknown-constructor'
  /** The input ends before the value does. */
  | 'truncated'
  /** A length prefix or vector count claims more data than the input holds. */
  | 'length-too-large'
  /** Objects nested deeper than the decoder allows. */
  | 'too-deep'
  /** Bytes that are present but mean nothing valid here (a bad Bool id, corrupt gzip, trailing data). */
  | 'invalid-value'

export class TlDecodeError extends Error {
  override readonly name: string = 'TlDecodeError'

  constructor(
    readonly reason: TlDecodeErrorReason,
    message: string,
    /** Byte offset in the buffer being read when the error was found. */
    readonly offset: number,
    /** For `unknown-constructor`: the id read, as an unsigned 32-bit number. */
    readonly constructorId?: number,
  ) {
    super(message)
  }
}

/**
 * An answer whose boxed id is not of the type its method declares: `help.getConfig` answered with a
 * `user`. Only the request it answers fails; the bytes were well formed.
 */
export class TlResultTypeError extends TlDecodeError {
  override readonly name: string = 'TlResultTypeError'

  constructor(
    /** The method whose result it was, under any wrappers: `help.getConfig`. */
    readonly method: string,
    /** The result type the method declares, as TL writes it: `Config`, `Vector<User>`, `Bool`. */
    readonly expected: string,
    /** The constructor found instead (`user`, `boolTrue`, `vector`), or its id when unknown. */
    readonly received: string,
    offset: number,
  ) {
    super('invalid-value', `${method} answered with ${received}, which is not a ${expected}`, offset)
  }
}

/** Formats a constructor id the way TL writes it: `#1cb5c415`. */
export function formatId(id: number): string {
  return '#' + (id >>> 0).toString(16).padStart(8, '0')
}

export function unknownConstructor(id: number, offset: number): TlDecodeError {
  const unsigned = id >>> 0
  return new TlDecodeError('unknown-constructor', `unknown constructor ${formatId(unsigned)} at offset ${offset}`, offset, unsigned)
}

export function truncated(offset: number, needed: number, available: number): TlDecodeError {
  return new TlDecodeError('truncated', `needed ${needed} bytes at offset ${offset}, only ${available} left`, offset)
}

export function lengthTooLarge(what: string, length: number, offset: number, available: number): TlDecodeError {
  return new TlDecodeError(
    'length-too-large',
    `${what} of ${length} at offset ${offset} exceeds the ${available} bytes left`,
    offset,
  )
}

export function invalidValue(message: string, offset: number): TlDecodeError {
  return new TlDecodeError('invalid-value', message, offset)
}

export class TlEncodeError extends Error {
  override readonly name = 'TlEncodeError'

  constructor(
    /** The constructor or method being written, e.g. `inputPeerUser`. */
    readonly constructorName: string,
    /** The field at fault, or undefined when the object itself is wrong (unknown `_`). */
    readonly field: string | undefined,
    message: string,
  ) {
    super(field === undefined ? `${constructorName}: ${message}` : `${constructorName}.${field}: ${message}`)
  }
}

/** Describes a JS value briefly for an error message, without dumping large objects. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined'
  if (value === null) return 'null'
  if (Array.isArray(value)) return `an array of ${value.length}`
  if (value instanceof Uint8Array) return `${value.length} bytes`
  switch (typeof value) {
    case 'bigint':
      return `bigint ${value}`
    case 'number':
      return `number ${value}`
    case 'string':
      return `a string of ${value.length} characters`
    case 'boolean':
      return String(value)
    case 'object': {
      const tag = (value as { _?: unknown })._
      return typeof tag === 'string' ? `object ${tag}` : 'an object without _'
    }
    default:
      return typeof value
  }
}

/** The error for a required field that is missing or holds a value of the wrong JS type. */
export function badField(owner: string, field: string, expected: string, value: unknown): TlEncodeError {
  return new TlEncodeError(
    owner,
    field,
    value === undefined || value === null ? `required ${expected} is missing` : `expected ${expected}, got ${describeValue(value)}`,
  )
}
