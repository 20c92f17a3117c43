/**
 * The friendly client, composed the way Telethon composes its own: each concern lives in one module
 * as a table of methods (auth.ts, users.ts, messages.ts, ...), and this class gathers them on top of
 * ClientCore. A new concern (uploads, downloads, updates) is one more module and one more line in
 * each of the two lists below.
 *
 *   await using client = new TelegramClient({ apiId, apiHash, session })
 *   await client.start({ phone: () => ask('Phone?'), code: () => ask('Code?'), password: (hint) => ask(`Password (${hint})?`) })
 *   for await (const dialog of client.iterDialogs({ limit: 10 })) console.log(dialog.name, dialog.unreadCount)
 *   await client.sendMessage('me', '**Hello** from the workbench')
 */
import { accountMethods } from './account'
import { authMethods } from './auth'
import { chatMethods } from './chats'
import { ClientCore } from './client-core'
import { dialogMethods } from './dialogs'
import { downloadMethods } from './downloads'
import { draftMethods } from './drafts'
import { inviteMethods } from './invites'
import { messageMethods } from './messages'
import { rawMethods } from './raw'
import { updateMethods } from './updates'
import { uploadMethods } from './uploads'
import { userMethods } from './users'

type AuthMethods = typeof authMethods
type UserMethods = typeof userMethods
type RawMethods = typeof rawMethods
type MessageMethods = typeof messageMethods
type DialogMethods = typeof dialogMethods
type ChatMethods = typeof chatMethods
type AccountMethods = typeof accountMethods
type UploadMethods = typeof uploadMethods
type DownloadMethods = typeof downloadMethods
type UpdateMethods = typeof updateMethods
type DraftMethods = typeof draftMethods
type InviteMethods = typeof inviteMethods

// Declaration merging gives the class the types of the method tables installed on its prototype below.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface TelegramClient extends AuthMethods, UserMethods, RawMethods, MessageMethods, DialogMethods, ChatMethods, AccountMethods, UploadMethods, DownloadMethods, UpdateMethods, DraftMethods, InviteMethods {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class TelegramClient extends ClientCore {}

for (const methods of [authMethods, userMethods, rawMethods, messageMethods, dialogMethods, chatMethods, accountMethods, uploadMethods, downloadMethods, updateMethods, draftMethods, inviteMethods]) {
  Object.assign(TelegramClient.prototype, methods)
}
