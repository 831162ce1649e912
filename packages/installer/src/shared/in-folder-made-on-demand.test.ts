import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { inFolderMadeOnDemand } from './helpers.js'

let root: string

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'skillship-folder-on-demand-'))
})

afterEach(() => {
  rmSync(root, { recursive: true, force: true })
})

const codeOf = (run: () => unknown) => {
  try {
    run()
  } catch (error) {
    return (error as NodeJS.ErrnoException).code
  }
  return undefined
}

describe('inFolderMadeOnDemand', () => {
  it('makes a missing folder (and its parents) and tries once more', () => {
    const folder = join(root, 'a', 'b')
    let attempts = 0
    const write = () => {
      attempts += 1
      writeFileSync(join(folder, 'file'), 'x')
      return 'written'
    }
    expect(inFolderMadeOnDemand(folder, write)).toBe('written')
    expect([attempts, existsSync(join(folder, 'file'))]).toEqual([2, true])
    expect(inFolderMadeOnDemand(folder, write)).toBe('written')
    expect(attempts).toBe(3)
  })

  it('rethrows any other failure without making the folder', () => {
    const folder = join(root, 'never')
    const code = codeOf(() =>
      inFolderMadeOnDemand(folder, () => {
        throw Object.assign(new Error('denied'), { code: 'EACCES' })
      }),
    )
    expect([code, existsSync(folder)]).toEqual(['EACCES', false])
  })

  it('rethrows a second ENOENT', () => {
    const code = codeOf(() =>
      inFolderMadeOnDemand(join(root, 'made'), () =>
        writeFileSync(join(root, 'elsewhere', 'file'), 'x'),
      ),
    )
    expect(code).toBe('ENOENT')
  })
})
