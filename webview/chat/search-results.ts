/**
 * Search results over a chat's history (a click on a hashtag searches for it): a panel of matching messages,
 * newest first, each a button that jumps to the message. Escape or the close button hides it.
 */
import { button, h, icon } from '../dom'
import type { MessageView, UserView } from '../protocol'
import { plainText } from '../render/entities'
import { listTime } from '../render/format'
import { cleanName, nameElement } from '../render/names'

export interface SearchAnswer {
  messages: MessageView[]
  users: UserView[]
}

export class SearchResults {
  readonly element: HTMLElement
  private generation = 0

  constructor(private readonly jumpTo: (messageId: number) => void) {
    this.element = h('section', { class: 'search-results', attrs: { role: 'region' } })
    this.element.hidden = true
    this.element.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape') return
      event.preventDefault()
      event.stopPropagation()
      this.close()
    })
  }

  get isOpen(): boolean {
    return !this.element.hidden
  }

  /** Shows the panel for `query` at once, and its results when `answer` settles (unless another search began). */
  show(query: string, answer: Promise<SearchAnswer>, names: ReadonlyMap<string, UserView>): void {
    const generation = ++this.generation
    const label = `Messages with ${cleanName(query, 64)}`
    const list = h('div', { class: 'search-list', attrs: { role: 'list', 'aria-busy': 'true' } }, h('div', { class: 'search-note' }, h('vscode-progress-ring'), 'Searching…'))
    this.element.setAttribute('aria-label', label)
    this.element.replaceChildren(
      h('div', { class: 'search-header' }, icon('search'), h('span', { class: 'search-title' }, label), button('Close search', () => this.close(), { appearance: 'icon', icon: 'close', title: 'Close (Escape)' })),
      list,
    )
    this.element.hidden = false
    answer.then(
      ({ messages, users }) => {
        if (generation !== this.generation) return
        const people = new Map(names)
        for (const user of users) people.set(user.id, user)
        list.removeAttribute('aria-busy')
        list.replaceChildren(...(messages.length ? messages.map((m) => this.result(m, people)) : [h('div', { class: 'search-note' }, 'No messages found.')]))
        this.element.querySelector<HTMLElement>('.search-result')?.focus()
      },
      (error: Error) => {
        if (generation !== this.generation) return
        list.removeAttribute('aria-busy')
        list.replaceChildren(h('div', { class: 'search-note' }, icon('warning'), ` The search failed: ${cleanName(error.message, 200)}`))
      },
    )
  }

  close(): void {
    this.generation++
    this.element.hidden = true
    this.element.replaceChildren()
  }

  private result(message: MessageView, people: ReadonlyMap<string, UserView>): HTMLElement {
    const sender = message.out ? 'You' : people.get(message.senderId ?? '')?.name ?? ''
    const entry = h(
      'button',
      { class: 'search-result', attrs: { type: 'button', role: 'listitem' } },
      h('span', { class: 'search-result-top' }, sender ? nameElement(sender, 'search-result-sender') : null, h('time', null, listTime(message.date))),
      h('span', { class: 'search-result-text', attrs: { dir: 'auto' } }, plainText(message.text, 160)),
    )
    entry.addEventListener('click', () => {
      this.close()
      this.jumpTo(message.id)
    })
    return entry
  }
}
