/**
 * The webview's side of the protocol: typed commands and requests out, notifications in. Nothing else in the
 * app calls `postMessage` or reads `message` events.
 */
import {
  command,
  isHostToWebview,
  type CommandMethod,
  type CommandParams,
  type NotificationMessage,
  type RequestMethod,
  type RequestParams,
  type RequestResult,
  type WebviewToHost,
} from './protocol'

/** What `acquireVsCodeApi()` returns inside a VS Code webview. */
export interface VsCodeApi {
  postMessage(message: unknown): void
  getState(): unknown
  setState(state: unknown): void
}

declare global {
  function acquireVsCodeApi(): VsCodeApi
}

interface Pending {
  resolve(result: unknown): void
  reject(error: Error): void
}

export class HostConnection {
  private nextId = 1
  private readonly pending = new Map<number, Pending>()

  constructor(
    private readonly api: VsCodeApi,
    private readonly onNotification: (message: NotificationMessage) => void,
    target: Window = window,
  ) {
    target.addEventListener('message', (event: MessageEvent) => this.receive(event.data))
  }

  command<M extends CommandMethod>(method: M, params: CommandParams[M]): void {
    this.api.postMessage(command(method, params))
  }

  request<M extends RequestMethod>(method: M, params: RequestParams<M>): Promise<RequestResult<M>> {
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (result: unknown) => void, reject })
      this.api.postMessage({ kind: 'request', id, method, params } as WebviewToHost)
    })
  }

  getState<T>(): T | undefined {
    return (this.api.getState() as T | null) ?? undefined
  }

  setState(state: unknown): void {
    this.api.setState(state)
  }

  private receive(data: unknown): void {
    // Only the host posts to a webview; anything that is not a protocol message is ignored.
    if (!isHostToWebview(data)) return
    switch (data.kind) {
      case 'notification':
        this.onNotification(data)
        return
      case 'response':
      case 'error': {
        const pending = this.pending.get(data.id)
        if (!pending) return
        this.pending.delete(data.id)
        if (data.kind === 'response') pending.resolve(data.result)
        else pending.reject(new Error(data.message))
      }
    }
  }
}
