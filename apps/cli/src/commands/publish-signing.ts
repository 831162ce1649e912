import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { computeIntegrity, loadSkill, unpackSkillArchive } from '@skillship/core/node'
import {
  buildSkillStatement,
  computeSkillDigest,
  type DigestFile,
  type PublishSource,
  type SigningKey,
  signSkillStatement,
} from '@skillship/signing'
import { readGitSource, readSigningKeyFile } from '@skillship/signing/node'
import type { CliIo } from '../command.js'
import { defaultSigningKeyFile, keyPassphraseSource } from '../input/key-passphrase.js'

// `skillship publish --sign`: the publisher's Sigstore bundle over exactly the tarball being
// sent (docs/signing.md, "The signature bundle"). The registry checks the same subject
// (name@version, skill digest of the unpacked files, tarball sha512) before storing anything.

/** What publish hands over to be signed: the tarball, and the files when a folder was packed. */
export interface ToSign {
  readonly name: string
  /** The version the publish will carry (the flag, SKILL.md's, or the archive's). */
  readonly version: string | undefined
  readonly tarball: Uint8Array
  /** The packed files (folder publishes); a .tgz is unpacked here to digest it. */
  readonly files?: readonly DigestFile[] | undefined
  /** The skill folder, for the git source; undefined for a .tgz. */
  readonly folder?: string | undefined
}

/** Everything of a signature but the publisher's name: what `--dry-run --sign` shows. */
export interface SigningPlan {
  readonly key: SigningKey
  readonly keyFile: string
  readonly name: string
  readonly version: string | undefined
  readonly skillDigest: string
  readonly integrity: string
  readonly source: PublishSource | undefined
}

/**
 * Reads the signing key (`--key FILE`, else the default key; an encrypted key's passphrase from
 * SKILLSHIP_KEY_PASSPHRASE or the terminal) and computes the subject of the statement. The key
 * is read first: a missing key or wrong passphrase fails before a .tgz is unpacked to be
 * digested, and before anything is sent.
 */
export async function planSignature(
  io: CliIo,
  keyFlag: string | undefined,
  toSign: ToSign,
): Promise<SigningPlan> {
  const keyFile = keyFlag === undefined ? defaultSigningKeyFile(io) : resolve(io.cwd, keyFlag)
  const key = await readSigningKeyFile(keyFile, keyPassphraseSource(io))
  const read =
    toSign.files === undefined
      ? await readArchive(toSign.tarball)
      : { skillDigest: computeSkillDigest(toSign.files), version: undefined }
  return {
    key,
    keyFile,
    name: toSign.name,
    version: toSign.version ?? read.version,
    skillDigest: read.skillDigest,
    integrity: computeIntegrity(toSign.tarball),
    source: toSign.folder === undefined ? undefined : await readGitSource(toSign.folder),
  }
}

/** The bundle's JSON text: `plan`'s statement, published by `publisher` at `now`, signed. */
export function signPlan(
  plan: SigningPlan & { readonly version: string },
  publisher: string,
  now: Date,
): string {
  const statement = buildSkillStatement({
    name: plan.name,
    version: plan.version,
    skillDigest: plan.skillDigest,
    integrity: plan.integrity,
    publisher,
    publishedAt: now,
    ...(plan.source === undefined ? {} : { source: plan.source }),
  })
  return signSkillStatement(statement, plan.key)
}

/** What the plan shows in `--json` and text output (never the key itself). */
export function describePlan(plan: SigningPlan) {
  return {
    keyId: plan.key.keyId,
    keyFile: plan.keyFile,
    subject: `${plan.name}@${plan.version ?? '?'}`,
    skillDigest: plan.skillDigest,
    integrity: plan.integrity,
    ...(plan.source === undefined ? {} : { source: plan.source }),
  }
}

// A .tgz is digested as the registry will see it: unpacked with core's safe unpack (every bound
// of an install), then removed. Its SKILL.md gives the version when no --version is given.
async function readArchive(tarball: Uint8Array) {
  const temp = await mkdtemp(join(tmpdir(), 'skillship-sign-'))
  try {
    const unpacked = await unpackSkillArchive(tarball, join(temp, 'skill'))
    const skill = await loadSkill(unpacked.root)
    return {
      skillDigest: computeSkillDigest(unpacked.files),
      version: skill.validation.properties?.version,
    }
  } finally {
    await rm(temp, { recursive: true, force: true })
  }
}
