import type { InvalidationBus } from '../invalidation/invalidation-bus.js'
import type { MetadataStore } from '../storage/metadata-store.js'
import { readAllVersions } from '../storage/read-all-versions.js'
import type { RegistryKeyring } from './registry-keyring.js'
import { signVersionState } from './sign-version.js'

/** What the backfill reads and writes. */
export interface BackfillDeps {
  readonly metadata: MetadataStore
  readonly registryKeys: Pick<RegistryKeyring, 'sign'>
  /** Running servers drop their cached documents of every signed skill (PostgreSQL's bus). */
  readonly invalidation?: Pick<InvalidationBus, 'publish'>
  readonly now?: () => Date
}

/** One signed version, as progress reports it. */
export interface BackfillStep {
  readonly name: string
  readonly version: string
  readonly keyId: string
  readonly done: number
  readonly total: number
}

/** What a backfill did. */
export interface BackfillResult {
  /** Versions in storage, and those that carried no registry signature when the run began. */
  readonly versions: number
  readonly unsigned: number
  /** Versions this run signed (`name@version`). */
  readonly signed: readonly string[]
  /** Unsigned versions left as they were: signed or re-audited by someone else meanwhile. */
  readonly skipped: readonly string[]
}

/**
 * `skillship server sign`: signs every stored version that carries no registry signature (those
 * published before the registry signed) with the current key, over its stored audit verdict
 * (docs/signing.md, "Registry signatures"). Idempotent: a signed version is never signed again,
 * and storage stores a signature only while the version is still unsigned and its audit is the
 * one signed, so a concurrent re-audit or backfill wins cleanly (the version is `skipped`).
 */
export async function backfillRegistrySignatures(
  deps: BackfillDeps,
  options: { readonly onStep?: (step: BackfillStep) => void } = {},
): Promise<BackfillResult> {
  const records = await readAllVersions(deps.metadata)
  const unsigned = records.filter((record) => record.registrySignatures.length === 0)
  const signed: string[] = []
  const skipped: string[] = []
  const changed = new Set<string>()
  for (const [index, record] of unsigned.entries()) {
    const id = `${record.name}@${record.version}`
    const covered =
      record.audit === null
        ? null
        : { verdict: record.audit.verdict, rulePack: record.audit.rulePack }
    const signatures = signVersionState(deps, record, deps.now?.() ?? new Date())
    const stored = await deps.metadata.addRegistrySignatures(
      record.name,
      record.version,
      signatures,
      covered,
    )
    if (!stored) {
      skipped.push(id)
      continue
    }
    signed.push(id)
    changed.add(record.name)
    const keyId = signatures[0]?.keyId ?? ''
    options.onStep?.({ ...record, keyId, done: index + 1, total: unsigned.length })
  }
  for (const name of changed) await deps.invalidation?.publish(name)
  return { versions: records.length, unsigned: unsigned.length, signed, skipped }
}
