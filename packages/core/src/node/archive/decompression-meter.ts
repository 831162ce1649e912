import { SkillErrorCode } from '../../errors/skill-error-codes.js'
import { SkillshipError } from '../../errors/skillship-error.js'
import type { UnpackLimits } from './archive-limits.js'

/** Counts decompressed bytes of one archive and stops a bomb as soon as it shows. */
export interface DecompressionMeter {
  /** The most decompressed bytes `add` accepts in all: the smaller of the two bounds. */
  readonly maxBytes: number
  /** Adds `bytes` decompressed bytes; throws `ArchiveBomb` or `ArchiveTooLarge` past the bounds. */
  add(bytes: number): void
}

/**
 * Creates a meter for an archive of `compressedBytes`. `ArchiveBomb` once the output passes
 * `ratioFloorBytes` and exceeds `maxRatio` times the whole input (the final ratio can then only be
 * higher); `ArchiveTooLarge` once it exceeds `maxTotalBytes + overheadBytes`, the container's own
 * bytes (tar headers and padding) on top of the file data the limits allow.
 */
export function createDecompressionMeter(
  compressedBytes: number,
  limits: UnpackLimits,
  overheadBytes: number,
): DecompressionMeter {
  const ratioBound = Math.max(limits.ratioFloorBytes, compressedBytes * limits.maxRatio)
  const sizeBound = limits.maxTotalBytes + overheadBytes
  let total = 0
  return {
    maxBytes: Math.min(ratioBound, sizeBound),
    add(bytes) {
      total += bytes
      if (total > ratioBound) {
        throw new SkillshipError(
          SkillErrorCode.ArchiveBomb,
          `Archive expands more than ${limits.maxRatio} times (${total} bytes from ${compressedBytes})`,
          { hint: 'This looks like a decompression bomb; it was not extracted.' },
        )
      }
      if (total > sizeBound) {
        throw new SkillshipError(
          SkillErrorCode.ArchiveTooLarge,
          `Archive expands to more than ${sizeBound} bytes`,
          { hint: 'The skill is larger than the limits allow.' },
        )
      }
    },
  }
}
