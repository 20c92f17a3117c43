// Signing up a new number from the sidebar of a real VS Code, against the sandbox: the phone and the code, then
// Telegram's terms of service and the name form (the sandbox answers auth.signIn for an unknown number with
// auth.authorizationSignUpRequired, as Telegram does), then the new account's chats. Screenshots of the terms step.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Sandbox } from '../sandbox/server'
import { openSandboxWindow, type SandboxWindow, type Workbench } from './harness'

/** A number no seeded account uses, and the login code the sandbox will send it. */
const PHONE = '9996619191'
const CODE = '91919'

describe('journey: a new number signs up from the sidebar, on the sandbox', () => {
  let sandboxWindow: SandboxWindow
  let sandbox: Sandbox
  let workbench: Workbench
  const view = () => workbench.webviewView()
  const field = (label: string) => view().locator(`vscode-text-field[aria-label="${label}"] input`)

  before(async () => {
    sandboxWindow = await openSandboxWindow({ name: 'sign-up' })
    ;({ sandbox, workbench } = sandboxWindow)
    sandbox.world.state.signIn.fixedCodes.set(PHONE, CODE)
  })

  after(async () => {
    await sandboxWindow?.close()
  })

  it('shows the terms of service and the name form after the code, for a number with no account', async () => {
    assert.equal(sandbox.world.accounts.byPhone(PHONE), undefined, 'the number is unknown to the sandbox')
    await workbench.page.locator('.activitybar [aria-label^="Telegram"]').first().click()
    await view().getByRole('button', { name: /Sign in with phone number/ }).click()
    await field('Phone number').fill(`+${PHONE}`)
    await field('Phone number').press('Enter')
    await view().locator('form[aria-label="Enter the code"]', { hasText: `We sent a code to +${PHONE} by SMS.` }).waitFor({ state: 'visible' })
    await field('Login code').fill(CODE)
    await field('Login code').press('Enter')

    const form = view().locator('form[aria-label="Create an account"]')
    await form.waitFor({ state: 'visible' })
    const terms = (await form.locator('.terms-of-service').innerText()).trim()
    assert.ok(terms.length > 40, `the terms are shown in full: ${terms}`)
    assert.match(await form.innerText(), new RegExp(`\\+${PHONE} has no Telegram account yet`))
    await workbench.screenshot('terms-and-name')
  })

  it('creates the account with the name given and shows its chats', async () => {
    await field('First name').fill('Barbara')
    await field('Last name (optional)').fill('Liskov')
    await view().getByRole('button', { name: 'Accept and Sign Up' }).click()
    // A brand-new account has no chats, and the list says so once the host answered.
    await view().locator('[role="listbox"][aria-label="Chats"] .empty', { hasText: 'No chats yet' }).waitFor({ state: 'visible', timeout: 30_000 })
    const account = sandbox.world.accounts.byPhone(PHONE)
    assert.equal(account?.firstName, 'Barbara')
    assert.equal(account?.lastName, 'Liskov')
    const status = workbench.statusBarItem('telegramWorkbench.status')
    await status.hover()
    await workbench.page.locator('.monaco-hover-content', { hasText: /connected — Barbara Liskov/ }).filter({ visible: true }).first().waitFor()
    await workbench.screenshot('signed-up')
  })
})
