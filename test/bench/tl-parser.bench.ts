/**
 * Parsing the full api.tl: our parser against GramJS's, which reads the same text line by line
 * into its own definitions (the step its code generator starts from).
 */
import { readFileSync } from 'node:fs'
import { parseTl as gramjsParseTl } from 'telegram/tl/generationHelpers'
import { parseTl } from '../../schema/tl/parser'
import { oursAndPeers, type Bench } from './harness'

export default async function tlParserBench(b: Bench): Promise<void> {
  const text = readFileSync(new URL('../../schema/layer/api.tl', import.meta.url), 'utf8')
  const ours = parseTl(text)
  // GramJS yields definitions lazily and leaves out the core types; drain it to do the same work.
  const gramjsCount = [...gramjsParseTl(text, '')].length
  if (ours.diagnostics.length > 0) throw new Error(`our parser reported ${ours.diagnostics.length} diagnostics`)

  b.record({
    name: 'tl-parser: parse api.tl',
    unit: 'ops/s',
    higherIsBetter: true,
    ...oursAndPeers(b.compare({ ours: () => parseTl(text), gramjs: () => [...gramjsParseTl(text, '')] }, { ms: 500 })),
    note: `${ours.definitions.length} definitions (gramjs keeps ${gramjsCount})`,
  })
}
