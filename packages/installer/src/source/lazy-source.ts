import type { LockedSource, SkillSourceSpec } from './skill-source-spec.js'
import type { Source } from './source.js'

/**
 * A source whose implementation module is imported on first use: an install from the registry
 * never loads the git, folder and archive code (and the YAML, tar and zip readers behind it),
 * which would otherwise be most of a warm install's start-up time.
 */
export function lazySource(kind: Source['kind'], load: () => Promise<Source>): Source {
  let loading: Promise<Source> | undefined
  const loaded = () => {
    loading ??= load()
    return loading
  }
  return {
    kind,
    resolve: async (spec: SkillSourceSpec) => (await loaded()).resolve(spec),
    fetch: async (source: LockedSource) => (await loaded()).fetch(source),
    async prefetch(specs: readonly SkillSourceSpec[]) {
      if (specs.length > 0) await (await loaded()).prefetch?.(specs)
    },
    async discover(spec: SkillSourceSpec) {
      const source = await loaded()
      if (source.discover === undefined) throw new Error(`${kind} sources do not discover skills`)
      return source.discover(spec)
    },
  }
}
