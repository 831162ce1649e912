import { realpath } from 'node:fs/promises'
import { isAbsolute, join, normalize, relative, sep } from 'node:path'
import { errnoCode, SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'

/** A checkout's root, resolved once: every path found in it is checked against this. */
export interface RepoRoot {
  readonly path: string
  /** `realpath` of `path`. */
  readonly real: string
}

export async function repoRoot(path: string): Promise<RepoRoot> {
  return { path, real: await realpath(path) }
}

/**
 * Resolves `rel` (relative to `from`, itself relative to the root) inside the repository: the
 * posix path of its real location relative to the root (`.` for the root), or undefined when
 * nothing is there. A path that leaves the repository, lexically or through a symlink, throws
 * INSTALL_GIT_UNSAFE_PATH naming `origin` (what pointed there).
 */
export async function resolveInRepo(
  root: RepoRoot,
  from: string,
  rel: string,
  origin: string,
): Promise<string | undefined> {
  const unsafe = () => unsafePath(rel, origin)
  if (rel.includes('\0') || rel.includes('\\') || isAbsolute(rel)) throw unsafe()
  const lexical = normalize(join(from, rel))
  if (lexical === '..' || lexical.startsWith(`..${sep}`) || isAbsolute(lexical)) throw unsafe()
  let real: string
  try {
    real = await realpath(join(root.path, lexical))
  } catch (error) {
    const code = errnoCode(error)
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined
    if (code === 'ELOOP') throw unsafe()
    throw error
  }
  if (real === root.real) return '.'
  if (!real.startsWith(root.real + sep)) throw unsafe()
  return relative(root.real, real).split(sep).join('/')
}

function unsafePath(rel: string, origin: string): SkillshipError {
  return new SkillshipError(
    InstallErrorCode.GitUnsafePath,
    `${origin} points at '${rel.slice(0, 200)}', outside the repository`,
    {
      hint: 'The repository is broken or hostile: nothing was installed. Report it to its owner.',
      details: { path: rel.slice(0, 1000), origin },
    },
  )
}
