/**
 * The float64 arithmetic of softmax, log_softmax and softmin along one
 * slice, defined once, as `softmax-rows.ts` defines the float32 one: the
 * float64 loops of `@rectify/softmax` call these functions, and
 * `@rectify/simd`'s kernels do the same operations in the same order on
 * `f64x2` lanes, so that installing the provider changes no bit.
 *
 * @remarks
 * The same passes and the same order of the sums (`SOFTMAX_SUM_LANES`)
 * as the float32 functions, every step a float64 operation, the
 * exponential `expF64` and the logarithm from `log1pUnitF64`.
 *
 * @packageDocumentation
 */
import { EXP64, expF64 } from './exp64.js';
import { log1pUnitF64 } from './log64.js';
import { SOFTMAX_SUM_LANES, laneSumF32, sliceMaxF32 } from './softmax-rows.js';
import type { FloatArray } from './tensor.js';

/** The partial sums of `laneSumF64`'s order, reused: one slice is summed at a time. */
const partial = new Float64Array(SOFTMAX_SUM_LANES);

/** The partial sums combined as ((S₀ + S₄) + (S₂ + S₆)) + ((S₁ + S₅) + (S₃ + S₇)). */
function combine(s: Float64Array): number {
  return (s[0] as number) + (s[4] as number) + ((s[2] as number) + (s[6] as number)) + ((s[1] as number) + (s[5] as number) + ((s[3] as number) + (s[7] as number)));
}

/**
 * The float64 sum of n float64 terms in the order of `SOFTMAX_SUM_LANES`:
 * term k to partial sum k mod 8, then
 * ((S₀ + S₄) + (S₂ + S₆)) + ((S₁ + S₅) + (S₃ + S₇)); the order of a SIMD
 * loop adding four `f64x2` vectors of each group of eight elements into
 * four accumulators.
 *
 * @param n - The number of terms.
 * @param term - The k-th term (called once per k, in order).
 * @returns The sum.
 * @internal
 */
export const laneSumF64: (n: number, term: (k: number) => number) => number = laneSumF32;

/**
 * The largest v along a float64 slice, as `f64.max` (and `Math.max`) take
 * it: NaN when any v is NaN, +0 above −0; −∞ for n = 0.
 *
 * @param x - The input.
 * @param start - Index of the slice's first element.
 * @param stride - Distance between its consecutive elements.
 * @param n - Its length.
 * @param negate - Take v = −x (softmin).
 * @returns The largest v.
 * @internal
 */
export const sliceMaxF64: (x: FloatArray, start: number, stride: number, n: number, negate: boolean) => number = sliceMaxF32;

/** A float64 and its high 32 bits (the second word on the little-endian hosts WebAssembly runs on), for the exponent and mantissa of a sum. */
const bits64 = new Float64Array(1);
const high = new Uint32Array(bits64.buffer, 4, 1);

/**
 * ln s of a slice's float64 sum of exponentials: s = 2^k·f with f in
 * [1, 2), then ln s = k·ln2_hi + (k·ln2_lo + `log1pUnitF64`(f − 1)), each a
 * float64 operation.
 *
 * @remarks
 * k·ln2_hi is exact (ln2_hi of `EXP64` holds 32 significant bits) and
 * f − 1 is exact. A sum of exponentials with its largest term e^0 = 1 is at
 * least 1, so k ≥ 0 and ln s ≥ +0 (+0 exactly for s = 1). A NaN sum gives
 * NaN. Within a few ulps of ln s.
 *
 * @param sum - The sum, at least 1 or NaN.
 * @returns ln sum.
 * @internal
 */
export function logSumF64(sum: number): number {
  if (sum !== sum) return sum;
  bits64[0] = sum;
  const h = high[0] as number;
  const k = (h >>> 20) - 1023;
  high[0] = (h & 0xfffff) | 0x3ff00000;
  const u = (bits64[0] as number) - 1;
  return k * EXP64.ln2Hi + (k * EXP64.ln2Lo + log1pUnitF64(u));
}

/** e_k = expF64(v_k − m) written to `e` at the slice's places; returns their sum in the order of laneSumF64. */
function exponentials(x: FloatArray, e: FloatArray, start: number, stride: number, n: number, negate: boolean, m: number): number {
  partial.fill(0);
  for (let k = 0, p = start; k < n; k++, p += stride) {
    const v = x[p] as number;
    const t = expF64((negate ? -v : v) - m);
    e[p] = t;
    partial[k & 7] = (partial[k & 7] as number) + t;
  }
  return combine(partial);
}

/**
 * Softmax (or softmin) of one float64 slice, written to `y`: with
 * m = `sliceMaxF64`, e_k = `expF64`(v_k − m), S their sum
 * (`laneSumF64`) and r = 1/S, y_k = e_k·r, each a float64 operation.
 *
 * @remarks
 * Special values as the float32 `softmaxSliceF32`: NaN, +∞ and all-−∞
 * slices are NaN; −∞ among finite values gives +0. Within a mixed error of
 * 2·10⁻¹⁵ of the exact value in the tests (rows of up to 300 elements).
 *
 * @param x - The input, a `Float64Array`.
 * @param y - The output, same layout; may be `x` itself.
 * @param start - Index of the slice's first element.
 * @param stride - Distance between its consecutive elements.
 * @param n - Its length, ≥ 1.
 * @param negate - Softmin: take v = −x.
 * @public
 */
export function softmaxSliceF64(x: FloatArray, y: FloatArray, start: number, stride: number, n: number, negate: boolean): void {
  const m = sliceMaxF64(x, start, stride, n, negate);
  const r = 1 / exponentials(x, y, start, stride, n, negate, m);
  for (let k = 0, p = start; k < n; k++, p += stride) y[p] = (y[p] as number) * r;
}

/**
 * Log-softmax of one float64 slice, written to `y`: with m, S as
 * {@link softmaxSliceF64} computes them and L = `logSumF64`(S),
 * y_k = (v_k − m) − L, in this order.
 *
 * @param x - The input, a `Float64Array`.
 * @param y - The output, same layout; may be `x` itself.
 * @param start - Index of the slice's first element.
 * @param stride - Distance between its consecutive elements.
 * @param n - Its length, ≥ 1.
 * @public
 */
export function logSoftmaxSliceF64(x: FloatArray, y: FloatArray, start: number, stride: number, n: number): void {
  const m = sliceMaxF64(x, start, stride, n, false);
  const L = logSumF64(laneSumF64(n, (k) => expF64((x[start + k * stride] as number) - m)));
  for (let k = 0, p = start; k < n; k++, p += stride) y[p] = (x[p] as number) - m - L;
}

/**
 * The gradient of {@link softmaxSliceF64} from x alone, written to `dx`: y
 * computed again as the forward does, T = Σ dy_k·y_k (`laneSumF64`),
 * dx_k = (dy_k − T)·y_k, negated for softmin. `dx` holds the slice's
 * intermediate values, so it must not overlap `x` or `dy`.
 *
 * @param x - The forward's input.
 * @param dy - The output gradient.
 * @param dx - The input gradient to write.
 * @param start - Index of the slice's first element.
 * @param stride - Distance between its consecutive elements.
 * @param n - Its length, ≥ 1.
 * @param negate - Softmin: v = −x, and dx negated.
 * @public
 */
export function softmaxSliceGradF64(x: FloatArray, dy: FloatArray, dx: FloatArray, start: number, stride: number, n: number, negate: boolean): void {
  softmaxSliceF64(x, dx, start, stride, n, negate);
  const T = laneSumF64(n, (k) => (dy[start + k * stride] as number) * (dx[start + k * stride] as number));
  for (let k = 0, p = start; k < n; k++, p += stride) {
    const g = ((dy[p] as number) - T) * (dx[p] as number);
    dx[p] = negate ? -g : g;
  }
}

/**
 * The gradient of {@link logSoftmaxSliceF64} from x alone, written to `dx`:
 * with e_k and r = 1/S as {@link softmaxSliceF64} computes them and
 * D = Σ dy_k (`laneSumF64`), dx_k = dy_k − (e_k·r)·D. `dx` holds the
 * exponentials while the slice is in flight, so it must not overlap `x` or
 * `dy`.
 *
 * @param x - The forward's input.
 * @param dy - The output gradient.
 * @param dx - The input gradient to write.
 * @param start - Index of the slice's first element.
 * @param stride - Distance between its consecutive elements.
 * @param n - Its length, ≥ 1.
 * @public
 */
export function logSoftmaxSliceGradF64(x: FloatArray, dy: FloatArray, dx: FloatArray, start: number, stride: number, n: number): void {
  const m = sliceMaxF64(x, start, stride, n, false);
  const r = 1 / exponentials(x, dx, start, stride, n, false, m);
  const D = laneSumF64(n, (k) => dy[start + k * stride] as number);
  for (let k = 0, p = start; k < n; k++, p += stride) dx[p] = (dy[p] as number) - (dx[p] as number) * r * D;
}
