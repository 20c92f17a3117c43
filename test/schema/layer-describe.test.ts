import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { htmlToMarkdown, normalizeMarkdown } from '../../schema/layer/describe'

const page = 'https://core.telegram.org/method/messages.getHistory'
const md = (html: string) =>
  htmlToMarkdown(html, {
    page,
    resolveReference: (target) =>
      target === 'RawUserFull' ? { text: 'userFull', url: 'https://core.telegram.org/constructor/userFull' } : undefined,
  })

describe('htmlToMarkdown', () => {
  test('renders nested emphasis with the markers Markdown expects', () => {
    assert.equal(md('<strong>bold <em>both</em></strong> and <del>gone</del>'), '**bold *both*** and ~~gone~~')
  })

  test('keeps whitespace outside emphasis markers and drops empty emphasis', () => {
    assert.equal(md('a<strong> b </strong>c<em></em>'), 'a **b** c')
  })

  test('decodes named and numeric entities, then escapes what Markdown would interpret', () => {
    assert.equal(md('AT&amp;T &#x1F600; &#169; &raquo; *not bold* &lt;b&gt;'), 'AT&T 😀 © » \\*not bold\\* \\<b\\>')
  })

  test('keeps unknown or invalid entities as literal text the renderer will not decode', () => {
    assert.equal(md('&bogus; &#xD800; &#0;'), '\\&bogus; \\&\\#xD800; \\&\\#0;')
    assert.equal(md('&amp;lt;'), '\\&lt;')
  })

  test('makes relative, anchor and protocol-relative links absolute', () => {
    assert.equal(md('<a href="/api/offsets">hash</a>'), '[hash](https://core.telegram.org/api/offsets)')
    assert.equal(md('<a href="#binding">binding</a>'), `[binding](${page}#binding)`)
    assert.equal(md('<a href="//telegram.org/faq">faq</a>'), '[faq](https://telegram.org/faq)')
    assert.equal(md('<a href="mailto:a@example.com">mail</a>'), '[mail](mailto:a@example.com)')
  })

  test('keeps only the text of links with an unsafe or missing target', () => {
    assert.equal(md('<a href="javascript:alert(1)">click</a>'), 'click')
    assert.equal(md('<a href="data:text/html,x">data</a> <a>none</a>'), 'data none')
  })

  test('percent-encodes parentheses so a link destination cannot end early', () => {
    assert.equal(md('<a href="https://en.wikipedia.org/wiki/Foo_(bar)">wiki</a>'), '[wiki](https://en.wikipedia.org/wiki/Foo_%28bar%29)')
  })

  test('drops unknown tags to their text and ignores stray closing tags', () => {
    assert.equal(md('<span class="x">kept</span> <foo bar=1>text</foo></div> end'), 'kept text end')
  })

  test('tolerates tags left open at the end of the fragment', () => {
    assert.equal(md('<strong>open <a href="/x">link'), '**open [link](https://core.telegram.org/x)**')
  })

  test('treats a < that starts no tag as text', () => {
    assert.equal(md('pts + limit < remote pts, 1000 >> scale'), 'pts + limit \\< remote pts, 1000 \\>\\> scale')
  })

  test('shows the contents of code literally, as the documentation page did', () => {
    assert.equal(md('like <code><a href="#target">anchor</a></code>'), 'like `<a href="#target">anchor</a>`')
    assert.equal(md('<code>a < b &amp;&amp; c</code>'), '`a < b && c`')
  })

  test('lengthens the code fence when the code holds backticks', () => {
    assert.equal(md('<code>a`b</code>'), '``a`b``')
  })

  test('renders links around code as links with code text', () => {
    assert.equal(md('<a href="/method/ping"><code>ping</code></a>'), '[`ping`](https://core.telegram.org/method/ping)')
  })

  test('turns {@link} references into links, or code when they do not resolve', () => {
    assert.equal(
      md('see {@link RawUserFull} and {@link RawNoSuchThing}'),
      'see [`userFull`](https://core.telegram.org/constructor/userFull) and `RawNoSuchThing`',
    )
  })

  test('replaces images by their alt text and drops comments', () => {
    assert.equal(md('dice <img class="emoji" src="//telegram.org/x.png" alt="🎲"><!-- hidden -->!'), 'dice 🎲\\!')
  })

  test('renders line breaks as hard breaks and blocks on their own lines', () => {
    assert.equal(md('one<br>two'), 'one  \ntwo')
    assert.equal(md('quote: <blockquote>said\nthis</blockquote>after'), 'quote:\n\n> said\n> this\n\nafter')
    assert.equal(md('<pre>x = 1</pre>'), '```\nx = 1\n```')
  })
})

describe('normalizeMarkdown', () => {
  test('decodes entities and makes relative link targets absolute', () => {
    assert.equal(
      normalizeMarkdown('see [here &raquo;](/api/entities#entity-length) or [there](https://t.me/x)', 'https://core.telegram.org/api/errors'),
      'see [here »](https://core.telegram.org/api/entities#entity-length) or [there](https://t.me/x)',
    )
  })
})
