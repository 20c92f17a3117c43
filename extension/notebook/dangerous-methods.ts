/**
 * Methods that destroy data or end sessions. The scratchpad asks for a modal confirmation naming the
 * account before every run of a cell that calls one of them: a raw request has no undo.
 */

export type DangerKind = 'data' | 'session' | 'account'

export interface DangerousMethod {
  /** The TL method name. */
  method: string
  /** What is lost: messages, media or contacts ('data'); signed-in sessions ('session'); the whole account. */
  kind: DangerKind
  /** One line for the confirmation dialog, saying what running it does. */
  consequence: string
}

const LIST: readonly DangerousMethod[] = [
  { method: 'account.deleteAccount', kind: 'account', consequence: 'deletes the account, its messages and its contacts for good' },
  { method: 'account.resetPassword', kind: 'account', consequence: 'starts removing the two-step verification password' },
  { method: 'auth.logOut', kind: 'session', consequence: 'signs this session out; its auth key stops working' },
  { method: 'auth.resetAuthorizations', kind: 'session', consequence: 'signs out every other session of the account' },
  { method: 'account.resetAuthorization', kind: 'session', consequence: 'signs out the session it names' },
  { method: 'account.resetWebAuthorization', kind: 'session', consequence: 'signs out a website logged in with Telegram' },
  { method: 'account.resetWebAuthorizations', kind: 'session', consequence: 'signs out every website logged in with Telegram' },
  { method: 'auth.dropTempAuthKeys', kind: 'session', consequence: 'drops the temporary auth keys of this session' },
  { method: 'channels.deleteChannel', kind: 'data', consequence: 'deletes the channel or supergroup with all its messages' },
  { method: 'channels.deleteHistory', kind: 'data', consequence: 'deletes the history of the supergroup' },
  { method: 'channels.deleteMessages', kind: 'data', consequence: 'deletes messages of the channel for everyone' },
  { method: 'channels.deleteParticipantHistory', kind: 'data', consequence: 'deletes every message a member sent to the supergroup' },
  { method: 'messages.deleteHistory', kind: 'data', consequence: 'deletes the history of the chat' },
  { method: 'messages.deleteChat', kind: 'data', consequence: 'deletes the basic group' },
  { method: 'messages.deleteMessages', kind: 'data', consequence: 'deletes messages, for everyone when revoke is set' },
  { method: 'messages.deleteScheduledMessages', kind: 'data', consequence: 'deletes scheduled messages' },
  { method: 'messages.deletePhoneCallHistory', kind: 'data', consequence: 'deletes the call history' },
  { method: 'photos.deletePhotos', kind: 'data', consequence: 'deletes profile photos' },
  { method: 'stories.deleteStories', kind: 'data', consequence: 'deletes stories' },
  { method: 'contacts.deleteContacts', kind: 'data', consequence: 'removes contacts' },
  { method: 'contacts.resetSaved', kind: 'data', consequence: 'deletes every imported contact' },
]

const BY_NAME: ReadonlyMap<string, DangerousMethod> = new Map(LIST.map((entry) => [entry.method, entry]))

/** Every dangerous method, in one list. */
export const DANGEROUS_METHODS: readonly DangerousMethod[] = LIST

/** The entry for a TL method name, or undefined when the method is safe to run without asking. */
export function dangerOf(method: string): DangerousMethod | undefined {
  return BY_NAME.get(method)
}
