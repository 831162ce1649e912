import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A private temp folder for one unpack test, with the destination two levels below it. */
export interface UnpackSandbox {
  readonly base: string
  /** `base/out/skill`: `out` does not exist yet, so the test also sees the parent cleaned up. */
  readonly destination: string
  /** Every entry left under `base`, recursively, as `/`-separated relative paths. */
  leftovers(): Promise<string[]>
  dispose(): Promise<void>
}

/** Creates a sandbox under `os.tmpdir()`; call `dispose` in `afterEach`. */
export async function createUnpackSandbox(): Promise<UnpackSandbox> {
  const base = await mkdtemp(join(tmpdir(), 'skillship-unpack-'))
  return {
    base,
    destination: join(base, 'out', 'skill'),
    leftovers: async () => (await readdir(base, { recursive: true })).sort(),
    dispose: () => rm(base, { recursive: true, force: true }),
  }
}
