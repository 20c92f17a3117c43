// The packaged extension in a real VS Code (code-server in chromium): it installs, activates on its
// command, and answers in the workbench.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { extensionId, Workbench } from './harness'
import { repoRoot } from './vsix'

const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }

describe('the extension in code-server', () => {
  let workbench: Workbench

  before(async () => {
    workbench = await Workbench.open({ name: 'smoke' })
  })

  after(async () => {
    await workbench?.close()
  })

  it('is installed from the .vsix at the manifest version', () => {
    const installed = workbench.installedExtensions().find((extension) => extension.id === extensionId)
    assert.deepEqual(installed, { id: extensionId, version: manifest.version })
  })

  it('activates on "Telegram: Show Version" and shows the version from package.json', async () => {
    await workbench.runCommand('Telegram: Show Version')
    const message = await workbench.waitForNotification('Telegram Workbench')
    await workbench.screenshot('show-version')
    assert.equal(message, `Telegram Workbench ${manifest.version}`)

    await workbench.clearNotifications()
    assert.deepEqual(await workbench.notifications(), [])
  })
})
