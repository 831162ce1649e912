import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { SkillErrorCode } from '../../errors/skill-error-codes.js'
import { isSkillshipError, SkillshipError } from '../../errors/skillship-error.js'
import { type ParsedSkillMd, parseSkillMd } from '../../frontmatter/parse-skill-md.js'
import type { IssueDraft } from '../../validate/skill-issue.js'
import type { TargetId } from '../../validate/target-profiles.js'
import { type SkillValidation, validateSkill } from '../../validate/validate-skill.js'
import type { TreeLimits } from '../tree/tree-limits.js'
import { type SkillFileEntry, type SkillTree, walkSkillTree } from '../tree/walk-skill-tree.js'

/** SKILL.md is loaded whole into an agent's context; anything near this size is a mistake. */
export const maxSkillMdBytes = 1024 * 1024

/** A skill read from disk: its safe file tree, parsed SKILL.md and the verdict for one target. */
export interface LoadedSkill {
  readonly root: string
  readonly directoryName: string | undefined
  readonly tree: SkillTree
  readonly skillMd: SkillFileEntry
  readonly parsed: ParsedSkillMd
  readonly validation: SkillValidation
}

export interface LoadSkillOptions {
  readonly target?: TargetId
  readonly limits?: Partial<TreeLimits>
  /** The name the skill's folder is known by; defaults to the basename of `root`. */
  readonly directoryName?: string
}

/**
 * Reads a skill directory: walks its tree with every safety check and limit (throwing the coded
 * error of the first unsafe entry), finds SKILL.md (or a lowercase skill.md, with a warning),
 * parses and validates it. Throws SKILL_MD_MISSING when there is neither.
 */
export async function loadSkill(
  root: string,
  options: LoadSkillOptions = {},
): Promise<LoadedSkill> {
  const tree = await walkSkillTree(
    root,
    options.limits === undefined ? {} : { limits: options.limits },
  )
  const found = findSkillMd(tree)
  if (!found) {
    throw new SkillshipError(
      SkillErrorCode.SkillMdMissing,
      `Missing required file: SKILL.md in ${root}`,
      {
        hint: 'A skill is a folder with a SKILL.md at its root.',
        path: root,
      },
    )
  }
  if (found.entry.size > maxSkillMdBytes) {
    throw new SkillshipError(
      SkillErrorCode.SkillMdTooLarge,
      `${found.entry.path} is ${found.entry.size} bytes; the limit is ${maxSkillMdBytes}`,
      {
        hint: 'Agents load the whole SKILL.md; move material into referenced files.',
        path: found.entry.path,
      },
    )
  }
  // Sync on purpose: fs/promises readFile costs ~7x the CPU for a small file (open, fstat, read and
  // close each through the thread pool), and SKILL.md is bounded by maxSkillMdBytes.
  const parsed = parseSkillMd(readFileSync(found.entry.absolutePath))
  const directoryName = options.directoryName ?? basename(tree.root)
  const files = new Set(tree.files.map((file) => file.path))
  const validation = validateSkill(
    parsed,
    { directoryName, files, extraIssues: [...found.issues, ...nestedArchiveIssues(tree)] },
    options.target === undefined ? {} : { target: options.target },
  )
  return { root: tree.root, directoryName, tree, skillMd: found.entry, parsed, validation }
}

function findSkillMd(tree: SkillTree): { entry: SkillFileEntry; issues: IssueDraft[] } | undefined {
  let lower: SkillFileEntry | undefined
  for (const entry of tree.files) {
    if (entry.path === 'SKILL.md') return { entry, issues: [] }
    if (entry.path === 'skill.md') lower = entry
  }
  if (!lower) return undefined
  const issue: IssueDraft = {
    code: SkillErrorCode.SkillMdLowercase,
    message: 'The skill file is named skill.md; Codex and Copilot only load SKILL.md',
    hint: 'Rename skill.md to SKILL.md.',
    path: 'skill.md',
  }
  return { entry: lower, issues: [issue] }
}

const archiveName = /\.(?:zip|tgz|tar|tar\.gz|tar\.bz2|tar\.xz|7z|rar|skill)$/i

// claude.ai refuses uploads holding nested archives, and agents cannot read inside them.
function nestedArchiveIssues(tree: SkillTree): IssueDraft[] {
  return tree.files
    .filter((file) => archiveName.test(file.path))
    .map((file) => ({
      code: SkillErrorCode.NestedArchive,
      message: `${file.path} is an archive inside the skill; agents cannot read it and some uploads refuse it`,
      hint: 'Ship the files unpacked, or have a script unpack the archive when needed.',
      path: file.path,
    }))
}

/** Turns a coded error met while reading a skill into an error issue, so lint can report it. */
export function issueFromError(error: unknown): IssueDraft & { severity: 'error' } {
  if (!isSkillshipError(error)) throw error
  return {
    code: error.code as SkillErrorCode,
    severity: 'error',
    message: error.message,
    ...(error.hint === undefined ? {} : { hint: error.hint }),
    ...(error.path === undefined ? {} : { path: error.path }),
  }
}
