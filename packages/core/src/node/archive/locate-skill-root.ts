import { SkillErrorCode } from '../../errors/skill-error-codes.js'
import { SkillshipError } from '../../errors/skillship-error.js'
import { treeLimitError } from '../tree/tree-limit-error.js'
import type { ExtractedFile } from './extraction-sink.js'

/** Where the skill sits inside an extracted archive. */
export interface SkillRootLayout {
  /** The single top-level folder holding the skill, or `undefined` when it is the archive root. */
  readonly wrapper: string | undefined
  /** The files relative to the skill root (the wrapper stripped). */
  readonly files: readonly ExtractedFile[]
}

/**
 * Finds the skill in the extracted `files`: `SKILL.md` at the archive root, or exactly one
 * top-level folder holding `SKILL.md` and nothing else beside it (Anthropic `.skill` files, Qoder
 * uploads, GitHub zips and our own tarballs). The name is matched case-insensitively so the
 * validator can report a lowercase `skill.md` itself. Throws `ArchiveNoSkillMd` otherwise, and
 * `TreeTooDeep` when a root-layout archive nests deeper than `maxDepth`.
 */
export function locateSkillRoot(
  files: readonly ExtractedFile[],
  maxDepth: number,
): SkillRootLayout {
  if (files.some((file) => isSkillMd(file.path))) {
    const deep = files.find((file) => file.path.split('/').length - 1 > maxDepth)
    if (deep !== undefined) {
      const what = `folders nested deeper than ${maxDepth} levels`
      throw treeLimitError(SkillErrorCode.TreeTooDeep, what, deep.path)
    }
    return { wrapper: undefined, files }
  }
  const tops = new Set(files.map((file) => file.path.split('/', 1)[0]))
  const [wrapper] = tops
  const nested = files.every((file) => file.path.includes('/'))
  if (tops.size === 1 && wrapper !== undefined && nested) {
    const strip = wrapper.length + 1
    const inner = files.map((file) => ({ ...file, path: file.path.slice(strip) }))
    if (inner.some((file) => isSkillMd(file.path))) return { wrapper, files: inner }
  }
  throw new SkillshipError(
    SkillErrorCode.ArchiveNoSkillMd,
    tops.size > 1
      ? 'The archive holds no SKILL.md at its root and more than one top-level entry'
      : 'The archive holds no SKILL.md at its root or in its one top-level folder',
    { hint: 'Put SKILL.md at the archive root, or in a single folder named after the skill.' },
  )
}

/**
 * The wrapper folder locateSkillRoot would find for files at `paths`: undefined when SKILL.md is
 * at the root or the layout is not a skill (locateSkillRoot then says why).
 */
export function predictWrapper(paths: readonly string[]): string | undefined {
  if (paths.length === 0 || paths.some(isSkillMd)) return undefined
  const tops = new Set(paths.map((path) => path.split('/', 1)[0]))
  const [wrapper] = tops
  if (tops.size !== 1 || wrapper === undefined) return undefined
  if (!paths.every((path) => path.includes('/'))) return undefined
  return paths.some((path) => isSkillMd(path.slice(wrapper.length + 1))) ? wrapper : undefined
}

function isSkillMd(path: string): boolean {
  return path.toLowerCase() === 'skill.md'
}
