/**
 * Mish in float32, built on the float32 reduction of `exp32.ts` (through
 * `expWide`): float32 operations, and where named float64 ones on float32
 * values, so that `@rectify/gelu`'s float32 loops and `@rectify/simd`'s
 * WebAssembly kernels, which do the same operations on `f32x4` and `f64x2`
 * lanes, give the same bits.
 *
 * @packageDocumentation
 */
import { EXP32, expF32, expWide } from './exp32.js';

const F = Math.fround;

const WIDE_LOW = EXP32.wideLow;

/**
 * The constants of {@link mishGradF32}, float32 values, for kernels in other
 * languages that must give the same bits.
 * @public
 */
export const MISH32 = Object.freeze({
  /**
   * From this x up, PyTorch's float32 tanh(softplus(x)) is exactly 1: its
   * tanh returns 1 above 8.664339742, short of where the exact value rounds
   * to 1 (x ≈ 9.01). The gradient takes t = 1 there, as PyTorch does: with
   * the correctly rounded t, 1 − t² would be 2⁻²³ instead of 0 and the
   * slope off PyTorch's by 1e-6.
   */
  saturate: 8.664168357849121,
});

const SATURATE = MISH32.saturate;

/**
 * tanh(softplus(x)) = tanh(ln(1 + eˣ)) as a float64 value: a rational
 * function of u = e^(−|x|) from `expWide` (its float32 reduction, then
 * (1 + q)·2^n in float64), finished in float64 with one division: for
 * x ≥ 0, N/(N + 2u²) with N = 1 + 2u; for x \< 0, n/(n + 2) with
 * n = u·(u + 2).
 *
 * @remarks
 * With w = eˣ, tanh(ln(1 + w)) = w(w + 2)/(w(w + 2) + 2), and dividing by
 * w², (1 + 2v)/((1 + 2v) + 2v²) with v = e^(−x): neither form overflows or
 * cancels, and the float64 steps add nothing to the error of u
 * (0.75·2⁻²⁴ relative, and the gate's sensitivity to it vanishes as the
 * gate nears 1), so the gate rounded to float32 is the correctly rounded
 * value but near ties, as the gradient needs (its 1 − t² cancels near
 * t = 1). Exactly 0 below x = −120, where x·tanh(softplus(x)) rounds to −0
 * in float32; NaN stays NaN. In float64 steps, with p = u·u: for x ≥ 0,
 * N = 1 + (u + u) and N/(N + (p + p)); for x \< 0, n/(n + 2).
 *
 * @param x - A float32 value.
 * @returns tanh(softplus(x)), a float64 value.
 * @internal
 */
export function mishGateWide(x: number): number {
  if (x < WIDE_LOW) return 0;
  const u = expWide(-Math.abs(x));
  if (x >= 0) {
    const p = u * u;
    const n = 1 + (u + u);
    return n / (n + (p + p));
  }
  const n = u * (u + 2);
  return n / (n + 2);
}

/**
 * Mish in float32: x·t with t = tanh(softplus(x)) from one e^(−|x|) (see
 * `mishGateWide`), the product taken in float64 and rounded once to
 * float32; within 2 ulps (the budget; the sweep measures it).
 *
 * @remarks
 * No flush: below x = −120 the result is −0, as the exact value rounds.
 * mish(+∞) = +∞, mish(−∞) = NaN (−∞·0, as in PyTorch), mish(±0) = ±0,
 * NaN stays NaN.
 *
 * @param x - A float32 value.
 * @returns x·tanh(softplus(x)), a float32 value.
 * @public
 */
export function mishF32(x: number): number {
  return F(x * mishGateWide(x));
}

/**
 * Mish's gradient as PyTorch's float32 `mish_backward` computes it:
 * dy·(t + x·σ·(1 − t·t)) with t the gate of {@link mishF32} rounded to
 * float32 (1 from `MISH32.saturate` up, where PyTorch's is 1), σ = 1/(1 + e^(−x)) from `expF32`, 1 − t·t rounded once
 * (PyTorch's compiler fuses it; t·t of a float32 t is exact in float64) and
 * every other step rounded to float32.
 *
 * @remarks
 * From x = 8.664168 up t is 1 and the slope exactly 1, as in PyTorch;
 * NaN at ±∞ (∞·0), as in PyTorch; dy·(+0) far left, where PyTorch's σ is +0.
 *
 * @param x - The forward input.
 * @param dy - The output gradient.
 * @returns dx, a float32 value.
 * @public
 */
export function mishGradF32(x: number, dy: number): number {
  const t = x >= SATURATE ? 1 : F(mishGateWide(x));
  const s = F(1 / F(1 + expF32(-x)));
  return F(dy * F(t + F(F(x * s) * F(1 - t * t))));
}
