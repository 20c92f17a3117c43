/**
 * New-message notifications with Reply and Open, following the settings: all chats, mentions only, or
 * none, never for muted chats (by marked id or @username) nor for the user's own messages.
 */
import * as vscode from 'vscode'
import { NewMessage, NewMessageEvent } from '../mtproto/events'
import type { TelegramClient } from '../mtproto'
import { readSettings } from './settings'

export function notifyNewMessages(client: TelegramClient, onUnread: (delta: number) => void): () => void {
  return client.on(new NewMessage({ incoming: true }), (event: NewMessageEvent) => {
    onUnread(1)
    const settings = readSettings()
    if (settings.notifications === 'none') return
    if (settings.notifications === 'mentions' && !event.message.mentioned && !event.isPrivate) return
    const chat = event.message.chat
    const username = chat && 'username' in chat && chat.username ? `@${chat.username}`.toLowerCase() : undefined
    const muted = settings.mutedChats.map((entry) => entry.toLowerCase())
    if (muted.includes(event.chatId.toString()) || (username && muted.includes(username))) return
    const sender = event.message.sender
    const name = sender && 'first_name' in sender ? [sender.first_name, sender.last_name].filter(Boolean).join(' ') : sender && 'title' in sender ? sender.title : 'Telegram'
    const preview = event.text.length > 120 ? `${event.text.slice(0, 119)}…` : event.text || '(media)'
    void vscode.window.showInformationMessage(`${name}: ${preview}`, 'Reply', 'Open').then(async (choice) => {
      if (choice === 'Reply') {
        const text = await vscode.window.showInputBox({ title: `Reply to ${name}`, prompt: preview, ignoreFocusOut: true })
        if (text) await client.sendMessage(event.chatId, text, { replyTo: event.id, parseMode: undefined }).catch((error: Error) => vscode.window.showErrorMessage(`Reply failed: ${error.message}`))
      } else if (choice === 'Open') {
        await vscode.commands.executeCommand('telegramWorkbench.openChat', event.chatId.toString())
      }
    })
  })
}
