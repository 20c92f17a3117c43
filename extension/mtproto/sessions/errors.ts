/** A persisted value that must be trusted (the auth keys) could not be read back. */
export class CorruptSessionError extends Error {
  override readonly name = 'CorruptSessionError'
  constructor(
    readonly key: string,
    detail: string,
  ) {
    super(`session value "${key}" is unreadable: ${detail}`)
  }
}

/** Which part of a string session is wrong. */
export type StringSessionPart = 'version' | 'base64' | 'length' | 'dc id' | 'address' | 'port' | 'key'

export class StringSessionError extends Error {
  override readonly name = 'StringSessionError'
  constructor(
    readonly part: StringSessionPart,
    detail: string,
  ) {
    super(`invalid string session (${part}): ${detail}`)
  }
}
