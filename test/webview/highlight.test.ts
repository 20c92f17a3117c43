/** The code highlighter: it only splits text, so the tokens always add up to the input. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MAX_HIGHLIGHT_LENGTH, resolveLanguage, tokenize } from '../../webview/render/highlight'
import { hostileCorpus } from './hostile-corpus'

const languages = ['typescript', 'js', 'python', 'json', 'bash', 'go', 'rust', 'cpp', 'sql', 'css', 'html', 'tl', 'unknown', undefined]

describe('code highlighter', () => {
  it('returns tokens that concatenate back to the input, for every language and hostile text', () => {
    const samples = [...hostileCorpus.map((p) => p.text), 'const s = "unterminated', "x = '''never closed", '/* open comment', '`template ${x}`', '']
    for (const language of languages) {
      for (const text of samples) assert.equal(tokenize(text, language).map((t) => t.text).join(''), text, `${language}: ${text.slice(0, 40)}`)
    }
  })

  it('marks keywords, strings, comments and numbers in TypeScript', () => {
    const tokens = tokenize('const x = "a" // note\nreturn 42', 'ts').filter((t) => t.type !== 'plain')
    assert.deepEqual(tokens, [
      { type: 'keyword', text: 'const' }, { type: 'string', text: '"a"' }, { type: 'comment', text: '// note' },
      { type: 'keyword', text: 'return' }, { type: 'number', text: '42' },
    ])
  })

  it('reads Python triple-quoted strings and # comments', () => {
    const types = tokenize('def f():\n    """doc"""  # why', 'python').filter((t) => t.type !== 'plain').map((t) => t.type)
    assert.deepEqual(types, ['keyword', 'string', 'comment'])
  })

  it('leaves unknown languages and very long code plain', () => {
    assert.deepEqual(tokenize('if x', 'brainfuck'), [{ type: 'plain', text: 'if x' }])
    const long = 'if '.repeat(MAX_HIGHLIGHT_LENGTH)
    assert.deepEqual(tokenize(long, 'ts'), [{ type: 'plain', text: long }])
  })

  it('resolves common aliases of language tags', () => {
    assert.equal(resolveLanguage('TS'), 'typescript')
    assert.equal(resolveLanguage('py'), 'python')
    assert.equal(resolveLanguage(' sh '), 'shell')
    assert.equal(resolveLanguage('constructor'), undefined)
  })
})
