// `scheme://user:password@host` or `scheme://token@host`: the part before `@` is a secret.
const credentials = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s'"]+@/gi

/**
 * `text` with the credentials of every URL in it replaced by `***`, so that index URLs can be
 * shown (pip.conf and PIP_INDEX_URL often carry tokens) without leaking them into reports.
 */
export function redactCredentials(text: string): string {
  return text.replace(credentials, '$1***@')
}
