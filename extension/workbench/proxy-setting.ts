/**
 * The proxy setting as a URL, turned into the client's ProxyConfig:
 *   socks5://user:pass@host:1080    SOCKS5
 *   http://user:pass@host:8080      HTTP CONNECT
 *   tg://proxy?server=…&port=…&secret=…  (or https://t.me/proxy?…)  MTProxy
 * With the setting empty, VS Code's `http.proxy` is used when it is an http(s) proxy, since
 * HTTP CONNECT carries MTProto as well as HTTPS.
 */
import type { ProxyConfig } from '../mtproto'

export class ProxySettingError extends Error {
  override readonly name = 'ProxySettingError'
}

export function parseProxySetting(value: string): ProxyConfig | undefined {
  const text = value.trim()
  if (text === '') return undefined
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new ProxySettingError(`"${text}" is not a proxy URL (socks5://host:port, http://host:port or tg://proxy?server=…)`)
  }
  const credentials = url.username ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) } : {}
  if (url.protocol === 'tg:' || (url.hostname === 't.me' && url.pathname === '/proxy')) {
    const server = url.searchParams.get('server')
    const port = Number(url.searchParams.get('port'))
    const secret = url.searchParams.get('secret')
    if (!server || !Number.isInteger(port) || port <= 0 || !secret) throw new ProxySettingError('An MTProxy link needs server, port and secret')
    return { type: 'mtproxy', host: server, port, secret }
  }
  const port = Number(url.port)
  if (!url.hostname || !Number.isInteger(port) || port <= 0) throw new ProxySettingError(`The proxy URL "${url.protocol}//${url.host}" needs a host and a port`)
  const host = url.hostname.replace(/^\[|\]$/g, '')
  if (url.protocol === 'socks5:' || url.protocol === 'socks:') return { type: 'socks5', host, port, ...credentials }
  if (url.protocol === 'http:') return { type: 'http', host, port, ...credentials }
  throw new ProxySettingError(`Proxy scheme "${url.protocol}" is not supported; use socks5://, http:// or an MTProxy link`)
}

/** Our setting first; else `http.proxy` when it is plain HTTP (an https:// proxy would need TLS to the proxy). */
export function effectiveProxy(ownSetting: string, httpProxy: string): ProxyConfig | undefined {
  if (ownSetting.trim() !== '') return parseProxySetting(ownSetting)
  if (/^http:\/\//i.test(httpProxy.trim())) return parseProxySetting(httpProxy)
  return undefined
}
