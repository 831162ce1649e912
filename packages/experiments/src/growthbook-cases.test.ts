// GrowthBook's SDK conformance vectors (growthbook/growthbook packages/sdk-js/test/cases.json,
// commit 8f1db44, specVersion 0.8.0, MIT). Their `hash` and `getEqualWeights` results are restated
// below as data, so a clone without ../shared still checks the bucketing hash against the
// reference; when the shared copy is present, every vector of its `hash`, `getBucketRange`,
// `chooseVariation` and `getEqualWeights` tables runs as well.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { describeWithShared, sharedMaterials } from '../../../test/shared-material.js'
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

// The published results of hash(seed, value, version), restated from the cases file named above.
const publishedHashes: Cases['hash'] = [
  ['', 'a', 1, 0.22],
  ['', 'b', 1, 0.077],
  ['b', 'a', 1, 0.946],
  ['ef', 'd', 1, 0.652],
  ['', '123', 1, 0.011],
  ['seed', 'a', 2, 0.0505],
  ['seed', 'b', 2, 0.2696],
  ['foo', 'ab', 2, 0.2575],
  ['foo', 'def', 2, 0.2019],
  ['90850943850283058242805', '123', 2, 0.7516],
  ['abc', 'def', 99, null],
]

// The published equal weights, rounded to 8 decimals as the SDK's own test compares them.
const publishedEqualWeights: Cases['getEqualWeights'] = [
  [-1, []],
  [0, []],
  [1, [1]],
  [2, [0.5, 0.5]],
  [3, [0.33333333, 0.33333333, 0.33333333]],
  [4, [0.25, 0.25, 0.25, 0.25]],
]

// The SDK's own test rounds ranges and weights to 8 decimals before comparing.
const round8 = (x: number): number => Math.round(x * 1e8) / 1e8
const roundRanges = (ranges: readonly BucketRange[]): number[][] =>
  ranges.map(([start, end]) => [round8(start), round8(end)])

describe('GrowthBook SDK vectors restated in this repository', () => {
  it.each(publishedHashes)('hash(%j, %j, %j) = %j', (seed, value, version, expected) => {
    expect(hash(seed, value, version)).toBe(expected)
  })

  it.each(publishedEqualWeights)('getEqualWeights(%j)', (n, expected) => {
    expect(getEqualWeights(n).map(round8)).toEqual(expected)
  })
})

describeWithShared('GrowthBook SDK cases', sharedMaterials.growthbookCases, (path) => {
  const cases = JSON.parse(readFileSync(path, 'utf8')) as Cases

  it('has the tables this suite runs, of the expected sizes', () => {
    expect([
      cases.hash.length,
      cases.getBucketRange.length,
      cases.chooseVariation.length,
      cases.getEqualWeights.length,
    ]).toEqual([15, 13, 13, 6])
  })

  it('agrees with the vectors restated in this repository', () => {
    const published = new Map(cases.hash.map(([s, v, n, e]) => [JSON.stringify([s, v, n]), e]))
    for (const [seed, value, version, expected] of publishedHashes) {
      expect(published.get(JSON.stringify([seed, value, version]))).toBe(expected)
    }
    expect(cases.getEqualWeights).toEqual(publishedEqualWeights)
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
