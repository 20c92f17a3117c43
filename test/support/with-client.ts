// Runs a test against a live client and always destroys it, also when the test times out. A test that times out
// never reaches its own finally, and an undestroyed client (mtcute reconnects on a timer) keeps the test process
// alive: CI would hang after the timeout that was meant to stop it.
import type { TestContext } from 'node:test'

/** Per-test bound for tests that talk to a client library: a stuck call fails in a minute instead of hanging CI. */
export const CLIENT_TEST_TIMEOUT_MS = 60_000

export async function withClient<C extends { destroy(): Promise<void> }>(
  t: TestContext,
  client: C,
  body: (client: C) => Promise<void>,
): Promise<void> {
  try {
    await Promise.race([body(client), testEnded(t.signal)])
  } finally {
    await client.destroy()
  }
}

/** Rejects when node:test aborts the test's signal, which it does when the test ends, by timeout or otherwise. */
function testEnded(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const end = () => reject(new Error('the test ended before the client was done', { cause: signal.reason }))
    if (signal.aborted) end()
    else signal.addEventListener('abort', end, { once: true })
  })
}
