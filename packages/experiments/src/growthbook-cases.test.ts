// GrowthBook's SDK conformance vectors (growthbook/growthbook packages/sdk-js/test/cases.json,
// MIT), kept in ../shared/reference/ next to this repository. Every vector of the `hash`,
// `getBucketRange`, `chooseVariation` and `getEqualWeights` tables runs.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { getBucketRanges, getEqualWeights } from './bucket-ranges.js'
import { chooseVariation } from './choose-variation.js'
import { hash } from './hash.js'
import type { BucketRange } from './types.js'

interface Cases {
  specVersion: string
  hash: [seed: string, value: string, version: number, expected: number | null][]
  getBucketRange: [
    name: string,
    args: [numVariations: number, coverage: number, weights: number[] | null],
    expected: [number, number][],
  ][]
  chooseVariation: [name: string, n: number, ranges: [number, number][], expected: number][]
  getEqualWeights: [n: number, expected: number[]][]
}

const cases = JSON.parse(
  readFileSync(
    new URL('../../../../shared/reference/growthbook-sdk-cases.json', import.meta.url),
    'utf8',
  ),
) as Cases

// The SDK's own test rounds ranges and weights to 8 decimals before comparing.
const round8 = (x: number): number => Math.round(x * 1e8) / 1e8
const roundRanges = (ranges: readonly BucketRange[]): number[][] =>
  ranges.map(([start, end]) => [round8(start), round8(end)])

describe('GrowthBook SDK cases', () => {
  it('has the tables this suite runs, of the expected sizes', () => {
    expect([
      cases.hash.length,
      cases.getBucketRange.length,
      cases.chooseVariation.length,
      cases.getEqualWeights.length,
    ]).toEqual([15, 13, 13, 6])
  })

  it.each(cases.hash)('hash(%j, %j, %j) = %j', (seed, value, version, expected) => {
    expect(hash(seed, value, version)).toBe(expected)
  })

  it.each(cases.getBucketRange)(
    'getBucketRanges: %s',
    (_name, [n, coverage, weights], expected) => {
      expect(roundRanges(getBucketRanges(n, coverage, weights))).toEqual(expected)
    },
  )

  it.each(cases.chooseVariation)('chooseVariation: %s', (_name, n, ranges, expected) => {
    expect(chooseVariation(n, ranges)).toBe(expected)
  })

  it.each(cases.getEqualWeights)('getEqualWeights(%j)', (n, expected) => {
    expect(getEqualWeights(n).map(round8)).toEqual(expected)
  })
})
