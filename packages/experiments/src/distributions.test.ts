// Reference values from scipy 1.17.1 (scipy.stats), computed independently of this code; each
// table names the exact call.
import { describe, expect, it } from 'vitest'
import { expectClose } from '../test/expect-close.js'
import {
  chiSquareCdf,
  chiSquareSf,
  normalCdf,
  normalQuantile,
  normalSf,
  studentTCdf,
  studentTQuantile,
  studentTSf,
} from './distributions.js'

describe('normal', () => {
  // [x, scipy.stats.norm.cdf(x), scipy.stats.norm.sf(x)]
  it.each([
    [-37.5, 4.605353009581954e-308, 1.0],
    [-8, 6.22096057427174e-16, 0.9999999999999993],
    [-1.96, 0.024997895148220435, 0.9750021048517795],
    [0.25, 0.5987063256829237, 0.4012936743170763],
    [4.2, 0.9999866542509841, 1.334574901590631e-5],
  ])('Φ(%d)', (x, cdf, sf) => {
    expectClose(normalCdf(x), cdf, 1e-12)
    expectClose(normalSf(x), sf, 1e-12)
  })

  // [p, scipy.stats.norm.ppf(p)]
  it.each([
    [1e-15, -7.941345326170998],
    [0.001, -3.090232306167813],
    [0.025, -1.9599639845400545],
    [0.3, -0.5244005127080409],
    [0.4999, -0.0002506628300880075],
    [0.975, 1.959963984540054],
    [0.999999, 4.753424308817087],
  ])('Φ⁻¹(%d)', (p, expected) => {
    expectClose(normalQuantile(p), expected, 1e-12)
  })

  it('keeps its relative precision next to p = 1/2', () => {
    // mpmath.sqrt(2) * mpmath.erfinv(2 * mpmath.mpf(0.49999999) - 1) at 80 digits (mpmath 1.4.1);
    // solving Φ(x) = p directly would keep only 8 digits here.
    expectClose(normalQuantile(0.49999999), -2.5066282733116222e-8, 1e-12)
  })

  it('has the edge cases of a quantile', () => {
    expect(normalQuantile(0.5)).toBe(0)
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY)
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY)
    expect(Number.isNaN(normalQuantile(1.2))).toBe(true)
  })
})

describe('Student t', () => {
  // [t, df, scipy.stats.t.cdf(t, df), scipy.stats.t.sf(t, df)]
  it.each([
    [-1.8608, 17.776, 0.03969828906988993, 0.9603017109301101],
    [2.3240227609215203, 5841.742, 0.9899207986781128, 0.010079201321887254],
    [0.5, 1, 0.6475836176504333, 0.35241638234956674],
    [-12, 3, 0.0006225079003946681, 0.9993774920996054],
    [40, 10, 0.9999999999988596, 1.1404288715428768e-12],
    [3, 2.5, 0.9637119522254841, 0.036288047774515914],
    [1.1, 250000, 0.8643334094555335, 0.13566659054446656],
  ])('t = %d, df = %d', (t, df, cdf, sf) => {
    expectClose(studentTCdf(t, df), cdf, 1e-10)
    expectClose(studentTSf(t, df), sf, 1e-10)
  })

  // [p, df, scipy.stats.t.ppf(p, df)]
  it.each([
    [0.975, 17.776, 2.102821310380221],
    [0.975, 5841.742, 1.9603701569567122],
    [0.995, 1, 63.656741162871526],
    [0.9, 3, 1.637744353696209],
    [1e-8, 4, -131.59473694062356],
    [0.975, 55.7, 2.0034788415684046],
  ])('quantile(%d, df = %d)', (p, df, expected) => {
    expectClose(studentTQuantile(p, df), expected, 1e-10)
  })

  it('tends to the normal distribution', () => {
    expect(studentTCdf(1.3, Number.POSITIVE_INFINITY)).toBe(normalCdf(1.3))
    expectClose(studentTCdf(1.3, 1e9), normalCdf(1.3), 1e-8)
    expect(studentTQuantile(0.5, 7)).toBe(0)
  })
})

describe('chi-square', () => {
  // [x, df, scipy.stats.chi2.sf(x, df), scipy.stats.chi2.cdf(x, df)]
  it.each([
    [18.181818181818183, 1, 2.007865612426481e-5, 0.9999799213438757],
    [3.5, 5, 0.6233876277495822, 0.3766123722504178],
    [30, 2, 3.0590232050182594e-7, 0.9999996940976795],
    [11.11938768628861, 3, 0.011097511366581329, 0.9889024886334187],
    [150, 100, 0.0009039320423540184, 0.9990960679576459],
    [0.5, 7, 0.9994464813904249, 0.000553518609575035],
  ])('x = %d, df = %d', (x, df, sf, cdf) => {
    expectClose(chiSquareSf(x, df), sf, 1e-10)
    expectClose(chiSquareCdf(x, df), cdf, 1e-10)
  })

  it('is 1 at and below zero', () => {
    expect(chiSquareSf(0, 3)).toBe(1)
    expect(chiSquareCdf(-1, 3)).toBe(0)
  })
})
