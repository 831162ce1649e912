// Third-party material some suites read but the repository must not contain (real public skills,
// published conformance vectors). It lives beside the repository in `../shared/`, or wherever
// SKILLSHIP_SHARED_DIR points. A fresh clone without it still passes `npm test`: each suite that
// needs it is skipped with one line naming what is missing and how to get it, except under CI,
// where its absence fails the suite so CI can never pass by skipping.
import { existsSync } from 'node:fs'
import { isAbsolute, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, it } from 'vitest'

/** One piece of shared material: where it sits under the shared folder and how to get it. */
export interface SharedMaterial {
  /** Path under the shared folder. */
  readonly path: string
  readonly what: string
  readonly howToGet: string
}

export const sharedMaterials = {
  corpus: {
    path: 'corpus/anthropics-skills',
    what: 'the anthropics/skills corpus',
    howToGet:
      'copy the skills/ folder of github.com/anthropics/skills (commit 9d2f1ae, documents only) there',
  },
  growthbookCases: {
    path: 'reference/growthbook-sdk-cases.json',
    what: "GrowthBook's SDK conformance cases",
    howToGet:
      'download packages/sdk-js/test/cases.json of github.com/growthbook/growthbook (commit 8f1db44) there',
  },
} as const satisfies Record<string, SharedMaterial>

/** True when CI is set to anything but '', 'false' or '0'. */
export function requiredByCi(env: Readonly<Record<string, string | undefined>> = process.env) {
  const ci = env['CI']
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0'
}

/** The shared folder: SKILLSHIP_SHARED_DIR when set (absolute, or relative to the repository), else `../shared`. */
export function sharedRoot(env: Readonly<Record<string, string | undefined>> = process.env) {
  const repo = fileURLToPath(new URL('../', import.meta.url))
  const configured = env['SKILLSHIP_SHARED_DIR']
  if (configured !== undefined && configured !== '') {
    return isAbsolute(configured) ? configured : resolve(repo, configured)
  }
  return resolve(repo, '..', 'shared')
}

/** The material's absolute path, or undefined when it is absent. */
export function locateShared(material: SharedMaterial): string | undefined {
  const path = join(sharedRoot(), material.path)
  return existsSync(path) ? path : undefined
}

/** What is missing and how to get it, in one line. */
export function missingMessage(material: SharedMaterial): string {
  const path = join(sharedRoot(), material.path)
  return (
    `${material.what} is missing at ${path}; ${material.howToGet}, ` +
    `or set SKILLSHIP_SHARED_DIR to a folder holding ${material.path}`
  )
}

/**
 * `describe(label, body)` with the material's path when it is present. When it is absent the
 * suite fails under CI and is skipped elsewhere, after one console line.
 */
export function describeWithShared(
  label: string,
  material: SharedMaterial,
  body: (path: string) => void,
): void {
  const path = locateShared(material)
  if (path !== undefined) {
    describe(label, () => body(path))
    return
  }
  if (requiredByCi()) {
    describe(label, () => {
      it(`has ${material.what} (required when CI is set)`, () => {
        throw new Error(`${missingMessage(material)} (CI is set: absence fails, never skips)`)
      })
    })
    return
  }
  console.warn(`[skillship] skipping "${label}": ${missingMessage(material)}`)
  describe.skip(label, () => {
    it(`needs ${material.what}`, () => undefined)
  })
}
