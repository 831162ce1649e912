import { delimiter, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { NodeEnv } from './node-env.js'
import { nodeRunEnvironment } from './node-run-environment.js'

const path = join('/envs', 'a b', '0123')
const env: NodeEnv = {
  key: '0123',
  path,
  nodeModules: join(path, 'node_modules'),
  reused: true,
  packages: [],
}
const hook = `--import=${pathToFileURL(join(path, 'skillship-esm-register.mjs')).href}`

describe('nodeRunEnvironment', () => {
  it('sets NODE_PATH, puts node_modules/.bin first on PATH and adds the ESM hook', () => {
    const result = nodeRunEnvironment(env, {
      PATH: '/usr/bin',
      NODE_OPTIONS: '--no-warnings',
      HOME: '/h',
    })
    expect(result).toEqual({
      HOME: '/h',
      PATH: `${join(env.nodeModules, '.bin')}${delimiter}/usr/bin`,
      NODE_PATH: env.nodeModules,
      NODE_OPTIONS: `--no-warnings ${hook}`,
    })
    expect(result['NODE_OPTIONS']).not.toContain(' b/')
  })

  it('keeps the spelling of an existing Path variable and copes with an empty base', () => {
    expect(nodeRunEnvironment(env, { Path: 'C:\\bin' })['Path']).toBe(
      `${join(env.nodeModules, '.bin')}${delimiter}C:\\bin`,
    )
    expect(nodeRunEnvironment(env, {})).toEqual({
      PATH: join(env.nodeModules, '.bin'),
      NODE_PATH: env.nodeModules,
      NODE_OPTIONS: hook,
    })
  })
})
