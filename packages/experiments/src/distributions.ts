// Cumulative distribution functions and quantiles of the normal, Student t and chi-square
// distributions, built on the special functions. Tails are computed directly (never as 1 − CDF), so
// p-values like 1e-40 keep their digits.
import {
  erf,
  erfc,
  incompleteBeta,
  logBeta,
  regularizedGammaP,
  regularizedGammaQ,
} from './special-functions.js'

const sqrt2 = Math.SQRT2
const sqrtPi = Math.sqrt(Math.PI)
const sqrt2Pi = Math.sqrt(2 * Math.PI)

/** Standard normal density φ(x). */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / sqrt2Pi
}

/** Standard normal CDF Φ(x) = erfc(−x/√2)/2. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / sqrt2)
}

/** Standard normal survival function 1 − Φ(x) = erfc(x/√2)/2, accurate far into the upper tail. */
export function normalSf(x: number): number {
  return 0.5 * erfc(x / sqrt2)
}

/**
 * The x with Φ(x) = p: Abramowitz & Stegun 26.2.23 as the starting point (error < 4.5e-4), then
 * Halley steps on the erfc-based CDF until they stop moving (full double precision).
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN
  if (p === 0) return Number.NEGATIVE_INFINITY
  if (p === 1) return Number.POSITIVE_INFINITY
  if (p === 0.5) return 0
  // Solve in the lower tail, where q is exact, and mirror.
  const q = p < 0.5 ? p : 1 - p
  const t = Math.sqrt(-2 * Math.log(q))
  let x = -(
    t -
    (2.515517 + t * (0.802853 + t * 0.010328)) /
      (1 + t * (1.432788 + t * (0.189269 + t * 0.001308)))
  )
  // Near the centre Φ(x) − q cancels; 2p − 1 is exact there, so solve erf(x/√2) = 2p − 1 instead.
  if (p >= 0.25 && p <= 0.75) {
    return sqrt2 * centralErfInverse(2 * p - 1, (p < 0.5 ? x : -x) / sqrt2)
  }
  for (let i = 0; i < 10; i += 1) {
    const u = (normalCdf(x) - q) * sqrt2Pi * Math.exp(0.5 * x * x)
    const step = u / (1 + 0.5 * x * u)
    x -= step
    if (Math.abs(step) <= 1e-15 * Math.abs(x)) break
  }
  return p < 0.5 ? x : -x
}

/** The y with erf(y) = r for |r| ≤ 1/2, by Halley steps from `start`. */
function centralErfInverse(r: number, start: number): number {
  let y = start
  for (let i = 0; i < 10; i += 1) {
    const ratio = ((erf(y) - r) * sqrtPi * Math.exp(y * y)) / 2
    const step = ratio / (1 + y * ratio)
    y -= step
    if (Math.abs(step) <= 1e-16 * Math.abs(y)) break
  }
  return y
}

/** Student t density with `df` degrees of freedom. */
export function studentTPdf(t: number, df: number): number {
  if (df === Number.POSITIVE_INFINITY) return normalPdf(t)
  return Math.exp(-((df + 1) / 2) * Math.log1p((t * t) / df) - logBeta(df / 2, 0.5)) / Math.sqrt(df)
}

/** P(T > |t|) for Student t: half the regularized incomplete beta I_{ν/(ν+t²)}(ν/2, 1/2). */
function studentTTail(t: number, df: number): number {
  if (df === Number.POSITIVE_INFINITY) return normalSf(Math.abs(t))
  const t2 = t * t
  return 0.5 * incompleteBeta(df / (df + t2), df / 2, 0.5, t2 / (df + t2)).lower
}

/** Student t CDF P(T ≤ t) with `df` > 0 degrees of freedom (need not be an integer). */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN
  const tail = studentTTail(t, df)
  return t < 0 ? tail : 1 - tail
}

/** Student t survival function P(T > t). */
export function studentTSf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN
  const tail = studentTTail(t, df)
  return t > 0 ? tail : 1 - tail
}

/**
 * The t with P(T ≤ t) = p: safeguarded Newton on the tail probability, started from the
 * Cornish–Fisher expansion around the normal quantile, bisecting whenever a step leaves the bracket.
 */
export function studentTQuantile(p: number, df: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || !(df > 0)) return Number.NaN
  if (df === Number.POSITIVE_INFINITY) return normalQuantile(p)
  if (p === 0) return Number.NEGATIVE_INFINITY
  if (p === 1) return Number.POSITIVE_INFINITY
  if (p === 0.5) return 0
  const t = studentTUpperQuantile(p < 0.5 ? p : 1 - p, df)
  return p < 0.5 ? -t : t
}

/** The t > 0 with P(T > t) = q for 0 < q < 1/2. */
function studentTUpperQuantile(q: number, df: number): number {
  const z = -normalQuantile(q)
  let t = z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df)
  let lo = 0
  let hi = Number.POSITIVE_INFINITY
  for (let i = 0; i < 300; i += 1) {
    const excess = studentTTail(t, df) - q
    if (excess === 0) return t
    if (excess > 0) lo = t
    else hi = t
    let next = t + excess / studentTPdf(t, df)
    if (!(next > lo && next < hi)) next = hi === Number.POSITIVE_INFINITY ? 2 * t : (lo + hi) / 2
    const moved = Math.abs(next - t)
    t = next
    if (moved <= 1e-15 * t) return t
  }
  return t
}

/** Chi-square CDF with `df` degrees of freedom: P(df/2, x/2). */
export function chiSquareCdf(x: number, df: number): number {
  if (x <= 0) return 0
  return regularizedGammaP(df / 2, x / 2)
}

/**
 * Chi-square survival function Q(df/2, x/2); erfc(√(x/2)) for one degree of freedom and
 * e^(−x/2) for two, the exact closed forms.
 */
export function chiSquareSf(x: number, df: number): number {
  if (Number.isNaN(x) || !(df > 0)) return Number.NaN
  if (x <= 0) return 1
  if (df === 1) return erfc(Math.sqrt(x / 2))
  if (df === 2) return Math.exp(-x / 2)
  return regularizedGammaQ(df / 2, x / 2)
}
