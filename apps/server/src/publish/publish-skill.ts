import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isSemver, isSkillshipError } from '@skillship/core'
import {
  computeIntegrity,
  type LoadedSkill,
  loadSkill,
  sha256Hex,
  unpackSkillArchive,
} from '@skillship/core/node'
import { isValidTag, type PublishResponse, RegistryErrorCode } from '@skillship/registry-client'
import type { NewActivity } from '../activity/activity-store.js'
import type { RegistryDeps } from '../app/registry-deps.js'
import { auditUpload, registryAudit } from '../audit/registry-audit.js'
import { unsafeArchiveCodes } from '../http/error-status.js'
import { registryError } from '../http/registry-error.js'
import { checkPublishSignature } from '../signing/check-publish-signature.js'
import { signVersionState } from '../signing/sign-version.js'
import { createPublishScratch } from './publish-scratch.js'

/** One publish request, after authentication and body reading. */
export interface PublishRequest {
  readonly name: string
  readonly tarball: Uint8Array
  readonly tag: string
  readonly private: boolean
  readonly version?: string
  readonly expectedIntegrity?: string
  readonly publisher: string
  /** The publisher's signature bundle (JSON text) sent with the tarball, if any. */
  readonly signatureBundle?: string
  /** Log the publish in the activity log, in the version's own transaction, with these details. */
  readonly activity?: { readonly details: Readonly<Record<string, unknown>> }
}

/**
 * Publishes a tarball: verifies the integrity the client sent, unpacks it with the core's safe
 * unpack into a temporary folder, validates the skill (generic profile), checks the name and the
 * version, audits it (REGISTRY_AUDIT_BLOCKED when the registry's policy blocks it), stores the
 * blob, then inserts the version with its audit atomically (409 when it exists, also when a
 * concurrent publish wins). Nothing is stored when any check fails; the temporary folder is always
 * removed.
 */
export async function publishSkill(
  deps: RegistryDeps,
  request: PublishRequest,
): Promise<PublishResponse> {
  const integrity = checkedIntegrity(request)
  const scratch =
    deps.scratchDir === undefined
      ? await mkdtemp(join(tmpdir(), 'skillship-publish-'))
      : await createPublishScratch(deps.scratchDir)
  try {
    const skill = await unpackAndValidate(request, join(scratch, 'skill'))
    const version = checkVersion(request.version ?? skill.validation.properties?.version)
    if (await deps.metadata.getVersion(request.name, version)) throw exists(request.name, version)
    const { contents, files } = await readSkillFiles(skill)
    const publishedAt = deps.now?.() ?? new Date()
    // Judged before anything is stored: a blocked upload leaves no blob and no metadata.
    const audit = await auditUpload(
      registryAudit(deps.audit),
      { name: request.name, version, files: contents, now: publishedAt },
      deps.metrics,
    )
    const publisherSignature = await checkPublishSignature(deps, {
      name: request.name,
      version,
      integrity,
      files,
      bundle: request.signatureBundle,
    })
    await deps.blobs.put(integrity, request.tarball)
    const result = await deps.metadata.insertVersion({
      name: request.name,
      version,
      description: skill.validation.properties?.description ?? '',
      frontmatter: { ...(skill.parsed.frontmatter?.data ?? {}) },
      integrity,
      size: request.tarball.byteLength,
      unpackedSize: skill.tree.totalBytes,
      files,
      publishedAt,
      publisher: request.publisher,
      audit,
      // The registry signs the verdict it stores, so that clients can trust what they read.
      registrySignatures: signVersionState(
        deps,
        {
          name: request.name,
          version,
          integrity,
          ...(audit === undefined
            ? {}
            : { audit: { verdict: audit.verdict, rulePack: audit.rulePack } }),
        },
        publishedAt,
      ),
      ...(publisherSignature === undefined ? {} : { publisherSignature }),
      tag: request.tag,
      private: request.private,
      ...activityOf(request, version, publishedAt),
    })
    if (result === 'exists') throw exists(request.name, version)
    return {
      name: request.name,
      version,
      integrity,
      distTags: await deps.metadata.getDistTags(request.name),
    }
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}

/** The tarball's integrity, after checking the tag and the integrity the client sent. */
function checkedIntegrity(request: PublishRequest): string {
  if (!isValidTag(request.tag))
    throw registryError(RegistryErrorCode.TagInvalid, `'${request.tag}' is not a valid dist-tag`)
  const integrity = computeIntegrity(request.tarball)
  if (request.expectedIntegrity !== undefined && request.expectedIntegrity !== integrity) {
    throw registryError(
      RegistryErrorCode.IntegrityMismatch,
      'The uploaded bytes do not match the integrity the client sent',
      {
        hint: 'The upload was corrupted on the way; publish again.',
        details: { expected: request.expectedIntegrity, actual: integrity },
      },
    )
  }
  return integrity
}

/** The version's activity entry, when the request asks for one (NewVersion.activity). */
function activityOf(
  request: PublishRequest,
  version: string,
  at: Date,
): { activity?: NewActivity } {
  if (request.activity === undefined) return {}
  return {
    activity: {
      at,
      actor: request.publisher,
      action: 'publish',
      target: `${request.name}@${version}`,
      skill: request.name,
      details: request.activity.details,
    },
  }
}

/** Every file of the unpacked skill: its bytes for the audit, its record for the version. */
async function readSkillFiles(skill: LoadedSkill) {
  const contents = await Promise.all(
    skill.tree.files.map(async (file) => ({
      path: file.path,
      mode: file.mode,
      bytes: new Uint8Array(await readFile(file.absolutePath)),
    })),
  )
  const files = contents.map((file, i) => ({
    path: file.path,
    size: skill.tree.files[i]?.size ?? file.bytes.byteLength,
    mode: file.mode,
    sha256: sha256Hex(file.bytes),
  }))
  return { contents, files }
}

async function unpackAndValidate(
  request: PublishRequest,
  destination: string,
): Promise<LoadedSkill> {
  let skill: LoadedSkill
  try {
    const unpacked = await unpackSkillArchive(request.tarball, destination)
    skill = await loadSkill(unpacked.root, { directoryName: unpacked.wrapper ?? request.name })
  } catch (error) {
    if (!isSkillshipError(error)) throw error
    const code = unsafeArchiveCodes.has(error.code)
      ? RegistryErrorCode.UnsafeArchive
      : RegistryErrorCode.InvalidSkill
    throw registryError(code, `The tarball was refused: ${error.message}`, {
      ...(error.hint ? { hint: error.hint } : {}),
      details: { cause: error.code, ...(error.path ? { path: error.path } : {}) },
    })
  }
  const { validation } = skill
  if (validation.properties?.name !== undefined && validation.properties.name !== request.name) {
    throw registryError(
      RegistryErrorCode.NameMismatch,
      `The tarball holds '${validation.properties.name}', not '${request.name}'`,
      {
        hint: 'Publish to the URL of the name in SKILL.md.',
      },
    )
  }
  if (!validation.ok) {
    throw registryError(RegistryErrorCode.InvalidSkill, `'${request.name}' is not a valid skill`, {
      hint: 'Run `skillship lint` on it and fix the errors.',
      details: { issues: validation.issues.filter((issue) => issue.severity === 'error') },
    })
  }
  return skill
}

function checkVersion(version: string | undefined): string {
  if (version === undefined) {
    throw registryError(RegistryErrorCode.VersionInvalid, 'The skill has no version', {
      hint: 'Set metadata.version in SKILL.md (e.g. "1.0.0") or publish with --version.',
    })
  }
  if (!isSemver(version)) {
    throw registryError(
      RegistryErrorCode.VersionInvalid,
      `'${version}' is not a semantic version`,
      { hint: 'Use MAJOR.MINOR.PATCH, e.g. 1.0.0.' },
    )
  }
  return version
}

function exists(name: string, version: string) {
  return registryError(RegistryErrorCode.VersionExists, `${name}@${version} already exists`, {
    hint: 'Versions are immutable: bump the version and publish again.',
  })
}
