import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { bindDocumentedExports, extractWalkthrough, runWalkthrough } from './walkthrough.js'

const repo = fileURLToPath(new URL('../..', import.meta.url))
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')

// CI runs the walkthrough with the binary installed from the packed tarball
// (SKILLSHIP_WALKTHROUGH_BIN); elsewhere with the clone's own executable.
const bin =
  process.env['SKILLSHIP_WALKTHROUGH_BIN'] ||
  fileURLToPath(new URL('../../apps/cli/bin/skillship.js', import.meta.url))

describe('the README walkthrough', () => {
  it('binds only the export lines of documented variables', () => {
    const lines = [
      'export SKILLSHIP_REGISTRY=http://127.0.0.1:7464   # where npm start serves',
      'export OTHER=1',
      'skillship info csv-insights',
    ]
    expect(bindDocumentedExports(lines, { SKILLSHIP_REGISTRY: 'http://127.0.0.1:9' })).toEqual([
      "export SKILLSHIP_REGISTRY='http://127.0.0.1:9'   # where npm start serves",
      'export OTHER=1',
      'skillship info csv-insights',
    ])
  })

  it('extracts the shell lines of the Walkthrough section only', () => {
    const lines = extractWalkthrough(
      '# x\n```sh\nnot this\n```\n## Walkthrough\n\n```sh\na\n\nb\n```\ntext\n```sh\nc\n```\n## Next\n```sh\nd\n```\n',
    )
    expect(lines).toEqual(['a', 'b', 'c'])
  })

  it('runs as written, every line, in a fresh HOME against a server on a free port', async () => {
    const run = await runWalkthrough({
      lines: extractWalkthrough(readme),
      bin,
      repo,
      timeoutMs: 540_000,
    })
    if (run.code !== 0) console.error(`${run.output}\n--- server ---\n${run.serverOutput}`)
    expect({ code: run.code, tail: run.output.split('\n').slice(-15).join('\n') }).toMatchObject({
      code: 0,
    })
    expect(run.output).toContain('walkthrough: done')
    // What the walkthrough shows a reader, as the reader would see it.
    expect(run.output).toContain('"accepted":1')
    expect(run.output).toContain('| city')
    // `add acme/skills --list`: the local repository standing in for GitHub, listed by shorthand.
    expect(run.output).toMatch(/commit-message\s+skills\/commit-message\s/)
  }, 600_000)
})
