// Verification CPU per signed skill: `npx tsx --conditions=skillship-source bench/signing.ts`.
// What an install adds per skill besides the digest it computes anyway: parse the bundle strictly,
// select the trusted key by hint, verify the ed25519 DSSE signature, parse the statement, match it
// to the expected name, version, digest and integrity. Baselines measured in the same run:
// @sigstore/verify (bundleFromJSON + toSignedEntity + Verifier.verify on the same bundles and key,
// no log or timestamp required), and node:crypto's ed25519 verify alone (the floor).
import { verify } from 'node:crypto'
import { bundleFromJSON } from '@sigstore/bundle'
import { toSignedEntity } from '@sigstore/verify'
import {
  buildSkillStatement,
  checkSkillStatement,
  generateSigningKey,
  inTotoPayloadType,
  preAuthEncoding,
  signSkillStatement,
  trustedKeyOf,
  verifySkillBundle,
} from '@skillship/signing'
import { sigstoreVerifierTrusting } from '../packages/signing/test/sigstore-verifier.js'
import { cpuRounds, median } from './measure.js'
import { machineLine, updateBenchmarksDoc } from './update-benchmarks-doc.js'

const count = 1000
const rounds = 7
const budgetMs = 0.3

const publisher = generateSigningKey()
const publisherKey = trustedKeyOf(publisher.publicKey)
const others = Array.from({ length: 9 }, () => trustedKeyOf(generateSigningKey().publicKey))
const keys = [...others, publisherKey]
const skills = Array.from({ length: count }, (_, i) => {
  const expected = {
    name: `skill-${i}`,
    version: '1.0.0',
    skillDigest: `skilltree-sha256:${i.toString(16).padStart(64, '0')}`,
    integrity: `sha512-${Buffer.alloc(64, i % 256).toString('base64')}`,
  }
  const statement = buildSkillStatement({ ...expected, publisher: 'acme', publishedAt: new Date() })
  return { expected, bundle: signSkillStatement(statement, publisher) }
})

const ours = await cpuRounds(rounds, async () => {
  for (const { bundle, expected } of skills)
    checkSkillStatement(verifySkillBundle(bundle, keys).statement, expected)
})

const verifier = sigstoreVerifierTrusting(publisherKey)
const sigstore = await cpuRounds(rounds, async () => {
  for (const { bundle } of skills)
    verifier.verify(toSignedEntity(bundleFromJSON(JSON.parse(bundle))))
})

const signed = skills.map(({ bundle }) => {
  const envelope = (
    JSON.parse(bundle) as { dsseEnvelope: { payload: string; signatures: { sig: string }[] } }
  ).dsseEnvelope
  return {
    pae: preAuthEncoding(inTotoPayloadType, Buffer.from(envelope.payload, 'base64')),
    sig: Buffer.from(envelope.signatures[0]?.sig ?? '', 'base64'),
  }
})
const floor = await cpuRounds(rounds, async () => {
  for (const { pae, sig } of signed)
    if (!verify(null, pae, publisher.publicKey, sig)) throw new Error('bad')
})

const per = (values: number[]) => median(values) / count
const oursMs = per(ours)
const table = [
  `Measured ${new Date().toISOString().slice(0, 16)}Z on ${await machineLine()}; ${count} bundles × ${rounds} rounds, median round; 10 trusted keys.`,
  '',
  '| what | CPU per bundle | ratio |',
  '|---|---|---|',
  `| \`verifySkillBundle\` + \`checkSkillStatement\` (strict parse, key by hint, ed25519 DSSE verify, statement parse, subject match) | ${oursMs.toFixed(3)} ms | ${(oursMs / budgetMs).toFixed(2)} × the ${budgetMs} ms budget |`,
  `| baseline: \`@sigstore/verify\` 3.x (\`bundleFromJSON\` + \`toSignedEntity\` + \`Verifier.verify\`, no statement checks) | ${per(sigstore).toFixed(3)} ms | ours = ${(oursMs / per(sigstore)).toFixed(2)} × baseline |`,
  `| floor: \`crypto.verify\` of the ed25519 signature alone | ${per(floor).toFixed(3)} ms | ours = ${(oursMs / per(floor)).toFixed(2)} × floor |`,
].join('\n')
console.log(table)
await updateBenchmarksDoc('signing', table)
if (oursMs > budgetMs) process.exitCode = 1
