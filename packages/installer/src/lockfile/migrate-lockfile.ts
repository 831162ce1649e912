import { isAbsolute, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { LockedSource } from '../source/skill-source-spec.js'
import type { LockedSkill, LockedSkillV1, Lockfile, LockfileV1 } from './lockfile-schema.js'
import { currentLockfileVersion } from './lockfile-schema.js'

// `<registry>/v1/skills/<name>/-/<version>.tgz`, the registry's tarball route.
const tarballRoute = /^(.*)\/v1\/skills\/([^/]+)\/-\/([^/]+)\.tgz$/

/**
 * Migrates a version 1 lockfile to the current version. Each entry keeps its version and
 * integrity; `spec` becomes the exact version (what v1 installed); `files` becomes `[]`, meaning
 * "fill at the next install"; `resolved` becomes a structured source: the registry's tarball URL
 * for this skill and version becomes a registry source, anything else an archive source (the
 * integrity pins the bytes either way). Relative paths are resolved against `lockfileDir`.
 */
export function migrateLockfile(v1: LockfileV1, lockfileDir: string): Lockfile {
  const skills = Object.entries(v1.skills).map(([name, entry]) => [
    name,
    migrateSkill(name, entry, lockfileDir),
  ])
  return { lockfileVersion: currentLockfileVersion, skills: Object.fromEntries(skills) }
}

function migrateSkill(name: string, entry: LockedSkillV1, lockfileDir: string): LockedSkill {
  return {
    spec: entry.version,
    version: entry.version,
    source: sourceOf(name, entry, lockfileDir),
    integrity: entry.integrity,
    files: [],
  }
}

/** The structured source behind a v1 `resolved` string. */
export function sourceOf(name: string, entry: LockedSkillV1, lockfileDir: string): LockedSource {
  const { resolved } = entry
  if (URL.canParse(resolved)) {
    const url = new URL(resolved)
    if (url.protocol === 'file:') return { type: 'archive', location: fileURLToPath(url) }
    const registry = registryOf(url, name, entry.version)
    if (registry !== undefined) return { type: 'registry', registry, name, version: entry.version }
    return { type: 'archive', location: resolved }
  }
  const location = isAbsolute(resolved) ? resolved : resolve(lockfileDir, resolved)
  return { type: 'archive', location }
}

function registryOf(url: URL, name: string, version: string): string | undefined {
  const isHttp = url.protocol === 'http:' || url.protocol === 'https:'
  // Credentials or a query would be lost in a registry source; the URL stays an archive then.
  if (!isHttp || url.search !== '' || url.hash !== '' || url.username !== '') return undefined
  const [, prefix = '', encodedName = '', encodedVersion = ''] =
    tarballRoute.exec(url.pathname) ?? []
  const same = decode(encodedName) === name && decode(encodedVersion) === version
  return same ? `${url.origin}${prefix}` : undefined
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment)
  } catch (error) {
    if (error instanceof URIError) return undefined
    throw error
  }
}
