import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { getLayer } from '../../schema/layer/reference'
import { parseRequest } from '../../schema/request/parser'
import { type CallDiagnostic, type CheckOptions, checkCalls } from '../../language-server/calls/check'
import { extractPythonCalls } from '../../language-server/calls/extract-python'
import { extractTypeScriptCalls } from '../../language-server/calls/extract-typescript'
import { callTreeOfCell } from '../../language-server/calls/model'

const layer = getLayer()
/** Every required parameter of messages.getHistory, so a test adds only what it is about. */
const HISTORY = 'offset_id: 0, offset_date: 0, add_offset: 0, limit: 10, max_id: 0, min_id: 0, hash: 0'

type Seen = [code: string, text: string, message: string]

function seen(text: string, diagnostics: CallDiagnostic[]): Seen[] {
  return diagnostics.map((d) => [d.code, text.slice(d.range.start, d.range.end), d.message])
}

function checkCell(text: string, options: CheckOptions = {}): CallDiagnostic[] {
  const document = parseRequest(text)
  assert.deepEqual(document.diagnostics, [], 'the cell parses')
  return checkCalls(callTreeOfCell(document), options)
}

describe('checking calls in a cell', () => {
  it('accepts a complete call with peer-like strings, marked ids, bigints for long and nested constructors', () => {
    assert.deepEqual(checkCell(`messages.getHistory({ peer: "me", ${HISTORY} })`), [])
    assert.deepEqual(checkCell(`messages.getHistory({ peer: "@durov", ${HISTORY.replace('hash: 0', 'hash: 123n')} })`), [])
    assert.deepEqual(checkCell(`messages.getHistory({ peer: -1001234567890, ${HISTORY} })`), [])
    assert.deepEqual(checkCell(`messages.getHistory({ peer: inputPeerUser({ user_id: 1n, access_hash: 2 }), ${HISTORY} })`), [])
    assert.deepEqual(checkCell(`messages.getHistory({ peer: { _: "inputPeerSelf" }, ${HISTORY} })`), [])
    assert.deepEqual(checkCell(`help.getConfig()\nupdates.getState()`), [])
  })

  it('names an unknown method and suggests the closest one, with the replacement for a quick fix', () => {
    const text = 'messages.getHistroy({})'
    const [diagnostic] = checkCell(text)
    assert.deepEqual(seen(text, [diagnostic!]), [
      ['unknown-method', 'messages.getHistroy', 'Unknown method messages.getHistroy. Did you mean messages.getHistory?'],
    ])
    assert.deepEqual(diagnostic!.suggestion, { name: 'messages.getHistory', replacement: 'messages.getHistory' })
  })

  it('names an unknown method without a suggestion when nothing is close', () => {
    const text = 'nothing.likeThisAtAll()'
    assert.deepEqual(seen(text, checkCell(text)), [['unknown-method', 'nothing.likeThisAtAll', 'Unknown method nothing.likeThisAtAll.']])
  })

  it('suggests a constructor of the expected type for an unknown constructor', () => {
    const text = `messages.getHistory({ peer: inputPeerSelff(), ${HISTORY} })`
    const [diagnostic] = checkCell(text)
    assert.deepEqual(seen(text, [diagnostic!]), [
      ['unknown-constructor', 'inputPeerSelff', 'Unknown constructor inputPeerSelff. Did you mean inputPeerSelf?'],
    ])
    assert.equal(diagnostic!.suggestion!.replacement, 'inputPeerSelf')
  })

  it('flags a constructor at the top level and a method where a constructor belongs', () => {
    const text = `inputPeerSelf()\nmessages.getHistory({ peer: help.getConfig(), ${HISTORY} })`
    assert.deepEqual(seen(text, checkCell(text)), [
      ['wrong-kind', 'inputPeerSelf', 'inputPeerSelf is a constructor, but a method is expected here.'],
      ['wrong-kind', 'help.getConfig', 'help.getConfig is a method, but a constructor is expected here.'],
    ])
  })

  it('flags an unknown parameter with the closest parameter name', () => {
    const text = `messages.getHistory({ peer: "me", ofset_id: 0, ${HISTORY} })`
    const diagnostics = checkCell(text)
    assert.deepEqual(seen(text, diagnostics), [
      ['unknown-parameter', 'ofset_id', 'messages.getHistory has no parameter ofset_id. Did you mean offset_id?'],
    ])
    assert.deepEqual(diagnostics[0]!.suggestion, { name: 'offset_id', replacement: 'offset_id' })
  })

  it('lists the missing required parameters on the method name, leaving optional ones and random_id out', () => {
    const text = 'messages.sendMessage({ message: "hi" })'
    assert.deepEqual(seen(text, checkCell(text)), [
      ['missing-parameter', 'messages.sendMessage', 'messages.sendMessage is missing the required parameter peer (InputPeer).'],
    ])
    assert.deepEqual(checkCell('messages.sendMessage({ peer: "me", message: "hi" })'), [])
  })

  it('lets a cell leave out a method\'s plain numbers, which the scratchpad sends as 0, but not a constructor\'s', () => {
    assert.deepEqual(checkCell('messages.getHistory({ peer: "me", limit: 10 })'), [])
    const text = 'messages.getHistory({ peer: inputPeerUser({ user_id: 1n }), limit: 10 })'
    assert.deepEqual(seen(text, checkCell(text)), [
      ['missing-parameter', 'inputPeerUser', 'inputPeerUser is missing the required parameter access_hash (long).'],
    ])
  })

  it('flags values of the wrong shape for their TL type', () => {
    const text = `messages.getHistory({ peer: "me", ${HISTORY.replace('limit: 10', 'limit: "10"').replace('max_id: 0', 'max_id: 1.5').replace('min_id: 0', 'min_id: [1]')} })`
    assert.deepEqual(seen(text, checkCell(text)), [
      ['wrong-type', '"10"', 'limit expects an int, but this is a string.'],
      ['wrong-type', '1.5', 'max_id expects an int, but this is not a whole number.'],
      ['wrong-type', '[1]', 'min_id expects an int, but this is a list.'],
    ])
    const strings = 'messages.sendMessage({ peer: "me", message: 5, no_webpage: "yes" })'
    assert.deepEqual(seen(strings, checkCell(strings)), [
      ['wrong-type', '5', 'message expects a string, but this is a number.'],
      ['wrong-type', '"yes"', 'no_webpage expects true or false, but this is a string.'],
    ])
    const list = 'messages.getMessages({ id: 5 })'
    assert.deepEqual(seen(list, checkCell(list)), [['wrong-type', '5', 'id expects a list (Vector<InputMessage>), but this is a number.']])
  })

  it('flags a string that is not peer-like where a peer is expected', () => {
    const text = `messages.getHistory({ peer: "not a peer!", ${HISTORY} })`
    assert.deepEqual(seen(text, checkCell(text)), [
      ['wrong-type', '"not a peer!"', 'peer expects an InputPeer (a constructor, "me", "@username" or an id), but this is a string.'],
    ])
  })

  it('flags a constructor of another type', () => {
    const text = `messages.getHistory({ peer: inputUserSelf(), ${HISTORY} })`
    assert.equal(layer.findConstructor('inputUserSelf')!.type, 'InputUser')
    assert.deepEqual(seen(text, checkCell(text)), [
      ['wrong-constructor-type', 'inputUserSelf', 'inputUserSelf is an InputUser, but peer expects an InputPeer.'],
    ])
  })

  it('flags an object without _ where the type has several constructors', () => {
    const text = 'messages.sendMessage({ peer: "me", message: "hi", reply_to: { reply_to_msg_id: 1 } })'
    assert.deepEqual(seen(text, checkCell(text)), [
      ['missing-constructor-name', '{ reply_to_msg_id: 1 }', 'This object does not say which constructor it is: add _ with one of the InputReplyTo constructors.'],
    ])
  })

  it('flags integers outside int32 for int and outside int64 for long, and accepts the edges', () => {
    const text = `messages.getHistory({ peer: "me", ${HISTORY.replace('offset_id: 0', 'offset_id: 2147483648').replace('add_offset: 0', 'add_offset: -2147483648').replace('hash: 0', 'hash: 9223372036854775808n')} })`
    assert.deepEqual(seen(text, checkCell(text)), [
      ['int-out-of-range', '2147483648', 'offset_id is an int, from -2147483648 to 2147483647.'],
      ['int-out-of-range', '9223372036854775808n', 'hash is a long, from -9223372036854775808 to 9223372036854775807.'],
    ])
  })

  it('flags bot-only methods for a user account and user-only methods for a bot, from the layer', () => {
    assert.equal(layer.findMethod('bots.setBotCommands')!.availability, 'bot')
    assert.equal(layer.findMethod('messages.getDialogs')!.availability, 'user')
    const bot = 'bots.setBotCommands({ scope: botCommandScopeDefault(), lang_code: "", commands: [] })'
    assert.deepEqual(seen(bot, checkCell(bot, { accountKind: 'user' })), [
      ['bot-only-method', 'bots.setBotCommands', 'bots.setBotCommands can only be called by bots, and this account is a user.'],
    ])
    assert.deepEqual(checkCell(bot, { accountKind: 'bot' }), [])
    assert.deepEqual(checkCell(bot), [], 'no account kind, no availability check')
    const user = 'messages.getDialogs({ offset_date: 0, offset_id: 0, offset_peer: "me", limit: 10, hash: 0 })'
    assert.deepEqual(seen(user, checkCell(user, { accountKind: 'bot' })), [
      ['user-only-method', 'messages.getDialogs', 'messages.getDialogs can only be called by users, and this account is a bot.'],
    ])
  })

  it('flags references to results that do not exist, only when the known results are given', () => {
    const text = 'messages.getMessages({ id: [$1.messages[0].id, $3, $last] })'
    assert.deepEqual(seen(text, checkCell(text, { knownResults: new Set([1, 2]) })), [
      ['unknown-result', '$3', 'There is no result $3: results are numbered by the calls run so far.'],
    ])
    assert.deepEqual(
      seen(text, checkCell(text, { knownResults: new Set() })).map(([code, at]) => [code, at]),
      [
        ['unknown-result', '$1'],
        ['unknown-result', '$3'],
        ['unknown-result', '$last'],
      ],
    )
    assert.deepEqual(checkCell(text), [])
  })
})

describe('checking calls in source files, in their own spelling', () => {
  it("flags a misspelt GramJS class and a snake_case key in mtcute, suggesting each library's spelling", () => {
    const text = "new Api.messages.GetHistroy({ peer: new Api.InputPeerSelf() })\ntg.call({ _: 'help.getConfig', offset_id: 0 })"
    const diagnostics = checkCalls(extractTypeScriptCalls(text))
    assert.deepEqual(seen(text, diagnostics), [
      ['unknown-method', 'messages.GetHistroy', 'Unknown method messages.GetHistroy. Did you mean messages.GetHistory?'],
      ['unknown-parameter', 'offset_id', 'help.getConfig has no parameter offset_id.'],
    ])
    assert.equal(diagnostics[0]!.suggestion!.replacement, 'messages.GetHistory')
    const camel = "tg.call({ _: 'messages.getHistory', peer: { _: 'inputPeerSelf' }, offset_id: 0, offsetDate: 0, addOffset: 0, limit: 1, maxId: 0, minId: 0, hash: 0n })"
    assert.deepEqual(seen(camel, checkCalls(extractTypeScriptCalls(camel))), [
      ['missing-parameter', 'messages.getHistory', 'messages.getHistory is missing the required parameter offsetId (int).'],
      ['unknown-parameter', 'offset_id', 'messages.getHistory has no parameter offset_id. Did you mean offsetId?'],
    ])
  })

  it('suggests Telethon class names without the namespace an import already gives', () => {
    const text = 'from telethon.tl.functions.messages import GetHistroyRequest\nGetHistroyRequest(peer="me")'
    const diagnostics = checkCalls(extractPythonCalls(text))
    assert.deepEqual(seen(text, diagnostics), [
      ['unknown-method', 'GetHistroyRequest', 'Unknown method GetHistroyRequest. Did you mean GetHistoryRequest?'],
    ])
    assert.deepEqual(diagnostics[0]!.suggestion, { name: 'messages.getHistory', replacement: 'GetHistoryRequest' })
  })

  it('flags too many positional arguments for a Telethon request', () => {
    const text = 'from telethon.tl import functions\nfunctions.help.GetConfigRequest(1)'
    assert.deepEqual(seen(text, checkCalls(extractPythonCalls(text))), [
      ['unknown-parameter', '1', 'help.GetConfigRequest takes no more positional arguments.'],
    ])
  })
})
