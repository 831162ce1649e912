import type { SkillIssue } from '@skillship/core'
import { isSkillshipError, SkillErrorCode, SkillshipError } from '@skillship/core/errors'
import { issueFromError, type LoadedSkill, loadSkill } from '@skillship/core/node'
import { isSemver } from '@skillship/core/semver'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { specInvalid } from './spec-invalid.js'

const archiveSuffix = /\.(?:tgz|tar\.gz|zip)$/i

const loopbackHosts: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** True when a path or URL path names an archive the installer can unpack (.tgz, .tar.gz, .zip). */
export function isArchivePath(path: string): boolean {
  return archiveSuffix.test(path)
}

/** True when `text` starts like an http(s) URL (the caller then requires an archive URL). */
export function isHttpUrlText(text: string): boolean {
  return /^https?:\/\//i.test(text)
}

/**
 * Checks an archive URL and returns its normalized form. https is always allowed; http only for
 * loopback hosts (local test servers), since an unauthenticated download could be swapped on the
 * way. Credentials in the URL are refused: the lockfile would record them. The path must end in
 * .tgz, .tar.gz or .zip. Throws INSTALL_SPEC_INVALID otherwise.
 */
export function parseArchiveUrl(text: string): URL {
  const url = parseSpecUrl(text, text)
  if (!isAllowedDownloadUrl(url))
    throw specInvalid(text, 'archives are downloaded over https (http only from loopback hosts)')
  if (url.username !== '' || url.password !== '')
    throw specInvalid(text, 'credentials in URLs would be written to the lockfile')
  if (!isArchivePath(url.pathname))
    throw specInvalid(text, 'an archive URL must end in .tgz, .tar.gz or .zip')
  return url
}

/** True for https URLs, and http URLs of loopback hosts (the only plain-http downloads allowed). */
export function isAllowedDownloadUrl(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && loopbackHosts.has(url.hostname))
}

/** `value` (part of the spec `text`) as a URL; INSTALL_SPEC_INVALID when it is none. */
export function parseSpecUrl(text: string, value: string): URL {
  try {
    return new URL(value)
  } catch (error) {
    if (!(error instanceof TypeError)) throw error
    throw specInvalid(text, 'not a valid URL', error)
  }
}

/** A skill folder that passed validation, with the name and version the installer uses. */
export interface ValidSkill {
  readonly loaded: LoadedSkill
  readonly name: string
  /** `metadata.version` when it is semver (lint only warns otherwise), else 0.0.0. */
  readonly version: string
  /** `metadata.version` when it is semver, else undefined (the source may have its own default). */
  readonly declaredVersion: string | undefined
  /** The spec violations `force` let through (empty without it). */
  readonly waived: readonly SkillIssue[]
}

/**
 * Errors that break the spec's letter but not the installer's safety: `--force` installs a skill
 * whose only errors are these, with a warning. Everything else (unsafe trees and archives, a name
 * skillship.json and the lockfile refuse as a key, unreadable SKILL.md) stays refused: the name
 * becomes a folder in every agent's skills folder and a key in both files.
 */
const waivable: ReadonlySet<string> = new Set([
  SkillErrorCode.DescriptionTooLong,
  SkillErrorCode.CompatibilityTooLong,
  SkillErrorCode.CompatibilityNotString,
  SkillErrorCode.FieldUnknown,
  SkillErrorCode.NameDirectoryMismatch,
])

/**
 * Loads `root` as a skill and refuses it when invalid: INSTALL_INVALID_SKILL with
 * `details.issues`, also for unsafe trees and a missing SKILL.md. `directoryName` is the name the
 * folder is known by, compared with SKILL.md `name` (lint's rule); `undefined` when the folder has
 * no name of its own (an archive without a wrapper folder, a repository root).
 */
export async function loadValidSkill(
  root: string,
  directoryName: string | undefined,
  options: { readonly force?: boolean } = {},
): Promise<ValidSkill> {
  try {
    let loaded = await loadSkill(root, directoryName === undefined ? {} : { directoryName })
    const name = loaded.validation.properties?.name
    if (directoryName === undefined && name !== undefined && name !== loaded.directoryName)
      loaded = await loadSkill(root, { directoryName: name })
    const errors = loaded.validation.issues.filter((issue) => issue.severity === 'error')
    const waived = options.force === true && errors.every((issue) => waivable.has(issue.code))
    if ((!loaded.validation.ok && !waived) || name === undefined) throw invalidSkill(loaded)
    const declared = loaded.validation.properties?.version
    const declaredVersion = declared !== undefined && isSemver(declared) ? declared : undefined
    return {
      loaded,
      name,
      version: declaredVersion ?? '0.0.0',
      declaredVersion,
      waived: loaded.validation.ok ? [] : errors,
    }
  } catch (error) {
    throw asInvalidSkill(error)
  }
}

function invalidSkill(loaded: LoadedSkill): SkillshipError {
  const errors = loaded.validation.issues.filter((issue) => issue.severity === 'error')
  return new SkillshipError(
    InstallErrorCode.InvalidSkill,
    `Not a valid skill (${loaded.root}): ${errors.map((issue) => issue.message).join('; ')}`,
    {
      hint: 'Run `skillship lint` on the skill and fix the errors it reports.',
      path: loaded.root,
      details: { issues: loaded.validation.issues },
    },
  )
}

/**
 * Core throws SKILL_* for unsafe trees and archives (links escaping, devices, bombs, limits) and a
 * missing SKILL.md: for the installer each means "this is not something we install", so they
 * become INSTALL_INVALID_SKILL with the original as cause and issue. Other errors pass unchanged.
 */
export function asInvalidSkill(error: unknown): unknown {
  if (!isSkillshipError(error) || !error.code.startsWith('SKILL_')) return error
  return new SkillshipError(InstallErrorCode.InvalidSkill, `Not a valid skill: ${error.message}`, {
    cause: error,
    ...(error.hint === undefined ? {} : { hint: error.hint }),
    ...(error.path === undefined ? {} : { path: error.path }),
    details: { issues: [issueFromError(error)] },
  })
}
