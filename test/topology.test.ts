import { readdirSync, readFileSync } from 'node:fs'
import { posix } from 'node:path'
import { describe, expect, it } from 'vitest'

// The allowed edges between workspace packages (ARCHITECTURE.md). Literal on purpose: changing
// the architecture means changing this table in the same commit.
const allowedEdges: Record<string, readonly string[]> = {
  '@skillship/core': [],
  // Pure analysis of a skill's files (the audit); reads files only at its Node edge.
  '@skillship/audit': ['@skillship/core'],
  '@skillship/registry-client': ['@skillship/core'],
  // Skill digest, publisher keys and Sigstore bundles; reads files only at its Node edge.
  '@skillship/signing': ['@skillship/core'],
  // The installer gates what it places with the audit (issue 17) and verifies signatures (issue 18).
  '@skillship/installer': [
    '@skillship/audit',
    '@skillship/core',
    '@skillship/registry-client',
    '@skillship/signing',
  ],
  // Pure statistics and assignment: no internal (and no external) dependencies.
  '@skillship/experiments': [],
  // The server's console shows install commands from the installer's agents table (its
  // `@skillship/installer/agents` subpath only).
  '@skillship/server': [
    '@skillship/audit',
    '@skillship/core',
    '@skillship/experiments',
    '@skillship/installer',
    '@skillship/registry-client',
    '@skillship/signing',
  ],
  // The CLI loads the server package lazily, only for `skillship server`.
  '@skillship/cli': [
    '@skillship/audit',
    '@skillship/core',
    '@skillship/installer',
    '@skillship/registry-client',
    '@skillship/server',
    '@skillship/signing',
  ],
}

function readWorkspaces(): Map<string, { internal: string[]; dir: string }> {
  const result = new Map<string, { internal: string[]; dir: string }>()
  for (const group of ['packages', 'apps']) {
    for (const dir of readdirSync(new URL(`../${group}/`, import.meta.url))) {
      const manifest = JSON.parse(
        readFileSync(new URL(`../${group}/${dir}/package.json`, import.meta.url), 'utf8'),
      ) as {
        name: string
        dependencies?: Record<string, string>
        devDependencies?: Record<string, string>
      }
      const deps = { ...manifest.dependencies, ...manifest.devDependencies }
      result.set(manifest.name, {
        internal: Object.keys(deps)
          .filter((d) => d.startsWith('@skillship/'))
          .sort(),
        dir: `${group}/${dir}`,
      })
    }
  }
  return result
}

describe('package topology', () => {
  const workspaces = readWorkspaces()

  it('has exactly the pinned workspace packages', () => {
    expect([...workspaces.keys()].sort()).toEqual(Object.keys(allowedEdges).sort())
  })

  it.each(Object.entries(allowedEdges))('%s depends on exactly %j', (name, edges) => {
    expect(workspaces.get(name)?.internal).toEqual([...edges].sort())
  })

  it('keeps TypeScript project references in step with the edges', () => {
    for (const [name, { dir }] of workspaces) {
      const tsconfig = JSON.parse(
        readFileSync(new URL(`../${dir}/tsconfig.json`, import.meta.url), 'utf8'),
      ) as {
        references?: { path: string }[]
      }
      const referenced = (tsconfig.references ?? []).map((r) => posix.normalize(`${dir}/${r.path}`))
      const expected = (allowedEdges[name] ?? []).map((dep) => workspaces.get(dep)?.dir)
      expect(referenced.sort()).toEqual(expected.sort())
    }
  })
})
