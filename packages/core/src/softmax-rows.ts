/**
 * The float32 arithmetic of softmax, log_softmax and softmin along one
 * slice, defined once: the float32 loops of `@rectify/softmax` call these
 * functions, and `@rectify/simd`'s kernels do the same operations in the
 * same order on `f32x4` lanes, so that installing the provider changes no
 * bit.
 *
 * @remarks
 * A slice is n values v_k (v = x, or −x for softmin) at `start`,
 * `start + stride`, …; k is the index along the slice. Every step is a
 * float32 operation (a float64 operation on float32 values, rounded with
 * `Math.fround`) except the sums, which add float32 terms in float64 in a
 * fixed order of `SOFTMAX_SUM_LANES` partial sums (see
 * `laneSumF32`): what a vector of two `f64x2` accumulators per eight
 * elements adds, so the order is the same on every path.
 *
 * @packageDocumentation
 */
import { EXP32, expF32 } from './exp32.js';
import { log1pUnitF32 } from './log32.js';
import type { FloatArray } from './tensor.js';

const F = Math.fround;

/**
 * The number of partial sums of a slice's float64 sums: term k goes to
 * partial sum k mod 8, and the eight are combined as
 * ((S₀ + S₄) + (S₂ + S₆)) + ((S₁ + S₅) + (S₃ + S₇)).
 * @internal
 */
export const SOFTMAX_SUM_LANES = 8;

/** The eight partial sums of `laneSumF32`, reused: one slice is summed at a time. */
const partial = new Float64Array(SOFTMAX_SUM_LANES);

/**
 * Combines the partial sums in the fixed order of `SOFTMAX_SUM_LANES`.
 * @param s - The eight partial sums.
 * @internal
 */
function combine(s: Float64Array): number {
  return ((s[0] as number) + (s[4] as number) + ((s[2] as number) + (s[6] as number))) + ((s[1] as number) + (s[5] as number) + ((s[3] as number) + (s[7] as number)));
}

/**
 * The float64 sum of n float32 terms t(0) … t(n − 1) in the order of
 * `SOFTMAX_SUM_LANES`: S_j = Σ t(k) over k ≡ j (mod 8), k ascending,
 * each partial sum starting at +0, then
 * ((S₀ + S₄) + (S₂ + S₆)) + ((S₁ + S₅) + (S₃ + S₇)).
 *
 * @remarks
 * This is the order of a SIMD loop over eight elements at a time that adds
 * lanes 0–1, 2–3, 4–5 and 6–7 into four `f64x2` accumulators, then adds
 * the accumulators pairwise and their two lanes; elements past the slice's
 * end add +0, which changes no partial sum (each is +0 or more, or NaN).
 *
 * @param n - The number of terms.
 * @param term - The k-th term, a float32 value (called once per k, in order).
 * @returns The sum, a float64 value.
 * @internal
 */
export function laneSumF32(n: number, term: (k: number) => number): number {
  partial.fill(0);
  for (let k = 0; k < n; k++) partial[k & 7] = (partial[k & 7] as number) + term(k);
  return combine(partial);
}

/**
 * The largest v along a slice, as WebAssembly's `f32.max` (and `Math.max`)
 * take it: NaN when any v is NaN, +0 above −0; −∞ for n = 0.
 *
 * @param x - The input.
 * @param start - Index of the slice's first element.
 * @param stride - Distance between its consecutive elements.
 * @param n - Its length.
 * @param negate - Take v = −x (softmin).
 * @returns The largest v, a float32 value for float32 inputs.
 * @internal
 */
export function sliceMaxF32(x: FloatArray, start: number, stride: number, n: number, negate: boolean): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let k = 0, p = start; k < n; k++, p += stride) {
    const v = x[p] as number;
    m = Math.max(m, negate ? -v : v);
  }
  return m;
}

/** A float32 and the same four bytes as an integer, for the exponent and mantissa of a sum. */
const bits32 = new Float32Array(1);
const int32 = new Int32Array(bits32.buffer);

/**
 * ln s of a slice's sum of exponentials, in float32 arithmetic: s rounded
 * to float32, s = 2^k·f with f in [1, 2), then
 * ln s = k·ln2_hi + (k·ln2_lo + `log1pUnitF32`(f − 1)).
 *
 * @remarks
 * Each step a float32 operation: k·ln2_hi is exact (ln2_hi of
 * {@link EXP32} holds 15 significant bits and k \< 2⁸), f − 1 is exact, and
 * the two additions round. A sum of exponentials with its largest term
 * e^0 = 1 is at least 1, so k ≥ 0 and ln s ≥ +0 (+0 exactly for s = 1). A
 * NaN sum gives NaN. Within about 2 ulps of ln s plus the rounding of s.
 *
 * @param sum - The float64 sum, at least 1 or NaN.
 * @returns ln sum, a float32 value.
 * @internal
 */
export function logSumF32(sum: number): number {
  const s = F(sum);
  if (s !== s) return s;
  bits32[0] = s;
  const b = int32[0] as number;
  const k = (b >>> 23) - 127;
  int32[0] = (b & 0x7fffff) | 0x3f800000;
  const u = F((bits32[0] as number) - 1);
  return F(F(k * EXP32.ln2Hi) + F(F(k * EXP32.ln2Lo) + log1pUnitF32(u)));
}

/**
 * The exponentials e_k = `expF32`(v_k − m) of a slice, the difference a
 * float32 subtraction, written to `e` at the slice's places; returns their
 * float64 sum in the order of `laneSumF32`.
 */
function exponentials(x: FloatArray, e: FloatArray, start: number, stride: number, n: number, negate: boolean, m: number): number {
  partial.fill(0);
  for (let k = 0, p = start; k < n; k++, p += stride) {
    const v = x[p] as number;
    const t = expF32(F((negate ? -v : v) - m));
    e[p] = t;
    partial[k & 7] = (partial[k & 7] as number) + t;
  }
  return combine(partial);
}

/**
 * Softmax (or softmin) of one float32 slice, written to `y` at the slice's
 * places: with m = `sliceMaxF32`, e_k = `expF32`(v_k − m), their sum
 * S in float64 (`laneSumF32`) and r = 1/S rounded to float32,
 *
 * ```text
 * y_k = e_k · r    (a float32 product)
 * ```
 *
 * @remarks
 * As PyTorch's float32 softmax: the largest v subtracted first (no
 * overflow, S ≥ 1), then a product by the reciprocal of the sum. A NaN in
 * the slice makes it NaN; so does +∞ (∞ − ∞ in its own term) or a slice of
 * −∞ only; a −∞ among finite values gets +0. The error: 1 ulp of
 * `expF32`, half an ulp each of r and of the product, and the float32
 * difference v − m, which drops the digits of v below the ulp of v − m (as
 * PyTorch's does) and so moves e^(v − m) by up to |v − m|·2⁻²⁴ relative;
 * within a mixed error |y − p| / max(|p|, 1) of 2·10⁻⁷ in the tests.
 *
 * @param x - The input, a `Float32Array`.
 * @param y - The output, same layout; may be `x` itself.
 * @param start - Index of the slice's first element.
 * @param stride - Distance between its consecutive elements.
 * @param n - Its length, ≥ 1.
 * @param negate - Softmin: take v = −x.
 * @public
 */
export function softmaxSliceF32(x: FloatArray, y: FloatArray, start: number, stride: number, n: number, negate: boolean): void {
  const m = sliceMaxF32(x, start, stride, n, negate);
  const r = F(1 / exponentials(x, y, start, stride, n, negate, m));
  for (let k = 0, p = start; k < n; k++, p += stride) y[p] = F((y[p] as number) * r);
}

/**
 * Log-softmax of one float32 slice, written to `y` at the slice's places:
 * with m = `sliceMaxF32`, S the float64 sum of `expF32`(v_k − m)
 * (`laneSumF32`) and L = `logSumF32`(S),
 *
 * ```text
 * y_k = (v_k − m) − L    (two float32 subtractions, in this order)
 * ```
 *
 * @remarks
 * As PyTorch's float32 log_softmax: (v − m) − L keeps the digits of v that
 * m + L would lose. Both terms are ≤ 0, so nothing cancels. NaN, +∞ and
 * all-−∞ slices are NaN; −∞ among finite values gives −∞; the largest v of
 * a slice whose other terms vanish gives +0.
 *
 * @param x - The input, a `Float32Array`.
 * @param y - The output, same layout; may be `x` itself.
 * @param start - Index of the slice's first element.
 * @param stride - Distance between its consecutive elements.
 * @param n - Its length, ≥ 1.
 * @public
 */
export function logSoftmaxSliceF32(x: FloatArray, y: FloatArray, start: number, stride: number, n: number): void {
  const m = sliceMaxF32(x, start, stride, n, false);
  const L = logSumF32(laneSumF32(n, (k) => expF32(F((x[start + k * stride] as number) - m))));
  for (let k = 0, p = start; k < n; k++, p += stride) y[p] = F(F((x[p] as number) - m) - L);
}

/**
 * The gradient of {@link softmaxSliceF32} from x alone, written to `dx`:
 * y computed again as the forward computes it, then
 *
 * ```text
 * T = Σ dy_k·y_k    (float32 products, summed in float64 as laneSumF32, rounded to float32)
 * dx_k = (dy_k − T)·y_k    (float32), negated for softmin
 * ```
 *
 * @remarks
 * PyTorch's float32 formula, with the sum in float64. `dx` holds the
 * exponentials and then y while the slice is in flight, so it must not
 * overlap `x` or `dy` (the activation contract forbids it). Where y = +0
 * the result is a zero with the sign of dy − T (the opposite for softmin).
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
export function softmaxSliceGradF32(x: FloatArray, dy: FloatArray, dx: FloatArray, start: number, stride: number, n: number, negate: boolean): void {
  softmaxSliceF32(x, dx, start, stride, n, negate);
  const T = F(laneSumF32(n, (k) => F((dy[start + k * stride] as number) * (dx[start + k * stride] as number))));
  for (let k = 0, p = start; k < n; k++, p += stride) {
    const g = F(F((dy[p] as number) - T) * (dx[p] as number));
    dx[p] = negate ? -g : g;
  }
}

/**
 * The gradient of {@link logSoftmaxSliceF32} from x alone, written to `dx`:
 * with e_k, S and r = 1/S (float32) as {@link softmaxSliceF32} computes
 * them, and D = Σ dy_k in float64 (`laneSumF32`) rounded to float32,
 *
 * ```text
 * dx_k = dy_k − (e_k·r)·D    (float32)
 * ```
 *
 * @remarks
 * PyTorch's dy − exp(y)·Σ dy, with the probability e_k·r (the softmax
 * forward's bits) for exp(y): the same value without a second exponential,
 * and without the error y's rounding would bring to exp(y). Where the
 * log-probability is −∞, dx = dy. `dx` holds the exponentials while the
 * slice is in flight, so it must not overlap `x` or `dy`.
 *
 * @param x - The forward's input.
 * @param dy - The output gradient.
 * @param dx - The input gradient to write.
 * @param start - Index of the slice's first element.
 * @param stride - Distance between its consecutive elements.
 * @param n - Its length, ≥ 1.
 * @public
 */
export function logSoftmaxSliceGradF32(x: FloatArray, dy: FloatArray, dx: FloatArray, start: number, stride: number, n: number): void {
  const m = sliceMaxF32(x, start, stride, n, false);
  const r = F(1 / exponentials(x, dx, start, stride, n, false, m));
  const D = F(laneSumF32(n, (k) => dy[start + k * stride] as number));
  for (let k = 0, p = start; k < n; k++, p += stride) dx[p] = F((dy[p] as number) - F(F((dx[p] as number) * r) * D));
}
