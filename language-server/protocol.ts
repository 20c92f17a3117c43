/**
 * The messages the language server adds to LSP, declared once and imported by both the extension's
 * language client and the server, so each side is type-checked against the same shapes.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol'
import type { Location, Range } from 'vscode-languageserver-types'

/** An RPC error Telegram answered when the notebook ran a call. */
export interface RuntimeErrorParams {
  /** The notebook cell (or document) the call is written in. */
  uri: string
  /** The call that failed, in that document. */
  range: Range
  error: {
    /** The error code: 400, 420, 303... */
    code: number
    /** The message as Telegram sent it: `FLOOD_WAIT_30`, `PEER_ID_INVALID`. */
    message: string
  }
}

/**
 * Sent by the notebook after a failed run. The server keeps a diagnostic on the call, naming the
 * error, what it means and what to do, until the cell's text changes.
 */
export const RuntimeErrorNotification = new NotificationType<RuntimeErrorParams>('telegramWorkbench/runtimeError')

export interface SearchReferenceParams {
  query: string
  /** At most this many results; 50 when absent. */
  limit?: number
}

export type ReferenceEntryKind = 'constructor' | 'method' | 'type'

export interface ReferenceSearchItem {
  name: string
  kind: ReferenceEntryKind
  /** A one-line summary: the type a constructor builds, what a method returns, a type's constructor count. */
  detail: string
  /** Where the entry is defined, in the read-only documents of the bundled layer (`tl-layer:/api.tl`). */
  location: Location
}

/** Ranked search over the bundled layer, for the "Telegram: Search TL Reference" quick pick. */
export const SearchReferenceRequest = new RequestType<SearchReferenceParams, ReferenceSearchItem[], void>(
  'telegramWorkbench/searchReference',
)

/** The URI scheme of the bundled layer's read-only documents: `tl-layer:/api.tl`, `tl-layer:/mtproto.tl`. */
export const LAYER_URI_SCHEME = 'tl-layer'
