// Runs as the preinstall script of this local devDependency. npm runs every installed package's preinstall before
// any package's postinstall (this one is copied, not linked; see .npmrc), so this prepares the machine before
// code-server's postinstall needs it:
//   1. the Debian packages the VS Code end-to-end tests and the demo need;
//   2. a copy of Debian's rg where @vscode/ripgrep's postinstall looks before it downloads from GitHub.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

// chromium is the browser that drives code-server, ripgrep stands in for the rg that code-server would
// download, libkrb5-dev lets code-server build its native kerberos module, libsecret-1-dev lets the optional
// keytar build (the terminal runner's keychain), and gnome-keyring is the secret service its tests unlock.
const debianPackages = ['chromium', 'ripgrep', 'libkrb5-dev', 'libsecret-1-dev', 'gnome-keyring']

// npm sets npm_config_local_prefix to the project folder (this file runs from a copy in node_modules); by hand,
// run it from the project folder.
const projectRoot = process.env.npm_config_local_prefix ?? process.cwd()

function fail(message) {
  throw new Error(message)
}

function installDebianPackages() {
  if (spawnSync('dpkg-query', ['--version'], { stdio: 'ignore' }).error) {
    fail(`this project installs on Debian (or Ubuntu) with the packages ${debianPackages.join(', ')}; ` +
      'dpkg-query is missing, so this machine does not look like one.')
  }
  const missing = debianPackages.filter((name) => {
    const status = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' }).stdout
    return status !== 'install ok installed'
  })
  if (missing.length === 0) return

  const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`
  const canInstall = process.getuid?.() === 0 && !spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).error
  if (!canInstall) {
    fail(`these Debian packages are missing: ${missing.join(', ')}. Install them as root, then run npm again:\n` +
      `  sudo sh -c '${command}'`)
  }

  console.log(`workbench-prerequisites: installing Debian packages with apt-get: ${missing.join(', ')}`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', ...missing]]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env })
    if (result.status !== 0) {
      fail(`\`apt-get ${args.join(' ')}\` failed. Run this as root, then npm again:\n  ${command}`)
    }
  }
}

// @vscode/ripgrep's postinstall (run by code-server's postinstall) downloads a release of rg from GitHub,
// which a machine with only the npm registry cannot reach. It first looks for that release's tarball in
// <os.tmpdir()>/vscode-ripgrep-cache-<its package version>/, so Debian's rg goes there under the asset name
// it expects. code-server is already unpacked when this runs, so its shrinkwrap pins the @vscode/ripgrep
// version; that package's scripts, which name the release and the cache, come from the registry unless
// code-server has installed them already.
function seedRipgrepCache(work) {
  const vscode = join(projectRoot, 'node_modules/code-server/lib/vscode')
  const shrinkwrap = join(vscode, 'npm-shrinkwrap.json')
  if (!existsSync(shrinkwrap)) {
    fail(`${shrinkwrap} is missing; code-server no longer ships it where this script reads it.`)
  }
  const version = JSON.parse(readFileSync(shrinkwrap, 'utf8')).packages?.['node_modules/@vscode/ripgrep']?.version
  if (!version) fail(`${shrinkwrap} no longer pins @vscode/ripgrep; update test/e2e/prerequisites/preinstall.mjs.`)

  let ripgrep = join(vscode, 'node_modules/@vscode/ripgrep')
  const installed = existsSync(join(ripgrep, 'lib/download.js')) &&
    JSON.parse(readFileSync(join(ripgrep, 'package.json'), 'utf8')).version === version
  if (!installed) {
    execFileSync('npm', ['pack', '--silent', '--pack-destination', work, `@vscode/ripgrep@${version}`], {
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'))
    execFileSync('tar', ['-xzf', join(work, tarball), '-C', work, 'package/lib'])
    ripgrep = join(work, 'package')
  }

  // postinstall.js names the release (`const VERSION = 'v13.0.0-10'`) and picks a target triple by
  // architecture; download.js names the cache folder and the asset `ripgrep-<release>-<target>.tar.gz`.
  const postinstall = readFileSync(join(ripgrep, 'lib/postinstall.js'), 'utf8')
  const download = readFileSync(join(ripgrep, 'lib/download.js'), 'utf8')
  const release = postinstall.match(/^const VERSION = '([^']+)'/m)?.[1]
  const target = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' }[process.arch]
  if (!target) fail(`no ripgrep target is known here for ${process.platform}/${process.arch}.`)
  if (!release || !postinstall.includes(`'${target}'`) ||
    !download.includes('vscode-ripgrep-cache-${packageVersion}') ||
    !download.includes("['ripgrep', opts.version, opts.target].join('-')")) {
    fail(`@vscode/ripgrep ${version} no longer names its download cache as this script expects; ` +
      'update test/e2e/prerequisites/preinstall.mjs.')
  }

  const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim()
  if (!rg) fail('rg is not on PATH, although the Debian package ripgrep is installed.')
  const cache = join(tmpdir(), `vscode-ripgrep-cache-${version}`)
  mkdirSync(cache, { recursive: true })
  execFileSync('tar', ['-czf', join(cache, `ripgrep-${release}-${target}.tar.gz`), '-C', dirname(rg), 'rg'])
  console.log(`workbench-prerequisites: put Debian's rg in ${cache} for @vscode/ripgrep ${version}`)
}

const work = mkdtempSync(join(tmpdir(), 'workbench-prerequisites-'))
try {
  installDebianPackages()
  seedRipgrepCache(work)
} catch (error) {
  console.error(`\nworkbench-prerequisites: ${error.message}\n`)
  process.exitCode = 1
} finally {
  rmSync(work, { recursive: true, force: true })
}
