// fastest-levenshtein (maintained, dependency-free, a few hundred bytes in each bundle) computes
// the edit distance; this module only decides what is close enough to offer.
import { distance } from 'fastest-levenshtein'

/**
 * The candidate closest to `input` by edit distance, when it is close enough to be a typo: at most
 * 2 edits, and fewer than half of the input's length (so `x` does not suggest `ls`). A candidate
 * that starts with the input (`inst` -> `install`) also counts. Ties go to the earlier candidate.
 */
export function closestMatch(input: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; cost: number } | undefined
  for (const candidate of candidates) {
    if (candidate === input) return candidate
    const cost = distance(input, candidate)
    if (best === undefined || cost < best.cost) best = { candidate, cost }
  }
  if (best !== undefined && best.cost <= 2 && best.cost * 2 < input.length) return best.candidate
  if (input.length >= 3) return candidates.find((candidate) => candidate.startsWith(input))
  return undefined
}

/** ` Did you mean 'X'?` or '' (appended to a hint). */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const match = closestMatch(input, candidates)
  return match === undefined ? '' : `Did you mean '${match}'? `
}
