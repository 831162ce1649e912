import type { SkillSourceSpec } from './skill-source-spec.js'
import { specInvalid } from './spec-invalid.js'

type GitSpec = Extract<SkillSourceSpec, { kind: 'git' }>

const loopbackHosts: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]'])
// `ssh://git@host:owner/repo.git` is how npm spells scp-like addresses; git wants `git@host:owner/...`.
const scpLike = /^ssh:\/\/((?:[^@/:\s]+@)?[^@/:\s]+):(?!\d+(?:\/|$))([^\s]+)$/
// A subset of `git check-ref-format`: enough to keep option-like and revision-syntax text out.
const refPattern = /^(?!-)(?!.*\.\.)(?!.*@\{)[^\s~^:?*[\\\p{Cc}]+$/u

/** Parses `git+<url>[#<ref>][&path=<subdir>]`; throws INSTALL_SPEC_INVALID with the reason. */
export function parseGitSpec(text: string): GitSpec {
  const hash = text.indexOf('#')
  const base = (hash === -1 ? text : text.slice(0, hash)).slice('git+'.length)
  const url = checkGitUrl(text, base)
  return { kind: 'git', url, ...parseGitFragment(text, hash === -1 ? '' : text.slice(hash + 1)) }
}

/** The `<ref>[&path=<subdir>]` after a git spec's `#`; throws INSTALL_SPEC_INVALID. */
export function parseGitFragment(
  text: string,
  fragment: string,
): { ref: string | undefined; subpath: string | undefined } {
  let ref: string | undefined
  let subpath: string | undefined
  for (const part of fragment.split('&')) {
    if (part === '') continue
    if (part.startsWith('path=')) subpath = normalizeSubpath(text, part.slice('path='.length))
    else if (part.includes('=')) throw specInvalid(text, `unknown fragment option '${part}'`)
    else if (ref !== undefined) throw specInvalid(text, 'more than one ref')
    else ref = checkGitRef(text, part)
  }
  return { ref, subpath }
}

/** `ref` when it is a plausible git ref (never option-like or revision syntax); else throws. */
export function checkGitRef(text: string, ref: string): string {
  if (!refPattern.test(ref)) throw specInvalid(text, `'${ref}' is not a valid git ref`)
  return ref
}

/** `base` when parseGitSpec accepts it as a repository URL; else throws INSTALL_SPEC_INVALID. */
export function checkGitUrl(text: string, base: string): string {
  const checked = checkedGitUrl(base)
  if ('problem' in checked) throw specInvalid(text, checked.problem, checked.cause)
  return checked.url
}

// scp-like `[user@]host:path` as stored after parsing: no `::` (git's `<transport>::<address>`
// helper syntax), no `://` (a URL, checked as one), no option-like host, no port-like path.
const storedScpLike =
  /^(?!.*:\/\/)(?:[^@/:\s-][^@/:\s]*@)?[^@/:\s-][^@/:\s]*:(?!:)(?!\d+(?:\/|$))\S+$/

/**
 * The problem with a git URL read back from skillship.lock, or undefined when it is one that
 * parseGitSpec returns for a typed spec (https, loopback http, ssh, file, scp-like; no
 * credentials, no transport helpers such as `ext::` or `fd::`). A lockfile is as untrusted as a
 * spec typed by someone else.
 */
export function lockedGitUrlProblem(url: string): string | undefined {
  if (/\p{Cc}/u.test(url)) return 'holds control characters'
  if (storedScpLike.test(url)) return undefined
  const checked = checkedGitUrl(url)
  if ('problem' in checked) return checked.problem
  return checked.url === url ? undefined : 'is not in the form skillship writes'
}

type CheckedGitUrl = { url: string } | { problem: string; cause?: unknown }

function checkedGitUrl(base: string): CheckedGitUrl {
  const scp = scpLike.exec(base)
  if (scp !== null) return { url: `${scp[1]}:${scp[2]}` }
  if (base.includes('::')) return { problem: 'git transport helpers (`<transport>::`) are refused' }
  let url: URL
  try {
    url = new URL(base)
  } catch (error) {
    if (!(error instanceof TypeError)) throw error
    return { problem: 'not a valid git URL', cause: error }
  }
  const httpOk =
    url.protocol === 'https:' || (url.protocol === 'http:' && loopbackHosts.has(url.hostname))
  if (!httpOk && url.protocol !== 'ssh:' && url.protocol !== 'file:')
    return { problem: 'git URLs use https, ssh or file (http only from loopback hosts)' }
  if (url.password !== '' || (url.protocol !== 'ssh:' && url.username !== ''))
    return { problem: 'credentials in URLs would be written to the lockfile' }
  if (url.protocol === 'file:' && url.hostname !== '' && url.hostname !== 'localhost')
    return { problem: 'a file URL names a local path: git+file:///abs/repo' }
  return { url: base }
}

/** `sub/dir` relative to the repository root; `.`, empty or `./` mean the root (undefined). */
export function normalizeSubpath(text: string, raw: string): string | undefined {
  if (raw.startsWith('/') || raw.includes('\\') || /\p{Cc}/u.test(raw))
    throw specInvalid(text, 'path= must be a relative posix path inside the repository')
  const segments = raw.split('/').filter((segment) => segment !== '' && segment !== '.')
  if (segments.includes('..')) throw specInvalid(text, 'path= must not contain ..')
  return segments.length === 0 ? undefined : segments.join('/')
}
