import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readSkillArchive, type SkillOnDisk } from '@skillship/audit/node'
import { SkillshipError } from '@skillship/core/errors'
import { type AuditSummary, RegistryErrorCode, resolveVersion } from '@skillship/registry-client'
import type { CliIo } from '../command.js'
import { openRegistry } from '../config/open-registry.js'
import { parseSkillSpec } from './parse-skill-spec.js'

// A registry name: lowercase a-z0-9 groups joined by single hyphens, at most 64 characters.
const skillName = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

/** A skill read from a registry: its files, and the registry's own verdict when it has one. */
export interface RegistrySkill extends SkillOnDisk {
  readonly registryAudit: AuditSummary | undefined
}

/** True when `text` reads as `name` or `name@range|version|tag` rather than as a path. */
export function isRegistrySpec(text: string): boolean {
  const at = text.indexOf('@', 1)
  const name = at === -1 ? text : text.slice(0, at)
  return name.length <= 64 && skillName.test(name)
}

/**
 * `skillship audit name@range`: reads the skill document, picks the version as an install would
 * (resolveVersion: a dist-tag, an exact version, or the highest non-yanked match; default
 * `latest`), downloads the tarball, which the client checks against the document's integrity
 * (REGISTRY_INTEGRITY_MISMATCH), and reads it through core's safe unpack. `root` is
 * `name@version`, which names the skill in reports.
 */
export async function readRegistrySkill(
  text: string,
  io: CliIo,
  registryFlag: string | undefined,
): Promise<RegistrySkill> {
  const { name, spec } = parseSkillSpec(text)
  const { client } = await openRegistry(io, registryFlag)
  const answer = await client.getSkill(name)
  if (answer.notModified) throw new Error(`registry answered "not modified" for ${name}`)
  const version = resolveVersion(answer.document, spec ?? 'latest')
  if (version === undefined)
    throw new SkillshipError(
      RegistryErrorCode.NoMatchingVersion,
      `No version of ${name} matches '${spec ?? 'latest'}'`,
      { hint: 'Run `skillship info <name>` for its versions.' },
    )
  const tarball = await client.downloadTarball(name, version.version, {
    integrity: version.dist.integrity,
  })
  const temp = await mkdtemp(join(tmpdir(), 'skillship-audit-registry-'))
  try {
    const file = join(temp, `${name}.tgz`)
    await writeFile(file, tarball)
    const { files } = await readSkillArchive(file)
    return { root: `${name}@${version.version}`, files, registryAudit: version.audit }
  } finally {
    await rm(temp, { recursive: true, force: true })
  }
}
