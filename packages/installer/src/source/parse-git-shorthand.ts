import { isArchivePath, parseSpecUrl } from '../shared/helpers.js'
import { checkGitRef, checkGitUrl, normalizeSubpath, parseGitFragment } from './parse-git-spec.js'
import type { SkillSourceSpec } from './skill-source-spec.js'
import { specInvalid } from './spec-invalid.js'

type GitSpec = Extract<SkillSourceSpec, { kind: 'git' }>

/**
 * Where the GitHub and GitLab shorthands point: a base URL the `owner/repo` path is appended to.
 * The user's to set (environment or ~/.skillship/config.json), never a project file's: a cloned
 * project must not redirect `owner/repo` to a host of its choosing.
 */
export interface GitHosts {
  readonly github: string
  readonly gitlab: string
}

export const publicGitHosts: GitHosts = {
  github: 'https://github.com',
  gitlab: 'https://gitlab.com',
}

// A GitHub-style name segment: letters, digits, `.`, `_`, `-`, not starting with `.` or `-`.
const segment = '[A-Za-z0-9_][A-Za-z0-9._-]{0,99}'
/** `owner/repo` with nothing before it: a shorthand, unless it starts like a path (./, ../, /). */
const bareOwnerRepo = new RegExp(`^${segment}/${segment}$`)
const gitlabPath = new RegExp(`^${segment}(?:/${segment}){1,19}$`)

/**
 * True when `text` (before any `#`) is a bare `owner/repo`: the form that could also be read as a
 * relative folder (see INSTALL_SPEC_AMBIGUOUS, checked where the filesystem is at hand).
 */
export function isBareGitShorthand(text: string): boolean {
  const head = text.split('#', 1)[0] ?? ''
  return bareOwnerRepo.test(head) && !isArchivePath(head)
}

/**
 * Reads the shorthands of a repository on a forge: `owner/repo`, `github:owner/repo`,
 * `gitlab:group[/sub]/repo`, and web URLs `https://host/owner/repo[.git]`,
 * `https://host/owner/repo/tree/<ref>[/<path>]`, `https://host/group/repo/-/tree/<ref>[/<path>]`,
 * each with the `#<ref>&path=<dir>` fragment of git specs. URLs of github.com and gitlab.com are
 * read against `hosts` (like git's `url.<base>.insteadOf`). A `/tree/` ref holding `/` cannot be
 * told from the path: use `#ref&path=` for those. Returns undefined for text of no such form
 * (registry names, paths, archives); throws INSTALL_SPEC_INVALID for a malformed one.
 */
export function parseGitShorthand(text: string, hosts: GitHosts): GitSpec | undefined {
  const hash = text.indexOf('#')
  const head = hash === -1 ? text : text.slice(0, hash)
  const target = shorthandTarget(text, head, hosts)
  if (target === undefined) return undefined
  const typed = parseGitFragment(text, hash === -1 ? '' : text.slice(hash + 1))
  if (typed.ref !== undefined && target.ref !== undefined)
    throw specInvalid(text, 'the ref is given twice (in the URL and after #)')
  if (typed.subpath !== undefined && target.subpath !== undefined)
    throw specInvalid(text, 'the folder is given twice (in the URL and as path=)')
  return {
    kind: 'git',
    url: checkGitUrl(text, target.url),
    ref: typed.ref ?? target.ref,
    subpath: typed.subpath ?? target.subpath,
  }
}

interface Target {
  readonly url: string
  readonly ref?: string | undefined
  readonly subpath?: string | undefined
}

function shorthandTarget(text: string, head: string, hosts: GitHosts): Target | undefined {
  if (head.startsWith('github:')) return onHost(text, hosts.github, head.slice(7), bareOwnerRepo)
  if (head.startsWith('gitlab:')) return onHost(text, hosts.gitlab, head.slice(7), gitlabPath)
  if (/^https?:\/\//i.test(head)) return webTarget(text, head, hosts)
  return isBareGitShorthand(head) ? onHost(text, hosts.github, head, bareOwnerRepo) : undefined
}

function onHost(text: string, base: string, path: string, form: RegExp): Target {
  if (!form.test(path) || path.split('/').some((part) => part === '..'))
    throw specInvalid(text, `'${path}' is not owner/repo`)
  return { url: `${base.replace(/\/+$/, '')}/${path}` }
}

// An https web URL of a repository, or undefined when it names an archive (read as one elsewhere).
function webTarget(text: string, head: string, hosts: GitHosts): Target | undefined {
  const url = parseSpecUrl(text, head)
  if (isArchivePath(url.pathname)) return undefined
  if (url.search !== '') throw specInvalid(text, 'a repository URL has no query (?...)')
  const parts = url.pathname.split('/').filter((part) => part !== '')
  const dash = parts.indexOf('-')
  const repoParts = dash > 0 && parts[dash + 1] === 'tree' ? parts.slice(0, dash) : undefined
  const github = repoParts === undefined && parts[2] === 'tree' ? parts.slice(0, 2) : undefined
  const repo = repoParts ?? github ?? parts
  const rest = parts.slice(repo.length + (repoParts === undefined ? 0 : 1))
  const base = forgeBase(url, hosts)
  const repoUrl =
    base === undefined ? `${url.origin}/${repo.join('/')}` : `${base}/${repo.join('/')}`
  if (rest.length === 0) return { url: repoUrl }
  const [, ref, ...path] = rest.map((part) => decodePart(text, part))
  if (ref === undefined) throw specInvalid(text, 'a /tree/ URL names a ref after /tree/')
  return {
    url: repoUrl,
    ref: checkGitRef(text, ref),
    subpath: normalizeSubpath(text, path.join('/')),
  }
}

// The configured base for the public forges' own URLs; undefined for any other host.
function forgeBase(url: URL, hosts: GitHosts): string | undefined {
  if (url.protocol !== 'https:') return undefined
  const host = url.hostname.replace(/^www\./, '')
  if (host === 'github.com') return hosts.github.replace(/\/+$/, '')
  if (host === 'gitlab.com') return hosts.gitlab.replace(/\/+$/, '')
  return undefined
}

function decodePart(text: string, part: string): string {
  try {
    return decodeURIComponent(part)
  } catch (error) {
    if (!(error instanceof URIError)) throw error
    throw specInvalid(text, 'the URL holds a malformed %-escape', error)
  }
}
