// Sign-in in progress: codes sent by auth.sendCode, QR login tokens, keys that passed the code but still owe the
// 2FA password, and authorizations exported for another DC. api/auth.ts drives it; it lives in the world so a
// restart with --data does not interrupt a sign-in.

export interface SentCodeRecord {
  readonly phoneCodeHash: string
  readonly phone: string
  readonly code: string
  readonly expiresAt: number
  /** How the code went out last: in the app, then by SMS after auth.resendCode (absent in older snapshots). */
  readonly deliveredBy?: 'app' | 'sms'
}

export interface LoginTokenRecord {
  readonly token: Uint8Array
  /** The DC and key that asked for it (the waiting session). */
  readonly dcId: number
  readonly authKeyId: bigint
  readonly expiresAt: number
  /** Set by auth.acceptLoginToken. */
  acceptedBy: bigint | undefined
}

export interface ExportedAuthorizationRecord {
  readonly id: bigint
  readonly bytes: Uint8Array
  readonly accountId: bigint
  readonly toDcId: number
  readonly expiresAt: number
}

export interface SignInState {
  /** Login codes that never change for a phone (seeded accounts), by phone digits. */
  fixedCodes: Map<string, string>
  /** By phone_code_hash. */
  sentCodes: Map<string, SentCodeRecord>
  /** By the token's hex. */
  loginTokens: Map<string, LoginTokenRecord>
  /** `${dcId}:${authKeyId}` → the account whose code was right but whose password is still due. */
  passwordPending: Map<string, bigint>
  /** auth.exportAuthorization results, by id, until imported. */
  exportedAuthorizations: Map<bigint, ExportedAuthorizationRecord>
  /** The current SRP challenge (srp_id and server secret b) per account, for auth.checkPassword. */
  srpChallenges: Map<bigint, { readonly srpId: bigint; readonly secret: Uint8Array }>
}

export function emptySignInState(): SignInState {
  return {
    fixedCodes: new Map(),
    sentCodes: new Map(),
    loginTokens: new Map(),
    passwordPending: new Map(),
    exportedAuthorizations: new Map(),
    srpChallenges: new Map(),
  }
}
