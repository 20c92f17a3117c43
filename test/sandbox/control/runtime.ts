// The running sandbox's moving parts that are not world state and do not survive a restart: the fault
// switches, the sessions that can receive pushes, and the pusher. The DC servers and the query runner consult
// them; control.ts drives them.
import { LiveSessions } from '../updates/live-sessions'
import { UpdatePusher } from '../updates/pusher'
import type { World } from '../world'
import { FaultSwitches } from './faults'
import { MisbehaviorSwitch } from './misbehavior'

export interface SandboxRuntime {
  readonly faults: FaultSwitches
  readonly liveSessions: LiveSessions
  readonly pusher: UpdatePusher
  /** Protocol rules broken on purpose, for the security tests (misbehavior.ts). */
  readonly misbehavior: MisbehaviorSwitch
}

export function createRuntime(world: World): SandboxRuntime {
  const faults = new FaultSwitches(() => world.clock.nowMs())
  const liveSessions = new LiveSessions()
  const pusher = new UpdatePusher({
    updates: world.updates,
    live: liveSessions,
    faults,
    accountOf: (authKey) => world.authorizations.of(authKey)?.accountId,
    channelMemberIds: (channelId) => world.chats.channelMemberIds(channelId),
    viewAs: (accountId) => world.viewAs(accountId),
    nowSeconds: () => world.clock.nowSeconds(),
  })
  return { faults, liveSessions, pusher, misbehavior: new MisbehaviorSwitch() }
}

/**
 * Forgets every server session, keeping the auth keys and their sign-ins: what clients meet after a server
 * restart (new_session_created on their next message, and no pushes until they call something again).
 */
export function forgetSessions(world: World, runtime: SandboxRuntime): void {
  for (const key of world.authKeys.all()) {
    key.sessions.clear()
    // A restart is how the sandbox shows a clock that went back: ids must follow the new time, not outrun it.
    key.msgIds.reset()
  }
  runtime.liveSessions.clear()
}
