// The Node.js edge of @skillship/audit: reading skills from folders and archives, digests, and
// an operator's site rules (versioned by a digest).
import { createHash } from 'node:crypto'
import {
  closeSync,
  lstatSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readSync,
  rmSync,
  statSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import { SkillErrorCode, SkillshipError } from '@skillship/core'
import { unpackSkillArchive } from '@skillship/core/unpack'
import { defaultAuditLimits } from './budget.js'
import type { AuditFile } from './types.js'

/** A skill read from disk: where it was and its files (paths relative to the skill root). */
export interface SkillOnDisk {
  readonly root: string
  readonly files: readonly AuditFile[]
}

// VCS metadata and dependency trees are never part of a shipped skill (core's pack skips them).
// Bytecode and its caches are read, so that they become "unanalyzable" findings, never skipped.
const skipped = new Set(['.git', '.hg', '.svn', 'node_modules', '.venv'])

/**
 * Reads every regular file under `root` (no link followed: a link is reported as a file holding
 * its target path), bounded by file count and depth; a file past the size limit is read only up
 * to the limit plus one byte, so the audit reports it without loading it whole.
 */
export function readSkillFolder(
  root: string,
  maxFileBytes = defaultAuditLimits.maxFileBytes,
): SkillOnDisk {
  const files: AuditFile[] = []
  walkFolder(root, '', 0, files, maxFileBytes)
  return { root, files }
}

function walkFolder(
  dir: string,
  rel: string,
  depth: number,
  files: AuditFile[],
  maxFileBytes: number,
): void {
  if (depth > 16)
    throw new SkillshipError(
      SkillErrorCode.TreeTooDeep,
      `Folder nesting past 16 levels at ${rel}`,
      {
        path: rel,
      },
    )
  for (const name of readdirSync(dir).sort()) {
    if (skipped.has(name)) continue
    const abs = join(dir, name)
    const path = rel === '' ? name : `${rel}/${name}`
    const info = lstatSync(abs)
    if (files.length >= defaultAuditLimits.maxFiles + 1) return
    if (info.isDirectory()) walkFolder(abs, path, depth + 1, files, maxFileBytes)
    else if (info.isSymbolicLink())
      files.push({ path, bytes: new TextEncoder().encode('\u0000link'), mode: info.mode })
    else if (info.isFile())
      files.push({ path, bytes: readPrefix(abs, maxFileBytes + 1), mode: info.mode })
  }
}

function readPrefix(path: string, max: number): Uint8Array {
  const fd = openSync(path, 'r')
  try {
    const buffer = new Uint8Array(Math.min(max, statSync(path).size))
    let at = 0
    while (at < buffer.length) {
      const n = readSync(fd, buffer, at, buffer.length - at, at)
      if (n === 0) break
      at += n
    }
    return buffer.subarray(0, at)
  } finally {
    closeSync(fd)
  }
}

/** Skill folders a path names: the folder itself, its SKILL.md's folder, or its skill subfolders. */
export function findSkillFolders(path: string): string[] {
  const abs = resolve(path)
  const info = statOr(abs)
  if (info === undefined)
    throw new SkillshipError(SkillErrorCode.PathNotFound, `Path does not exist: ${path}`, {
      hint: 'Check the path.',
      path,
    })
  if (info.isFile()) return /^skill\.md$/i.test(basename(abs)) ? [dirname(abs)] : []
  if (hasSkillMd(abs)) return [abs]
  const children = readdirSync(abs, { withFileTypes: true }).filter(
    (d) => d.isDirectory() && hasSkillMd(join(abs, d.name)),
  )
  if (children.length === 0)
    throw new SkillshipError(
      SkillErrorCode.NotASkill,
      `No SKILL.md in ${path} or in its subfolders`,
      { hint: 'Point at a skill folder, a folder of skills, a SKILL.md or an archive.', path },
    )
  return children.map((d) => join(abs, d.name)).sort()
}

/** Unpacks a .tgz/.zip safely (core's unpack) into a temporary folder, reads it, removes the folder. */
export async function readSkillArchive(path: string): Promise<SkillOnDisk> {
  const temp = mkdtempSync(join(tmpdir(), 'skillship-audit-'))
  try {
    const unpacked = await unpackSkillArchive(resolve(path), join(temp, 'skill'))
    return { root: path, files: readSkillFolder(unpacked.root).files }
  } finally {
    rmSync(temp, { recursive: true, force: true })
  }
}

/** The content digest allow entries bind to: sha512 over the sorted (path, mode bit, bytes) list. */
export function skillDigest(files: readonly AuditFile[]): string {
  const hash = createHash('sha512')
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    hash.update(`${f.path}\u0000${(f.mode & 0o111) !== 0 ? 'x' : '-'}\u0000${f.bytes.length}\u0000`)
    hash.update(f.bytes)
  }
  return `sha512-${hash.digest('base64')}`
}

function hasSkillMd(dir: string): boolean {
  const info = statOr(join(dir, 'SKILL.md'))
  return info?.isFile() === true
}

function statOr(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path)
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === 'ENOENT' ||
      (error as NodeJS.ErrnoException).code === 'ENOTDIR'
    )
      return undefined
    throw error
  }
}

export { applySiteRules, type RulePack } from './rules/site-rules.js'
