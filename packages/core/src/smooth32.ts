/**
 * The float32 forms of the smooth activations built on the float32
 * exponential of `exp32.ts`: every step a float32 operation (or, where
 * named, a float64 one on float32 values), so that the activation
 * packages' float32 loops and `@rectify/simd`'s WebAssembly kernels, which do
 * the same operations on `f32x4` lanes, give the same bits. Where PyTorch's
 * float32 kernel writes a formula (a backward, SiLU), the operations are
 * PyTorch's, in its order.
 *
 * @packageDocumentation
 */
import { EXP32, POW2, expF32, expWide, expm1F32, expm1Reduced, reduceN, reduceR } from './exp32.js';

const F = Math.fround;

const SIGMOID_LOW = EXP32.sigmoidLow;

/**
 * The logistic sigmoid in float32 arithmetic: with v = max(−|x|, −87.33654),
 * n, r and q ≈ e^r − 1 from {@link expF32}'s reduction and s = 2^n,
 * (x ≥ 0 ? 1 : s + s·q) / ((1 + s) + s·q), each operation rounded to float32.
 *
 * @remarks
 * e^v = s·(1 + q) is never rounded through 1 + q: s + s·q and (1 + s) + s·q
 * (1 + s is exact) round once each, so the result is within 2.5 ulps
 * (the budget; the sweep measures it). One division for both signs and no overflow.
 * Below x = −87.33654 (σ(x) \< 2^−126) the result is +0, where PyTorch's
 * float32 kernel gives the same tiny value or, below −88.72, +0 too.
 * σ(+∞) = 1, σ(−∞) = +0, σ(NaN) = NaN, σ(±0) = ½.
 *
 * @param x - A float32 value.
 * @returns σ(x), a float32 value.
 * @public
 */
export function sigmoidF32(x: number): number {
  if (x < SIGMOID_LOW) return 0;
  const a = -Math.abs(x);
  const v = a < SIGMOID_LOW ? SIGMOID_LOW : a;
  const n = reduceN(v);
  const s = POW2[(n | 0) + 200] as number;
  const sq = F(s * expm1Reduced(reduceR(v, n)));
  return F((x >= 0 ? 1 : F(s + sq)) / F(F(1 + s) + sq));
}

/**
 * Sigmoid's gradient from its output, as PyTorch's float32 `sigmoid_backward`
 * computes it: dy·(1 − y)·y, each product rounded to float32.
 *
 * @param y - σ(x), as the forward stored it.
 * @param dy - The output gradient.
 * @returns dx, a float32 value.
 * @public
 */
export function sigmoidGradF32(y: number, dy: number): number {
  return F(F(dy * F(1 - y)) * y);
}

/**
 * SiLU in float32 arithmetic: with s, q as in {@link sigmoidF32},
 * (x ≥ 0 ? x : x·s + x·(s·q)) / ((1 + s) + s·q), each operation rounded to
 * float32 (x·s is exact).
 *
 * @remarks
 * PyTorch's x/(1 + e^(−x)) without its overflow, within 3 ulps (the budget;
 * the sweep measures it). Below x = −87.33654 (|x·σ(x)| \< 2^−119) the result is
 * −0, PyTorch's value below −88.72 too. silu(+∞) = +∞, silu(−∞) = NaN
 * (−∞·0, as in PyTorch), silu(±0) = ±0, NaN stays NaN.
 *
 * @param x - A float32 value.
 * @returns x·σ(x), a float32 value.
 * @public
 */
export function siluF32(x: number): number {
  if (x < SIGMOID_LOW) return x === -Infinity ? Number.NaN : -0;
  const a = -Math.abs(x);
  const v = a < SIGMOID_LOW ? SIGMOID_LOW : a;
  const n = reduceN(v);
  const s = POW2[(n | 0) + 200] as number;
  const sq = F(s * expm1Reduced(reduceR(v, n)));
  return F((x >= 0 ? x : F(x * s + F(x * sq))) / F(F(1 + s) + sq));
}

/**
 * SiLU's gradient as PyTorch's float32 `silu_backward` computes it:
 * s = 1 / (1 + e^(−x)), then (dy·s)·(1 + x·(1 − s)), each step rounded to
 * float32.
 *
 * @param x - The forward input.
 * @param dy - The output gradient.
 * @returns dx, a float32 value.
 * @public
 */
export function siluGradF32(x: number, dy: number): number {
  const s = F(1 / F(1 + expF32(-x)));
  return F(F(dy * s) * F(1 + F(x * F(1 - s))));
}

/**
 * Below this |x|, {@link tanhF32} evaluates its odd polynomial; at and above
 * it, (1 − e)/(1 + e) from e^(−2|x|).
 * @public
 */
export const TANH32_SMALL = 0.5625;

/**
 * The coefficients c₃ … c₁₃ of tanh(a) ≈ a + c₃a³ + c₅a⁵ + … + c₁₃a¹³ on
 * [0, 0.5625), float32 values fitted by `scripts/sweeps/fit-tanh32.py`
 * (relative error 4.6e-9 in exact arithmetic).
 * @public
 */
export const TANH32_POLY: readonly number[] = Object.freeze(
  [-0.3333333134651184, 0.13333284854888916, -0.05395812913775444, 0.02177189104259014, -0.008378584869205952, 0.0023535892833024263].map(F),
);

const [T3, T5, T7, T9, T11, T13] = TANH32_POLY as readonly [number, number, number, number, number, number];

/**
 * tanh in float32 arithmetic, with the sign of x, within 1 ulp (the budget; the sweep measures it).
 *
 * @remarks
 * With a = |x|: below 0.5625, a + a³·P(a²) with P of degree 5 in float32
 * (Horner's rule, each step rounded). From 0.5625 up, e = e^(−2a) from
 * {@link expWide} and (1 − e)/(1 + e) in float64, rounded once to float32,
 * so that neither the rounding of 1 + q nor the cancellation of 1 − e costs
 * float32 precision. tanh(±0) = ±0,
 * tanh(±∞) = ±1, NaN stays NaN. The WebAssembly kernel computes the float64
 * steps in `f64x2` lanes: the same bits.
 *
 * @param x - A float32 value.
 * @returns tanh(x), a float32 value.
 * @public
 */
export function tanhF32(x: number): number {
  const a = Math.abs(x);
  let t: number;
  if (a < TANH32_SMALL) {
    const a2 = F(a * a);
    let p = F(F(T13 * a2) + T11);
    p = F(F(p * a2) + T9);
    p = F(F(p * a2) + T7);
    p = F(F(p * a2) + T5);
    p = F(F(p * a2) + T3);
    t = F(a + F(F(a * a2) * p));
  } else {
    const e = expWide(F(-2 * a));
    t = F((1 - e) / (1 + e));
  }
  return x < 0 ? -t : x === 0 ? x : t;
}

/**
 * tanh's gradient from its output, as PyTorch's float32 `tanh_backward`
 * computes it: dy·(1 − y·y) with 1 − y·y rounded once to float32 (PyTorch's
 * compiler fuses the multiply and the subtraction; y·y of a float32 y is
 * exact in float64, where the subtraction rounds first), then the product
 * rounded.
 *
 * @param y - tanh(x), as the forward stored it.
 * @param dy - The output gradient.
 * @returns dx, a float32 value.
 * @public
 */
export function tanhGradF32(y: number, dy: number): number {
  return F(dy * F(1 - y * y));
}

/**
 * Below this z, e^z rounds below 1 in float32: −2⁻²⁵. ELU's zero takes its
 * sign from it, as PyTorch's (e^z − 1)·α does.
 */
const EXP_BELOW_ONE = -(2 ** -25);

/**
 * The ELU family (ELU, CELU, SELU) in float32: x·p where x \> 0, else
 * (e^z − 1)·a with z = x·s, each step rounded to float32.
 *
 * @remarks
 * The coefficients are PyTorch's: p (`poscoef`, the scale), a (`negcoef`,
 * α·scale) and s (`negiptcoef`, 1/α for CELU), each already a float32. Where
 * (e^z − 1)·a is zero, its sign is that of PyTorch's (e^z − 1)·a: −0·a
 * where e^z rounds below 1 (z \< −2⁻²⁵), +0·a otherwise. NaN stays NaN.
 *
 * @param x - A float32 value.
 * @param p - The positive side's slope.
 * @param a - The factor of e^z − 1.
 * @param s - The input scale of z.
 * @returns y, a float32 value.
 * @public
 */
export function eluF32(x: number, p: number, a: number, s: number): number {
  if (x > 0) return F(x * p);
  const z = F(x * s);
  const y = F(expm1F32(z) * a);
  return y !== 0 ? y : (z < EXP_BELOW_ONE ? -0 : 0) * a;
}

/**
 * The ELU family's gradient in float32, as PyTorch's `elu_backward`
 * computes it from x: dy·p where x \> 0, else ((dy·s)·a)·e^(x·s), each step
 * rounded to float32.
 *
 * @param x - The forward input.
 * @param dy - The output gradient.
 * @param p - The positive side's slope.
 * @param a - The factor of e^z − 1.
 * @param s - The input scale in the backward (PyTorch's, which for CELU reads α as a float32).
 * @returns dx, a float32 value.
 * @public
 */
export function eluGradF32(x: number, dy: number, p: number, a: number, s: number): number {
  if (x > 0) return F(dy * p);
  return F(F(F(dy * s) * a) * expF32(F(x * s)));
}
