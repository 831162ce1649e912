import { describe, expect, it } from 'vitest'
import { splitShellWords } from './split-shell-words.js'

describe('splitShellWords', () => {
  it.each([
    ['', []],
    ['  --no-index   --find-links /w ', ['--no-index', '--find-links', '/w']],
    ["--find-links '/my wheels'", ['--find-links', '/my wheels']],
    ['--find-links "/my wheels/\\"x\\""', ['--find-links', '/my wheels/"x"']],
    ['--index-url=https://h/simple\\ x', ['--index-url=https://h/simple x']],
    ['a"b c"d', ['ab cd']],
    ['\'$HOME\' "\\n"', ['$HOME', '\\n']],
    ["''", ['']],
  ])('%j -> %j', (text, words) => {
    expect(splitShellWords(text)).toEqual(words)
  })

  it.each(["'open", '"open', 'trailing\\'])('refuses %j', (text) => {
    expect(splitShellWords(text)).toBeUndefined()
  })
})
