/**
 * Turns what a sign-in step threw into words and a way forward: the server's known description
 * (from the bundled error catalog) plus what to do next, e.g. wait out a flood wait.
 */
import { RpcError } from '../mtproto'

export type NextStep = 'retryCode' | 'resendCode' | 'retryPassword' | 'retryPhone' | 'wait' | 'checkSettings' | 'none'

export interface SignInProblem {
  message: string
  next: NextStep
  /** For flood waits: how long before trying again. */
  waitSeconds?: number
}

const STEP_BY_ERROR: Record<string, { next: NextStep; advice: string }> = {
  PHONE_CODE_INVALID: { next: 'retryCode', advice: 'Check the code and type it again.' },
  PHONE_CODE_EMPTY: { next: 'retryCode', advice: 'Type the code you received.' },
  PHONE_CODE_EXPIRED: { next: 'resendCode', advice: 'Request a new code.' },
  PASSWORD_HASH_INVALID: { next: 'retryPassword', advice: 'Type your two-step verification password again.' },
  PHONE_NUMBER_INVALID: { next: 'retryPhone', advice: 'Use the international format, e.g. +44 20 1234 5678.' },
  PHONE_NUMBER_BANNED: { next: 'none', advice: 'Contact recover@telegram.org about this number.' },
  API_ID_INVALID: { next: 'checkSettings', advice: 'Check the api_id setting and the api_hash against my.telegram.org.' },
  API_ID_PUBLISHED_FLOOD: { next: 'checkSettings', advice: 'Use your own api_id from my.telegram.org.' },
  ACCESS_TOKEN_INVALID: { next: 'none', advice: 'Copy the bot token from @BotFather again.' },
}

export function describeSignInError(error: unknown): SignInProblem {
  if (error instanceof RpcError) {
    const description = error.description ?? error.message
    if (error.name === 'FLOOD_WAIT' || error.name === 'FLOOD_PREMIUM_WAIT') {
      const seconds = error.value ?? 0
      return { message: `${description} Try again in ${formatDuration(seconds)}.`, next: 'wait', waitSeconds: seconds }
    }
    const step = STEP_BY_ERROR[error.name]
    if (step) return { message: `${description} ${step.advice}`, next: step.next }
    return { message: `${description} (${error.message})`, next: 'none' }
  }
  return { message: error instanceof Error ? error.message : String(error), next: 'none' }
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`
}
