// How a connection through MTProxy is laid out: the secret decides the framing, the obfuscation key and
// whether the stream is wrapped in fake TLS.

import type { TransportKind } from './codec'
import type { FakeTlsSecret } from './fake-tls'
import { parseMtProxySecret } from './mtproxy-secret'

export interface MtProxy {
  type: 'mtproxy'
  host: string
  port: number
  /** As found in tg://proxy links: hex or base64, optionally dd- or ee-prefixed. */
  secret: string | Uint8Array
}

export interface MtProxyRoute {
  /** dd and ee secrets only accept padded intermediate; plain ones keep the requested framing. */
  kind: TransportKind
  /** MTProxy always needs obfuscation; its keys are hashed with this secret. */
  obfuscationSecret: Uint8Array
  fakeTls: FakeTlsSecret | undefined
}

export function mtProxyRoute(proxy: MtProxy, requested: TransportKind): MtProxyRoute {
  const secret = parseMtProxySecret(proxy.secret)
  switch (secret.kind) {
    case 'plain':
      return { kind: requested, obfuscationSecret: secret.key, fakeTls: undefined }
    case 'padded':
      return { kind: 'paddedIntermediate', obfuscationSecret: secret.key, fakeTls: undefined }
    case 'fakeTls':
      return { kind: 'paddedIntermediate', obfuscationSecret: secret.key, fakeTls: { key: secret.key, domain: secret.domain } }
  }
}
