/** An object cannot be turned into the peer form asked for (e.g. a Peer has no access hash). */
export class InvalidPeerError extends TypeError {
  override readonly name = 'InvalidPeerError'
}

/**
 * An entity the client has never seen. Telegram only accepts users and channels with the access hash
 * issued to this account, so the client must have received the entity in some response first.
 */
export class EntityNotFoundError extends Error {
  override readonly name = 'EntityNotFoundError'
  constructor(
    /** What the caller asked for, as written. */
    readonly reference: string,
    /** Where the client looked, in order. */
    readonly tried: readonly string[],
    hint = HOW_TO_MAKE_KNOWN,
  ) {
    super(`Could not find the entity for ${reference}: tried ${tried.join(', ')}. ${hint}`)
  }
}

const HOW_TO_MAKE_KNOWN =
  'Make it known first: use its @username or t.me link, load the dialogs that contain it (getDialogs), ' +
  'the participants of a group you share (getParticipants), or a message it sent or that mentions it; ' +
  'every entity in those answers is cached with its access hash.'
