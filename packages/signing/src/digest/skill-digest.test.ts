import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { codeOf } from '../../test/code-of.js'
import { SignatureErrorCode } from '../errors/signature-error-codes.js'
import { computeSkillDigest, type DigestFile, maxDigestFiles } from './skill-digest.js'

interface Vector {
  readonly name: string
  readonly files: DigestFile[]
  readonly manifest: string
  readonly digest: string
}

const vectors = (
  JSON.parse(readFileSync(new URL('./skill-digest.vectors.json', import.meta.url), 'utf8')) as {
    vectors: Vector[]
  }
).vectors
const docs = readFileSync(new URL('../../../../docs/signing.md', import.meta.url), 'utf8')

const file = (path: string, mode = 0o644): DigestFile => ({ path, mode, sha256: 'a'.repeat(64) })

describe('computeSkillDigest', () => {
  it.each(vectors.map((v) => [v.name, v] as const))('matches the pinned vector %s', (_name, v) => {
    expect(computeSkillDigest(v.files)).toBe(v.digest)
  })

  it('has every vector digest written in docs/signing.md', () => {
    for (const v of vectors) expect(docs).toContain(v.digest)
  })

  it('gives the same digest whatever the input order and the non-execute mode bits', () => {
    const a = [file('SKILL.md', 0o600), file('b/x.sh', 0o700)]
    const b = [file('b/x.sh', 0o111), file('SKILL.md', 0o444)]
    expect(computeSkillDigest(a)).toBe(computeSkillDigest(b))
  })

  it.each([
    ['a parent segment', [file('../SKILL.md')]],
    ['an absolute path', [file('/etc/passwd')]],
    ['a newline in a path (would forge a manifest line)', [file('a\nx bb SKILL.md')]],
    ['a path not in normal form', [file('./SKILL.md')]],
    ['a duplicate path', [file('SKILL.md'), file('SKILL.md')]],
    ['an uppercase sha256', [{ path: 'SKILL.md', mode: 0o644, sha256: 'A'.repeat(64) }]],
    ['a short sha256', [{ path: 'SKILL.md', mode: 0o644, sha256: 'a'.repeat(63) }]],
    ['a negative mode', [file('SKILL.md', -1)]],
    ['a fractional mode', [file('SKILL.md', 0.5)]],
  ])('refuses %s', (_what, files) => {
    expect(codeOf(() => computeSkillDigest(files))).toBe(SignatureErrorCode.DigestInputInvalid)
  })

  it('refuses more files than the bound before hashing any', () => {
    const files = Array.from({ length: maxDigestFiles + 1 }, (_, i) => file(`f${i}`))
    expect(codeOf(() => computeSkillDigest(files))).toBe(SignatureErrorCode.DigestInputInvalid)
  })
})
