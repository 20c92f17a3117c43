/**
 * What the chat webviews show for the active account and its connection state. Once signed in, the chats stay
 * on screen through every outage, drawn from caches under a banner that counts down to the next attempt; only
 * an account whose client cannot be opened at all (no session, no api_hash) shows why instead.
 */
import type { Account } from '../accounts/account-store'
import type { ConnectionState } from '../workbench/account-clients'
import type { SessionView } from '../../webview/protocol'

export function sessionViewOf(account: Account | undefined, state: ConnectionState, redact: (text: string) => string): SessionView {
  if (!account) return { state: 'signedOut', signIn: { step: 'choose' } }
  const ready = { state: 'ready', account: { id: account.id, name: account.label, kind: account.kind } } as const
  switch (state.kind) {
    case 'connected':
      return { ...ready, connection: 'connected' }
    // Not asked to connect yet (the sidebar was never shown), or connecting for the first time.
    case 'signedOut':
    case 'connecting':
      return { ...ready, connection: 'connecting' }
    case 'reconnecting':
      return { ...ready, connection: 'connecting', retryAt: state.retryAt }
    case 'offline':
      if (state.retryAt === undefined) return { state: 'signedOut', signIn: { step: 'waiting', label: `Offline: ${redact(state.reason)}` } }
      return { ...ready, connection: 'offline', retryAt: state.retryAt }
  }
}
