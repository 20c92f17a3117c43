/**
 * Parsing the full api.tl: our parser against GramJS's, which reads the same text line by line
 * into its own definitions (the step its code generator starts from).
 */
import { readFileSync } from 'node:fs'
import { parseTl as gramjsParseTl } from 'telegram/tl/generationHelpers'
import { parseTl } from '../../schema/tl/parser'
import type { Bench } from './harness'

export default async function tlParserBench(b: Bench): Promise<void> {
  const text = readFileSync(new URL('../../schema/layer/api.tl', import.meta.url), 'utf8')
  const ours = parseTl(text)
  // GramJS yields definitions lazily and leaves out the core types; drain it to do the same work.
  const gramjsCount = [...gramjsParseTl(text, '')].length
  if (ours.diagnostics.length > 0) throw new Error(`our parser reported ${ours.diagnostics.length} diagnostics`)

  const oursOps = b.opsPerSecond(() => parseTl(text), 2000)
  const gramjsOps = b.opsPerSecond(() => [...gramjsParseTl(text, '')], 2000)
  b.record({
    name: 'tl-parser: parse api.tl',
    unit: 'ops/s',
    higherIsBetter: true,
    ours: oursOps,
    peers: [{ who: 'gramjs', value: gramjsOps }],
    note: `${ours.definitions.length} definitions (gramjs keeps ${gramjsCount})`,
  })
}
