import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import type { TlDiagnostic } from '../../schema/tl/ast'
import { computeId } from '../../schema/tl/constructor-id'
import { parseTl } from '../../schema/tl/parser'
import { knownTypes, validateTl, type ValidateOptions } from '../../schema/tl/validate'

const layerFile = (name: string) => readFileSync(new URL(`../../schema/layer/${name}`, import.meta.url), 'utf8')

/** Validates `source` and describes each diagnostic as [code, the text it points at, message]. */
function check(source: string, options?: ValidateOptions): [string, string, string][] {
  const doc = parseTl(source)
  assert.deepEqual(doc.diagnostics, [], 'the fixture must parse cleanly')
  const summarize = (d: TlDiagnostic): [string, string, string] => [
    d.code,
    source.slice(d.range.start, d.range.end),
    d.message,
  ]
  return validateTl(doc, options).map(summarize)
}

/** Declares the types the fixtures below refer to, each with ids that match, so only the fault under test shows. */
const prelude = 'a = A;\nb = B;\n'

describe('validating the bundled layer', () => {
  for (const file of ['api.tl', 'mtproto.tl']) {
    it(`finds nothing wrong in ${file}`, () => {
      assert.deepEqual(validateTl(parseTl(layerFile(file))), [])
    })
  }

  it("checks a user's file against the bundled types when given them", () => {
    const source = '---functions---\nmyMethod x:InputPeer y:Vector<Message> z:%User = Updates;'
    assert.deepEqual(check(source), [
      ['unknown-type', 'InputPeer', "Unknown type 'InputPeer'"],
      ['unknown-type', 'Message', "Unknown type 'Message'"],
      ['invalid-bare-type', '%User', "Unknown type 'User' after '%'"],
      ['unknown-type', 'Updates', "Unknown type 'Updates'"],
    ])
    assert.deepEqual(check(source, { externalTypes: knownTypes(parseTl(layerFile('api.tl'))) }), [])
  })
})

describe('semantic diagnostics', () => {
  it('reports a type no constructor produces, on the reference', () => {
    assert.deepEqual(check(`${prelude}c x:A y:Vector<Missing> z:int = C;`), [
      ['unknown-type', 'Missing', "Unknown type 'Missing'"],
    ])
  })

  it("reports an unknown method result, but not a constructor's own type", () => {
    assert.deepEqual(check(`${prelude}---functions---\nget = Nowhere;`), [
      ['unknown-type', 'Nowhere', "Unknown type 'Nowhere'"],
    ])
  })

  it('reports a declared id that differs from the computed one, with the computed id as data', () => {
    const source = 'pong#12345678 msg_id:long ping_id:long = Pong;'
    const doc = parseTl(source)
    const [diagnostic, ...rest] = validateTl(doc)
    assert.deepEqual(rest, [])
    assert.equal(diagnostic!.code, 'id-mismatch')
    assert.equal(source.slice(diagnostic!.range.start, diagnostic!.range.end), '#12345678')
    assert.equal(diagnostic!.message, 'Declared id #12345678 differs from the computed id #347773c5')
    assert.deepEqual(diagnostic!.data, { computedId: computeId(doc.definitions[0]!) })
  })

  it('accepts a Legacy constructor whose id was computed under its original name', () => {
    const line = 'inputStickerSetThumbLegacy#0dbaeae9 stickerset:A volume_id:long local_id:int = B;'
    const renamed = line.replace('Legacy#0dbaeae9', '#0dbaeae9')
    const original = parseTl(renamed).definitions[0]!
    const id = computeId(original).toString(16).padStart(8, '0')
    assert.deepEqual(check(`${prelude}${line.replace('0dbaeae9', id)}`), [])
    assert.deepEqual(
      check(`${prelude}${line.replace('0dbaeae9', id).replace('Legacy', 'Old')}`).map(([code]) => code),
      ['id-mismatch'],
    )
  })

  it('reports duplicate names and duplicate ids on the later definition', () => {
    assert.deepEqual(check('a = A;\na = A;'), [['duplicate-name', 'a', "'a' is already defined"]])
    assert.deepEqual(check('a#1 = A;\nb#1 = A;').filter(([code]) => code !== 'id-mismatch'), [
      ['duplicate-id', '#1', "Id #00000001 is already used by 'a'"],
    ])
  })

  it('reports a flags condition on a missing field, on a non-# field, and before its field', () => {
    assert.deepEqual(check('c x:flags.0?int = C;'), [
      ['unknown-flags-field', 'flags', "'c' has no field 'flags' to hold flag bits"],
    ])
    assert.deepEqual(check('c flags:int x:flags.0?int = C;'), [
      ['flags-field-not-nat', 'flags', "'flags' must have type '#' to hold flag bits"],
    ])
    assert.deepEqual(check('c x:flags2.0?int flags2:# = C;'), [
      ['flags-field-after-use', 'flags2', "'flags2' must be declared before 'x', which depends on it"],
    ])
  })

  it('reports a flag bit outside 0-31, on the bit', () => {
    assert.deepEqual(check('c flags:# x:flags.31?int y:flags.32?true = C;'), [
      ['flag-bit-out-of-range', '32', 'Flag bit 32 is outside 0-31'],
    ])
  })

  it('reports !X without a generic parameter, and a generic parameter never used', () => {
    assert.deepEqual(check('b = B;\n---functions---\ncall query:!X = B;'), [
      ['undeclared-generic', '!X', "'!X' needs a generic parameter {X:Type}"],
    ])
    const source = 'b = B;\n---functions---\ncall {X:Type} layer:int = B;'
    assert.deepEqual(check(source), [['unused-generic', '{X:Type}', "Generic parameter 'X' is never used"]])
    assert.equal(validateTl(parseTl(source))[0]!.severity, 'warning')
  })

  it('reports % on a built-in, on an unknown type, on a bare name and on a type with several constructors', () => {
    assert.deepEqual(check(`${prelude}a2 = A;\nc w:%int x:%Nope y:%a z:%A ok:%B = C;`), [
      ['invalid-bare-type', '%int', "'%' cannot be applied to the built-in type 'int'"],
      ['invalid-bare-type', '%Nope', "Unknown type 'Nope' after '%'"],
      ['invalid-bare-type', '%a', "'a' is already a bare type"],
      ['invalid-bare-type', '%A', "'%A' is ambiguous: 'A' has 2 constructors"],
    ])
  })

  it('accepts bare constructor references, generics and the built-in types', () => {
    const builtins = 'n:int l:long d:double s:string by:bytes i:int128 j:int256 t:Bool flags:# f:flags.0?true'
    const source = `${prelude}c x:a y:vector<%B> z:Vector<b> ${builtins} = C;`
    assert.deepEqual(check(source), [])
  })
})
