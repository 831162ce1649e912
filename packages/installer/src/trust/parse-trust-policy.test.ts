import { exportSigningKey, generateSigningKey } from '@skillship/signing'
import { describe, expect, it } from 'vitest'
import { parseLockfile } from '../lockfile/lockfile.js'
import { parseManifest } from '../manifest/manifest.js'
import { matchesNameGlob, trustFor } from './trust-policy.js'

const key = generateSigningKey()
const other = generateSigningKey()
const pem = exportSigningKey(key).publicKeyPem

function parse(trust: unknown) {
  return parseManifest(JSON.stringify({ skills: {}, trust }), 'skillship.json')
}

function fieldOf(trust: unknown): unknown {
  try {
    parse(trust)
    return 'accepted'
  } catch (error) {
    return (error as { code: string; details: { field: string } }).details.field
  }
}

describe('skillship.json trust', () => {
  it('reads publishers, pinned keys and switches', () => {
    const manifest = parse({
      publishers: { 'team-*': [key.keyId] },
      keys: { [key.keyId]: pem },
      requireSignatures: true,
      registryKeys: 'verify',
    })
    const trust = manifest.trust
    expect(trust?.requireSignatures).toBe(true)
    expect(trust?.registryKeys).toBe('verify')
    expect(trust && trustFor(trust, 'team-pdf').keys.map((k) => k.keyId)).toEqual([key.keyId])
    expect(trust && trustFor(trust, 'pdf')).toEqual({ keys: [], required: true })
  })

  it('defaults to no required signatures and ignored registry keys', () => {
    expect(parse({})).toMatchObject({ trust: { requireSignatures: false, registryKeys: 'ignore' } })
  })

  it('refuses each malformed field with INSTALL_MANIFEST_INVALID naming it', () => {
    expect(fieldOf({ unknown: 1 })).toBe('trust.unknown')
    expect(fieldOf({ requireSignatures: 'yes' })).toBe('trust.requireSignatures')
    expect(fieldOf({ registryKeys: 'maybe' })).toBe('trust.registryKeys')
    expect(fieldOf({ keys: { 'sha256:abc': pem } })).toBe('trust.keys.sha256:abc')
    expect(fieldOf({ keys: { [other.keyId]: pem } })).toBe(`trust.keys.${other.keyId}`)
    expect(fieldOf({ keys: { [key.keyId]: 'not a key' } })).toBe(`trust.keys.${key.keyId}`)
    expect(fieldOf({ publishers: { 'Bad/Glob': [key.keyId] }, keys: { [key.keyId]: pem } })).toBe(
      'trust.publishers.Bad/Glob',
    )
    expect(fieldOf({ publishers: { pdf: [] } })).toBe('trust.publishers.pdf')
    // A key id alone cannot verify: every named id must be pinned with its key.
    expect(fieldOf({ publishers: { pdf: [key.keyId] } })).toBe('trust.publishers.pdf[0]')
  })
})

describe('matchesNameGlob', () => {
  it('matches * as any run of characters and nothing else', () => {
    expect(matchesNameGlob('team-*', 'team-pdf')).toBe(true)
    expect(matchesNameGlob('team-*', 'teams-pdf')).toBe(false)
    expect(matchesNameGlob('*-pdf', 'x-pdf')).toBe(true)
    expect(matchesNameGlob('a*b*c', 'abc')).toBe(true)
    expect(matchesNameGlob('a*b*c', 'acb')).toBe(false)
    expect(matchesNameGlob('ab*ba', 'aba')).toBe(false)
    expect(matchesNameGlob('*', 'anything')).toBe(true)
    expect(matchesNameGlob('pdf', 'pdf2')).toBe(false)
  })
})

describe('skillship.lock signer', () => {
  const entry = (signer: unknown) =>
    JSON.stringify({
      lockfileVersion: 3,
      skills: {
        pdf: {
          spec: '^1',
          version: '1.0.0',
          source: {
            type: 'registry',
            registry: 'http://127.0.0.1:1',
            name: 'pdf',
            version: '1.0.0',
          },
          integrity: `sha512-${Buffer.alloc(64).toString('base64')}`,
          files: [],
          signer,
        },
      },
    })

  it('reads a key id and refuses anything else naming the field', () => {
    expect(parseLockfile(entry(key.keyId), 'skillship.lock').lockfile.skills['pdf']?.signer).toBe(
      key.keyId,
    )
    let field: unknown
    try {
      parseLockfile(entry('acme'), 'skillship.lock')
    } catch (error) {
      field = (error as { details: { field: string } }).details.field
    }
    expect(field).toBe('skills.pdf.signer')
  })
})
