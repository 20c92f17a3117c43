/**
 * The message composer: a multi-line input that sends on Enter and breaks lines on Shift+Enter, with reply and
 * edit modes (Up in an empty input edits the last outgoing message), attachments by picker or drag and drop,
 * and an offer to send text past Telegram's 4,096-character limit as a file instead.
 */
import { button, h, icon } from '../dom'
import type { FileDrop, MessageView } from '../protocol'
import { cleanName } from '../render/names'
import { plainText } from '../render/entities'

/** Telegram's limit for one text message. */
export const MESSAGE_LIMIT = 4096
/** What VS Code's Explorer puts on a drag into a webview (Shift held), next to or instead of text/uri-list. */
export const EXPLORER_URI_LIST = 'application/vnd.code.uri-list'
/** Files dropped from the operating system travel as base64 in a message; past this, use the picker. */
const MAX_DROPPED_BYTES = 20 * 1024 * 1024

export interface ComposerActions {
  send(text: string, replyToId: number | undefined): void
  edit(message: MessageView, text: string): void
  sendAsFile(text: string, replyToId: number | undefined): void
  attach(replyToId: number | undefined): void
  drop(files: FileDrop, replyToId: number | undefined): void
  typing(): void
  lastOutgoing(): MessageView | undefined
  draftChanged(text: string): void
  error(message: string): void
}

type Mode = { kind: 'new' } | { kind: 'reply'; message: MessageView; name: string } | { kind: 'edit'; message: MessageView }

export class Composer {
  readonly element: HTMLElement
  private readonly input: HTMLTextAreaElement
  private readonly banner: HTMLElement
  private readonly modeBar: HTMLElement
  private readonly sendButton: HTMLElement
  private mode: Mode = { kind: 'new' }
  private lastTyping = 0
  private offline = false

  constructor(private readonly actions: ComposerActions, draft: string) {
    this.input = h('textarea', {
      class: 'composer-input',
      attrs: { rows: 1, placeholder: 'Write a message…', 'aria-label': 'Message', spellcheck: 'true', dir: 'auto' },
    })
    this.input.value = draft
    this.banner = h('div', { class: 'composer-banner', attrs: { role: 'status' } })
    this.modeBar = h('div', { class: 'composer-mode' })
    this.sendButton = button('Send', () => this.submit(), { appearance: 'icon', icon: 'send', title: 'Send (Enter)' })
    this.element = h(
      'div',
      { class: 'composer' },
      this.modeBar,
      this.banner,
      h(
        'div',
        { class: 'composer-row' },
        button('Attach a file', () => this.pausedOffline() || this.actions.attach(this.replyToId()), { appearance: 'icon', icon: 'attach' }),
        this.input,
        this.sendButton,
      ),
    )
    this.input.addEventListener('keydown', (event) => this.onKey(event))
    this.input.addEventListener('input', () => this.onInput())
    this.input.addEventListener('paste', () => queueMicrotask(() => this.offerFileIfLong()))
    this.render()
  }

  focus(): void {
    this.input.focus()
  }

  get text(): string {
    return this.input.value
  }

  reply(message: MessageView, name: string): void {
    this.mode = { kind: 'reply', message, name }
    this.render()
    this.focus()
  }

  edit(message: MessageView): void {
    this.mode = { kind: 'edit', message }
    this.input.value = message.text
    this.render()
    this.focus()
  }

  /**
   * Offline, nothing is sent: what the user typed stays in the box (and in the draft) until the connection is
   * back, instead of vanishing into a request that fails.
   */
  setOffline(offline: boolean): void {
    this.offline = offline
    this.sendButton.toggleAttribute('disabled', offline)
    this.sendButton.setAttribute('title', offline ? 'Sending waits for the connection' : 'Send (Enter)')
    if (!offline && this.banner.querySelector('.offline-note')) this.banner.replaceChildren()
  }

  /** A message that could not be sent goes back into the box, before anything typed since. */
  restore(text: string): void {
    this.input.value = this.input.value ? `${text}\n${this.input.value}` : text
    this.autosize()
    this.actions.draftChanged(this.input.value)
  }

  /** Files dropped on the chat (from the Explorer or the operating system). */
  async acceptDrop(data: DataTransfer): Promise<void> {
    if (this.pausedOffline()) return
    const uris = explorerUris(data)
    if (uris.length) {
      this.actions.drop({ kind: 'uris', uris }, this.replyToId())
      return
    }
    for (const file of Array.from(data.files)) {
      if (file.size > MAX_DROPPED_BYTES) {
        this.actions.error(`“${cleanName(file.name)}” is too large to drop here; use the attach button instead.`)
        continue
      }
      const base64 = toBase64(new Uint8Array(await file.arrayBuffer()))
      this.actions.drop({ kind: 'bytes', name: file.name, mimeType: file.type || 'application/octet-stream', base64 }, this.replyToId())
    }
  }

  private replyToId(): number | undefined {
    return this.mode.kind === 'reply' ? this.mode.message.id : undefined
  }

  private onKey(event: KeyboardEvent): void {
    if (event.isComposing) return
    if (event.key === 'Enter' && !event.shiftKey && !event.altKey) {
      event.preventDefault()
      this.submit()
    } else if (event.key === 'ArrowUp' && this.input.value === '' && this.mode.kind === 'new') {
      const last = this.actions.lastOutgoing()
      if (last) {
        event.preventDefault()
        this.edit(last)
      }
    } else if (event.key === 'Escape' && this.mode.kind !== 'new') {
      event.preventDefault()
      event.stopPropagation()
      this.cancelMode()
    }
  }

  private onInput(): void {
    this.autosize()
    this.actions.draftChanged(this.input.value)
    if (this.input.value.length <= MESSAGE_LIMIT) this.banner.replaceChildren()
    const now = Date.now()
    // Telegram shows "typing" for about 5 seconds after each update; refresh it a little sooner than that.
    if (this.input.value && !this.offline && now - this.lastTyping > 4000) {
      this.lastTyping = now
      this.actions.typing()
    }
  }

  private autosize(): void {
    // The composer keeps its height while the textarea is measured: the history above must not see it collapse,
    // which would pull its scroll position up off the newest message.
    this.element.style.minHeight = `${this.element.offsetHeight}px`
    this.input.style.height = 'auto'
    this.input.style.height = `${Math.min(this.input.scrollHeight, 200)}px`
    this.element.style.minHeight = ''
  }

  private offerFileIfLong(): boolean {
    const text = this.input.value
    if (text.length <= MESSAGE_LIMIT || this.mode.kind === 'edit') return false
    this.banner.replaceChildren(
      icon('info'),
      h('span', null, ` This text is ${text.length.toLocaleString()} characters, over Telegram's ${MESSAGE_LIMIT.toLocaleString()}-character limit.`),
      button('Send as file', () => {
        this.actions.sendAsFile(this.input.value, this.replyToId())
        this.clear()
      }, { appearance: 'secondary' }),
    )
    return true
  }

  /** True (and says so under the box) when sending must wait for the connection. */
  private pausedOffline(): boolean {
    if (!this.offline) return false
    this.banner.replaceChildren(icon('debug-disconnect'), h('span', { class: 'offline-note' }, 'Offline: your message stays here until Telegram is reachable again.'))
    return true
  }

  private submit(): void {
    const text = this.input.value
    if (!text.trim() || this.pausedOffline()) return
    if (this.mode.kind === 'edit') {
      if (text.length > MESSAGE_LIMIT) {
        this.actions.error(`An edited message can hold at most ${MESSAGE_LIMIT.toLocaleString()} characters.`)
        return
      }
      this.actions.edit(this.mode.message, text)
      this.clear()
      return
    }
    if (this.offerFileIfLong()) return
    this.actions.send(text, this.replyToId())
    this.clear()
  }

  private clear(): void {
    this.input.value = ''
    this.mode = { kind: 'new' }
    this.banner.replaceChildren()
    this.actions.draftChanged('')
    this.autosize()
    this.render()
  }

  private cancelMode(): void {
    if (this.mode.kind === 'edit') this.input.value = ''
    this.mode = { kind: 'new' }
    this.render()
  }

  private render(): void {
    const mode = this.mode
    this.modeBar.replaceChildren()
    this.modeBar.hidden = mode.kind === 'new'
    if (mode.kind === 'new') return
    const title = mode.kind === 'reply' ? h('span', null, 'Reply to ', h('bdi', null, cleanName(mode.name))) : h('span', null, 'Edit message')
    this.modeBar.append(
      icon(mode.kind === 'reply' ? 'reply' : 'edit'),
      h('div', { class: 'composer-mode-text' }, title, h('span', { class: 'composer-mode-snippet', attrs: { dir: 'auto' } }, plainText(mode.message.text, 80))),
      button('Cancel', () => this.cancelMode(), { appearance: 'icon', icon: 'close', title: 'Cancel (Escape)' }),
    )
  }
}

/**
 * Files dragged from VS Code's Explorer: a JSON array of URIs under its own type, or a text/uri-list (one URI a
 * line, `#` lines are comments). Both are URIs the host checks before it reads anything.
 */
function explorerUris(data: DataTransfer): string[] {
  const code = data.getData(EXPLORER_URI_LIST)
  if (code) {
    try {
      const parsed: unknown = JSON.parse(code)
      if (Array.isArray(parsed)) return parsed.filter((uri): uri is string => typeof uri === 'string')
    } catch {
      // Not JSON: read it as a plain list below.
    }
  }
  return (code || data.getData('text/uri-list'))
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
}

function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}
