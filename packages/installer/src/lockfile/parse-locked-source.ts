import { isSkillshipError } from '@skillship/core/errors'
import { fieldPath, type JsonFields, jsonObject, stringField } from '../json/json-object.js'
import { lockedGitUrlProblem, normalizeSubpath } from '../source/parse-git-spec.js'
import type { LockedSource } from '../source/skill-source-spec.js'

type Fail = (field: string, problem: string) => never

const gitCommit = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/

/** Reads and checks the `source` of a locked skill; anything else than the four shapes fails. */
export function parseLockedSource(value: unknown, field: string, fail: Fail): LockedSource {
  const type = jsonObject(value, field, fail).record['type']
  switch (type) {
    case 'registry': {
      const fields = jsonObject(value, field, fail, ['type', 'registry', 'name', 'version'])
      const registry = stringField(fields, 'registry')
      if (!isHttpUrl(registry)) fail(fieldPath(field, 'registry'), 'must be an http(s) URL')
      return {
        type,
        registry,
        name: stringField(fields, 'name'),
        version: stringField(fields, 'version'),
      }
    }
    case 'directory': {
      const fields = jsonObject(value, field, fail, ['type', 'path', 'link'])
      const link = fields.record['link']
      if (typeof link !== 'boolean') fail(fieldPath(field, 'link'), 'must be true or false')
      return { type, path: stringField(fields, 'path'), link }
    }
    case 'archive': {
      const fields = jsonObject(value, field, fail, ['type', 'location'])
      return { type, location: stringField(fields, 'location') }
    }
    case 'git':
      return parseGitSource(jsonObject(value, field, fail, ['type', 'url', 'commit', 'subpath']))
    default:
      return fail(fieldPath(field, 'type'), 'must be registry, directory, archive or git')
  }
}

function parseGitSource(fields: JsonFields): LockedSource {
  const commit = stringField(fields, 'commit')
  if (!gitCommit.test(commit)) {
    fields.fail(fieldPath(fields.field, 'commit'), 'must be a full lowercase commit hash')
  }
  // Checked exactly like a URL typed by the user: a lockfile is as untrusted as a spec.
  const url = stringField(fields, 'url')
  const problem = lockedGitUrlProblem(url)
  if (problem !== undefined) fields.fail(fieldPath(fields.field, 'url'), problem)
  const subpath = stringField(fields, 'subpath', true)
  if (subpath !== undefined && !isNormalSubpath(subpath)) {
    fields.fail(fieldPath(fields.field, 'subpath'), 'must be a relative path inside the repository')
  }
  return { type: 'git', url, commit, subpath }
}

function isNormalSubpath(subpath: string): boolean {
  try {
    return normalizeSubpath(subpath, subpath) === subpath
  } catch (error) {
    if (isSkillshipError(error)) return false
    throw error
  }
}

/** True for an absolute http: or https: URL. */
export function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false
  const { protocol } = new URL(text)
  return protocol === 'http:' || protocol === 'https:'
}
