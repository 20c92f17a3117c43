import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { effectiveProxy, parseProxySetting, ProxySettingError } from '../../extension/workbench/proxy-setting'

describe('proxy setting', () => {
  it('reads SOCKS5 and HTTP URLs with percent-encoded credentials', () => {
    assert.deepEqual(parseProxySetting('socks5://ada:p%40ss@10.0.0.1:1080'), { type: 'socks5', host: '10.0.0.1', port: 1080, username: 'ada', password: 'p@ss' })
    assert.deepEqual(parseProxySetting('http://[::1]:8080'), { type: 'http', host: '::1', port: 8080 })
  })

  it('reads MTProxy links in both spellings', () => {
    const expected = { type: 'mtproxy', host: 'proxy.example', port: 443, secret: 'dd00112233445566778899aabbccddeeff' }
    assert.deepEqual(parseProxySetting('tg://proxy?server=proxy.example&port=443&secret=dd00112233445566778899aabbccddeeff'), expected)
    assert.deepEqual(parseProxySetting('https://t.me/proxy?server=proxy.example&port=443&secret=dd00112233445566778899aabbccddeeff'), expected)
  })

  it('rejects what it cannot use, saying why', () => {
    assert.throws(() => parseProxySetting('socks5://host'), ProxySettingError)
    assert.throws(() => parseProxySetting('ftp://host:21'), ProxySettingError)
    assert.throws(() => parseProxySetting('tg://proxy?server=x&port=443'), ProxySettingError)
  })

  it('falls back to http.proxy only for plain HTTP proxies', () => {
    assert.deepEqual(effectiveProxy('', 'http://corp:3128'), { type: 'http', host: 'corp', port: 3128 })
    assert.equal(effectiveProxy('', 'https://corp:3128'), undefined)
    assert.equal(effectiveProxy('socks5://s:1', 'http://corp:3128')?.type, 'socks5')
  })
})
