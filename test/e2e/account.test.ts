// Journeys 1, 2, 3, 5 and 6: one account's life in a real VS Code against the sandbox. Grace (2FA) signs in
// through the quick inputs, the status bar shows the connection, a selection goes to Ada's chat, the session
// survives a reload, and Sign Out leaves nothing in SecretStorage. The checks read the sandbox's own state and
// code-server's SecretStorage, not what the extension says about itself. The steps build on each other, so
// they run in order on one window.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Sandbox } from '../sandbox/server'
import { userPeer } from '../sandbox/world/peers'
import { eventually, extensionId, openSandboxWindow, type SandboxWindow, type Workbench } from './harness'
import { readExtensionSecrets } from './secret-storage'

const code = [
  'def fibonacci(n: int) -> list[int]:',
  '    numbers = [0, 1]',
  '    while len(numbers) < n:',
  '        numbers.append(numbers[-1] + numbers[-2])',
  '    return numbers[:n]',
].join('\n')

describe('journey: an account in the workbench, on the sandbox', () => {
  let opened: SandboxWindow | undefined
  let sandbox: Sandbox
  let workbench: Workbench

  const account = (username: string) => sandbox.seed!.accounts.find((seeded) => seeded.username === username)!
  const secrets = () => readExtensionSecrets(workbench.page, workbench.profile.userDataDir, extensionId)
  const status = () => workbench.statusBarItem('telegramWorkbench.status')

  before(async () => {
    opened = await openSandboxWindow({
      name: 'account',
      workspaceFiles: { 'src/fibonacci.py': `${code}\n\n\nprint(fibonacci(10))\n` },
    })
    sandbox = opened.sandbox
    workbench = opened.workbench
  })

  after(async () => {
    await opened?.close()
  })

  it('signs in with the code and the two-step password, and the session lands in SecretStorage', async () => {
    const grace = account('grace_hopper')
    await workbench.runCommand('Telegram: Sign In')
    await workbench.pickItem('Phone number')
    await workbench.answerInput(/phone number/i, `+${grace.phone}`)
    await workbench.answerInput(/code/i, grace.loginCode)
    await workbench.answerInput(/password/i, grace.password!)
    const message = await workbench.waitForNotification(/Signed in/)
    await workbench.screenshot('signed-in')

    assert.equal(message, 'Signed in to Telegram as Grace Hopper.')
    assert.equal(sandbox.world.authorizations.ofAccount(grace.id).length, 1)
    const stored = await eventually('the session in SecretStorage', async () => {
      const names = [...(await secrets()).keys()]
      return names.some((name) => name.endsWith('/keys')) ? names : undefined
    })
    // The password and the code are never kept.
    const values = [...(await secrets()).values()].join('\n')
    assert.ok(!values.includes(grace.password!) && !values.includes(grace.loginCode), stored.join(', '))
    await workbench.clearNotifications()
  })

  it('shows the connection as connected in the status bar', async () => {
    await eventually('a connected status', async () => ((await status().getAttribute('aria-label')) ?? '').match(/connected/i) ?? undefined)
    await workbench.screenshot('status-connected')
    // The tooltip names the account, so the state is about the right session.
    await status().hover()
    await workbench.page.locator('.monaco-hover-content', { hasText: /connected — Grace Hopper/ }).filter({ visible: true }).first().waitFor()
  })

  it('sends the selection from an open file to the chosen chat, as a pre block under a caption', async () => {
    const grace = account('grace_hopper')
    const ada = account('ada_lovelace')
    const before = sandbox.world.messages.history(ada.id, userPeer(grace.id)).length
    const { editors, page } = workbench
    await editors.open('src/fibonacci.py')
    await editors.goToLine(1)
    for (let line = 0; line < 5; line++) await page.keyboard.press('Shift+ArrowDown')
    await workbench.runCommand('Telegram: Send Selection to Chat')
    await workbench.pickItem(/Ada Lovelace/, 'Ada')
    await workbench.answerDialog('Send')

    // Ada's own box: the message reached the chat, not only Grace's outbox.
    const received = await eventually('the message in Ada\'s chat with Grace', () => {
      const history = sandbox.world.messages.history(ada.id, userPeer(grace.id))
      return history.length > before ? history.at(-1) : undefined
    })
    await workbench.screenshot('selection-sent')

    assert.equal(received.fromId, grace.id)
    const [caption, ...rest] = received.text.split('\n')
    assert.equal(rest.join('\n'), code)
    assert.match(caption!, /src\/fibonacci\.py/)
    assert.match(caption!, /\b1\b.*\b5\b/)
    assert.ok(!received.text.includes(workbench.profile.workspaceDir), 'no absolute path')
    const pre = received.entities.find((entity) => entity._ === 'messageEntityPre')
    assert.deepEqual(pre, { _: 'messageEntityPre', offset: caption!.length + 1, length: code.length, language: 'python' })
  })

  it('keeps the session over a reload of the window, without a new sign-in', async () => {
    const grace = account('grace_hopper')
    const sessionsBefore = sandbox.world.authorizations.ofAccount(grace.id).length
    await workbench.reload()
    await workbench.editors.open('src/fibonacci.py')
    // Activation is lazy: running a command brings the account back.
    await workbench.runCommand('Telegram: Open Chat')
    await workbench.page.keyboard.press('Escape')
    await eventually('a connected status after the reload', async () => ((await status().getAttribute('aria-label')) ?? '').match(/connected/i) ?? undefined)
    await workbench.screenshot('reloaded')

    assert.equal(sandbox.world.authorizations.ofAccount(grace.id).length, sessionsBefore, 'no new authorization on the sandbox')
    assert.ok([...(await secrets()).keys()].some((name) => name.endsWith('/keys')))
  })

  it('signs out: the sandbox forgets the session and SecretStorage holds nothing of the account', async () => {
    const grace = account('grace_hopper')
    await workbench.runCommand('Telegram: Sign Out')
    await workbench.answerDialog('Sign Out')
    await workbench.waitForNotification('Signed out Grace Hopper.')
    await eventually('an empty SecretStorage', async () => ((await secrets()).size === 0 ? true : undefined))
    await workbench.screenshot('signed-out')

    assert.equal(sandbox.world.authorizations.ofAccount(grace.id).length, 0)
    assert.match((await status().getAttribute('aria-label')) ?? '', /sign in/i)
  })
})
