import { describe, expect, it } from 'vitest'
import { parseErrorBody, parseJson } from './parse-error-body.js'

describe('parseErrorBody', () => {
  it('keeps code, message, hint and details', () => {
    const text = JSON.stringify({
      error: { code: 'REGISTRY_INVALID_SKILL', message: 'm', hint: 'h', details: { issues: [] } },
    })
    expect(parseErrorBody(text)).toEqual({
      error: { code: 'REGISTRY_INVALID_SKILL', message: 'm', hint: 'h', details: { issues: [] } },
    })
  })

  it('leaves hint and details out when absent', () => {
    expect(parseErrorBody('{"error":{"code":"REGISTRY_NOT_FOUND","message":"m"}}')).toEqual({
      error: { code: 'REGISTRY_NOT_FOUND', message: 'm' },
    })
  })

  it.each([
    ['empty', ''],
    ['HTML', '<html><body>502 Bad Gateway</body></html>'],
    ['JSON null', 'null'],
    ['an array', '[]'],
    ['no error key', '{"message":"x"}'],
    ['error as a string', '{"error":"nope"}'],
    ['no code', '{"error":{"message":"m"}}'],
    ['empty code', '{"error":{"code":"","message":"m"}}'],
    ['numeric code', '{"error":{"code":500,"message":"m"}}'],
    ['no message', '{"error":{"code":"REGISTRY_INTERNAL"}}'],
    ['numeric hint', '{"error":{"code":"REGISTRY_INTERNAL","message":"m","hint":1}}'],
    ['array details', '{"error":{"code":"REGISTRY_INTERNAL","message":"m","details":[]}}'],
  ])('is undefined for %s', (_label, text) => {
    expect(parseErrorBody(text)).toBeUndefined()
  })
})

describe('parseJson', () => {
  it.each([
    ['{}', {}],
    ['{"a":1}', { a: 1 }],
    ['[]', []],
    ['null', null],
    ['{"a":', undefined],
    ['', undefined],
  ])('%s -> %j', (text, expected) => {
    expect(parseJson(text)).toEqual(expected)
  })
})
