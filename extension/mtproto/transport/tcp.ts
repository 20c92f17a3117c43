// Opens a TCP socket, failing with a typed error on abort (the caller's timeout) instead of hanging.

import { connect, type Socket } from 'node:net'

export function openTcp(host: string, port: number, signal: AbortSignal): Promise<Socket> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason)
    const socket = connect({ host, port, noDelay: true })
    const onAbort = (): void => {
      socket.destroy()
      reject(signal.reason)
    }
    const onError = (error: Error): void => {
      signal.removeEventListener('abort', onAbort)
      reject(error)
    }
    signal.addEventListener('abort', onAbort, { once: true })
    socket.once('error', onError)
    socket.once('connect', () => {
      signal.removeEventListener('abort', onAbort)
      socket.off('error', onError)
      resolve(socket)
    })
  })
}
