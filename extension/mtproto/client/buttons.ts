/**
 * Keyboards for bots, after Telethon's Button and build_reply_markup: buttons are made with the helpers
 * below and laid out as rows (a flat list is one row); inline buttons (under the message) and keyboard
 * buttons (in place of the user's keyboard) cannot be mixed, as Telegram requires.
 *
 *   await bot.sendMessage(chat, 'Pick one', { buttons: [[Button.inline('Yes', 'y'), Button.inline('No', 'n')], [Button.url('Docs', 'https://core.telegram.org')]] })
 */
import type { TlTypes } from '../../../schema/codec/generated/types'

type KeyboardButton = TlTypes['KeyboardButton']

/** A button under a message. */
export interface InlineButton {
  readonly kind: 'inline'
  readonly button: KeyboardButton
}

/** A button of the reply keyboard. */
export interface KeyboardKey {
  readonly kind: 'keyboard'
  readonly button: KeyboardButton
  readonly resize?: boolean
  readonly singleUse?: boolean
  readonly selective?: boolean
}

export type ButtonLike = InlineButton | KeyboardKey
/** One button, a row of them, or rows. */
export type ButtonsLike = ButtonLike | readonly ButtonLike[] | readonly (readonly ButtonLike[])[]
/** Replaces the keyboard with nothing, or asks the user to reply. */
export type KeyboardCommand = { readonly kind: 'clear'; readonly selective?: boolean } | { readonly kind: 'forceReply'; readonly placeholder?: string; readonly singleUse?: boolean; readonly selective?: boolean }

const inline = (button: KeyboardButton): InlineButton => ({ kind: 'inline', button })

export const Button = {
  /** Sends `data` back to the bot when pressed (at most 64 bytes). */
  inline(text: string, data: string | Uint8Array = text): InlineButton {
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data
    if (bytes.length > 64) throw new RangeError(`callback data is ${bytes.length} bytes; Telegram takes at most 64`)
    return inline({ _: 'keyboardButtonCallback', text, data: bytes })
  },
  url(text: string, url: string): InlineButton {
    return inline({ _: 'keyboardButtonUrl', text, url })
  },
  /** Starts an inline query to the bot: in the same chat with `samePeer`, else in a chat the user picks. */
  switchInline(text: string, query = '', samePeer = false): InlineButton {
    return inline({ _: 'keyboardButtonSwitchInline', text, query, ...(samePeer ? { same_peer: true } : {}) })
  },
  /** A reply-keyboard key that sends its text. */
  text(text: string, options: { resize?: boolean; singleUse?: boolean; selective?: boolean } = {}): KeyboardKey {
    return { kind: 'keyboard', button: { _: 'keyboardButton', text }, ...options }
  },
  requestPhone(text: string): KeyboardKey {
    return { kind: 'keyboard', button: { _: 'keyboardButtonRequestPhone', text } }
  },
  requestLocation(text: string): KeyboardKey {
    return { kind: 'keyboard', button: { _: 'keyboardButtonRequestGeoLocation', text } }
  },
  clear(selective = false): KeyboardCommand {
    return { kind: 'clear', selective }
  },
  forceReply(options: { placeholder?: string; singleUse?: boolean; selective?: boolean } = {}): KeyboardCommand {
    return { kind: 'forceReply', ...options }
  },
}

/** The reply_markup for buttons given in any of the accepted shapes. */
export function buildReplyMarkup(buttons: ButtonsLike | KeyboardCommand): TlTypes['ReplyMarkup'] {
  if (!Array.isArray(buttons) && (buttons as KeyboardCommand | ButtonLike).kind === 'clear') {
    const command = buttons as KeyboardCommand & { kind: 'clear' }
    return { _: 'replyKeyboardHide', ...(command.selective ? { selective: true } : {}) }
  }
  if (!Array.isArray(buttons) && (buttons as KeyboardCommand | ButtonLike).kind === 'forceReply') {
    const command = buttons as KeyboardCommand & { kind: 'forceReply' }
    return { _: 'replyKeyboardForceReply', ...(command.singleUse ? { single_use: true } : {}), ...(command.selective ? { selective: true } : {}), ...(command.placeholder ? { placeholder: command.placeholder } : {}) }
  }
  const rows: readonly (readonly ButtonLike[])[] = !Array.isArray(buttons)
    ? [[buttons as ButtonLike]]
    : (buttons as readonly unknown[]).every(Array.isArray)
      ? (buttons as readonly (readonly ButtonLike[])[])
      : [buttons as readonly ButtonLike[]]
  const all = rows.flat()
  if (all.length === 0) throw new RangeError('no buttons to build a keyboard from')
  const tlRows = rows.map((row) => ({ _: 'keyboardButtonRow', buttons: row.map((b) => b.button) }) as const)
  if (all.every((b) => b.kind === 'inline')) return { _: 'replyInlineMarkup', rows: tlRows }
  if (all.some((b) => b.kind === 'inline')) throw new TypeError('inline buttons and keyboard keys cannot be mixed in one markup')
  const keys = all as KeyboardKey[]
  return {
    _: 'replyKeyboardMarkup',
    rows: tlRows,
    ...(keys.some((k) => k.resize) ? { resize: true } : {}),
    ...(keys.some((k) => k.singleUse) ? { single_use: true } : {}),
    ...(keys.some((k) => k.selective) ? { selective: true } : {}),
  }
}
