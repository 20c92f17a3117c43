/**
 * Turns the documentation fragments shipped in @mtcute/tl into Markdown for hovers.
 *
 * The fragments are small pieces of Telegram's documentation HTML: `<a>`, `<strong>`, `<em>`, `<code>`,
 * `<br>`, a few others, and `{@link Name}` references that mtcute wrote in place of links to other
 * schema entries. The package unescaped `&lt;`/`&gt;` when it extracted them, so a `<` may be literal
 * text (`pts + limit < remote pts`) and the contents of `<code>` are taken as raw text, as the original
 * page showed them. Only http(s) and mailto links survive, and images become their alt text, so a
 * hover never loads or runs anything.
 */

/** Where relative links in the fragments point, and how `{@link Name}` references resolve. */
export interface DescribeContext {
  /** The documentation page the fragment came from, e.g. `https://core.telegram.org/method/messages.getHistory`. */
  page: string
  /** Maps the target of a `{@link Name}` reference to link text and URL; unresolved ones become plain text. */
  resolveReference?: (target: string) => { text: string; url: string } | undefined
}

export const DOCS_ORIGIN = 'https://core.telegram.org'

/** The documentation page of a schema entry, the base for its relative links. */
export function docsPage(kind: 'constructor' | 'method' | 'type', name: string): string {
  return `${DOCS_ORIGIN}/${kind}/${name}`
}

interface ElementNode {
  tag: string
  attributes: Map<string, string>
  children: Node[]
}
type Node = string | ElementNode

/** Elements that never have content or a closing tag. */
const VOID_TAGS = new Set(['br', 'img', 'hr', 'wbr'])
/** Elements whose content is shown literally (see the module comment). */
const RAW_TEXT_TAGS = new Set(['code', 'pre'])

const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*\/?>/y
const ATTRIBUTE = /([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g

/** A forgiving HTML fragment parser: unknown markup is kept, stray closing tags are ignored. */
function parseFragment(html: string): Node[] {
  const root: ElementNode = { tag: '', attributes: new Map(), children: [] }
  const open: ElementNode[] = [root]
  let text = ''
  const flushText = () => {
    if (text) open[open.length - 1]!.children.push(text)
    text = ''
  }

  let i = 0
  while (i < html.length) {
    const lt = html.indexOf('<', i)
    if (lt < 0) {
      text += html.slice(i)
      break
    }
    text += html.slice(i, lt)
    i = lt

    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4)
      i = end < 0 ? html.length : end + 3
      continue
    }

    TAG.lastIndex = i
    const match = TAG.exec(html)
    if (!match) {
      // A `<` that starts no tag is text: `a < b`.
      text += '<'
      i += 1
      continue
    }
    const [whole, slash, rawName, rawAttributes] = match
    const tag = rawName!.toLowerCase()
    i += whole.length
    flushText()

    if (slash) {
      let at = open.length - 1
      while (at > 0 && open[at]!.tag !== tag) at--
      if (at > 0) open.length = at
      continue
    }

    const element: ElementNode = { tag, attributes: parseAttributes(rawAttributes!), children: [] }
    open[open.length - 1]!.children.push(element)
    if (RAW_TEXT_TAGS.has(tag)) {
      const close = html.toLowerCase().indexOf(`</${tag}>`, i)
      const end = close < 0 ? html.length : close
      if (end > i) element.children.push(html.slice(i, end))
      i = close < 0 ? end : end + tag.length + 3
    } else if (!VOID_TAGS.has(tag) && !whole.endsWith('/>')) {
      open.push(element)
    }
  }
  flushText()
  return root.children
}

function parseAttributes(source: string): Map<string, string> {
  const attributes = new Map<string, string>()
  for (const [, name, doubleQuoted, singleQuoted, unquoted] of source.matchAll(ATTRIBUTE)) {
    attributes.set(name!.toLowerCase(), decodeEntities(doubleQuoted ?? singleQuoted ?? unquoted ?? ''))
  }
  return attributes
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  raquo: '»',
  laquo: '«',
  mdash: '—',
  ndash: '–',
  hellip: '…',
  copy: '©',
  times: '×',
}

/** Decodes character references; unknown names and invalid code points stay as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z][a-zA-Z0-9]{1,31});/g, (whole, body: string) => {
    if (body[0] !== '#') return NAMED_ENTITIES[body] ?? whole
    const codePoint = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10)
    const isValid = codePoint > 0 && codePoint <= 0x10ffff && !(codePoint >= 0xd800 && codePoint <= 0xdfff)
    return isValid ? String.fromCodePoint(codePoint) : whole
  })
}

/** Makes a link target absolute against `page`; returns undefined for anything but http(s) and mailto. */
export function absoluteUrl(href: string, page: string): string | undefined {
  let url: URL
  try {
    url = new URL(href.trim(), page)
  } catch {
    return undefined
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:' && url.protocol !== 'mailto:') return undefined
  // Parentheses and spaces would end a Markdown link destination early.
  return url.href.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
}

/**
 * Backslash-escapes the characters that would otherwise start Markdown (or HTML) syntax, and an `&`
 * that would start a character reference, so text decoded once is not decoded again by the renderer.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~#!]|&(?=#?[a-zA-Z0-9]+;)/g, '\\$&')
}

/** A code span that survives backticks in its content. */
function codeSpan(content: string): string {
  const text = content.replace(/\s*\n\s*/g, ' ')
  if (!text.trim()) return ''
  const longestRun = Math.max(0, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length))
  const fence = '`'.repeat(longestRun + 1)
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${text}${pad}${fence}`
}

/** Wraps `inner` in an emphasis marker, keeping surrounding whitespace outside it as Markdown requires. */
function emphasize(inner: string, marker: string): string {
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner)!
  const [, before, core, after] = match
  return core ? `${before}${marker}${core}${marker}${after}` : inner
}

const REFERENCE = /\{@link\s+([^}\s]+)\s*\}/g

function renderText(text: string, context: DescribeContext): string {
  let out = ''
  let last = 0
  for (const match of text.matchAll(REFERENCE)) {
    out += escapeMarkdown(decodeEntities(text.slice(last, match.index)))
    const target = match[1]!
    const resolved = context.resolveReference?.(target)
    out += resolved ? `[${codeSpan(resolved.text)}](${resolved.url})` : codeSpan(target)
    last = match.index + match[0].length
  }
  return out + escapeMarkdown(decodeEntities(text.slice(last)))
}

function textContent(nodes: Node[]): string {
  return nodes.map((node) => (typeof node === 'string' ? node : textContent(node.children))).join('')
}

function renderNodes(nodes: Node[], context: DescribeContext): string {
  return nodes.map((node) => (typeof node === 'string' ? renderText(node, context) : renderElement(node, context))).join('')
}

function renderElement(node: ElementNode, context: DescribeContext): string {
  switch (node.tag) {
    case 'br':
      return '  \n'
    case 'strong':
    case 'b':
      return emphasize(renderNodes(node.children, context), '**')
    case 'em':
    case 'i':
      return emphasize(renderNodes(node.children, context), '*')
    case 'del':
    case 's':
      return emphasize(renderNodes(node.children, context), '~~')
    case 'code':
      return codeSpan(decodeEntities(textContent(node.children)))
    case 'pre': {
      const body = decodeEntities(textContent(node.children)).replace(/^\n+|\n+$/g, '')
      const fence = '`'.repeat(Math.max(3, ...Array.from(body.matchAll(/`{3,}/g), (m) => m[0].length + 1)))
      return `\n\n${fence}\n${body}\n${fence}\n\n`
    }
    case 'blockquote': {
      const body = renderNodes(node.children, context).trim()
      return `\n\n${body.replace(/^/gm, '> ')}\n\n`
    }
    case 'p':
      return `\n\n${renderNodes(node.children, context).trim()}\n\n`
    case 'img':
      return escapeMarkdown(node.attributes.get('alt') ?? '')
    case 'a': {
      const inner = renderNodes(node.children, context)
      const href = node.attributes.get('href')
      const url = href === undefined ? undefined : absoluteUrl(href, context.page)
      return url && inner.trim() ? `[${inner.trim()}](${url})` : inner
    }
    default:
      // Unknown markup keeps its text and loses the tag.
      return renderNodes(node.children, context)
  }
}

/** Converts one documentation fragment to Markdown. */
export function htmlToMarkdown(html: string, context: DescribeContext): string {
  return renderNodes(parseFragment(html), context)
    .replace(/[ \t]+\n/g, (spaces) => (spaces.startsWith('  ') ? '  \n' : '\n'))
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

/**
 * Normalizes a description that is already Markdown (the package's error descriptions): decodes
 * entities such as `&raquo;` and makes relative link targets (`](/api/entities)`) absolute.
 */
export function normalizeMarkdown(markdown: string, page: string): string {
  return decodeEntities(markdown).replace(/\]\(([^()\s]+)\)/g, (whole, href: string) => {
    const url = absoluteUrl(href, page)
    return url ? `](${url})` : whole
  })
}
