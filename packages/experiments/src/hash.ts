// GrowthBook's hashing (sdk-js `hash`, docs/lib/build-your-own): FNV-1a 32-bit over UTF-16 code
// units. Version 2 hashes the decimal string of the first hash again, so parallel experiments on
// the same ids are independent; version 1 is kept for compatibility with legacy namespaces.

const fnvOffsetBasis = 0x811c9dc5
const fnvPrime = 0x01000193

/** FNV-1a 32-bit of the UTF-16 code units of `text` (as GrowthBook's `charCodeAt` loop), unsigned. */
export function fnv1a32(text: string): number {
  let hash = fnvOffsetBasis
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, fnvPrime)
  }
  return hash >>> 0
}

/** The hash versions GrowthBook defines. */
export type HashVersion = 1 | 2

/**
 * The bucket of `value` in an experiment seeded with `seed`, a number in [0, 1):
 * version 2: `fnv1a32(String(fnv1a32(seed + value))) % 10000 / 10000`;
 * version 1: `fnv1a32(value + seed) % 1000 / 1000`.
 * Any other version returns null (the unit is not in the experiment), as GrowthBook does.
 */
export function hash(seed: string, value: string, version: number): number | null {
  if (version === 2) return (fnv1a32(String(fnv1a32(seed + value))) % 10000) / 10000
  if (version === 1) return (fnv1a32(value + seed) % 1000) / 1000
  return null
}
