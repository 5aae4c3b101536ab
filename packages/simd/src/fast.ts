/**
 * Branchless float32 kernels in plain TypeScript, for runtimes without
 * WebAssembly SIMD and for inputs too small to be worth a trip into
 * WebAssembly. They work on the bits, through an Int32Array view of the same
 * memory: with random signs a compare-and-branch loop mispredicts about half
 * the time, a bit mask never does.
 */

/** One Int32Array over each buffer seen, so that a call allocates nothing after the first. */
const views = new WeakMap<ArrayBufferLike, Int32Array>();

function bits(array: Float32Array): Int32Array {
  const buffer = array.buffer;
  let view = views.get(buffer);
  // A view made before a resizable buffer grew may be too short: make it again.
  if (view === undefined || view.byteLength < array.byteOffset + array.byteLength) {
    view = new Int32Array(buffer, 0, buffer.byteLength >> 2);
    views.set(buffer, view);
  }
  return view;
}

/**
 * ReLU on float32 bits: y = x < 0 ? +0 : x, bit-identical to the scalar
 * kernel (−0 and NaN pass through).
 *
 * @remarks
 * With b the bits of x and m = b & 0x7fffffff, x \< 0 exactly when the sign
 * bit is set and 1 ≤ m ≤ 0x7f800000 (not −0, not NaN); each condition is an
 * arithmetic shift of a sign, their AND a mask, and y = b & ~mask.
 *
 * @param x - Input.
 * @param y - Output of the same length.
 * @internal
 */
export function reluBitsF32(x: Float32Array, y: Float32Array): void {
  const xb = bits(x);
  const yb = bits(y);
  const xo = x.byteOffset >> 2;
  const yo = y.byteOffset >> 2;
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const b = xb[xo + i] as number;
    const m = b & 0x7fffffff;
    // All ones when x < 0: sign set, magnitude non-zero, and not above infinity's.
    const negative = (b >> 31) & (-m >> 31) & ((m - 0x7f800001) >> 31);
    yb[yo + i] = b & ~negative;
  }
}

/**
 * ReLU's backward on float32 bits: dx = x ≤ 0 ? +0 : dy, bit-identical to
 * the scalar kernel (dy passes where x is NaN).
 *
 * @remarks
 * x ≤ 0 exactly when b = 0 (+0), or the sign bit is set and m ≤ 0x7f800000
 * (−0 and the negative numbers, not NaN).
 *
 * @param x - The forward input.
 * @param dy - Output gradient.
 * @param dx - Input gradient to write.
 * @internal
 */
export function reluBackwardBitsF32(x: Float32Array, dy: Float32Array, dx: Float32Array): void {
  const xb = bits(x);
  const gb = bits(dy);
  const db = bits(dx);
  const xo = x.byteOffset >> 2;
  const go = dy.byteOffset >> 2;
  const dO = dx.byteOffset >> 2;
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const b = xb[xo + i] as number;
    const m = b & 0x7fffffff;
    const notPositive = ~((b | -b) >> 31) | ((b >> 31) & ~((0x7f800000 - m) >> 31));
    db[dO + i] = (gb[go + i] as number) & ~notPositive;
  }
}
