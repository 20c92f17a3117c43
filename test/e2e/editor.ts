/**
 * Driving Monaco in the workbench the way a person does: Quick Open, Go to Line, the mouse over a token, and
 * Control+Space. Monaco renders only the lines in view, each as a `.view-line` of token spans, so every helper
 * first brings the line it needs into view.
 */
import type { Locator, Page } from 'playwright-core'

export class Editors {
  constructor(private readonly page: Page) {}

  /** Opens a workspace file through Quick Open and waits until its editor has focus. */
  async open(relativePath: string): Promise<void> {
    const name = relativePath.split('/').pop()!
    const input = await openQuickInput(this.page, 'F1')
    // Quick Open searches with the file watcher's index, which fills in after the workbench shows.
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first()
    const deadline = Date.now() + 30_000
    for (;;) {
      await input.fill(relativePath)
      if (await row.waitFor({ state: 'visible', timeout: 1_000 }).then(() => true, () => false)) break
      if (Date.now() > deadline) throw new Error(`Quick Open does not find ${relativePath}`)
      await input.fill('')
    }
    await this.page.keyboard.press('Enter')
    await this.page.locator(`.tabs-container .tab.active[data-resource-name="${name}"]`).waitFor({ state: 'visible' })
    await this.activeEditor().locator('.view-lines').waitFor({ state: 'visible' })
  }

  /** The editor with focus in the active group. */
  activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first()
  }

  /** Moves the cursor to the start of a 1-based line, which scrolls it into view. */
  async goToLine(line: number): Promise<void> {
    const input = await openQuickInput(this.page, 'Control+G')
    await input.fill(`:${line}`)
    await this.page.keyboard.press('Enter')
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' })
  }

  /** The rendered line whose text starts with `prefix`; it must be in view. */
  line(prefix: string): Locator {
    return this.activeEditor().locator('.view-line').filter({ hasText: new RegExp(`^\\s*${escapeRegExp(prefix)}`) }).first()
  }

  /**
   * Puts the mouse over `token` in a rendered line and returns the text of the hover that appears. A token
   * span can hold more than the token (until the grammar has run, a whole line is one span), so the mouse goes
   * to the token's second character, measured in the editor's monospace cells. A hover asked before the
   * language server is ready comes back empty and shows nothing, so the mouse leaves and comes back until it
   * shows.
   */
  async hover(line: Locator, token: string): Promise<string> {
    // Other hover widgets stay in the DOM, hidden; the one that counts is on screen and past "Loading...".
    const content = this.page.locator('.monaco-hover-content').filter({ visible: true }).filter({ hasNotText: /^\s*Loading\.\.\.\s*$/ }).first()
    const deadline = Date.now() + 30_000
    for (;;) {
      const span = line.locator('span > span', { hasText: token }).first()
      const text = await span.innerText()
      // Null when the line was rendered again (as the grammar colours it) between the two reads.
      const box = await span.boundingBox()
      if (box) {
        const cell = box.width / text.length
        await this.page.mouse.move(0, 0)
        await this.page.mouse.move(box.x + cell * (text.indexOf(token) + 1.5), box.y + box.height / 2)
        if (await content.waitFor({ state: 'visible', timeout: 2_000 }).then(() => true, () => false)) break
      }
      if (Date.now() > deadline) throw new Error(`no hover shows over "${token}" on screen`)
    }
    return content.innerText()
  }

  /** Opens the suggest widget at the cursor and returns the labels of the rows it shows. */
  async complete(): Promise<string[]> {
    await this.page.keyboard.press('Control+Space')
    const rows = this.page.locator('.suggest-widget.visible .monaco-list-row')
    await rows.first().waitFor({ state: 'visible' })
    return rows.locator('.label-name').allInnerTexts()
  }

  /** Rows in the suggest widget whose label is exactly `label`; a language server can answer after the first rows show. */
  suggestion(label: string): Locator {
    return this.page
      .locator('.suggest-widget.visible .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) })
  }
}

/**
 * Presses a key that opens the quick input and returns its text box. Right after a (re)load the workbench
 * shows before its keybindings answer, so the key is pressed again until the box shows.
 */
export async function openQuickInput(page: Page, key: string): Promise<Locator> {
  const input = page.locator('.quick-input-widget .quick-input-box input')
  const deadline = Date.now() + 30_000
  for (;;) {
    await page.keyboard.press(key)
    if (await input.waitFor({ state: 'visible', timeout: 1_000 }).then(() => true, () => false)) return input
    if (Date.now() > deadline) throw new Error(`${key} does not open the quick input`)
  }
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
