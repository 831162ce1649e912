// fastest-levenshtein (maintained, dependency-free, a few hundred bytes in each bundle) computes
// the edit distance; this module only decides what is close enough to offer.
import { distance } from 'fastest-levenshtein'

/**
 * The candidate closest to `input` by edit distance, when it is close enough to be a typo: at most
 * 2 edits, and fewer edits than the input has characters (so `x` does not suggest `ls`). A candidate
 * that starts with the input (`inst` -> `install`) comes first. Ties go to the earlier candidate.
 */
export function closestMatch(input: string, candidates: readonly string[]): string | undefined {
  if (candidates.includes(input)) return input
  const prefixed = input.length >= 3 ? candidates.find((c) => c.startsWith(input)) : undefined
  if (prefixed !== undefined) return prefixed
  let best: { candidate: string; cost: number } | undefined
  for (const candidate of candidates) {
    const cost = distance(input, candidate)
    if (best === undefined || cost < best.cost) best = { candidate, cost }
  }
  return best !== undefined && best.cost <= 2 && best.cost < input.length
    ? best.candidate
    : undefined
}

/** ` Did you mean 'X'?` or '' (appended to a hint). */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const match = closestMatch(input, candidates)
  return match === undefined ? '' : `Did you mean '${match}'? `
}
