// Generates the sandbox's long-lived key material once: an RSA-2048 key pair (the "server key" clients pin by
// fingerprint) and a 2048-bit safe prime for Diffie-Hellman. The output is committed as test data so that no test
// pays for prime generation; run `npx tsx test/sandbox/keys/generate.ts` only to replace it.
import { generateKeyPairSync, generatePrimeSync } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

const { publicKey, privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicExponent: 65537,
  publicKeyEncoding: { type: 'pkcs1', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
})
const dhPrime = generatePrimeSync(2048, { safe: true, bigint: true })

const target = join(__dirname, 'server-keys.json')
const fixture = {
  comment: 'Sandbox test keys, not a secret. Regenerate with: npx tsx test/sandbox/keys/generate.ts',
  rsaPublicKeyPem: publicKey,
  rsaPrivateKeyPem: privateKey,
  dhPrimeHex: dhPrime.toString(16),
}
writeFileSync(target, JSON.stringify(fixture, null, 2) + '\n')
console.log(`wrote ${target}`)
