import { describe, expect, it } from 'vitest'
import { parsePipReport } from './pip-report.js'

const sha = 'a'.repeat(64)

function report(version: string, install: unknown[]): string {
  return JSON.stringify({ version, pip_version: '23.2.1', install, environment: {} })
}

describe('parsePipReport', () => {
  it('reads names (normalised), versions and archive hashes, sorted by name', () => {
    const text = report('1', [
      {
        download_info: {
          url: 'file:///w/Typing_Extensions-4.0-py3-none-any.whl',
          archive_info: { hash: `sha256=${sha}`, hashes: { sha256: sha } },
        },
        metadata: { name: 'Typing_Extensions', version: '4.0' },
      },
      {
        download_info: { url: 'file:///src/pkg', dir_info: {} },
        metadata: { name: 'Apkg', version: '1.0' },
      },
    ])
    expect(parsePipReport(text)).toEqual([
      { name: 'apkg', version: '1.0' },
      { name: 'typing-extensions', version: '4.0', hashes: [`sha256:${sha}`] },
    ])
  })

  it('reads the single legacy hash of a version 0 report', () => {
    const text = report('0', [
      {
        download_info: { archive_info: { hash: `SHA256=${sha.toUpperCase()}` } },
        metadata: { name: 'pkgx', version: '2.0' },
      },
    ])
    expect(parsePipReport(text)).toEqual([
      { name: 'pkgx', version: '2.0', hashes: [`sha256:${sha}`] },
    ])
  })

  it('returns undefined for a report version it does not know', () => {
    expect(parsePipReport(report('2', []))).toBeUndefined()
  })

  it('throws for text that is not JSON or an entry without metadata', () => {
    expect(() => parsePipReport('{')).toThrow()
    expect(() => parsePipReport(report('1', [{ download_info: {} }]))).toThrow()
  })
})
