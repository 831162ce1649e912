/** Bounds on a skill tree, enforced while walking or extracting so a hostile input stops early. */
export interface TreeLimits {
  /** Most regular files in the tree. */
  readonly maxFiles: number
  /** Most bytes over all files. */
  readonly maxTotalBytes: number
  /** Most bytes in one file. */
  readonly maxFileBytes: number
  /** Deepest folder nesting below the skill root (`a/b/c.txt` is depth 2). */
  readonly maxDepth: number
}

const MiB = 1024 * 1024

/**
 * Entries of any kind (folders, skipped files) visited per allowed file: bounds the work a tree or
 * archive of a million empty folders can cause, where no file limit would trip.
 */
export const entriesPerFile = 2

/**
 * Defaults sized from real skills (the largest public one is 5.5 MB in 83 files) with wide margin,
 * matching SkillPort's 100 MB / 25 MB per file.
 */
export const defaultTreeLimits: TreeLimits = Object.freeze({
  maxFiles: 10_000,
  maxTotalBytes: 100 * MiB,
  maxFileBytes: 25 * MiB,
  maxDepth: 16,
})

/**
 * Merges partial overrides into the defaults. Throws a plain `Error` (a programmer error) when a
 * value is not a non-negative integer.
 */
export function resolveTreeLimits(overrides: Partial<TreeLimits> = {}): TreeLimits {
  const limits = { ...defaultTreeLimits, ...definedOnly(overrides) }
  assertCounts(limits)
  return limits
}

/** Copies the keys whose value is not `undefined`, so an explicit `undefined` keeps the default. */
export function definedOnly<T extends object>(overrides: Partial<T>): Partial<T> {
  return Object.fromEntries(
    Object.entries(overrides).filter(([, value]) => value !== undefined),
  ) as Partial<T>
}

/** Throws a plain `Error` unless every value of `limits` is a non-negative safe integer. */
export function assertCounts(limits: object): void {
  for (const [key, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || (value as number) < 0) {
      throw new Error(`Limit ${key} must be a non-negative integer, got ${String(value)}`)
    }
  }
}
