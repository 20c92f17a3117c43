/**
 * The friendly client, composed the way Telethon composes its own: each concern lives in one module
 * as a table of methods (auth.ts, users.ts, messages.ts, ...), and this class gathers them on top of
 * ClientCore. A new concern is one more module and one more entry in the list below.
 *
 *   await using client = new TelegramClient({ apiId, apiHash, session })
 *   await client.start({ phone: () => ask('Phone?'), code: () => ask('Code?'), password: (hint) => ask(`Password (${hint})?`) })
 *   for await (const dialog of client.iterDialogs({ limit: 10 })) console.log(dialog.name, dialog.unreadCount)
 *   await client.sendMessage('me', '**Hello** from the workbench')
 */
import { accountMethods } from './account'
import { adminLogMethods } from './admin-log'
import { authMethods } from './auth'
import { botMethods } from './bots'
import { chatMethods } from './chats'
import { ClientCore } from './client-core'
import { conversationMethods } from './conversation'
import { dialogMethods } from './dialogs'
import { downloadMethods } from './downloads'
import { draftMethods } from './drafts'
import { inviteMethods } from './invites'
import { messageMethods } from './messages'
import { moderationMethods } from './moderation'
import { rawMethods } from './raw'
import { typingMethods } from './typing'
import { updateMethods } from './updates'
import { uploadMethods } from './uploads'
import { userMethods } from './users'

const concerns = [
  authMethods,
  userMethods,
  rawMethods,
  messageMethods,
  typingMethods,
  dialogMethods,
  draftMethods,
  conversationMethods,
  chatMethods,
  moderationMethods,
  adminLogMethods,
  inviteMethods,
  botMethods,
  accountMethods,
  uploadMethods,
  downloadMethods,
  updateMethods,
] as const

/** Every concern's methods, merged into one type. */
type Concerns = UnionToIntersection<(typeof concerns)[number]>
type UnionToIntersection<U> = (U extends unknown ? (k: U) => void : never) extends (k: infer I) => void ? I : never

// Declaration merging gives the class the types of the method tables installed on its prototype below.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface TelegramClient extends Concerns {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class TelegramClient extends ClientCore {}

for (const methods of concerns) Object.assign(TelegramClient.prototype, methods)
