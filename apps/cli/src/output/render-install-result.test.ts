import type { InstallResult } from '@skillship/installer'
import { describe, expect, it } from 'vitest'
import { renderInstallResult } from './render-install-result.js'

const result = (agents: InstallResult['agents']): InstallResult => ({
  skills: [
    {
      name: 'pdf',
      version: '1.0.0',
      integrity: `sha512-${'A'.repeat(86)}==`,
      source: { type: 'registry', registry: 'http://127.0.0.1:9', name: 'pdf', version: '1.0.0' },
      changed: true,
    },
  ],
  agents,
  changed: 1,
  placed: [],
  removed: [],
  lockfileChanged: true,
  manifestChanged: false,
  warnings: [],
})

describe('renderInstallResult', () => {
  it('names the folder each agent reads, shared ones included, and lists what failed', () => {
    const lines = renderInstallResult(
      result([
        { agent: 'qoder', path: '/p/.qoder/skills/pdf', method: 'folder', verified: true },
        { agent: 'codex', path: '/p/.agents/skills/pdf', method: 'folder', verified: true },
        { agent: 'cursor', path: '/p/.agents/skills/pdf', method: 'folder', verified: true },
        {
          agent: 'windsurf',
          path: '/p/.windsurf/skills/pdf',
          method: 'symlink',
          verified: false,
          problem: 'the symlink points to nothing',
        },
      ]),
      { color: false },
    )
    expect(lines.slice(1, 6)).toEqual([
      '✓ qoder: 1 skill verified on disk in /p/.qoder/skills',
      '✓ codex: 1 skill verified on disk in /p/.agents/skills',
      '✓ cursor: 1 skill verified on disk in /p/.agents/skills',
      '✗ windsurf: 0 skills verified on disk in /p/.windsurf/skills',
      '    /p/.windsurf/skills/pdf: the symlink points to nothing',
    ])
  })
})
