// Short forms of the TL decoder fuzz targets; the long forms run in fuzz.soak.ts.
import { describe } from 'node:test'
import { fuzzTest } from './fuzz-target'
import { tlDecoderOnKnownIds, tlDecoderOnMutatedAnswers, tlDecoderOnRandomBytes } from './targets/tl-decoder'

describe('fuzz: TL decoder', () => {
  fuzzTest(tlDecoderOnRandomBytes, 3000)
  fuzzTest(tlDecoderOnKnownIds, 3000)
  fuzzTest(tlDecoderOnMutatedAnswers, 3000)
})
