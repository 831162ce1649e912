import { describe, expect, it } from 'vitest'
import { isSafeSkillName } from './agents.js'

describe('isSafeSkillName', () => {
  it.each(['pdf', 'web-artifacts-builder', 'a1', '0', 'x'.repeat(64)])('accepts %j', (name) => {
    expect(isSafeSkillName(name)).toBe(true)
  })

  it.each([
    '',
    '.',
    '..',
    '../evil',
    'a/b',
    'a\\b',
    '/abs',
    'PDF',
    '-lead',
    'trail-',
    'double--hyphen',
    'dot.name',
    'space name',
    'ünïcode',
    'x'.repeat(65),
    'nul\u0000',
  ])('refuses %j', (name) => {
    expect(isSafeSkillName(name)).toBe(false)
  })
})
