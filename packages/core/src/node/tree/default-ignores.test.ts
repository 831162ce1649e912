import { describe, expect, it } from 'vitest'
import { isIgnoredPath } from './default-ignores.js'

describe('isIgnoredPath', () => {
  it.each([
    '.git',
    '.git/config',
    'scripts/node_modules/x/index.js',
    'scripts/__pycache__/a.cpython-312.pyc',
    'scripts/helper.pyc',
    '.venv/bin/python',
    'assets/.DS_Store',
    'Thumbs.db',
    '.hg/store',
    '.svn/entries',
  ])('ignores %s', (path) => {
    expect(isIgnoredPath(path)).toBe(true)
  })

  it.each(['SKILL.md', 'scripts/git.py', '.github/x.yml', 'pyc.md', 'docs/node_modules.md'])(
    'keeps %s',
    (path) => {
      expect(isIgnoredPath(path)).toBe(false)
    },
  )
})
