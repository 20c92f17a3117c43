// For the update and fault tests: our MtprotoClient connected to the sandbox over TCP, its auth key signed in to
// an account by binding it straight in the world (these tests are about updates, not about sign-in), and every
// update the server pushes recorded in order.
import { parseRsaPublicKey } from '../../../extension/mtproto/crypto/rsa'
import { MtprotoClient, type MtprotoClientOptions } from '../../../extension/mtproto/network'
import { authKeyId } from '../crypto'
import type { Sandbox } from '../server'

export interface RecordingClient {
  readonly client: MtprotoClient
  /** Every pushed Updates object, in arrival order. */
  readonly pushes: { _: string; [field: string]: unknown }[]
  /** Resolves with the next push (or one already received and not yet taken) that `accept` matches. */
  nextPush(accept?: (push: { _: string; [field: string]: unknown }) => boolean): Promise<{ _: string; [field: string]: unknown }>
  close(): void
}

export function recordingClient(sandbox: Sandbox, dcId: number, options: Partial<MtprotoClientOptions> = {}): RecordingClient {
  const pushes: { _: string; [field: string]: unknown }[] = []
  let taken = 0
  const waiters: (() => void)[] = []
  const client = new MtprotoClient({
    dcs: sandbox.dcs,
    mainDcId: dcId,
    rsaKeys: [parseRsaPublicKey(sandbox.rsaPublicKeyPem)],
    apiId: 1,
    requestTimeoutMs: 10_000,
    reconnect: { baseDelayMs: 10, maxDelayMs: 100 },
    onUpdate: (update) => {
      pushes.push(update as { _: string })
      for (const wake of waiters.splice(0)) wake()
    },
    ...options,
  })
  return {
    client,
    pushes,
    async nextPush(accept = () => true) {
      for (;;) {
        while (taken < pushes.length) {
          const push = pushes[taken++]!
          if (accept(push)) return push
        }
        await new Promise<void>((resolve) => waiters.push(resolve))
      }
    },
    close: () => client.close(),
  }
}

/** Connects and signs the client's key in to `accountId` on `dcId`, as a finished sign-in would. */
export async function signIn(sandbox: Sandbox, recording: RecordingClient, accountId: bigint, dcId: number): Promise<void> {
  await recording.client.connect(dcId)
  const key = recording.client.session(dcId).keyState!.authKey
  const record = sandbox.world.authKeys.get(dcId, authKeyId(key))
  if (!record) throw new Error('the sandbox does not know the key the client agreed')
  sandbox.world.authorizations.bind(record, accountId, 'code')
}

/** A recording client signed in to `accountId` on its home DC and subscribed to updates (it called getState). */
export async function subscribedClient(sandbox: Sandbox, accountId: bigint, options: Partial<MtprotoClientOptions> = {}): Promise<RecordingClient> {
  const dcId = sandbox.world.accounts.require(accountId).homeDc
  const recording = recordingClient(sandbox, dcId, options)
  await signIn(sandbox, recording, accountId, dcId)
  await recording.client.invoke({ _: 'updates.getState' })
  return recording
}
