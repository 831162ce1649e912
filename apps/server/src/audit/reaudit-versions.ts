import { skillDigest } from '@skillship/audit/node'
import { isSkillshipError } from '@skillship/core/errors'
import type { InvalidationBus } from '../invalidation/invalidation-bus.js'
import { readVersionFiles } from '../load/read-version-files.js'
import type { RegistryKeyring } from '../signing/registry-keyring.js'
import { signVersionState } from '../signing/sign-version.js'
import type { BlobStore } from '../storage/blob-store.js'
import type { MetadataStore, VersionRecord } from '../storage/metadata-store.js'
import { readAllVersions } from '../storage/read-all-versions.js'
import { judgeAudit } from './judge-audit.js'
import type { RegistryAudit } from './registry-audit.js'

/** What a re-audit reads and writes. */
export interface ReauditDeps {
  readonly metadata: MetadataStore
  readonly blobs: Pick<BlobStore, 'get'>
  readonly audit: RegistryAudit
  /**
   * Signs each new verdict (stored with it in one transaction); without it, the signatures over
   * the old verdict are dropped, never left standing beside the new one.
   */
  readonly registryKeys?: Pick<RegistryKeyring, 'sign'>
  /** Running servers drop their cached documents of every re-judged skill (PostgreSQL's bus). */
  readonly invalidation?: Pick<InvalidationBus, 'publish'>
  readonly now?: () => Date
}

/** One re-judged version, as progress reports it. */
export interface ReauditStep {
  readonly name: string
  readonly version: string
  /** The verdict before (`none` for versions published before audits) and now. */
  readonly before: string
  readonly verdict: string
  readonly done: number
  readonly total: number
}

/** What a re-audit did. */
export interface ReauditResult {
  readonly rulePack: string
  /** Versions in storage, and those whose stored rule pack differed (or all, with `all`). */
  readonly versions: number
  readonly rejudged: number
  readonly verdicts: { pass: number; warn: number; block: number }
  /** Versions newly blocked (withheld from resolution, loads and MCP) and newly unblocked. */
  readonly withheld: readonly string[]
  readonly released: readonly string[]
  /** Versions that could not be re-judged (blob missing or altered); their audit is unchanged. */
  readonly failed: readonly {
    readonly version: string
    readonly code: string
    readonly message: string
  }[]
}

/**
 * Re-judges stored versions whose audit was made by another rule pack than `deps.audit`'s (every
 * version with `all`) under the registry's policy, from their stored blobs, and stores the new
 * audit with the registry's signature over it (docs/signing.md, "Registry signatures"). A version that turns `block` is withheld like a yank (storage moves `latest` off it). Each
 * changed skill is announced on `invalidation`. A version that cannot be read is reported in
 * `failed` and left as it was; errors of storage itself propagate.
 */
export async function reauditVersions(
  deps: ReauditDeps,
  options: { readonly all?: boolean; readonly onStep?: (step: ReauditStep) => void } = {},
): Promise<ReauditResult> {
  const rulePack = deps.audit.auditor.pack.version
  const { stale, versions } = await findStale(deps.metadata, rulePack, options.all === true)
  const verdicts = { pass: 0, warn: 0, block: 0 }
  const withheld: string[] = []
  const released: string[] = []
  const failed: { version: string; code: string; message: string }[] = []
  const changed = new Set<string>()
  for (const [index, record] of stale.entries()) {
    const id = `${record.name}@${record.version}`
    const before = record.audit?.verdict ?? 'none'
    let verdict: string
    try {
      verdict = await rejudge(deps, record)
    } catch (error) {
      if (!isSkillshipError(error)) throw error
      failed.push({ version: id, code: error.code, message: error.message })
      continue
    }
    verdicts[verdict as keyof typeof verdicts] += 1
    changed.add(record.name)
    if (verdict === 'block' && before !== 'block') withheld.push(id)
    if (verdict !== 'block' && before === 'block') released.push(id)
    options.onStep?.({ ...record, before, verdict, done: index + 1, total: stale.length })
  }
  for (const name of changed) await deps.invalidation?.publish(name)
  return {
    rulePack,
    versions,
    rejudged: stale.length - failed.length,
    verdicts,
    withheld,
    released,
    failed,
  }
}

async function rejudge(deps: ReauditDeps, record: VersionRecord): Promise<string> {
  const files = (await readVersionFiles(deps.blobs, record)).map((f) => ({
    path: f.path,
    bytes: f.bytes,
    mode: f.mode,
  }))
  const report = await deps.audit.auditor.audit(record.name, files)
  const now = deps.now?.() ?? new Date()
  const audit = judgeAudit(report, deps.audit.policy, skillDigest(files), now)
  const signatures = signVersionState(deps, { ...record, audit }, now)
  // The `audit.rejudge` entry commits with the new verdict (the server acts, not a token).
  const entry = {
    at: now,
    actor: 'server',
    action: 'audit.rejudge',
    target: `${record.name}@${record.version}`,
    skill: record.name,
    details: {
      before: record.audit?.verdict ?? 'none',
      verdict: audit.verdict,
      rulePack: audit.rulePack,
    },
  }
  await deps.metadata.setVersionAudit(record.name, record.version, audit, signatures, entry)
  return audit.verdict
}

async function findStale(
  metadata: MetadataStore,
  rulePack: string,
  all: boolean,
): Promise<{ stale: VersionRecord[]; versions: number }> {
  const records = await readAllVersions(metadata)
  const stale = records.filter((r) => all || r.audit?.rulePack !== rulePack)
  return { stale, versions: records.length }
}
