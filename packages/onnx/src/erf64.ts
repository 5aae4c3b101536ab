/**
 * The error function in float64 written with basic ONNX ops, for engines
 * without a float64 `Erf` kernel (ONNX Runtime has none).
 */
import { L, type LoweredValue } from '@rectify/core';

/** Below this |z|, the series; from it on, the continued fraction. */
const SPLIT = 1;
/** Terms of the series: the 20th is below 1e-18 of the sum at |z| = 1. */
const SERIES_TERMS = 20;
/** Depth of the continued fraction: 1e-17 relative at |z| = 1, less beyond. */
const FRACTION_DEPTH = 200;
/** erfc(z) is far below an ulp of 1 from here on, so erf rounds to ±1. */
const SATURATION = 26;
/** 2/√π. */
const TWO_OVER_SQRT_PI = 1.1283791670955126;
/** 1/√π. */
const ONE_OVER_SQRT_PI = 0.5641895835477563;

const add = (a: LoweredValue, b: LoweredValue): LoweredValue => L.op('Add', [a, b]);
const sub = (a: LoweredValue, b: LoweredValue): LoweredValue => L.op('Sub', [a, b]);
const div = (a: LoweredValue, b: LoweredValue): LoweredValue => L.op('Div', [a, b]);
const less = (a: LoweredValue, b: LoweredValue): LoweredValue => L.op('Less', [a, b]);

/**
 * e^(−a²) without rounding a² first: with s = a rounded to float32, s² is
 * exact and e^(−a²) = e^(−s²)·e^(−(a − s)(a + s)).
 */
function expMinusSquare(a: LoweredValue): LoweredValue {
  const s = L.op('Cast', [L.op('Cast', [a], { to: 'float32' })], { to: 'float64' });
  const head = L.op('Exp', [L.op('Neg', [L.mul(s, s)])]);
  const tail = L.op('Exp', [L.op('Neg', [L.mul(sub(a, s), add(a, s))])]);
  return L.mul(head, tail);
}

/**
 * erf(a) for 0 ≤ a \< 1 from the series of positive terms
 * erf(a) = (2/√π)·a·e^(−a²)·Σₙ (2a²)ⁿ / (1·3·5⋯(2n + 1)), by Horner's rule.
 */
function series(a: LoweredValue): LoweredValue {
  const square = L.mul(a, a);
  let sum: LoweredValue = L.c(1);
  for (let n = SERIES_TERMS - 1; n >= 0; n--) sum = add(L.c(1), L.mul(L.mul(square, L.c(2 / (2 * n + 3))), sum));
  return L.mul(L.mul(L.mul(a, L.c(TWO_OVER_SQRT_PI)), expMinusSquare(a)), sum);
}

/**
 * erfc(a) for a ≥ 1 from Laplace's continued fraction
 * erfc(a) = e^(−a²)/√π · 1/(a + ½/(a + 1/(a + (3/2)/(a + ⋯)))).
 */
function complement(a: LoweredValue): LoweredValue {
  let tail: LoweredValue = a;
  for (let n = FRACTION_DEPTH; n >= 1; n--) tail = add(a, div(L.c(n / 2), tail));
  return div(L.mul(L.c(ONE_OVER_SQRT_PI), expMinusSquare(a)), tail);
}

/**
 * erf(z) in float64 from Add, Sub, Mul, Div, Neg, Abs, Exp, Cast, Less,
 * Max, Min, Where and IsNaN: erf(|z|) from the series below 1 and as
 * 1 − erfc(|z|) from the continued fraction above, then signed as z.
 *
 * @remarks
 * Measured against a correctly rounded erf on 200,000 random points in
 * [−7, 7]: within 6 ulps (5.7e-16 relative); GELU written with it is within
 * 4.4e-16 in the mixed error. erf(±0) = ±0, erf(±∞) = ±1, erf(NaN) = NaN.
 * The sign is applied by multiplying, after every `Where`: ONNX Runtime's
 * float64 `Where` returns +0 for a selected −0, and min(z, 1/z) \< 0 tells
 * z \< 0 and z = −0 from the rest.
 *
 * @param z - The argument, float64.
 * @returns erf(z) as a lowered value.
 * @internal
 */
export function erfFloat64(z: LoweredValue): LoweredValue {
  const a = L.op('Abs', [z]);
  const nearZero = less(a, L.c(SPLIT));
  const large = sub(L.c(1), complement(L.op('Min', [L.op('Max', [a, L.c(SPLIT)]), L.c(SATURATION)])));
  const magnitude = L.where(L.op('IsNaN', [z]), a, L.where(nearZero, series(L.op('Min', [a, L.c(SPLIT)])), large));
  // z \< 0 or z = −0: min(z, 1/z) is negative exactly then.
  const sign = L.where(less(L.op('Min', [z, div(L.c(1), z)]), L.c(0)), L.c(-1), L.c(1));
  return L.mul(magnitude, sign);
}
