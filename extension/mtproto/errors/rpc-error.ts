/**
 * RPC errors as the server reports them (`rpc_error error_code error_message`), parsed into the
 * parts applications branch on: `FLOOD_WAIT_30` becomes name `FLOOD_WAIT` with value 30, and
 * `FILE_PART_3_MISSING` becomes name `FILE_PART_MISSING` with value 3.
 */

import { getLayer } from '../../../schema/layer/reference'

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

  /** The documented meaning of this error, when the bundled layer knows it (loaded on first use). */
  get description(): string | undefined {
    return getLayer().lookupError(this.message, this.method)?.description
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
 * Splits the number out of an error message and names the error after the rest, the way the
 * bundled error catalog (schema/layer) names them: `FLOOD_WAIT_30` -> `FLOOD_WAIT` and 30,
 * `FILE_PART_3_MISSING` -> `FILE_PART_MISSING` and 3.
 */
export function parseErrorMessage(message: string): { name: string; value: number | undefined } {
  const match = /(?:^|_)(\d+)(?=_|$)/.exec(message)
  if (!match) return { name: message, value: undefined }
  const name = (message.slice(0, match.index) + '_' + message.slice(match.index + match[0].length))
    .replace(/_{2,}/g, '_')
    .replace(/^_|_$/g, '')
  return { name, value: Number(match[1]) }
}
