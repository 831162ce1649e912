import { readdir } from 'node:fs/promises'
import { unpackedPipFolder } from '../../src/runtimes/python/unpack-bundled-pip.js'

/**
 * Test support: the names in an envs folder, sorted, without the unpacked pip that Python builds
 * share (it is a tool, not an environment or a leftover).
 */
export async function listEnvFolders(envsRoot: string): Promise<string[]> {
  return (await readdir(envsRoot)).filter((name) => name !== unpackedPipFolder).sort()
}
