/**
 * Telegram's production data centres and the server key they present: facts, used when the client is
 * given no `dcs` / `rsaKeys` (the sandbox and Telegram's test servers pass their own). After sign-in,
 * help.getConfig is the authority on addresses; these only open the first connection.
 */
import { rsaPublicKey, type RsaPublicKey } from '../crypto/rsa'
import type { DcAddress } from '../network/dc-manager'

export const PRODUCTION_DCS: readonly DcAddress[] = [
  { id: 1, host: '149.154.175.53', port: 443 },
  { id: 2, host: '149.154.167.51', port: 443 },
  { id: 3, host: '149.154.175.100', port: 443 },
  { id: 4, host: '149.154.167.91', port: 443 },
  { id: 5, host: '91.108.56.130', port: 443 },
]

/** New accounts are usually created on DC 2; PHONE_MIGRATE corrects the guess. */
export const PRODUCTION_DEFAULT_DC = 2

/** The production server key (fingerprint 0xd09d1d85de64fd85), as published by Telegram. */
const PRODUCTION_KEY_MODULUS =
  'e8bb3305c0b52c6cf2afdf7637313489e63e05268e5badb601af417786472e5f93b85438968e20e6729a301c0afc121b' +
  'f7151f834436f7fda680847a66bf64accec78ee21c0b316f0edafe2f41908da7bd1f4a5107638eeb67040ace472a14f9' +
  '0d9f7c2b7def99688ba3073adb5750bb02964902a359fe745d8170e36876d4fd8a5d41b2a76cbff9a13267eb9580b2d0' +
  '6d10357448d20d9da2191cb5d8c93982961cdfdeda629e37f1fb09a0722027696032fe61ed663db7a37f6f263d370f69' +
  'db53a0dc0a1748bdaaff6209d5645485e6e001d1953255757e4b8e42813347b11da6ab500fd0ace7e6dfa3736199ccaf' +
  '9397ed0745a427dcfa6cd67bcb1acff3'

export function productionRsaKeys(): RsaPublicKey[] {
  return [rsaPublicKey(BigInt('0x' + PRODUCTION_KEY_MODULUS), 0x10001n)]
}
