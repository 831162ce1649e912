import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { SkillshipError } from '@skillship/core/errors'
import { computeIntegrity } from '@skillship/core/integrity'
import { defaultUnpackLimits, unpackSkillArchive } from '@skillship/core/node'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { isHttpUrlText, parseArchiveUrl, statIfExists } from '../shared/helpers.js'
import type { ValidSkill } from '../store/content-store.js'
import { asInvalidSkill, loadValidSkill } from '../store/content-store.js'
import { downloadArchive } from './download-archive.js'
import type { LockedSource, SkillSourceSpec } from './skill-source-spec.js'
import type { FetchedSkill, Resolution, Source } from './source.js'
import { withTempDir } from './with-temp-dir.js'

export interface ArchiveSourceOptions {
  /** Largest archive accepted, downloaded or read. Default: core's 100 MiB unpack limit. */
  readonly maxBytes?: number
  /** Budget of one download, in milliseconds. Default 60 000. */
  readonly timeoutMs?: number
  /** Defaults to the global fetch. */
  readonly fetch?: typeof fetch
  /** Let spec violations through (see loadValidSkill); never unsafe archives. */
  readonly force?: boolean
}

/**
 * `.tgz` / `.zip` skills from a file path or an https URL (http only from loopback hosts). resolve
 * reads the bytes, unpacks them into a temp folder with core's safe unpacker and refuses an invalid
 * skill (INSTALL_INVALID_SKILL); name and version come from its SKILL.md. The integrity is that of
 * the archive bytes as they are (zip too: the store unpacks both formats). The bytes read by
 * resolve are handed to the next fetch of the same location once, so an install downloads once;
 * later fetches read again. A missing file is INSTALL_SPEC_INVALID; download failures
 * INSTALL_FETCH_FAILED.
 */
export function createArchiveSource(options: ArchiveSourceOptions = {}): Source {
  const limits = {
    maxBytes: options.maxBytes ?? defaultUnpackLimits.maxArchiveBytes,
    timeoutMs: options.timeoutMs ?? 60_000,
    fetch: options.fetch ?? globalThis.fetch,
  }
  const handoff = new Map<string, Uint8Array>()
  return {
    kind: 'archive',
    async resolve(spec: SkillSourceSpec): Promise<Resolution> {
      if (spec.kind !== 'archive') throw new Error(`archive source given a ${spec.kind} spec`)
      const bytes = await readArchive(spec.location, limits)
      const skill = await inspectArchive(bytes, limits.maxBytes, options.force === true)
      handoff.set(spec.location, bytes)
      return {
        name: skill.name,
        version: skill.version,
        source: { type: 'archive', location: spec.location },
        integrity: computeIntegrity(bytes),
      }
    },
    async fetch(source: LockedSource): Promise<FetchedSkill> {
      if (source.type !== 'archive') throw new Error(`archive source given ${source.type}`)
      const handed = handoff.get(source.location)
      handoff.delete(source.location)
      const bytes = handed ?? (await readArchive(source.location, limits))
      return { tarball: bytes, integrity: computeIntegrity(bytes) }
    },
  }
}

type Limits = Parameters<typeof downloadArchive>[1]

// The location is checked again here: a lockfile is input too, and may have been edited.
function readArchive(location: string, limits: Limits): Promise<Uint8Array> {
  return isHttpUrlText(location)
    ? downloadArchive(parseArchiveUrl(location), limits)
    : readArchiveFile(location, limits.maxBytes)
}

async function readArchiveFile(path: string, maxBytes: number): Promise<Uint8Array> {
  const stats = await statIfExists(path)
  if (stats === undefined || !stats.isFile()) {
    throw new SkillshipError(InstallErrorCode.SpecInvalid, `No archive file at ${path}`, {
      hint: 'Point the spec at a .tgz, .tar.gz or .zip file.',
      path,
    })
  }
  if (stats.size > maxBytes) {
    throw new SkillshipError(
      InstallErrorCode.InvalidSkill,
      `${path} is ${stats.size} bytes, over the ${maxBytes}-byte limit`,
      { path },
    )
  }
  return readFile(path)
}

async function inspectArchive(
  bytes: Uint8Array,
  maxBytes: number,
  force: boolean,
): Promise<Pick<ValidSkill, 'name' | 'version'>> {
  return withTempDir('archive', async (dir) => {
    const root = join(dir, 'skill')
    let wrapper: string | undefined
    try {
      const limits = { maxArchiveBytes: maxBytes }
      wrapper = (await unpackSkillArchive(bytes, root, { limits })).wrapper
    } catch (error) {
      throw asInvalidSkill(error)
    }
    const { name, version } = await loadValidSkill(root, wrapper, { force })
    return { name, version }
  })
}
