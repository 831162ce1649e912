import { afterEach, beforeEach, describe } from 'vitest'
import type { MetadataStore } from '../../src/storage/metadata-store.js'
import { describeAudits } from './metadata-store-audits.contract.js'
import type { MetadataStoreFixture } from './metadata-store-fixture.js'
import { describeLifecycle } from './metadata-store-lifecycle.contract.js'
import { describeLoadCounts } from './metadata-store-load-counts.contract.js'
import { describePublisherKeys } from './metadata-store-publisher-keys.contract.js'
import { describeSearch } from './metadata-store-search.contract.js'
import { describeRegistrySignatures } from './metadata-store-signatures.contract.js'
import { describeTagsAndPatches } from './metadata-store-tags.contract.js'
import { describeTokens } from './metadata-store-tokens.contract.js'
import { describeConcurrency, describeVersions } from './metadata-store-versions.contract.js'

/**
 * The behaviour every MetadataStore must show; run it once per implementation. Each concern's
 * cases live in their own `metadata-store-*.contract.ts` file and run here, on a fresh migrated
 * store per test.
 */
export function describeMetadataStoreContract(
  label: string,
  factory: () => Promise<MetadataStoreFixture>,
): void {
  describe(`MetadataStore contract: ${label}`, () => {
    let fixture: MetadataStoreFixture
    let store: MetadataStore

    beforeEach(async () => {
      fixture = await factory()
      store = fixture.store
      await store.migrate()
    })
    afterEach(async () => {
      await fixture.cleanup()
    })

    describe('lifecycle', () => describeLifecycle(() => ({ store, fixture })))
    describe('versions', () => describeVersions(() => store))
    describe('concurrency', () => describeConcurrency(() => ({ store, fixture })))
    describe('tags and patches', () => describeTagsAndPatches(() => store))
    describe('search', () => describeSearch(() => store))
    describe('tokens', () => describeTokens(() => store))
    describe('load counts', () => describeLoadCounts(() => ({ store, fixture })))
    describe('audits', () => describeAudits(() => ({ store, fixture })))
    describe('publisher keys', () => describePublisherKeys(() => ({ store, fixture })))
    describe('registry signatures', () => describeRegistrySignatures(() => ({ store, fixture })))
  })
}
