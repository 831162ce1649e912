// The package promises to be pure and dependency-free: no dependencies in its manifest and no
// Node built-ins in its sources (tests may use them), so it runs in any JavaScript runtime.
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const root = new URL('../', import.meta.url)

describe('@skillship/experiments', () => {
  it('declares no dependencies of any kind', () => {
    const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as Record<
      string,
      unknown
    >
    for (const field of [
      'dependencies',
      'peerDependencies',
      'optionalDependencies',
      'devDependencies',
    ]) {
      expect(manifest[field], field).toBeUndefined()
    }
    expect(manifest['sideEffects']).toBe(false)
  })

  it('imports nothing but its own modules outside tests', () => {
    const sources = readdirSync(new URL('src/', root)).filter(
      (file) => file.endsWith('.ts') && !file.endsWith('.test.ts'),
    )
    expect(sources.length).toBeGreaterThan(10)
    for (const file of sources) {
      const text = readFileSync(new URL(`src/${file}`, root), 'utf8')
      const specifiers = [...text.matchAll(/\bfrom\s+'([^']+)'|\bimport\(\s*'([^']+)'/g)].map(
        (match) => match[1] ?? match[2],
      )
      for (const specifier of specifiers) expect(specifier, file).toMatch(/^\.\/[a-z-]+\.js$/)
    }
  })
})
