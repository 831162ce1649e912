import type { Context } from 'hono'
import type { RegistryEnv } from '../app/registry-env.js'
import type { SkillLoader } from '../load/skill-loader.js'
import type { MetadataStore } from '../storage/metadata-store.js'
import type { ConsoleAssets } from './console-assets.js'
import type { AppRequest, InternalApi } from './internal-api.js'
import type { RenderCache } from './render-cache.js'
import type { ConsoleSession, SessionOptions } from './session.js'

/** What the console is built from (register-console.ts). */
export interface ConsoleDeps {
  readonly request: AppRequest
  readonly metadata: MetadataStore
  /** Reads a version's files for the file browser (exact version, after the API allowed it). */
  readonly loader: Pick<SkillLoader, 'loadVersion'>
  readonly assets: ConsoleAssets
  readonly session: SessionOptions
  /** Rendered Markdown and files of published versions (render-cache.ts). */
  readonly renders: RenderCache
}

/** One page request: the session (if any), the API as that session, and shell helpers. */
export interface PageContext {
  readonly c: Context<RegistryEnv>
  readonly deps: ConsoleDeps
  readonly session: ConsoleSession | undefined
  readonly api: InternalApi
}
