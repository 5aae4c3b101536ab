/**
 * Softplus in float32, PyTorch's with β and its threshold, built on the
 * float32 reduction of `exp32.ts` and the ln(1 + u) of `log32.ts`: every step
 * a float32 operation, so that `@rectify/softplus`'s float32 loops and
 * `@rectify/simd`'s WebAssembly kernels, which do the same operations on
 * `f32x4` lanes, give the same bits.
 *
 * @packageDocumentation
 */
import { EXP32, POW2, expF32, expm1Reduced, reduceN, reduceR } from './exp32.js';
import { log1pUnitF32 } from './log32.js';

const F = Math.fround;

/**
 * The constants of {@link softplusF32} beyond those of `EXP32`, float32
 * values, for kernels in other languages that must give the same bits.
 * @public
 */
export const SOFTPLUS32 = Object.freeze({
  /**
   * The smallest float32 whose e^x overflows float32 (ln of the largest
   * float32 is 88.7228391): from βx = 88.72283935546875 up, below the
   * threshold, PyTorch's e^(βx) is +∞ and so is its softplus.
   */
  overflow: 88.72283935546875,
});

const LOW = EXP32.sigmoidLow;
const OVERFLOW = SOFTPLUS32.overflow;

/**
 * e^(−|x|) in float32: s + s·q with s = 2^n and q ≈ e^r − 1 from the
 * reduction of `expF32`, s·q and the sum each rounded once (1 + q is never
 * rounded), as `logsigmoidF32` computes it. Below −87.33654 the argument is
 * clamped there (the caller flushes). NaN stays NaN.
 */
function expNegAbsF32(x: number): number {
  const a = -Math.abs(x);
  const v = a < LOW ? LOW : a;
  const n = reduceN(v);
  const s = POW2[(n | 0) + 200] as number;
  return F(s + F(s * expm1Reduced(reduceR(v, n))));
}

/**
 * PyTorch's softplus in float32: x where b = βx (rounded to float32) exceeds
 * the threshold, else (max(b, 0) + ln(1 + e^(−|b|)))/β, each step a float32
 * operation, within 3 ulps of log1p(e^b)/β for β = 1 (the budget; the sweep
 * measures it) and within 4 for other β (the tests' samples), b being
 * rounded to float32 first as PyTorch rounds it.
 *
 * @remarks
 * log1p(e^b) = max(b, 0) + ln(1 + e^(−|b|)) neither overflows nor cancels:
 * e^(−|b|) is s + s·q from the reduction of `expF32` (1 + q never rounded) and ln(1 + u) on [0, 1] from
 * `log1pUnitF32`. As in PyTorch, where e^b overflows float32 below the
 * threshold (b ≥ 88.72283935546875, for a threshold above it) the result is
 * +∞. Below b = −87.33654 (where log1p(e^b) \< 2^−126) the result is +0,
 * where PyTorch's is a tiny positive number or +0 too. softplus(+∞) = +∞,
 * softplus(−∞) = +0, NaN stays NaN.
 *
 * @param x - A float32 value.
 * @param beta - β, a positive float32 value.
 * @param threshold - The threshold, a float32 value.
 * @returns softplus(x), a float32 value.
 * @public
 */
export function softplusF32(x: number, beta: number, threshold: number): number {
  const b = F(x * beta);
  if (b > threshold) return x;
  if (b >= OVERFLOW) return Infinity;
  if (b < LOW) return 0;
  return F(F((b > 0 ? b : 0) + log1pUnitF32(expNegAbsF32(b))) / beta);
}

/**
 * Softplus's gradient as PyTorch's float32 `softplus_backward` computes it:
 * dy where βx \> threshold, else z = e^(βx) from `expF32` and (dy·z)/(z + 1),
 * each step rounded to float32.
 *
 * @remarks
 * NaN where e^(βx) overflows below the threshold (∞/∞), as in PyTorch; dy·0
 * (signed as dy) where it underflows.
 *
 * @param x - The forward input.
 * @param dy - The output gradient.
 * @param beta - β, a positive float32 value.
 * @param threshold - The threshold, a float32 value.
 * @returns dx, a float32 value.
 * @public
 */
export function softplusGradF32(x: number, dy: number, beta: number, threshold: number): number {
  const b = F(x * beta);
  if (b > threshold) return dy;
  const z = expF32(b);
  return F(F(dy * z) / F(z + 1));
}
