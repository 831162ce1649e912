import { describe, expect, it } from 'vitest'
import { SkillErrorCode } from '../errors/skill-error-codes.js'
import { validateLicenseFile } from './validate-license-file.js'

describe('validateLicenseFile', () => {
  it.each([
    ['Proprietary. LICENSE.txt has complete terms', ['LICENSE.txt'], []],
    ['Proprietary. LICENSE.txt has complete terms', ['LICENSE.md'], ['LICENSE.txt']],
    ['Complete terms in LICENSE.txt', [], ['LICENSE.txt']],
    ['Apache-2.0', [], []],
    ['MIT (see LICENSE)', ['LICENSE'], []],
    ['MIT (see LICENSE)', ['LICENSE.md'], []],
    ['MIT (see LICENSE)', ['docs/LICENSE'], ['LICENSE']],
    ['See docs/terms.md', ['docs/terms.md'], []],
  ])('%s with %j', (license, files, missing) => {
    const issues = validateLicenseFile(license, new Set(files), 4)
    expect(issues.map((i) => i.code)).toEqual(missing.map(() => SkillErrorCode.LicenseFileMissing))
    expect(issues.every((i) => i.field === 'license' && i.line === 4)).toBe(true)
  })
})
