// Short forms of the TL text and cell parser fuzz targets; the long forms run in fuzz.soak.ts.
import { describe } from 'node:test'
import { fuzzTest } from './fuzz-target'
import { requestParserTarget, tlParserTarget } from './targets/text-parsers'

describe('fuzz: text parsers', () => {
  fuzzTest(tlParserTarget, 3000)
  fuzzTest(requestParserTarget, 3000)
})
