/**
 * Raw: every update as Telegram sent it (after ordering and deduplication), for what the friendly
 * events do not cover. Narrow it with `types`.
 */
import type { Update } from '../updates/update-batch'
import { EventBuilder, type Delivered } from './event-builder'

export interface RawFilters {
  /** Only updates of these constructors (`'updateUserName'`, ...). */
  types?: readonly Update['_'][]
  func?: (update: Update) => boolean | Promise<boolean>
}

export class Raw extends EventBuilder<Update> {
  private readonly types: ReadonlySet<string> | undefined

  constructor(filters: RawFilters = {}) {
    super(filters.func ? { func: filters.func } : {})
    this.types = filters.types && new Set(filters.types)
  }

  build(update: Delivered): Update | undefined {
    if (update._ === 'updatesGap') return undefined
    return this.types && !this.types.has(update._) ? undefined : update
  }

  protected chatIdOf(): undefined {
    return undefined
  }
}
