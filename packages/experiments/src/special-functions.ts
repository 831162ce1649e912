// Special functions behind the distributions: log-gamma, log-beta, erf/erfc and the regularized
// incomplete beta and gamma functions. Plain floating point, no dependencies; the accuracy claims
// are pinned against scipy.special in special-functions.test.ts.

const sqrtPi = Math.sqrt(Math.PI)
const lnSqrt2Pi = 0.5 * Math.log(2 * Math.PI)
const epsilon = 1e-16
const tiny = 1e-300
const maxIterations = 10_000

// Lanczos approximation, g = 7, n = 9 (relative error of Gamma about 1e-15).
const lanczosG = 7
const lanczos = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
] as const

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (!(x > 0)) return Number.NaN
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x)
  if (x >= 10) return (x - 0.5) * Math.log(x) - x + lnSqrt2Pi + stirlingCorrection(x)
  const z = x - 1
  let sum = lanczos[0]
  for (let i = 1; i < lanczos.length; i += 1) sum += (lanczos[i] ?? 0) / (z + i)
  const t = z + lanczosG + 0.5
  return lnSqrt2Pi + (z + 0.5) * Math.log(t) - t + Math.log(sum)
}

/**
 * ln Γ(x) − ((x − ½) ln x − x + ln √(2π)) for x ≥ 10: the Stirling series to x⁻¹³, whose first
 * omitted term is below 1e-17 there.
 */
function stirlingCorrection(x: number): number {
  const r = 1 / x
  const r2 = r * r
  return (
    r *
    (1 / 12 +
      r2 *
        (-1 / 360 +
          r2 * (1 / 1260 + r2 * (-1 / 1680 + r2 * (1 / 1188 + r2 * (-691 / 360360 + r2 / 156))))))
  )
}

/**
 * ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), computed without subtracting large log-gammas
 * when an argument is large (the arrangement R's lbeta uses), so t-tests with thousands of degrees
 * of freedom keep their precision.
 */
export function logBeta(a: number, b: number): number {
  const p = Math.min(a, b)
  const q = Math.max(a, b)
  if (!(p > 0)) return Number.NaN
  if (p >= 10) {
    const corr = stirlingCorrection(p) + stirlingCorrection(q) - stirlingCorrection(p + q)
    return (
      -0.5 * Math.log(q) +
      lnSqrt2Pi +
      corr +
      (p - 0.5) * Math.log(p / (p + q)) +
      q * Math.log1p(-p / (p + q))
    )
  }
  if (q >= 10) {
    const corr = stirlingCorrection(q) - stirlingCorrection(p + q)
    return logGamma(p) + corr + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-p / (p + q))
  }
  return logGamma(p) + logGamma(q) - logGamma(p + q)
}

/** e^(−x²), with x² split so that the rounding of x² does not spoil the far tail. */
function expMinusSquare(x: number): number {
  const z = Math.round(x * 16) / 16
  return Math.exp(-z * z) * Math.exp((z - x) * (z + x))
}

/** erf(x) for 0 ≤ x < 2.5: e^(−x²) (2/√π) Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)), all terms positive. */
function erfSeries(x: number): number {
  const twoX2 = 2 * x * x
  let term = x
  let sum = x
  for (let n = 1; n < maxIterations; n += 1) {
    term *= twoX2 / (2 * n + 1)
    sum += term
    if (term < sum * epsilon) break
  }
  return (2 / sqrtPi) * expMinusSquare(x) * sum
}

/** erfc(x) for x ≥ 1.5: Laplace's continued fraction x + (1/2)/(x + 1/(x + (3/2)/(x + …))), Lentz. */
function erfcContinuedFraction(x: number): number {
  let f = x
  let c = x
  let d = 0
  for (let n = 1; n < maxIterations; n += 1) {
    const a = n / 2
    d = x + a * d
    d = Math.abs(d) < tiny ? tiny : d
    c = x + a / c
    c = Math.abs(c) < tiny ? tiny : c
    d = 1 / d
    const delta = c * d
    f *= delta
    if (Math.abs(delta - 1) < epsilon) break
  }
  return expMinusSquare(x) / (sqrtPi * f)
}

// erf uses the series below 2.5; erfc switches to the continued fraction at 1.5, where 1 − erf
// would start to lose digits to cancellation (91 iterations there, 18 at x = 5).
const seriesLimit = 2.5
const fractionLimit = 1.5

/** The error function. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN
  const ax = Math.abs(x)
  const value = ax < seriesLimit ? erfSeries(ax) : 1 - erfcContinuedFraction(ax)
  return x < 0 ? -value : value
}

/** The complementary error function 1 − erf(x), accurate in the tail (relative error ~1e-14). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN
  if (x < 0) return 2 - erfc(-x)
  if (x < fractionLimit) return 1 - erfSeries(x)
  if (x > 27.3) return 0
  return erfcContinuedFraction(x)
}

/**
 * Continued fraction of the incomplete beta (Numerical Recipes `betacf`, modified Lentz).
 * Converges quickly for x < (a + 1) / (a + b + 2).
 */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b
  const qap = a + 1
  const qam = a - 1
  let c = 1
  let d = 1 - (qab * x) / qap
  d = Math.abs(d) < tiny ? tiny : d
  d = 1 / d
  let h = d
  for (let m = 1; m < maxIterations; m += 1) {
    const m2 = 2 * m
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2))
    d = 1 + aa * d
    d = Math.abs(d) < tiny ? tiny : d
    c = 1 + aa / c
    c = Math.abs(c) < tiny ? tiny : c
    d = 1 / d
    h *= d * c
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2))
    d = 1 + aa * d
    d = Math.abs(d) < tiny ? tiny : d
    c = 1 + aa / c
    c = Math.abs(c) < tiny ? tiny : c
    d = 1 / d
    const delta = d * c
    h *= delta
    if (Math.abs(delta - 1) < epsilon) break
  }
  return h
}

/**
 * The regularized incomplete beta I_x(a, b) and its complement 1 − I_x(a, b), both accurate.
 * `y` is 1 − x, passed separately when the caller knows it more precisely than `1 - x`.
 */
export function incompleteBeta(
  x: number,
  a: number,
  b: number,
  y: number = 1 - x,
): { lower: number; upper: number } {
  if (!(a > 0 && b > 0) || Number.isNaN(x) || x < 0 || x > 1) {
    return { lower: Number.NaN, upper: Number.NaN }
  }
  if (x === 0) return { lower: 0, upper: 1 }
  if (y === 0) return { lower: 1, upper: 0 }
  // ln x and ln y through log1p of the smaller one, so x close to 1 keeps its digits.
  const logX = x > 0.5 ? Math.log1p(-y) : Math.log(x)
  const logY = y > 0.5 ? Math.log1p(-x) : Math.log(y)
  const logFront = a * logX + b * logY - logBeta(a, b)
  if (x < (a + 1) / (a + b + 2)) {
    const lower = (Math.exp(logFront) * betaContinuedFraction(a, b, x)) / a
    return { lower, upper: 1 - lower }
  }
  const upper = (Math.exp(logFront) * betaContinuedFraction(b, a, y)) / b
  return { lower: 1 - upper, upper }
}

/** The regularized incomplete beta function I_x(a, b). */
export function regularizedBeta(x: number, a: number, b: number): number {
  return incompleteBeta(x, a, b).lower
}

/** ln of e^(−x) x^a / Γ(a), the common front factor of the incomplete gamma functions. */
function gammaFront(a: number, x: number): number {
  return -x + a * Math.log(x) - logGamma(a)
}

/** P(a, x) by its series Σ xⁿ / (a (a+1) … (a+n)), for x < a + 1. */
function gammaSeries(a: number, x: number): number {
  let ap = a
  let term = 1 / a
  let sum = term
  for (let n = 1; n < maxIterations; n += 1) {
    ap += 1
    term *= x / ap
    sum += term
    if (Math.abs(term) < Math.abs(sum) * epsilon) break
  }
  return sum * Math.exp(gammaFront(a, x))
}

/** Q(a, x) by its continued fraction (Numerical Recipes `gcf`, modified Lentz), for x ≥ a + 1. */
function gammaContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a
  let c = 1 / tiny
  let d = 1 / b
  let h = d
  for (let i = 1; i < maxIterations; i += 1) {
    const an = -i * (i - a)
    b += 2
    d = an * d + b
    d = Math.abs(d) < tiny ? tiny : d
    c = b + an / c
    c = Math.abs(c) < tiny ? tiny : c
    d = 1 / d
    const delta = d * c
    h *= delta
    if (Math.abs(delta - 1) < epsilon) break
  }
  return Math.exp(gammaFront(a, x)) * h
}

/** The regularized lower incomplete gamma function P(a, x) = γ(a, x) / Γ(a). */
export function regularizedGammaP(a: number, x: number): number {
  if (!(a > 0) || Number.isNaN(x) || x < 0) return Number.NaN
  if (x === 0) return 0
  if (x === Number.POSITIVE_INFINITY) return 1
  return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x)
}

/** The regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a) = 1 − P(a, x). */
export function regularizedGammaQ(a: number, x: number): number {
  if (!(a > 0) || Number.isNaN(x) || x < 0) return Number.NaN
  if (x === 0) return 1
  if (x === Number.POSITIVE_INFINITY) return 0
  return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x)
}
