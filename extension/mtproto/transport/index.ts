// The transport layer's public surface: what the session engine and the VS Code glue import.

export type { PacketCodec, CodecOptions, TransportKind } from './codec'
export { DEFAULT_MAX_PACKET_SIZE } from './codec'
export { createCodec, obfuscatedTag, plainOpening } from './framing'
export { createObfuscation, type Obfuscation, type ObfuscationOptions } from './obfuscation'
export { Connection, type ConnectionOptions, type ProxyConfig, type Transport, type TransportEvents } from './connection'
export type { Socks5Proxy } from './socks5'
export type { HttpProxy } from './http-connect'
export type { MtProxy } from './mtproxy'
export { parseMtProxySecret, type MtProxySecret } from './mtproxy-secret'
export { ConnectionClosedError, ConnectTimeoutError, FramingError, ProxyError, TransportError } from './errors'
