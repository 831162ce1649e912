import { compareText } from '@skillship/core/plain-data'
import { writeFileAtomic } from '@skillship/core/write-file-atomic'
import { readTextIfExists } from '../fs/if-exists.js'
import { jsonObject } from '../json/json-object.js'
import { manifestInvalid } from './manifest-errors.js'
import type { Manifest } from './manifest-schema.js'
import { defaultAgents, parseJson } from './parse-manifest.js'

/**
 * Writes skillship.json atomically as a read-modify-write of the file on disk: keys users added
 * stay, in their place; the known fields take the values of `manifest` (an undefined `registry` or
 * `allowScripts` removes the key); `skills` keys are sorted; `agents` is left out when the file
 * had no `agents` and the value is the default. 2-space JSON with a trailing newline. Returns
 * false, without writing, when nothing changes. Refuses to overwrite a file that is not a JSON
 * object (INSTALL_MANIFEST_INVALID): its content would be lost.
 */
export async function writeManifest(path: string, manifest: Manifest): Promise<boolean> {
  const existing = await readExisting(path)
  const keepDefault =
    existing !== undefined && !('agents' in existing) && isDefault(manifest.agents)
  const known = new Map<string, unknown>([
    ['registry', manifest.registry],
    ['agents', keepDefault ? undefined : [...manifest.agents]],
    ['skills', sortKeys(manifest.skills)],
    [
      'allowScripts',
      manifest.allowScripts === undefined ? undefined : [...manifest.allowScripts].sort(),
    ],
  ])
  const merged = new Map<string, unknown>()
  for (const [key, value] of Object.entries(existing ?? {})) {
    merged.set(key, known.has(key) ? known.get(key) : value)
  }
  for (const [key, value] of known) if (!merged.has(key)) merged.set(key, value)
  // fromEntries defines own properties, so even a "__proto__" key a user wrote survives as data.
  return writeFileAtomic(path, `${JSON.stringify(Object.fromEntries(merged), null, 2)}\n`, {
    skipIfEqual: true,
  })
}

async function readExisting(path: string): Promise<Readonly<Record<string, unknown>> | undefined> {
  const text = await readTextIfExists(path)
  if (text === undefined) return undefined
  const fail = (field: string, problem: string): never => {
    throw manifestInvalid(path, field, problem)
  }
  return jsonObject(parseJson(text, path), '', fail).record
}

function isDefault(agents: readonly string[]): boolean {
  return agents.length === defaultAgents.length && agents.every((id, i) => id === defaultAgents[i])
}

function sortKeys(record: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareText(a, b)))
}
