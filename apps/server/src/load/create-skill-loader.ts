import { isSkillshipError } from '@skillship/core/errors'
import { RegistryErrorCode, type VersionDocument } from '@skillship/registry-client'
import { ServeErrorCode } from '@skillship/registry-client/errors'
import type { RegistryDeps } from '../app/registry-deps.js'
import type { RenderedDocument } from '../documents/load-skill-document.js'
import { documentCacheIsExact, readSkillDocument } from '../documents/read-skill-document.js'
import type { SkillDocumentCache } from '../documents/skill-document-cache.js'
import { toVersionDocument } from '../documents/to-version-document.js'
import { registryError } from '../http/registry-error.js'
import { noPhases } from '../stats/load-recorder.js'
import type { PhaseMilliseconds, PhaseName } from '../stats/stats-store.js'
import type { LoadCounter } from './load-counter.js'
import type { LoadedSkill } from './loaded-skill.js'
import { createLoadedSkillCache } from './loaded-skill-cache.js'
import { readVersionFiles } from './read-version-files.js'
import { refuseBlocked } from './refuse-blocked.js'
import { renderLoadedSkill } from './render-loaded-skill.js'
import { resolutionKey, resolveLoadVersion } from './resolve-load-version.js'
import { contentKey, servedSignaturesOf } from './served-signatures.js'
import type {
  CacheResult,
  LoadObserver,
  LoadOutcome,
  LoadRecordHook,
  LoadResultKind,
  SkillLoader,
} from './skill-loader.js'
import type { ServedVersionContent } from './version-content.js'

const latestKey = resolutionKey({})

/** What the loader reads: storage, and the invalidation bus that tells whether caches are exact. */
export type LoaderDeps = Pick<RegistryDeps, 'metadata' | 'blobs' | 'sharedStorage' | 'invalidation'>

/** Options of {@link createSkillLoader}. */
export interface SkillLoaderOptions {
  readonly deps: LoaderDeps
  /** The skill-document cache resolution goes through (shared with the document routes). */
  readonly documents: SkillDocumentCache
  /** Bound of the content cache (`config.serve.cacheMaxBytes`). */
  readonly memoryBytes: number
  /** Metrics hook, called once per `load`/`loadVersion`/`loadCachedLatest` hit. */
  readonly onLoad?: LoadObserver
  /**
   * Called once per successful counted load with its version, duration, cache result and the
   * milliseconds of each phase it ran (the console's statistics). Phases are timed only when set.
   */
  readonly onLoaded?: LoadRecordHook
  /** Counts counted loads per skill, for warm-up (see startLoadCountFlush). */
  readonly loadCounts?: LoadCounter
  /** Milliseconds for durations; defaults to `performance.now`. */
  readonly clock?: () => number
}

/** The loader with what the HTTP fast path needs on top of SkillLoader. */
export interface CachingSkillLoader extends SkillLoader {
  /**
   * The cached content of `name`'s `latest` for an anonymous caller, or undefined (touching
   * nothing, calling no hook) unless everything is already cached and exact: the document (and
   * the skill public), its resolution and the content. A hit is counted and observed like `load`.
   */
  loadCachedLatest(name: string): LoadedSkill | undefined
}

/**
 * Creates the loader. Resolution goes through the document cache and its access rules
 * (readSkillDocument); content through a byte-bounded LRU keyed by `name@version` with
 * single-flight loading (see createLoadedSkillCache). Loading a version reads its blob, verifies
 * the integrity, unpacks it in memory and checks every file against the record
 * (SERVE_LOAD_FAILED otherwise, never cached). Subscribe it to the invalidation bus: it forwards
 * `invalidate` to the document cache (versions are immutable, so content stays), and
 * `invalidateAll` drops both caches.
 */
export function createSkillLoader(options: SkillLoaderOptions): CachingSkillLoader {
  const { deps, documents, onLoad, loadCounts, onLoaded } = options
  const clock = options.clock ?? (() => performance.now())
  const contents = createLoadedSkillCache(options.memoryBytes)
  // Resolutions per cached document object: a changed skill gets a new document, so these can
  // never outlive what they were computed from.
  const resolutions = new WeakMap<RenderedDocument, Map<string, string>>()

  const observe = (started: number, cache: CacheResult, outcome: LoadResultKind): void =>
    onLoad?.((clock() - started) / 1000, cache, outcome)

  // The phases of the load that did the work (a single-flight waiter's stay at zero).
  const content = (version: ServedVersionContent, phases: Timer | undefined) =>
    contents.getOrLoad(version.key, () => loadContent(deps, version, phases))

  const observed = observer(clock, options)

  return {
    load: (request) =>
      observed(request.counted === false ? undefined : request.name, async (phases) => {
        const rendered = await readSkillDocument(deps, documents, request.principal, request.name)
        const version = resolveLoadVersion(rendered, request, resolutions)
        phases?.lap('resolve')
        const outcome = await content(toVersionContent(rendered, version), phases)
        return { ...outcome, private: rendered.skill.private }
      }),
    loadVersion: (name, version, counted = false) =>
      observed(counted ? name : undefined, async (phases) => {
        // Content is immutable but a re-audit may block it: a hit is served only when the
        // (invalidated on every write) document says the version is not blocked.
        const known = documentCacheIsExact(deps)
          ? documents.get(name)?.document.versions[version]
          : undefined
        const cached = known === undefined ? undefined : contents.get(contentKey(known))
        if (cached !== undefined && known !== undefined) {
          refuseBlocked(name, version, known.audit)
          phases?.lap('resolve')
          return { skill: cached, cache: 'hit' }
        }
        const record = await deps.metadata.getVersion(name, version)
        if (record === undefined) {
          throw registryError(RegistryErrorCode.VersionNotFound, `${name}@${version} not found`)
        }
        refuseBlocked(name, version, record.audit)
        phases?.lap('resolve')
        return content(servedContent(record, toVersionDocument(record)), phases)
      }),
    loadCachedLatest(name) {
      const started = clock()
      const skill = cachedLatest(deps, documents, resolutions, contents, name)
      if (skill === undefined) return undefined
      loadCounts?.add(name)
      if (onLoaded !== undefined) {
        const elapsed = clock() - started
        const phases = noPhases()
        phases.resolve = elapsed
        onLoaded(name, skill.version, elapsed / 1000, true, phases)
      }
      observe(started, 'hit', 'ok')
      return skill
    },
    invalidate: (name) => documents.invalidate(name),
    invalidateAll() {
      documents.invalidateAll()
      contents.clear()
    },
    stats: () => contents.stats(),
  }
}

// Everything already cached and exact for an anonymous caller, or undefined.
function cachedLatest(
  deps: LoaderDeps,
  documents: SkillDocumentCache,
  resolutions: WeakMap<RenderedDocument, Map<string, string>>,
  contents: ReturnType<typeof createLoadedSkillCache>,
  name: string,
): LoadedSkill | undefined {
  if (!documentCacheIsExact(deps)) return undefined
  const rendered = documents.get(name)
  if (rendered === undefined || rendered.skill.private) return undefined
  const version = resolutions.get(rendered)?.get(latestKey)
  const document = version === undefined ? undefined : rendered.document.versions[version]
  return document === undefined ? undefined : contents.get(contentKey(document))
}

// Runs one load's work with its timing: counts, records (with the phases, when a hook takes
// them) and observes it. `name` undefined: an uncounted load.
function observer(clock: () => number, options: SkillLoaderOptions) {
  const { onLoad, onLoaded, loadCounts } = options
  return async (
    name: string | undefined,
    work: (phases: Timer | undefined) => Promise<LoadOutcome>,
  ): Promise<LoadOutcome> => {
    const started = clock()
    const phases = name !== undefined && onLoaded !== undefined ? timer(clock, started) : undefined
    try {
      const outcome = await work(phases)
      if (name !== undefined) {
        loadCounts?.add(name)
        if (phases !== undefined) {
          const seconds = (clock() - started) / 1000
          onLoaded?.(name, outcome.skill.version, seconds, outcome.cache === 'hit', phases.spent)
        }
      }
      onLoad?.((clock() - started) / 1000, outcome.cache, 'ok')
      return outcome
    } catch (error) {
      onLoad?.((clock() - started) / 1000, 'miss', resultKindOf(error))
      throw error
    }
  }
}

/** Phase times of one load: `lap(phase)` adds the time since the previous lap to `phase`. */
interface Timer {
  readonly spent: PhaseMilliseconds
  lap(phase: PhaseName): void
}

function timer(clock: () => number, started: number): Timer {
  const spent = noPhases()
  let mark = started
  return {
    spent,
    lap(phase) {
      const now = clock()
      spent[phase] += now - mark
      mark = now
    },
  }
}

function toVersionContent(rendered: RenderedDocument, version: string): ServedVersionContent {
  const document = rendered.document.versions[version]
  if (document === undefined) {
    throw new Error(`resolved ${rendered.document.name}@${version} is not in its document`)
  }
  return servedContent({ ...document, integrity: document.dist.integrity }, document)
}

function servedContent(
  content: Omit<ServedVersionContent, 'signatures' | 'key'>,
  document: VersionDocument,
): ServedVersionContent {
  return { ...content, signatures: servedSignaturesOf(document), key: contentKey(document) }
}

async function loadContent(
  deps: LoaderDeps,
  version: ServedVersionContent,
  phases: Timer | undefined,
): Promise<LoadedSkill> {
  const files = await readVersionFiles(deps.blobs, version, phases)
  const loaded = renderLoadedSkill(version, files)
  phases?.lap('render')
  return loaded
}

const notFoundCodes: ReadonlySet<string> = new Set([
  RegistryErrorCode.NotFound,
  RegistryErrorCode.NoMatchingVersion,
  RegistryErrorCode.VersionNotFound,
  RegistryErrorCode.VersionBlocked,
  ServeErrorCode.FileNotFound,
])

function resultKindOf(error: unknown): LoadResultKind {
  return isSkillshipError(error) && notFoundCodes.has(error.code) ? 'not_found' : 'error'
}
