// Every fuzz target, for the long forms in fuzz.soak.ts.
import type { FuzzTarget } from '../fuzz-target'
import { encryptedMessageDeclaredLength, encryptedMessageTampering, sessionBodyReaders } from './encrypted-message'
import { parseModeTargets } from './parse-modes'
import { requestParserTarget, tlParserTarget } from './text-parsers'
import { tlDecoderOnKnownIds, tlDecoderOnMutatedAnswers, tlDecoderOnRandomBytes } from './tl-decoder'
import { transportTargets } from './transport'

export const allTargets: readonly FuzzTarget<unknown>[] = [
  tlDecoderOnRandomBytes,
  tlDecoderOnKnownIds,
  tlDecoderOnMutatedAnswers,
  ...transportTargets,
  encryptedMessageTampering,
  encryptedMessageDeclaredLength,
  sessionBodyReaders,
  tlParserTarget,
  requestParserTarget,
  ...parseModeTargets,
]
