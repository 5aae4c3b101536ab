/**
 * The error function and its complement in float64, for GELU: JavaScript
 * has no `Math.erf`. Three regimes, each accurate to about an ulp:
 *
 * - |z| \< ½: the Maclaurin series, written as z + z·(2/√π − 1 + …) so that
 *   the leading term is exact;
 * - ½ ≤ |z| \< 2½: Taylor expansions of erfc about eight centres ¼ apart,
 *   their coefficients made once from Hermite polynomials;
 * - |z| ≥ 2½: Laplace's continued fraction for erfc.
 *
 * erf = 1 − erfc where erfc \< ½, so that erf near ±1 is accurate to an ulp
 * of 1 and erfc keeps its relative precision down to the subnormals.
 *
 * @packageDocumentation
 * @internal
 */

/** 2/√π. */
const TWO_OVER_SQRT_PI = 1.1283791670955126;
/** 2/√π − 1, the part of erf(z)/z's leading coefficient beyond 1. */
const TWO_OVER_SQRT_PI_MINUS_ONE = 0.1283791670955126;
/** 1/√π. */
const ONE_OVER_SQRT_PI = 0.5641895835477563;
/** Where the Maclaurin series hands over to the Taylor expansions. */
const SERIES_LIMIT = 0.5;
/** Where the Taylor expansions hand over to the continued fraction. */
const FRACTION_FROM = 2.5;
/** Spacing of the Taylor centres; each serves z within half of it. */
const CENTRE_SPACING = 0.25;
/** Terms of each Taylor expansion: the 24th term is below 1e-19 of erfc at distance ⅛. */
const TAYLOR_TERMS = 24;
/** Depth of the continued fraction from {@link FRACTION_FROM} on: 1e-19 relative there, less beyond. */
const FRACTION_DEPTH = 60;
/** Depth used once per Taylor centre (from ⅝ up) to find erfc there to full precision. */
const CENTRE_FRACTION_DEPTH = 4000;
/** e^(−c·z²) underflows to 0 from here on for c ≥ ½ (and fround(z)² would overflow far beyond). */
const UNDERFLOW = 40;
/** erfc(z) is below half the smallest subnormal from here on. */
const ERFC_ZERO = 27.3;

/**
 * e^(−c·z²) to within an ulp or two, for c a power of two (1 or ½).
 *
 * @remarks
 * Rounding z² first would perturb the exponent by c·z²·2⁻⁵³ (a relative
 * error of 7e-15 in the result at z = 8); splitting z = s + (z − s), with s
 * z rounded to float32 so that s² is exact, keeps the argument exact up to
 * the small term (z − s)(z + s).
 *
 * @param z - Any number; e^(−c·z²) is 0 from |z| = 40 on, NaN for NaN.
 * @param c - A power of two, ½ or more.
 * @internal
 */
export function expMinusSquare(z: number, c: number): number {
  if (!(Math.abs(z) < UNDERFLOW)) return Number.isNaN(z) ? z : 0;
  const s = Math.fround(z);
  return Math.exp(-c * s * s) * Math.exp(-c * (z - s) * (z + s));
}

/** Laplace's continued fraction for erfc(z), z \> 0, evaluated from the bottom with `depth` terms. */
function erfcFraction(z: number, depth: number): number {
  if (z >= ERFC_ZERO) return 0;
  let tail = z;
  for (let n = depth; n >= 1; n--) tail = z + n / 2 / tail;
  return (ONE_OVER_SQRT_PI * expMinusSquare(z, 1)) / tail;
}

/** A Taylor expansion of erfc about a centre c: erfc(c + h) = value + Σₙ coefficients[n−1]·hⁿ. */
interface Expansion {
  readonly value: number;
  readonly coefficients: Float64Array;
}

/**
 * erfc about c: its n-th derivative is −(2/√π)·e^(−c²)·(−1)^(n−1)·H_(n−1)(c),
 * with H the Hermite polynomials (H₀ = 1, H₁ = 2c, H_(k+1) = 2c·H_k − 2k·H_(k−1)).
 */
function expansionAt(c: number): Expansion {
  const coefficients = new Float64Array(TAYLOR_TERMS);
  const scale = -TWO_OVER_SQRT_PI * Math.exp(-c * c);
  let previous = 0;
  let hermite = 1;
  let factorial = 1;
  for (let n = 1; n <= TAYLOR_TERMS; n++) {
    factorial *= n;
    coefficients[n - 1] = (scale * (n % 2 === 1 ? hermite : -hermite)) / factorial;
    const next = 2 * c * hermite - 2 * (n - 1) * previous;
    previous = hermite;
    hermite = next;
  }
  return { value: erfcFraction(c, CENTRE_FRACTION_DEPTH), coefficients };
}

/** The expansions about ⅝, ⅞, …, 2⅜, made on first use. */
let expansions: readonly Expansion[] | undefined;

/** erfc(z) for ½ ≤ z \< 2½, from the expansion about the nearest centre. */
function erfcTaylor(z: number): number {
  expansions ??= Array.from({ length: (FRACTION_FROM - SERIES_LIMIT) / CENTRE_SPACING }, (_, k) => expansionAt(SERIES_LIMIT + (k + 0.5) * CENTRE_SPACING));
  const k = Math.min(expansions.length - 1, Math.floor((z - SERIES_LIMIT) / CENTRE_SPACING));
  const { value, coefficients } = expansions[k] as Expansion;
  const h = z - (SERIES_LIMIT + (k + 0.5) * CENTRE_SPACING);
  let sum = 0;
  for (let n = TAYLOR_TERMS - 1; n >= 0; n--) sum = (sum + (coefficients[n] as number)) * h;
  return value + sum;
}

/** erf(z) for |z| \< ½: z + z·(2/√π − 1 + (2/√π)·Σₙ₌₁ (−z²)ⁿ / (n!·(2n + 1))). */
function erfSeries(z: number): number {
  const minusZ2 = -z * z;
  let power = 1;
  let sum = 0;
  for (let n = 1; n < 20; n++) {
    power *= minusZ2 / n;
    const term = power / (2 * n + 1);
    sum += term;
    if (Math.abs(term) < 1e-18) break;
  }
  return z + z * (TWO_OVER_SQRT_PI_MINUS_ONE + TWO_OVER_SQRT_PI * sum);
}

/**
 * The complementary error function erfc(z) = 1 − erf(z) for z ≥ ½, to
 * about an ulp of its value.
 */
function erfcAbove(z: number): number {
  return z < FRACTION_FROM ? erfcTaylor(z) : erfcFraction(z, FRACTION_DEPTH);
}

/**
 * The error function erf(z) = (2/√π)∫₀ᶻ e^(−t²) dt, within about an ulp:
 * erf(±∞) = ±1, erf(−0) = −0, erf(NaN) = NaN.
 *
 * @param z - The argument.
 * @internal
 */
export function erf(z: number): number {
  const a = Math.abs(z);
  if (!(a >= SERIES_LIMIT)) return a === 0 || Number.isNaN(a) ? z : erfSeries(z);
  const v = 1 - erfcAbove(a);
  return z < 0 ? -v : v;
}

/**
 * The complementary error function erfc(z) = 1 − erf(z): to about an ulp
 * of its value for z ≥ ½ (down to the subnormals), and of 1 below, where it
 * is 1 − erf(z), or 2 − erfc(|z|) from z ≤ −½ on. erfc(+∞) = 0,
 * erfc(−∞) = 2, erfc(NaN) = NaN.
 *
 * @param z - The argument.
 * @internal
 */
export function erfc(z: number): number {
  if (z >= SERIES_LIMIT) return erfcAbove(z);
  if (z <= -SERIES_LIMIT) return 2 - erfcAbove(-z);
  return 1 - erf(z);
}
