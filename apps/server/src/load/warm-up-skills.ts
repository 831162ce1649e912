import type { Logger } from 'pino'
import type { Principal } from '../app/registry-env.js'
import type { MetadataStore } from '../storage/metadata-store.js'
import type { SkillLoader } from './skill-loader.js'

/** Warm-up reads every skill, private ones included: access is checked again on each request. */
const warmUpPrincipal: Principal = { tokenName: 'warm-up', scopes: [{ kind: 'admin' }] }

/** Options of {@link warmUpSkills}. */
export interface WarmUpOptions {
  readonly loader: SkillLoader
  readonly metadata: Pick<MetadataStore, 'mostLoaded'>
  readonly logger: Logger
  /** How many of the most loaded skills to load (`config.serve.warmupSkills`). */
  readonly count: number
  /** The content cache bound: warm-up stops at three quarters of it, leaving room for traffic. */
  readonly memoryBytes: number
  /** Checked before each load: warm-up stops early when the server starts shutting down. */
  readonly stopped?: () => boolean
  /** Loads at once (default 4). */
  readonly concurrency?: number
}

/**
 * Loads the `latest` of the `count` most loaded skills (recordLoads/mostLoaded), most loaded first,
 * so the first requests after a start are cache hits. A skill that fails to load is logged and
 * skipped; if the ranking itself cannot be read, that is logged too. Never rejects: a cold cache
 * is slower, not broken. Returns the names loaded.
 */
export async function warmUpSkills(options: WarmUpOptions): Promise<string[]> {
  const { loader, logger } = options
  if (options.count <= 0) return []
  const started = performance.now()
  let names: string[]
  try {
    names = await options.metadata.mostLoaded(options.count)
  } catch (error) {
    logger.error({ err: error }, 'warm-up could not read the most loaded skills; starting cold')
    return []
  }
  const loaded: string[] = []
  let next = 0
  const full = () => loader.stats().bytes >= (options.memoryBytes * 3) / 4
  const worker = async (): Promise<void> => {
    while (next < names.length && !full() && options.stopped?.() !== true) {
      const name = names[next++] as string
      try {
        await loader.load({ name, principal: warmUpPrincipal, counted: false })
        loaded.push(name)
      } catch (error) {
        logger.warn({ err: error, skill: name }, 'warm-up could not load a skill; skipped')
      }
    }
  }
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker))
  logger.info(
    {
      skills: loaded.length,
      ranked: names.length,
      bytes: loader.stats().bytes,
      ms: Math.round(performance.now() - started),
    },
    'warm-up done',
  )
  return loaded
}
