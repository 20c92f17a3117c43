// Persistence for `--data DIR`: the whole world state plus the auth keys and their bindings, so that after a
// restart clients keep their keys and stay signed in. One JSON snapshot (bigint, bytes, Map tagged), written
// atomically (temp file + rename), debounced after changes and once more on stop. Large byte strings (media
// files) go to content-addressed blob files beside it, written once.
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AuthKeyRecord, ClientInfo, KeyExchangeVariant } from '../session/auth-keys'
import type { World, WorldState } from '.'

const SNAPSHOT_FILE = 'world.json'
const BLOB_DIR = 'blobs'
const FORMAT_VERSION = 1
/** Byte strings at least this long are stored as blob files instead of inline base64. */
const BLOB_THRESHOLD = 64 * 1024
const SAVE_DELAY_MS = 250
/** Auth keys appear in the handshake, which tells nobody; a cheap periodic look catches them. */
const KEY_CHECK_INTERVAL_MS = 1000

interface SavedAuthKey {
  readonly key: Uint8Array
  readonly dcId: number
  readonly expiresAt: number | undefined
  readonly boundPermKeyId: bigint | undefined
  readonly layer: number | undefined
  readonly agreedWith: KeyExchangeVariant | undefined
  readonly client: ClientInfo | undefined
}

interface Snapshot {
  readonly version: number
  readonly state: WorldState
  readonly authKeys: readonly SavedAuthKey[]
}

/** Whether `dir` holds a snapshot to restore. */
export function hasSnapshot(dir: string): boolean {
  return existsSync(join(dir, SNAPSHOT_FILE))
}

/** Reads the snapshot in `dir`: the world state to construct the World with, and the keys to restore into it. */
export function readSnapshot(dir: string): { state: WorldState; restoreKeys(world: World): void } {
  const text = readFileSync(join(dir, SNAPSHOT_FILE), 'utf8')
  const snapshot = JSON.parse(text, (_key, value) => revive(value, dir)) as Snapshot
  if (snapshot.version !== FORMAT_VERSION) throw new Error(`${dir}: snapshot format ${snapshot.version}, expected ${FORMAT_VERSION}`)
  return {
    state: snapshot.state,
    restoreKeys(world) {
      for (const saved of snapshot.authKeys) {
        // A fresh salt: clients get bad_server_salt once and carry on, as after a real server restart.
        const record = world.authKeys.add({
          key: saved.key,
          dcId: saved.dcId,
          initialSalt: randomBytes(8).readBigInt64LE(),
          ...(saved.expiresAt === undefined ? {} : { expiresAt: saved.expiresAt }),
          ...(saved.agreedWith === undefined ? {} : { agreedWith: saved.agreedWith }),
        })
        record.boundPermKeyId = saved.boundPermKeyId
        record.layer = saved.layer
        record.client = saved.client
      }
    },
  }
}

export function writeSnapshot(dir: string, world: World): void {
  mkdirSync(join(dir, BLOB_DIR), { recursive: true })
  const snapshot: Snapshot = { version: FORMAT_VERSION, state: world.state, authKeys: [...world.authKeys.all()].map(saveKey) }
  const text = JSON.stringify(snapshot, function (key) {
    // The replacer sees values after toJSON; take the raw one so Uint8Array and Map are tagged, not mangled.
    return tag((this as Record<string, unknown>)[key], dir)
  })
  const target = join(dir, SNAPSHOT_FILE)
  const temp = `${target}.${process.pid}.tmp`
  writeFileSync(temp, text)
  renameSync(temp, target)
}

/** Keeps `dir` up to date with the world until stopped. */
export class SnapshotWriter {
  private timer: NodeJS.Timeout | undefined
  private readonly keyCheck: NodeJS.Timeout
  private keySignature: string
  private readonly unsubscribe: () => void

  constructor(
    private readonly dir: string,
    private readonly world: World,
  ) {
    this.keySignature = keySignatureOf(world)
    this.unsubscribe = world.onChange(() => this.schedule())
    this.keyCheck = setInterval(() => {
      const signature = keySignatureOf(world)
      if (signature !== this.keySignature) this.schedule()
    }, KEY_CHECK_INTERVAL_MS)
    this.keyCheck.unref()
  }

  /** Saves soon, once for any number of changes in between. */
  schedule(): void {
    if (this.timer) return
    this.timer = setTimeout(() => this.saveNow(), SAVE_DELAY_MS)
    this.timer.unref()
  }

  saveNow(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    this.keySignature = keySignatureOf(this.world)
    writeSnapshot(this.dir, this.world)
  }

  /** Final save; no more afterwards. */
  stop(): void {
    this.unsubscribe()
    clearInterval(this.keyCheck)
    this.saveNow()
  }
}

function saveKey(record: AuthKeyRecord): SavedAuthKey {
  return {
    key: record.key,
    dcId: record.dcId,
    expiresAt: record.expiresAt,
    boundPermKeyId: record.boundPermKeyId,
    layer: record.layer,
    agreedWith: record.agreedWith,
    client: record.client,
  }
}

function keySignatureOf(world: World): string {
  let signature = ''
  for (const key of world.authKeys.all()) signature += `${key.id}/${key.boundPermKeyId ?? ''}/${key.layer ?? ''};`
  return signature
}

// Tagged JSON: {"$n": "123"} bigint, {"$b": "base64"} bytes, {"$blob": "sha256"} large bytes in a file,
// {"$map": [[k, v], ...]} Map, {"$set": [...]} Set.

function tag(value: unknown, dir: string): unknown {
  if (typeof value === 'bigint') return { $n: value.toString() }
  if (value instanceof Uint8Array) {
    if (value.length < BLOB_THRESHOLD) return { $b: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') }
    const hash = createHash('sha256').update(value).digest('hex')
    const path = join(dir, BLOB_DIR, hash)
    if (!existsSync(path)) {
      writeFileSync(`${path}.tmp`, value)
      renameSync(`${path}.tmp`, path)
    }
    return { $blob: hash }
  }
  if (value instanceof Map) return { $map: [...value] }
  if (value instanceof Set) return { $set: [...value] }
  return value
}

function revive(value: unknown, dir: string): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value
  const tagged = value as Record<string, unknown>
  if (typeof tagged.$n === 'string') return BigInt(tagged.$n)
  if (typeof tagged.$b === 'string') return new Uint8Array(Buffer.from(tagged.$b, 'base64'))
  if (typeof tagged.$blob === 'string') return new Uint8Array(readFileSync(join(dir, BLOB_DIR, tagged.$blob)))
  if (Array.isArray(tagged.$map)) return new Map(tagged.$map as Array<[unknown, unknown]>)
  if (Array.isArray(tagged.$set)) return new Set(tagged.$set as unknown[])
  return value
}
