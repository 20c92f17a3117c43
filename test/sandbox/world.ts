// State shared by every DC of one sandbox: the clock, the key material, the auth keys each DC agreed, the
// method handlers, and the fault switches. Accounts, chats and files join it in later modules.
import { loadServerKeys, type ServerKeys } from './keys'
import { rsaFingerprint } from './keys/fingerprint'
import { SandboxClock } from './clock'
import { MethodRegistry } from './rpc/method-registry'
import { AuthKeyStore } from './session/auth-keys'

export interface DcAddress {
  readonly id: number
  readonly host: string
  readonly port: number
}

/** Faults a test can switch on; each is consumed or cleared by the test that set it. */
export interface Faults {
  /** Answer dh_gen_retry to this many otherwise valid set_client_DH_params, on any DC. */
  dhGenRetries: number
}

export class World {
  readonly clock = new SandboxClock()
  readonly keys: ServerKeys = loadServerKeys()
  readonly fingerprint: bigint = rsaFingerprint(this.keys.rsaModulus, this.keys.rsaExponent)
  readonly authKeys = new AuthKeyStore(() => this.clock.nowSeconds())
  readonly faults: Faults = { dhGenRetries: 0 }
  /** Filled in as the DCs start listening. */
  readonly dcs: DcAddress[] = []

  constructor(readonly methods: MethodRegistry) {}

  /** Forces a new salt on every auth key: clients see bad_server_salt on their next message. */
  rotateSalts(): void {
    for (const key of this.authKeys.all()) key.salts.rotate(this.clock.nowSeconds())
  }
}
