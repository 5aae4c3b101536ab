import type { AxisLayout, FloatArray } from '@rectify/core';

/**
 * σ(b) = 1 / (1 + exp(−b)), the gate, as PyTorch holds it for the dtype.
 *
 * @remarks
 * In float64 the formula itself. In float32 PyTorch computes the gate in
 * float32 and keeps it (its backward stores `sigmoid(b)` as a float32
 * tensor), so each step is rounded to float32 as PyTorch's would be:
 * exp(−b), 1 + exp(−b), and the quotient. Where that matters: once exp(−b)
 * overflows float32 (b below about −88.72) the gate is exactly 0, so
 * ±∞·σ(b) is NaN as in PyTorch; and once exp(−b) is below half an ulp of 1
 * (b above about 16.6) it is exactly 1, so 1 − σ(b), and with it the
 * gradient of b, is exactly 0 as in PyTorch, however large a is. The
 * products that use the gate are then computed in float64 and rounded once.
 *
 * @param b - The gate's input.
 * @param single - Compute the float32 gate.
 * @internal
 */
export function gate(b: number, single: boolean): number {
  if (!single) return 1 / (1 + Math.exp(-b));
  return Math.fround(1 / Math.fround(1 + Math.fround(Math.exp(-b))));
}

/**
 * GLU's forward: along the axis, the first half a and the second half b
 * give y = a·σ(b).
 *
 * @remarks
 * Within each of the `outer` blocks, a is the first `channels/2·inner`
 * elements and b the next as many, and y[j] = a[j]·σ(b[j]). The product is
 * computed in float64 and rounded once to the output's dtype (for float32 a
 * and gate, exactly a float32 multiply).
 *
 * @param x - The input, laid out as `layout` describes.
 * @param y - The output: x's dtype, half its length.
 * @param layout - The split of the input around the axis; `channels` even.
 * @internal
 */
export function gluForward(x: FloatArray, y: FloatArray, layout: AxisLayout): void {
  const { outer, channels, inner } = layout;
  const half = (channels / 2) * inner;
  const single = x instanceof Float32Array;
  for (let o = 0; o < outer; o++) {
    const first = 2 * o * half;
    const out = o * half;
    for (let j = 0; j < half; j++) {
      y[out + j] = (x[first + j] as number) * gate(x[first + half + j] as number, single);
    }
  }
}

/**
 * GLU's backward, in PyTorch's order of operations:
 * da = σ(b)·dy and db = (1 − σ(b))·σ(b)·a·dy, each in float64 (left to
 * right, as written) and rounded once to the dtype.
 *
 * @param x - The forward's input, unchanged since.
 * @param dy - The output gradient: half x's length.
 * @param dx - The input gradient to write: x's length.
 * @param layout - The forward's layout.
 * @internal
 */
export function gluBackward(x: FloatArray, dy: FloatArray, dx: FloatArray, layout: AxisLayout): void {
  const { outer, channels, inner } = layout;
  const half = (channels / 2) * inner;
  const single = x instanceof Float32Array;
  for (let o = 0; o < outer; o++) {
    const first = 2 * o * half;
    const out = o * half;
    for (let j = 0; j < half; j++) {
      const a = x[first + j] as number;
      const s = gate(x[first + half + j] as number, single);
      const g = dy[out + j] as number;
      dx[first + j] = s * g;
      dx[first + half + j] = (1 - s) * s * a * g;
    }
  }
}
