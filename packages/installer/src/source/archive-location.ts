import { specInvalid } from './spec-invalid.js'

const archiveSuffix = /\.(?:tgz|tar\.gz|zip)$/i
const loopbackHosts: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** True when a path or URL path names an archive the installer can unpack (.tgz, .tar.gz, .zip). */
export function isArchivePath(path: string): boolean {
  return archiveSuffix.test(path)
}

/** True when `text` starts like an http(s) URL (the caller then requires an archive URL). */
export function isHttpUrlText(text: string): boolean {
  return /^https?:\/\//i.test(text)
}

/**
 * Checks an archive URL and returns its normalized form. https is always allowed; http only for
 * loopback hosts (local test servers), since an unauthenticated download could be swapped on the
 * way. Credentials in the URL are refused: the lockfile would record them. The path must end in
 * .tgz, .tar.gz or .zip. Throws INSTALL_SPEC_INVALID otherwise.
 */
export function parseArchiveUrl(text: string): URL {
  const url = parseSpecUrl(text, text)
  if (!isAllowedDownloadUrl(url))
    throw specInvalid(text, 'archives are downloaded over https (http only from loopback hosts)')
  if (url.username !== '' || url.password !== '')
    throw specInvalid(text, 'credentials in URLs would be written to the lockfile')
  if (!isArchivePath(url.pathname))
    throw specInvalid(text, 'an archive URL must end in .tgz, .tar.gz or .zip')
  return url
}

/** True for https URLs, and http URLs of loopback hosts (the only plain-http downloads allowed). */
export function isAllowedDownloadUrl(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && loopbackHosts.has(url.hostname))
}

/** `value` (part of the spec `text`) as a URL; INSTALL_SPEC_INVALID when it is none. */
export function parseSpecUrl(text: string, value: string): URL {
  try {
    return new URL(value)
  } catch (error) {
    if (!(error instanceof TypeError)) throw error
    throw specInvalid(text, 'not a valid URL', error)
  }
}
