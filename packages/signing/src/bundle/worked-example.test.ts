import { readFileSync } from 'node:fs'
import { bundleFromJSON } from '@sigstore/bundle'
import { toSignedEntity } from '@sigstore/verify'
import { describe, expect, it } from 'vitest'
import { sigstoreVerifierTrusting } from '../../test/sigstore-verifier.js'
import { parsePrivateKey, parsePublicKey } from '../keys/parse-key.js'
import { signSkillStatement } from './skill-bundle.js'
import type { SkillStatement } from './skill-statement.js'
import { verifySkillBundle } from './verify-skill-bundle.js'

// docs/signing.md's worked example must stay true: its bundle verifies, signs the statement shown,
// and is what signing that statement with the test key gives.
const docs = readFileSync(new URL('../../../../docs/signing.md', import.meta.url), 'utf8')
const example = docs.slice(docs.indexOf('## Worked example'))
const [statementJson, bundleJson] = [...example.matchAll(/```json\n([\s\S]*?)\n```/g)].map(
  (m) => m[1] ?? '',
)
const fixture = (name: string) =>
  readFileSync(new URL(`../../test/fixtures/${name}`, import.meta.url), 'utf8')

describe('the worked example of docs/signing.md', () => {
  it('verifies with the key, signs the statement shown, and is reproduced by signing it again', () => {
    const statement = JSON.parse(statementJson ?? '') as SkillStatement
    const trusted = parsePublicKey(fixture('openssh-ed25519.pub'))
    const verified = verifySkillBundle(bundleJson ?? '', [trusted])
    expect(verified.statement).toEqual(statement)
    const again = signSkillStatement(statement, parsePrivateKey(fixture('openssh-ed25519')))
    expect(JSON.parse(again)).toEqual(JSON.parse(bundleJson ?? ''))
    const entity = toSignedEntity(bundleFromJSON(JSON.parse(bundleJson ?? '')))
    expect(() => sigstoreVerifierTrusting(trusted).verify(entity)).not.toThrow()
  })
})
