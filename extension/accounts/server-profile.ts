/**
 * Where an account's servers are: Telegram's production DCs, Telegram's test DCs, a custom server
 * (host, port and RSA key), or a local sandbox described by the info file `npm run sandbox` writes.
 * A profile is plain JSON, kept with the account's public record; resolving it gives the client options.
 */
import { readFile } from 'node:fs/promises'
import { PRODUCTION_DCS, productionRsaKeys, type DcAddress, type RsaPublicKey } from '../mtproto'
import { rsaPublicKey } from '../mtproto/crypto/rsa'

export type ServerProfile =
  | { kind: 'production' }
  | { kind: 'test' }
  | { kind: 'custom'; dcs: DcAddress[]; rsaKeyPem: string }
  /** `infoFile` is a sandbox's info.json (dcs, rsaPublicKeyPem). */
  | { kind: 'sandbox'; infoFile: string }

export interface ResolvedServer {
  dcs: readonly DcAddress[]
  rsaKeys: readonly (RsaPublicKey | string)[]
  /** Shown next to the account, e.g. "Telegram" or "sandbox 127.0.0.1:44589". */
  description: string
}

/** Telegram's test DCs, as listed on my.telegram.org under "Test configuration". */
const TEST_DCS: readonly DcAddress[] = [
  { id: 1, host: '149.154.175.10', port: 443 },
  { id: 2, host: '149.154.167.40', port: 443 },
  { id: 3, host: '149.154.175.117', port: 443 },
]

/** The test servers' key (fingerprint 0xb25898df208d2603), as published with the test configuration. */
const TEST_KEY_MODULUS =
  'c8c11d635691fac091dd9489aedced2932aa8a0bcefef05fa800892d9b52ed03200865c9e97211cb2ee6c7ae96d3fb0e' +
  '15aeffd66019b44a08a240cfdd2868a85e1f54d6fa5deaa041f6941ddf302690d61dc476385c2fa655142353cb4e4b59' +
  'f6e5b6584db76fe8b1370263246c010c93d011014113ebdf987d093f9d37c2be48352d69a1683f8f6e6c2167983c761e' +
  '3ab169fde5daaa12123fa1beab621e4da5935e9c198f82f35eae583a99386d8110ea6bd1abb0f568759f62694419ea5f' +
  '69847c43462abef858b4cb5edc84e7b9226cd7bd7e183aa974a712c079dde85b9dc063b8a5c08e8f859c0ee5dcd824c7' +
  '807f20153361a7f63cfd2a433a1be7f5'

export class ServerProfileError extends Error {
  override readonly name = 'ServerProfileError'
}

export async function resolveServer(profile: ServerProfile): Promise<ResolvedServer> {
  switch (profile.kind) {
    case 'production':
      return { dcs: PRODUCTION_DCS, rsaKeys: productionRsaKeys(), description: 'Telegram' }
    case 'test':
      return { dcs: TEST_DCS, rsaKeys: [rsaPublicKey(BigInt('0x' + TEST_KEY_MODULUS), 0x10001n)], description: 'Telegram test servers' }
    case 'custom': {
      if (profile.dcs.length === 0) throw new ServerProfileError('The custom server profile lists no DC')
      const first = profile.dcs[0]!
      return { dcs: profile.dcs, rsaKeys: [profile.rsaKeyPem], description: `custom ${first.host}:${first.port}` }
    }
    case 'sandbox': {
      const info = await readSandboxInfo(profile.infoFile)
      const first = info.dcs[0]!
      return { dcs: info.dcs, rsaKeys: [info.rsaPublicKeyPem], description: `sandbox ${first.host}:${first.port}` }
    }
  }
}

export interface SandboxInfo {
  dcs: DcAddress[]
  rsaPublicKeyPem: string
}

/** Reads the parts of a sandbox info file a client needs, saying clearly what is missing. */
export async function readSandboxInfo(file: string): Promise<SandboxInfo> {
  let json: unknown
  try {
    json = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    throw new ServerProfileError(`Cannot read the sandbox info file ${file}: ${(error as Error).message}. Start the sandbox with "npm run sandbox".`)
  }
  const info = json as Partial<SandboxInfo>
  const dcsValid =
    Array.isArray(info.dcs) &&
    info.dcs.length > 0 &&
    info.dcs.every((dc) => Number.isInteger(dc?.id) && typeof dc?.host === 'string' && Number.isInteger(dc?.port))
  if (!dcsValid || typeof info.rsaPublicKeyPem !== 'string') {
    throw new ServerProfileError(`The sandbox info file ${file} has no "dcs" list or no "rsaPublicKeyPem"`)
  }
  return { dcs: info.dcs!.map(({ id, host, port }) => ({ id, host, port })), rsaPublicKeyPem: info.rsaPublicKeyPem! }
}
