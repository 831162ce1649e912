import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { computeIntegrity, loadSkill, unpackSkillArchive } from '@skillship/core/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LockedSource, SkillSourceSpec } from '../../src/source/skill-source-spec.js'
import type { Resolution, Source } from '../../src/source/source.js'

/** What one implementation gives the contract: a source, a spec it resolves, and the answer. */
export interface SourceContractSetup {
  readonly source: Source
  readonly spec: SkillSourceSpec
  readonly expectedName: string
  readonly expectedVersion: string
  cleanup(): Promise<void>
}

const lockedTypeOf: Readonly<Record<SkillSourceSpec['kind'], LockedSource['type']>> = {
  registry: 'registry',
  directory: 'directory',
  archive: 'archive',
  git: 'git',
}

/** The behaviour every `Source` promises the installer. */
export function describeSourceContract(
  label: string,
  setup: () => Promise<SourceContractSetup>,
): void {
  describe(`Source contract: ${label}`, () => {
    let context: SourceContractSetup
    let resolution: Resolution
    let scratch: string

    beforeAll(async () => {
      context = await setup()
      resolution = await context.source.resolve(context.spec)
      scratch = await mkdtemp(join(tmpdir(), 'skillship-contract-'))
    })

    afterAll(async () => {
      await context?.cleanup()
      if (scratch !== undefined) await rm(scratch, { recursive: true, force: true })
    })

    it('resolves to the name, version and a locked source of its kind', () => {
      expect(context.source.kind).toBe(context.spec.kind)
      expect(resolution.name).toBe(context.expectedName)
      expect(resolution.version).toBe(context.expectedVersion)
      expect(resolution.source.type).toBe(lockedTypeOf[context.spec.kind])
    })

    it('fetches bytes whose integrity is the one reported, and the resolved one when known', async () => {
      const fetched = await context.source.fetch(resolution.source)
      expect(computeIntegrity(fetched.tarball)).toBe(fetched.integrity)
      if (resolution.integrity !== undefined) expect(fetched.integrity).toBe(resolution.integrity)
    })

    it('fetches identical bytes every time', async () => {
      const first = await context.source.fetch(resolution.source)
      const second = await context.source.fetch(resolution.source)
      expect(Buffer.from(second.tarball).equals(Buffer.from(first.tarball))).toBe(true)
      expect(second.integrity).toBe(first.integrity)
    })

    it('fetches an archive that core unpacks into a skill of the expected name', async () => {
      const fetched = await context.source.fetch(resolution.source)
      const unpacked = await unpackSkillArchive(fetched.tarball, join(scratch, 'unpacked'))
      const loaded = await loadSkill(unpacked.root, {
        directoryName: unpacked.wrapper ?? context.expectedName,
      })
      expect(loaded.validation.properties?.name).toBe(context.expectedName)
      expect(loaded.validation.ok).toBe(true)
    })
  })
}
