import {
  assertCounts,
  defaultTreeLimits,
  definedOnly,
  type TreeLimits,
} from '../tree/tree-limits.js'

/** Tree limits plus the bounds on the archive bytes themselves. */
export interface UnpackLimits extends TreeLimits {
  /** Most compressed bytes accepted (the archive file or buffer). */
  readonly maxArchiveBytes: number
  /** Most decompressed bytes per compressed byte, checked once past `ratioFloorBytes`. */
  readonly maxRatio: number
  /** Decompressed bytes below which the ratio is not checked (small text compresses well). */
  readonly ratioFloorBytes: number
}

const MiB = 1024 * 1024

/** Defaults: the tree defaults, a 100 MiB archive, ratio 100 past 4 MiB. */
export const defaultUnpackLimits: UnpackLimits = Object.freeze({
  ...defaultTreeLimits,
  maxArchiveBytes: 100 * MiB,
  maxRatio: 100,
  ratioFloorBytes: 4 * MiB,
})

/** Merges partial overrides into `defaultUnpackLimits`; a plain `Error` for a non-count value. */
export function resolveUnpackLimits(overrides: Partial<UnpackLimits> = {}): UnpackLimits {
  const limits = { ...defaultUnpackLimits, ...definedOnly(overrides) }
  assertCounts(limits)
  return limits
}
