import type { DType, FloatArray } from './tensor.js';

/**
 * Rounds a scalar to the precision of an array's dtype: `Math.fround` for
 * float32, unchanged for float64. A float32 slope is rounded first, as PyTorch
 * rounds a Python float when it meets a float32 tensor.
 *
 * @param value - The scalar.
 * @param like - An array of the target dtype.
 * @public
 */
export function roundTo(value: number, like: FloatArray): number {
  return like instanceof Float32Array ? Math.fround(value) : value;
}

/** The identity, for float64's rounding. */
const keep = (value: number): number => value;

/**
 * The rounding of a dtype's arithmetic: `Math.fround` for float32, the
 * identity for float64. A loop picks it once and applies it after each step
 * it computes in float64, so that a float32 loop rounds as PyTorch's float32
 * arithmetic does (`round(round(x + 3) / 6)`), where {@link roundTo} rounds
 * one scalar at a time.
 *
 * @param dtype - The dtype.
 * @public
 */
export function roundingOf(dtype: DType): (value: number) => number {
  return dtype === 'float32' ? Math.fround : keep;
}

/**
 * The leaky rectifier over a range: y = x where x \> 0, else x·s.
 *
 * @remarks
 * The building block of Leaky ReLU, PReLU (one call per channel block) and
 * RReLU in eval mode. Like every kernel here it checks nothing: it trusts its
 * caller (an activation's `compute`, after `ActivationBase` has validated the
 * call) for dtypes, lengths and ranges. `slope` is rounded to the dtype of `x` first; a float32
 * product is then exact in float64 and rounded once on store, so the result
 * is bit-identical to a float32 multiply. NaN stays NaN; −0 gives −0·s.
 *
 * @param x - Input.
 * @param y - Output, same dtype; may not overlap `x`.
 * @param slope - The negative-side slope s.
 * @param start - First index. Defaults to 0.
 * @param end - One past the last index. Defaults to `x.length`.
 * @public
 */
export function leakyForward(x: FloatArray, y: FloatArray, slope: number, start = 0, end = x.length): void {
  const s = roundTo(slope, x);
  for (let i = start; i < end; i++) {
    const v = x[i] as number;
    y[i] = v > 0 ? v : v * s;
  }
}

/**
 * The gradient of {@link leakyForward}: dx = dy where x \> 0, else dy·s.
 *
 * @remarks
 * At x = 0 the gradient is s, and where x is NaN it is dy·s, as in PyTorch's
 * `leaky_relu_backward` (which tests `x > 0`).
 *
 * @param x - The forward input.
 * @param dy - Output gradient.
 * @param dx - Input gradient to write.
 * @param slope - The negative-side slope s.
 * @param start - First index. Defaults to 0.
 * @param end - One past the last index. Defaults to `x.length`.
 * @public
 */
export function leakyBackward(x: FloatArray, dy: FloatArray, dx: FloatArray, slope: number, start = 0, end = x.length): void {
  const s = roundTo(slope, x);
  for (let i = start; i < end; i++) {
    const g = dy[i] as number;
    dx[i] = (x[i] as number) > 0 ? g : g * s;
  }
}

/**
 * The sum over a range of x·dy where x is not positive: the gradient of a
 * leaky rectifier with respect to its slope, accumulated in float64.
 *
 * @param x - The forward input.
 * @param dy - Output gradient.
 * @param start - First index. Defaults to 0.
 * @param end - One past the last index. Defaults to `x.length`.
 * @public
 */
export function slopeGradient(x: FloatArray, dy: FloatArray, start = 0, end = x.length): number {
  let sum = 0;
  for (let i = start; i < end; i++) {
    const v = x[i] as number;
    if (!(v > 0)) sum += v * (dy[i] as number);
  }
  return sum;
}

/**
 * The initialisation gain of a leaky rectifier with slope s,
 * √(2 / (1 + s²)), as `torch.nn.init.calculate_gain('leaky_relu', s)` gives it
 * (He et al. 2015). Where s² overflows (|s| \> 1.3·10^154) it returns √2/|s|,
 * equal to the formula in double precision, rather than 0.
 *
 * @param slope - The negative-side slope s.
 * @public
 */
export function leakyGain(slope: number): number {
  const square = slope * slope;
  return Number.isFinite(square) ? Math.sqrt(2 / (1 + square)) : Math.SQRT2 / Math.abs(slope);
}
