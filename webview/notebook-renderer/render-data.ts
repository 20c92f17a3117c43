/**
 * The contract between the notebook (which builds the tree) and the renderer (which shows it):
 * a TL object already resolved into display nodes, so the renderer needs no layer knowledge.
 * Imported by extension/notebook/outputs.ts and by the renderer; types and constants only.
 */

/** The mimetype of a scratchpad result tree; the renderer is registered for it. */
export const TL_TREE_MIME = 'application/vnd.telegram-workbench.tl-tree+json'

export type RenderNode =
  /** A TL object: `type` is its constructor (`messages.messages`, `user`). */
  | { kind: 'object'; type: string; fields: RenderField[] }
  | { kind: 'list'; items: RenderNode[] }
  /** An `int`; `date` is its ISO 8601 form when the field holds a Unix time (`date`, `*_date`, `expires`...). */
  | { kind: 'int'; value: number; date?: string }
  /** A `long`, as its exact decimal digits. */
  | { kind: 'long'; value: string }
  | { kind: 'double'; value: number }
  | { kind: 'string'; value: string }
  /** `bytes`, `int128`, `int256`: `hex` may hold only the first bytes of a long value (then shorter than `length` * 2); `length` is the full size. */
  | { kind: 'bytes'; hex: string; length: number }
  | { kind: 'bool'; value: boolean }
  /** An optional field that is absent, or a value the tree cannot show. */
  | { kind: 'null' }

export interface RenderField {
  name: string
  value: RenderNode
}

export interface TlTreeOutput {
  version: 1
  /** The reference bound to the result: `$3`. */
  binding?: string
  /** The method that produced it. */
  method?: string
  root: RenderNode
}
