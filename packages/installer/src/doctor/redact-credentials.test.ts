import { describe, expect, it } from 'vitest'
import { redactCredentials } from './redact-credentials.js'

describe('redactCredentials', () => {
  it.each([
    ['https://alice:s3cret@pypi.example.com/simple', 'https://***@pypi.example.com/simple'],
    [
      'https://token@host/simple https://other/simple',
      'https://***@host/simple https://other/simple',
    ],
    ["global.index-url='https://u:p@h/s'", "global.index-url='https://***@h/s'"],
    ['file:///opt/pypi/simple', 'file:///opt/pypi/simple'],
    ['--find-links /my/wheels', '--find-links /my/wheels'],
    ['git+ssh://git@github.com/x/y', 'git+ssh://***@github.com/x/y'],
  ])('%s', (input, expected) => {
    expect(redactCredentials(input)).toBe(expected)
  })
})
