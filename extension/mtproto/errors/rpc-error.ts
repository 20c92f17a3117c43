/**
 * RPC errors as the server reports them (`rpc_error error_code error_message`), parsed into the
 * parts applications branch on: `FLOOD_WAIT_30` becomes name `FLOOD_WAIT` with value 30, and
 * `FILE_PART_3_MISSING` becomes name `FILE_PART_X_MISSING` with value 3.
 */

/** Finds the known description of an error by its message; plugged in by the network layer. */
export type ErrorDescriber = (message: string, method: string) => string | undefined

let describer: ErrorDescriber | undefined

/** Installs the lookup used by `RpcError#description` (the client wires in schema/layer). */
export function setRpcErrorDescriber(describe: ErrorDescriber | undefined): void {
  describer = describe
}

export class RpcError extends Error {
  override readonly name: string
  /** The HTTP-like class of the error: 303 see other DC, 400 bad request, 420 flood, 500 internal... */
  readonly code: number
  /** The raw error text, e.g. `FLOOD_WAIT_30`. */
  override readonly message: string
  /** The number carried inside the message (seconds, DC id, part index), if any. */
  readonly value: number | undefined
  /** The TL name of the method that failed, e.g. `help.getConfig`. */
  readonly method: string

  constructor(code: number, message: string, method: string) {
    super(message)
    const parsed = parseErrorMessage(message)
    this.code = code
    this.message = message
    this.name = parsed.name
    this.value = parsed.value
    this.method = method
  }

  /** The documented meaning of this error, when the bundled layer knows it. */
  get description(): string | undefined {
    return describer?.(this.message, this.method)
  }

  /** Whether this error has the given name (`FLOOD_WAIT`) or exact message (`FLOOD_WAIT_30`). */
  is(nameOrMessage: string): boolean {
    return this.name === nameOrMessage || this.message === nameOrMessage
  }

  override toString(): string {
    return `RpcError ${this.code} ${this.message} (in ${this.method})`
  }
}

/**
 * Splits the number out of an error message. A trailing number is dropped together with its
 * underscore (`FLOOD_WAIT_30` -> `FLOOD_WAIT`); a number in the middle becomes `X`, the way the
 * error tables spell such names (`FILE_PART_3_MISSING` -> `FILE_PART_X_MISSING`).
 */
export function parseErrorMessage(message: string): { name: string; value: number | undefined } {
  const trailing = /^(.+?)_(\d+)$/.exec(message)
  if (trailing) return { name: trailing[1], value: Number(trailing[2]) }
  const inner = /^(.*?_)(\d+)(_.+)$/.exec(message)
  if (inner) return { name: `${inner[1]}X${inner[3]}`, value: Number(inner[2]) }
  return { name: message, value: undefined }
}

/** The table spelling of an error message, with its number replaced by `X` (`FLOOD_WAIT_X`). */
export function errorTableName(message: string): string {
  return message.replace(/(^|_)\d+(?=_|$)/, '$1X')
}
