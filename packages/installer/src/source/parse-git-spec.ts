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
  const fragment = hash === -1 ? '' : text.slice(hash + 1)
  const url = checkGitUrl(text, base)
  let ref: string | undefined
  let subpath: string | undefined
  for (const part of fragment.split('&')) {
    if (part === '') continue
    if (part.startsWith('path=')) subpath = normalizeSubpath(text, part.slice('path='.length))
    else if (part.includes('=')) throw specInvalid(text, `unknown fragment option '${part}'`)
    else if (ref !== undefined) throw specInvalid(text, 'more than one ref')
    else if (!refPattern.test(part)) throw specInvalid(text, `'${part}' is not a valid git ref`)
    else ref = part
  }
  return { kind: 'git', url, ref, subpath }
}

function checkGitUrl(text: string, base: string): string {
  const scp = scpLike.exec(base)
  if (scp !== null) return `${scp[1]}:${scp[2]}`
  let url: URL
  try {
    url = new URL(base)
  } catch (error) {
    if (!(error instanceof TypeError)) throw error
    throw specInvalid(text, 'not a valid git URL', error)
  }
  const httpOk =
    url.protocol === 'https:' || (url.protocol === 'http:' && loopbackHosts.has(url.hostname))
  if (!httpOk && url.protocol !== 'ssh:' && url.protocol !== 'file:')
    throw specInvalid(text, 'git URLs use https, ssh or file (http only from loopback hosts)')
  if (url.password !== '' || (url.protocol !== 'ssh:' && url.username !== ''))
    throw specInvalid(text, 'credentials in URLs would be written to the lockfile')
  if (url.protocol === 'file:' && url.hostname !== '' && url.hostname !== 'localhost')
    throw specInvalid(text, 'a file URL names a local path: git+file:///abs/repo')
  return base
}

/** `sub/dir` relative to the repository root; `.`, empty or `./` mean the root (undefined). */
function normalizeSubpath(text: string, raw: string): string | undefined {
  if (raw.startsWith('/') || raw.includes('\\') || /\p{Cc}/u.test(raw))
    throw specInvalid(text, 'path= must be a relative posix path inside the repository')
  const segments = raw.split('/').filter((segment) => segment !== '' && segment !== '.')
  if (segments.includes('..')) throw specInvalid(text, 'path= must not contain ..')
  return segments.length === 0 ? undefined : segments.join('/')
}
