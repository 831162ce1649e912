import { describe, expect, it } from 'vitest'
import { computeIntegrity, sha256Hex, verifyIntegrity } from './integrity.js'

const hello = new TextEncoder().encode('hello\n')

describe('integrity', () => {
  it('computes the SRI sha512 of the bytes (pinned)', () => {
    expect(computeIntegrity(hello)).toBe(
      'sha512-58IrmUxZ2c8rSOVJseJGZmNgRZMNPafBrLKZ0cO3+TH5Sq5B7dosKyB6NuEPi8uNRSI+VIePWzFufOO2vAGWKQ==',
    )
  })

  it('pins sha256Hex', () => {
    expect(sha256Hex(hello)).toBe(
      '5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03',
    )
  })

  it('verifies its own output', () => {
    expect(verifyIntegrity(hello, computeIntegrity(hello))).toBe(true)
  })

  it.each([
    ['other bytes', computeIntegrity(new TextEncoder().encode('hello'))],
    ['empty', ''],
    ['sha256', `sha256-${'A'.repeat(43)}=`],
    ['no prefix', computeIntegrity(hello).slice('sha512-'.length)],
    ['trailing space', `${computeIntegrity(hello)} `],
    ['two tokens', `${computeIntegrity(hello)} ${computeIntegrity(hello)}`],
    ['an option', `${computeIntegrity(hello)}?x`],
    ['upper-case algorithm', computeIntegrity(hello).replace('sha512', 'SHA512')],
    ['truncated digest', computeIntegrity(hello).slice(0, -4)],
  ])('rejects %s', (_label, integrity) => {
    expect(verifyIntegrity(hello, integrity)).toBe(false)
  })
})
