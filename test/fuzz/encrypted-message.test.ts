// Short forms of the encrypted-message fuzz targets; the long forms run in fuzz.soak.ts.
import { describe } from 'node:test'
import { fuzzTest } from './fuzz-target'
import { encryptedMessageDeclaredLength, encryptedMessageTampering, sessionBodyReaders } from './targets/encrypted-message'

describe('fuzz: encrypted-message layer', () => {
  fuzzTest(encryptedMessageTampering, 2000)
  fuzzTest(encryptedMessageDeclaredLength, 2000)
  fuzzTest(sessionBodyReaders, 3000)
})
