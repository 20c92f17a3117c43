/**
 * A small syntax highlighter for the languages code usually arrives in. It only splits text into tokens
 * (keyword, type, string, comment, number, plain); the renderer turns each token into a text node inside a
 * classed span. It never guesses beyond one pass, so hostile input costs linear time.
 */

export type TokenType = 'keyword' | 'type' | 'string' | 'comment' | 'number' | 'plain'

export interface Token {
  type: TokenType
  text: string
}

interface LanguageSpec {
  keywords: Set<string>
  types?: Set<string>
  lineComments: string[]
  blockComments: [string, string][]
  /** Quote characters; a tripled one (''' or """) opens a multi-line string where `tripleQuotes` is set. */
  quotes: string[]
  tripleQuotes?: boolean
}

const words = (text: string): Set<string> => new Set(text.split(/\s+/).filter(Boolean))

const cLikeComments = { lineComments: ['//'], blockComments: [['/*', '*/']] as [string, string][] }

const jsKeywords = words(`break case catch class const continue debugger default delete do else export extends
  finally for function if import in instanceof let new return super switch this throw try typeof var void while
  with yield async await of static get set from as true false null undefined`)
const tsExtra = words(`interface type enum implements namespace declare readonly private protected public abstract
  keyof infer is satisfies override`)
const tsTypes = words('string number boolean bigint symbol object unknown never any void Promise Array Record Map Set')

const languages: Record<string, LanguageSpec> = {
  javascript: { keywords: jsKeywords, ...cLikeComments, quotes: ['"', "'", '`'] },
  typescript: { keywords: new Set([...jsKeywords, ...tsExtra]), types: tsTypes, ...cLikeComments, quotes: ['"', "'", '`'] },
  python: {
    keywords: words(`and as assert async await break class continue def del elif else except finally for from global
      if import in is lambda nonlocal not or pass raise return try while with yield True False None self match case`),
    types: words('int float str bytes bool list dict set tuple object print len range'),
    lineComments: ['#'],
    blockComments: [],
    quotes: ['"', "'"],
    tripleQuotes: true,
  },
  json: { keywords: words('true false null'), lineComments: [], blockComments: [], quotes: ['"'] },
  shell: {
    keywords: words('if then else elif fi for while do done case esac in function return export local echo exit set'),
    lineComments: ['#'],
    blockComments: [],
    quotes: ['"', "'"],
  },
  go: {
    keywords: words(`break case chan const continue default defer else fallthrough for func go goto if import interface
      map package range return select struct switch type var nil true false`),
    types: words('int int8 int16 int32 int64 uint uint8 uint16 uint32 uint64 float32 float64 string bool byte rune error any'),
    ...cLikeComments,
    quotes: ['"', "'", '`'],
  },
  rust: {
    keywords: words(`as async await break const continue crate dyn else enum extern false fn for if impl in let loop match
      mod move mut pub ref return self Self static struct super trait true type unsafe use where while`),
    types: words('i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize f32 f64 bool char str String Vec Option Result Box'),
    ...cLikeComments,
    quotes: ['"'],
  },
  c: {
    keywords: words(`auto break case catch class const constexpr continue default delete do else enum explicit extern false
      final for friend goto if inline namespace new nullptr operator override private protected public return sizeof
      static struct switch template this throw true try typedef typename union using virtual volatile while import
      package extends implements interface fun val var when object data sealed func let guard protocol`),
    types: words('void int char short long float double bool unsigned signed size_t auto string String Int Long Boolean'),
    ...cLikeComments,
    quotes: ['"', "'"],
  },
  sql: {
    keywords: words(`select from where insert into values update set delete create table drop alter join left right inner
      outer on group by order having limit offset and or not null as distinct union all case when then else end
      SELECT FROM WHERE INSERT INTO VALUES UPDATE SET DELETE CREATE TABLE DROP ALTER JOIN LEFT RIGHT INNER OUTER ON
      GROUP BY ORDER HAVING LIMIT OFFSET AND OR NOT NULL AS DISTINCT UNION ALL CASE WHEN THEN ELSE END`),
    lineComments: ['--'],
    blockComments: [['/*', '*/']],
    quotes: ["'", '"'],
  },
  css: { keywords: words('important media import from to'), lineComments: [], blockComments: [['/*', '*/']], quotes: ['"', "'"] },
  html: { keywords: new Set(), lineComments: [], blockComments: [['<!--', '-->']], quotes: ['"', "'"] },
  tl: {
    keywords: words('true Bool'),
    types: words('int long double string bytes int128 int256 Vector vector'),
    lineComments: ['//'],
    blockComments: [['/*', '*/']],
    quotes: [],
  },
}

const aliases: Record<string, string> = {
  js: 'javascript', jsx: 'javascript', mjs: 'javascript', cjs: 'javascript', node: 'javascript',
  ts: 'typescript', tsx: 'typescript', py: 'python', python3: 'python', bash: 'shell', sh: 'shell', zsh: 'shell',
  console: 'shell', golang: 'go', rs: 'rust', cpp: 'c', 'c++': 'c', h: 'c', hpp: 'c', cs: 'c', csharp: 'c',
  java: 'c', kotlin: 'c', kt: 'c', swift: 'c', dart: 'c', php: 'c', postgres: 'sql', mysql: 'sql', sqlite: 'sql',
  scss: 'css', less: 'css', xml: 'html', svg: 'html', jsonc: 'json', json5: 'json',
}

/** Our highlighter's name for a language tag, or undefined when we do not know it. */
export function resolveLanguage(tag: string | undefined): string | undefined {
  if (!tag) return undefined
  const key = tag.trim().toLowerCase()
  // Own keys only: a tag like "constructor" must not find Object.prototype.
  if (Object.hasOwn(languages, key)) return key
  return Object.hasOwn(aliases, key) ? aliases[key] : undefined
}

/** Beyond this, code is shown plain: highlighting a megabyte in a chat bubble helps nobody. */
export const MAX_HIGHLIGHT_LENGTH = 20_000

const isWordStart = (c: string) => /[\p{L}_$]/u.test(c)
const isWordPart = (c: string) => /[\p{L}\p{N}_$]/u.test(c)
const isDigit = (c: string) => c >= '0' && c <= '9'

export function tokenize(code: string, languageTag: string | undefined): Token[] {
  const name = resolveLanguage(languageTag)
  const spec = name ? languages[name] : undefined
  if (!spec || code.length > MAX_HIGHLIGHT_LENGTH) return [{ type: 'plain', text: code }]
  const tokens: Token[] = []
  let plainStart = 0
  let i = 0
  const emit = (type: TokenType, end: number) => {
    if (plainStart < i) tokens.push({ type: 'plain', text: code.slice(plainStart, i) })
    tokens.push({ type, text: code.slice(i, end) })
    i = end
    plainStart = end
  }
  const untilOrEnd = (marker: string, from: number) => {
    const at = code.indexOf(marker, from)
    return at < 0 ? code.length : at + marker.length
  }
  outer: while (i < code.length) {
    for (const marker of spec.lineComments) {
      if (code.startsWith(marker, i)) {
        const newline = code.indexOf('\n', i)
        emit('comment', newline < 0 ? code.length : newline)
        continue outer
      }
    }
    for (const [open, close] of spec.blockComments) {
      if (code.startsWith(open, i)) {
        emit('comment', untilOrEnd(close, i + open.length))
        continue outer
      }
    }
    const c = code[i]
    if (spec.quotes.includes(c)) {
      const triple = c.repeat(3)
      if (spec.tripleQuotes && code.startsWith(triple, i)) {
        emit('string', untilOrEnd(triple, i + 3))
        continue
      }
      let j = i + 1
      while (j < code.length && code[j] !== c && (code[j] !== '\n' || c === '`')) j += code[j] === '\\' ? 2 : 1
      emit('string', Math.min(code.length, j + 1))
      continue
    }
    if (isDigit(c) && (i === 0 || !isWordPart(code[i - 1]))) {
      let j = i + 1
      while (j < code.length && /[\w.]/.test(code[j])) j++
      emit('number', j)
      continue
    }
    const section = name === 'tl' ? ['---types---', '---functions---'].find((s) => code.startsWith(s, i)) : undefined
    if (section) {
      emit('keyword', i + section.length)
      continue
    }
    if (isWordStart(c)) {
      let j = i + 1
      while (j < code.length && isWordPart(code[j])) j++
      const word = code.slice(i, j)
      if (spec.keywords.has(word)) emit('keyword', j)
      else if (spec.types?.has(word)) emit('type', j)
      else i = j
      continue
    }
    i++
  }
  if (plainStart < code.length) tokens.push({ type: 'plain', text: code.slice(plainStart) })
  return tokens
}
