import type { MetadataStore, VersionRecord } from './metadata-store.js'

const pageSize = 100

/**
 * Every stored version of every skill (private ones included), skill by skill in name order: what
 * the offline maintenance commands (`server audit`, `server sign`) walk.
 */
export async function readAllVersions(metadata: MetadataStore): Promise<VersionRecord[]> {
  const versions: VersionRecord[] = []
  let after: string | undefined
  for (;;) {
    const page = await metadata.searchSkills({
      q: '',
      limit: pageSize,
      privateNamePatterns: ['*'],
      ...(after === undefined ? {} : { after }),
    })
    for (const skill of page) versions.push(...(await metadata.listVersions(skill.name)))
    if (page.length < pageSize) return versions
    after = page[page.length - 1]?.name
  }
}
