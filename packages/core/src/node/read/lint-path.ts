import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import { SkillErrorCode } from '../../errors/skill-error-codes.js'
import { errnoCode, SkillshipError } from '../../errors/skillship-error.js'
import { compareText } from '../../plain-data.js'
import type { SkillIssue } from '../../validate/skill-issue.js'
import type { TargetId } from '../../validate/target-profiles.js'
import { unpackSkillArchive } from '../archive/unpack-skill-archive.js'
import type { TreeLimits } from '../tree/tree-limits.js'
import { fixSkillDirectory } from './fix-skill-directory.js'
import { issueFromError, loadSkill } from './load-skill.js'

/** The lint verdict for one skill (a directory or an archive). */
export interface LintedSkill {
  readonly path: string
  readonly kind: 'directory' | 'archive'
  readonly name: string | undefined
  readonly ok: boolean
  readonly issues: readonly SkillIssue[]
  /** What --fix changed in SKILL.md (empty when nothing was changed or --fix was not given). */
  readonly fixed: readonly string[]
}

export interface LintOptions {
  readonly target?: TargetId
  readonly fix?: boolean
  readonly limits?: Partial<TreeLimits>
}

/**
 * Lints what `path` names: a skill directory, a SKILL.md file (its directory), a folder whose
 * subfolders are skills, or a `.tgz`/`.zip` archive (unpacked safely into a temporary folder that is
 * removed afterwards). Unsafe content becomes an error issue of that skill. Throws
 * SKILL_PATH_NOT_FOUND for a missing path and SKILL_NOT_A_SKILL for a folder with no skill in it.
 */
export async function lintPath(path: string, options: LintOptions = {}): Promise<LintedSkill[]> {
  const absolute = resolve(path)
  const info = await statOrUndefined(absolute)
  if (!info) {
    throw new SkillshipError(SkillErrorCode.PathNotFound, `Path does not exist: ${path}`, {
      hint: 'Check the path.',
      path,
    })
  }
  if (info.isFile()) {
    if (/^skill\.md$/i.test(basename(absolute)))
      return [await lintDirectory(dirname(absolute), options)]
    return [await lintArchive(absolute, options)]
  }
  if (await hasSkillMd(absolute)) return [await lintDirectory(absolute, options)]
  const children = await childSkillDirectories(absolute)
  if (children.length === 0) {
    throw new SkillshipError(
      SkillErrorCode.NotASkill,
      `No SKILL.md in ${path} or in its subfolders`,
      {
        hint: 'Point lint at a skill folder, a folder of skills, a SKILL.md, or a .tgz/.zip archive.',
        path,
      },
    )
  }
  const results: LintedSkill[] = []
  for (const child of children) results.push(await lintDirectory(child, options))
  return results
}

async function lintDirectory(dir: string, options: LintOptions): Promise<LintedSkill> {
  const fixed = options.fix ? await fixSkillDirectory(dir) : []
  try {
    const loaded = await loadSkill(dir, options)
    const { validation } = loaded
    return {
      path: dir,
      kind: 'directory',
      name: validation.properties?.name,
      ok: validation.ok,
      issues: validation.issues,
      fixed,
    }
  } catch (error) {
    return {
      path: dir,
      kind: 'directory',
      name: undefined,
      ok: false,
      issues: [issueFromError(error)],
      fixed,
    }
  }
}

async function lintArchive(file: string, options: LintOptions): Promise<LintedSkill> {
  const scratch = await mkdtemp(join(tmpdir(), 'skillship-lint-'))
  try {
    const unpacked = await unpackSkillArchive(
      file,
      join(scratch, 'skill'),
      options.limits === undefined ? {} : { limits: options.limits },
    )
    const loaded = await loadSkill(unpacked.root, {
      ...options,
      ...(unpacked.wrapper === undefined ? {} : { directoryName: unpacked.wrapper }),
    })
    const { validation } = loaded
    // An archive without a wrapper folder has no directory name to compare `name` with.
    const issues =
      unpacked.wrapper === undefined
        ? validation.issues.filter((i) => i.code !== SkillErrorCode.NameDirectoryMismatch)
        : validation.issues
    return {
      path: file,
      kind: 'archive',
      name: validation.properties?.name,
      ok: !issues.some((i) => i.severity === 'error'),
      issues,
      fixed: [],
    }
  } catch (error) {
    return {
      path: file,
      kind: 'archive',
      name: undefined,
      ok: false,
      issues: [issueFromError(error)],
      fixed: [],
    }
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}

async function statOrUndefined(path: string) {
  try {
    return await stat(path)
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined
    throw error
  }
}

async function hasSkillMd(dir: string): Promise<boolean> {
  const entries = await readdir(dir)
  return entries.some((entry) => entry === 'SKILL.md' || entry === 'skill.md')
}

async function childSkillDirectories(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  const skills: string[] = []
  for (const entry of entries.sort((a, b) => compareText(a.name, b.name))) {
    if (!entry.isDirectory() || entry.name.startsWith('.') || entry.name === 'node_modules')
      continue
    if (await hasSkillMd(join(dir, entry.name))) skills.push(join(dir, entry.name))
  }
  return skills
}
