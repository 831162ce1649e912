import { realpath, stat } from 'node:fs/promises'
import { basename, join, sep } from 'node:path'
import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { checkoutGitCommit } from './checkout-git-commit.js'
import { type PackedSkillFolder, packSkillFolder } from './pack-skill-folder.js'
import { fullCommitId, resolveGitRef } from './resolve-git-ref.js'
import { createGitRunner, type GitRunnerOptions, type RunGit } from './run-git.js'
import type { LockedSource, SkillSourceSpec } from './skill-source-spec.js'
import type { FetchedSkill, Resolution, Source } from './source.js'
import { withTempDir } from './with-temp-dir.js'

/**
 * Skills in git repositories, through the `git` binary (see `createGitRunner`). resolve turns the
 * ref into a full commit (`git ls-remote`), checks that commit out into a temp folder (shallow when
 * the server allows), takes `subpath` (INSTALL_SPEC_INVALID when missing or leaving the checkout),
 * refuses an invalid skill (INSTALL_INVALID_SKILL) and packs it with core, so one commit always
 * gives the same integrity. The packed result is handed to the next fetch of the same commit once;
 * later fetches check out again. git failures (unknown ref, unreachable repository) are
 * INSTALL_GIT_FAILED. Temp folders are always removed.
 */
export function createGitSource(
  options: GitRunnerOptions & { readonly force?: boolean } = {},
): Source {
  const git = createGitRunner(options)
  const handoff = new Map<string, FetchedSkill>()
  const keyOf = (url: string, commit: string, subpath: string | undefined): string =>
    [url, commit, subpath ?? ''].join('\n')
  return {
    kind: 'git',
    async resolve(spec: SkillSourceSpec): Promise<Resolution> {
      if (spec.kind !== 'git') throw new Error(`git source given a ${spec.kind} spec`)
      const wanted = (await resolveGitRef(git, spec.url, spec.ref)) ?? spec.ref ?? 'HEAD'
      const { commit, packed } = await packCommit(
        git,
        spec.url,
        wanted,
        spec.subpath,
        options.force === true,
      )
      handoff.set(keyOf(spec.url, commit, spec.subpath), packed)
      return {
        name: packed.name,
        version: packed.version,
        source: { type: 'git', url: spec.url, commit, subpath: spec.subpath },
        integrity: packed.integrity,
      }
    },
    async fetch(source: LockedSource): Promise<FetchedSkill> {
      if (source.type !== 'git') throw new Error(`git source given ${source.type}`)
      const key = keyOf(source.url, source.commit, source.subpath)
      const handed = handoff.get(key)
      handoff.delete(key)
      if (handed !== undefined) return { tarball: handed.tarball, integrity: handed.integrity }
      if (!fullCommitId.test(source.commit))
        throw new SkillshipError(
          InstallErrorCode.GitFailed,
          `'${source.commit}' is not a full commit id`,
          { hint: 'The lockfile pins git sources by full commit; run install to re-resolve.' },
        )
      const { packed } = await packCommit(
        git,
        source.url,
        source.commit,
        source.subpath,
        options.force === true,
      )
      return { tarball: packed.tarball, integrity: packed.integrity }
    },
  }
}

async function packCommit(
  git: RunGit,
  url: string,
  commit: string,
  subpath: string | undefined,
  force: boolean,
): Promise<{ commit: string; packed: PackedSkillFolder }> {
  return withTempDir('git', async (dir) => {
    const checkout = join(dir, 'repo')
    const full = await checkoutGitCommit(git, url, commit, checkout)
    const root = subpath === undefined ? checkout : await skillFolder(checkout, subpath, url)
    const packed = await packSkillFolder(
      root,
      subpath === undefined ? undefined : basename(subpath),
      { force },
    )
    return { commit: full, packed }
  })
}

// The folder must exist and stay inside the checkout: a committed symlink could point anywhere.
async function skillFolder(checkout: string, subpath: string, url: string): Promise<string> {
  const path = join(checkout, subpath)
  const missing = (): SkillshipError =>
    new SkillshipError(InstallErrorCode.SpecInvalid, `No folder '${subpath}' in ${url}`, {
      hint: 'Set &path= to the folder holding SKILL.md, relative to the repository root.',
      details: { url, subpath },
    })
  let real: string
  try {
    real = await realpath(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error
    throw missing()
  }
  const base = await realpath(checkout)
  if (!real.startsWith(base + sep) || !(await stat(real)).isDirectory()) throw missing()
  return real
}
