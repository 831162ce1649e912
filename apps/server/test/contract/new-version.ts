import type { NewVersion } from '../../src/storage/metadata-store.js'

const integrity = `sha512-${'A'.repeat(86)}==`

/** A valid `NewVersion` for tests: `name@version` tagged latest, public; override any field. */
export function newVersion(
  name: string,
  version: string,
  overrides: Partial<NewVersion> = {},
): NewVersion {
  return {
    name,
    version,
    description: `${name} ${version}`,
    frontmatter: { name, description: `${name} ${version}` },
    integrity,
    size: 123,
    unpackedSize: 456,
    files: [{ path: 'SKILL.md', size: 456, mode: 0o644, sha256: 'a'.repeat(64) }],
    publishedAt: new Date('2024-01-02T03:04:05.678Z'),
    publisher: 'alice',
    tag: 'latest',
    private: false,
    ...overrides,
  }
}

/** Waits until the system clock the stores stamp `updatedAt` with has moved past this millisecond. */
export async function clockTick(): Promise<void> {
  const start = Date.now()
  while (Date.now() <= start) await new Promise((resolve) => setTimeout(resolve, 1))
}
