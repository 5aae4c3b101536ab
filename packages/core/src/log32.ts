/**
 * The float32 logarithm of the smooth activations: ln(1 + u) for u in
 * [0, 1], the log1p of `logsigmoidF32` (and of softplus to come), in float32
 * arithmetic only, so that a WebAssembly SIMD kernel doing the same
 * operations on `f32x4` lanes gives the same bits.
 *
 * @packageDocumentation
 */
import { EXP32, POW2, expm1Reduced, reduceN, reduceR } from './exp32.js';
import { sigmoidF32 } from './smooth32.js';

const F = Math.fround;

/**
 * The coefficients r₃ … r₉ of ln(1 + u) = 2s + r₃s³ + r₅s⁵ + r₇s⁷ + r₉s⁹ with
 * s = u/(2 + u) in [0, ⅓], float32 values fitted by
 * `scripts/sweeps/fit-log1p32.py` (relative error 5.4e-9 in exact arithmetic).
 * @public
 */
export const LOG1P32_POLY: readonly number[] = Object.freeze([0.666664183139801, 0.4002152681350708, 0.2800179421901703, 0.2801204025745392].map(F));

const [R3, R5, R7, R9] = LOG1P32_POLY as readonly [number, number, number, number];

/**
 * ln(1 + u) for u in [0, 1] in float32 arithmetic: s = u/(2 + u), then
 * 2s + s³·R(s²) with R of degree 3 in s², each operation rounded to float32.
 *
 * @remarks
 * ln(1 + u) = 2·atanh(u/(2 + u)); on [0, 1] the series in s = u/(2 + u) ≤ ⅓
 * converges fast, and 2s keeps the relative precision of u for small u.
 * log1pUnitF32(0) = 0, NaN stays NaN. Outside [0, 1] the result is not
 * within the budget. Within 2 ulps (the sweep measures it through
 * `logsigmoidF32`).
 *
 * @param u - A float32 value in [0, 1].
 * @returns ln(1 + u), a float32 value.
 * @public
 */
export function log1pUnitF32(u: number): number {
  const s = F(u / F(2 + u));
  const s2 = F(s * s);
  let r = F(F(R9 * s2) + R7);
  r = F(F(r * s2) + R5);
  r = F(F(r * s2) + R3);
  return F(F(2 * s) + F(F(s * s2) * r));
}

const LOW = EXP32.sigmoidLow;

/**
 * log σ(x) in float32 arithmetic: min(x, 0) − ln(1 + u) with u = e^(−|x|)
 * (s + s·q from the reduction of `expF32`, rounded once) and
 * {@link log1pUnitF32}, then + 0.
 *
 * @remarks
 * Neither overflows nor cancels on either side. Above x = 87.33654 the
 * result is +0 (the exact value is above −2^−126); the + 0 makes any zero
 * +0, as PyTorch's is. logsigmoid(+∞) = +0, logsigmoid(−∞) = −∞, NaN
 * stays NaN. Within 3 ulps (the budget; the sweep measures it).
 *
 * @param x - A float32 value.
 * @returns log σ(x), a float32 value.
 * @public
 */
export function logsigmoidF32(x: number): number {
  if (x > -LOW) return 0;
  const a = -Math.abs(x);
  const v = a < LOW ? LOW : a;
  const n = reduceN(v);
  const s = POW2[(n | 0) + 200] as number;
  const u = F(s + F(s * expm1Reduced(reduceR(v, n))));
  return F((0 < x ? 0 : x) - log1pUnitF32(u)) + 0;
}

/**
 * LogSigmoid's gradient in float32: dy·σ(−x) with σ from `sigmoidF32`, the
 * product rounded once.
 *
 * @param x - The forward input.
 * @param dy - The output gradient.
 * @returns dx, a float32 value.
 * @public
 */
export function logsigmoidGradF32(x: number, dy: number): number {
  return F(dy * sigmoidF32(-x));
}
