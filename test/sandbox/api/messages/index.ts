// messages.*: reading, sending, reading states, the dialog list, drafts, leaving and clearing, invite links,
// group admins and inline bots, one file per concern.
import type { MethodModule } from '../../rpc/method-registry'
import { chatAdminMethods } from './chat-admins'
import { dialogMethods } from './dialogs'
import { draftMethods } from './drafts'
import { historyMethods } from './history'
import { inlineMethods } from './inline'
import { inviteMethods } from './invites'
import { leavingMethods } from './leaving'
import { readingMethods } from './reading'
import { sendingMethods } from './sending'

export const messagesMethods: MethodModule = {
  ...historyMethods,
  ...sendingMethods,
  ...readingMethods,
  ...dialogMethods,
  ...draftMethods,
  ...leavingMethods,
  ...inviteMethods,
  ...chatAdminMethods,
  ...inlineMethods,
}
