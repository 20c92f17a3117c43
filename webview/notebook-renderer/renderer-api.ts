/**
 * The part of VS Code's notebook renderer API (`vscode-notebook-renderer`) this renderer uses,
 * declared here rather than pulled in as a dependency. The renderer module exports `activate`,
 * which VS Code calls once per webview.
 */

export interface OutputItem {
  readonly id: string
  readonly mime: string
  json(): unknown
  text(): string
  data(): Uint8Array
}

export interface RendererContext {
  readonly workspace?: { readonly isTrusted: boolean }
}

export interface RendererApi {
  renderOutputItem(outputItem: OutputItem, element: HTMLElement, signal?: AbortSignal): void | Promise<void>
  disposeOutputItem?(id?: string): void
}

export type ActivationFunction = (context: RendererContext) => RendererApi
