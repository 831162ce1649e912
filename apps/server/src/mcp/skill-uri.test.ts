import { describe, expect, it } from 'vitest'
import { formatSkillUri, parseSkillUri, skillMdUri } from './skill-uri.js'

describe('skill:// URIs', () => {
  it('formats a skill, its files and its root directory', () => {
    expect(skillMdUri('pdf-processing')).toBe('skill://pdf-processing/SKILL.md')
    expect(formatSkillUri('pdf-processing', 'templates/regional/eu-invoice.md')).toBe(
      'skill://pdf-processing/templates/regional/eu-invoice.md',
    )
    expect(formatSkillUri('pdf-processing')).toBe('skill://pdf-processing')
  })

  it('escapes what a URI segment cannot hold, and parses it back', () => {
    const uri = formatSkillUri('demo', 'docs/a b#1?.md')
    expect(uri).toBe('skill://demo/docs/a%20b%231%3F.md')
    expect(parseSkillUri(uri)).toEqual({ name: 'demo', path: 'docs/a b#1?.md' })
  })

  it('parses files and directories, tolerating one trailing slash', () => {
    expect(parseSkillUri('skill://demo/SKILL.md')).toEqual({ name: 'demo', path: 'SKILL.md' })
    expect(parseSkillUri('skill://demo')).toEqual({ name: 'demo', path: '' })
    expect(parseSkillUri('skill://demo/scripts/')).toEqual({ name: 'demo', path: 'scripts' })
  })

  it.each([
    'https://demo/SKILL.md',
    'skill://',
    'skill:///SKILL.md',
    'skill://demo//SKILL.md',
    'skill://demo/../other/SKILL.md',
    'skill://demo/./SKILL.md',
    'skill://demo/a%2Fb',
    'skill://demo/%E0%A4%A',
    'skill://demo/SKILL.md?x=1',
    'skill://demo/SKILL.md#top',
  ])('refuses %s', (uri) => {
    expect(parseSkillUri(uri)).toBeUndefined()
  })
})
