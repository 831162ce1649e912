import { writeFileAtomic } from '@skillship/core/write-file-atomic'
import type { LockedSource } from '../source/skill-source-spec.js'
import type {
  LockedAudit,
  LockedFile,
  LockedRuntime,
  LockedSkill,
  Lockfile,
} from './lockfile-schema.js'
import { stringifySorted } from './stringify-sorted.js'

/**
 * Writes skillship.lock atomically (temp file + rename) in its stable form: 2-space JSON, keys
 * sorted at every depth, `files` sorted by the UTF-8 bytes of their path, a trailing newline.
 * Only the schema's fields are written. Returns false, without writing, when the file already
 * holds exactly these bytes. The folder must exist.
 */
export async function writeLockfile(path: string, lockfile: Lockfile): Promise<boolean> {
  return writeFileAtomic(path, serializeLockfile(lockfile), { skipIfEqual: true })
}

/** The exact text writeLockfile writes for `lockfile`. */
export function serializeLockfile(lockfile: Lockfile): string {
  const skills = Object.entries(lockfile.skills).map(([name, skill]) => [name, pickSkill(skill)])
  return stringifySorted({
    lockfileVersion: lockfile.lockfileVersion,
    skills: Object.fromEntries(skills),
  })
}

function pickSkill(skill: LockedSkill): LockedSkill {
  const files = [...skill.files]
    .map(pickFile)
    .sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)))
  const picked: LockedSkill = {
    spec: skill.spec,
    version: skill.version,
    source: pickSource(skill.source),
    integrity: skill.integrity,
    files,
  }
  return {
    ...picked,
    ...(skill.signer === undefined ? {} : { signer: skill.signer }),
    ...(skill.runtime === undefined ? {} : { runtime: pickRuntime(skill.runtime) }),
    ...(skill.audit === undefined ? {} : { audit: pickAudit(skill.audit) }),
  }
}

// Allowed entries in rule order, so the same judgement is always the same bytes.
function pickAudit(audit: LockedAudit): LockedAudit {
  const { verdict, rulePack, by, policy, digest } = audit
  const allowed = audit.allowed
    .map(({ rule, reason }) => ({ rule, reason }))
    .sort((a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : a.reason < b.reason ? -1 : 1))
  return { verdict, rulePack, by, policy, digest, allowed }
}

// Packages sorted by name, so the same environment is always the same bytes.
function pickRuntime({ python, node }: LockedRuntime): LockedRuntime {
  const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : 1)
  return {
    ...(python === undefined
      ? {}
      : {
          python: {
            ...(python.requiresPython === undefined
              ? {}
              : { requiresPython: python.requiresPython }),
            requirements: [...python.requirements],
            packages: python.packages
              .map(({ name, version, hashes }) => ({
                name,
                version,
                ...(hashes === undefined ? {} : { hashes: [...hashes].sort() }),
              }))
              .sort(byName),
          },
        }),
    ...(node === undefined
      ? {}
      : {
          node: {
            dependencies: { ...node.dependencies },
            packages: node.packages
              .map(({ name, version, integrity }) => ({
                name,
                version,
                ...(integrity === undefined ? {} : { integrity }),
              }))
              .sort(byName),
          },
        }),
  }
}

function pickFile({ path, size, mode, sha256 }: LockedFile): LockedFile {
  return { path, size, mode, sha256 }
}

function pickSource(source: LockedSource): LockedSource {
  switch (source.type) {
    case 'registry':
      return {
        type: source.type,
        registry: source.registry,
        name: source.name,
        version: source.version,
      }
    case 'directory':
      return { type: source.type, path: source.path, link: source.link }
    case 'archive':
      return { type: source.type, location: source.location }
    case 'git':
      return { type: source.type, url: source.url, commit: source.commit, subpath: source.subpath }
  }
}
