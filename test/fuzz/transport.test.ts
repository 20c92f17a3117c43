// Short forms of the transport framing fuzz targets; the long forms run in fuzz.soak.ts.
import { describe } from 'node:test'
import { fuzzTest } from './fuzz-target'
import { transportTargets } from './targets/transport'

describe('fuzz: transport framings', () => {
  for (const target of transportTargets) fuzzTest(target, 1000)
})
