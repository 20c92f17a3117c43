/**
 * Typed failures of the multi-layer codec. The sandbox turns them into protocol answers (or drops the
 * connection), so each carries a machine-readable reason rather than only a message.
 */

export type LayerDecodeErrorReason =
  | 'unknown-constructor'
  | 'unexpected-constructor'
  | 'truncated'
  | 'length-too-large'
  | 'too-deep'
  | 'invalid-value'
  | 'trailing-bytes'

export class LayerDecodeError extends Error {
  override readonly name = 'LayerDecodeError'

  constructor(
    readonly reason: LayerDecodeErrorReason,
    message: string,
    /** Byte offset in the buffer being read when the error was found. */
    readonly offset: number,
    /** The constructor id that could not be used, for the two constructor reasons. */
    readonly constructorId?: number,
  ) {
    super(`${message} (at byte ${offset})`)
  }
}

export class LayerEncodeError extends Error {
  override readonly name = 'LayerEncodeError'

  constructor(
    message: string,
    /** The TL name of the object being written, and the field, when known. */
    readonly constructorName?: string,
    readonly field?: string,
  ) {
    super(constructorName ? `${constructorName}${field ? `.${field}` : ''}: ${message}` : message)
  }
}

/** A value that cannot be expressed in the target layer at all (a method the layer lacks, say). */
export class LayerTranslateError extends Error {
  override readonly name = 'LayerTranslateError'

  constructor(
    message: string,
    readonly objectName: string,
    readonly layer: number,
  ) {
    super(`${objectName} (to layer ${layer}): ${message}`)
  }
}

export const hexId = (id: number): string => `0x${(id >>> 0).toString(16).padStart(8, '0')}`
