// messages.*: reading, sending, reading states and the dialog list, one file per concern.
import type { MethodModule } from '../../rpc/method-registry'
import { dialogMethods } from './dialogs'
import { historyMethods } from './history'
import { readingMethods } from './reading'
import { sendingMethods } from './sending'

export const messagesMethods: MethodModule = {
  ...historyMethods,
  ...sendingMethods,
  ...readingMethods,
  ...dialogMethods,
}
