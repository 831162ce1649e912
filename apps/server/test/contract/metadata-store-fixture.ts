import type { MetadataStore } from '../../src/storage/metadata-store.js'

/** What a metadata store implementation gives the contract for one test. */
export interface MetadataStoreFixture {
  /** A store on an empty database; the contract migrates it. */
  readonly store: MetadataStore
  /** Another store on the same database, as a second process or replica opens it. */
  openPeer(): Promise<MetadataStore>
  /** Closes the store and every peer, and removes the database. */
  cleanup(): Promise<void>
}

/** The store and fixture of the running contract test. */
export type Context = () => { store: MetadataStore; fixture: MetadataStoreFixture }
