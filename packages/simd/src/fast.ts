/**
 * Branchless float32 kernels in plain TypeScript, for runtimes without
 * WebAssembly SIMD. They work on the bits, through an Int32Array view of the
 * same memory: with random signs a compare-and-branch loop may mispredict
 * about half the time, a bit mask never does. Finding the view costs a fixed
 * amount per call, so the `'auto'` path leaves short inputs to the scalar loops.
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
 * With b the bits of x as a signed 32-bit integer, x \< 0 exactly when b lies
 * in [−2^31 + 1, bits of −Infinity] (sign set, not −0, not a NaN). Adding
 * 2^31 − 1 with wrap-around, t = b + 0x7fffffff, moves that range to
 * [0, 0x7f7fffff]; b is kept where t \< 0 or t ≥ 0x7f800000, each a sign
 * bit spread by an arithmetic shift: y = b & ((t \>\> 31) | ~((t − 0x7f800000) \>\> 31)).
 * The loop handles four elements per iteration.
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
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const b0 = xb[xo + i] as number;
    const b1 = xb[xo + i + 1] as number;
    const b2 = xb[xo + i + 2] as number;
    const b3 = xb[xo + i + 3] as number;
    const t0 = (b0 + 0x7fffffff) | 0;
    const t1 = (b1 + 0x7fffffff) | 0;
    const t2 = (b2 + 0x7fffffff) | 0;
    const t3 = (b3 + 0x7fffffff) | 0;
    yb[yo + i] = b0 & ((t0 >> 31) | ~((t0 - 0x7f800000) >> 31));
    yb[yo + i + 1] = b1 & ((t1 >> 31) | ~((t1 - 0x7f800000) >> 31));
    yb[yo + i + 2] = b2 & ((t2 >> 31) | ~((t2 - 0x7f800000) >> 31));
    yb[yo + i + 3] = b3 & ((t3 >> 31) | ~((t3 - 0x7f800000) >> 31));
  }
  for (; i < n; i++) {
    const b = xb[xo + i] as number;
    const t = (b + 0x7fffffff) | 0;
    yb[yo + i] = b & ((t >> 31) | ~((t - 0x7f800000) >> 31));
  }
}

/**
 * ReLU's backward on float32 bits: dx = x ≤ 0 ? +0 : dy, bit-identical to
 * the scalar kernel (dy passes where x is NaN).
 *
 * @remarks
 * With b the bits of x, m = b & 0x7fffffff its magnitude and s = b \>\> 31
 * its sign (0 or −1), dy is kept exactly when m ≥ 1 for a clear sign (x \> 0
 * or a positive NaN) and m ≥ 0x7f800001 for a set sign (a negative NaN),
 * that is when m − (s & 0x7f800000) − 1 ≥ 0; that difference lies in
 * [−0x7f800001, 2^31 − 2], so it cannot overflow, and its sign bit spread
 * by an arithmetic shift is the mask:
 * dx = dy & ~((m − (s & 0x7f800000) − 1) \>\> 31).
 * The loop handles four elements per iteration.
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
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const b0 = xb[xo + i] as number;
    const b1 = xb[xo + i + 1] as number;
    const b2 = xb[xo + i + 2] as number;
    const b3 = xb[xo + i + 3] as number;
    db[dO + i] = (gb[go + i] as number) & ~(((b0 & 0x7fffffff) - ((b0 >> 31) & 0x7f800000) - 1) >> 31);
    db[dO + i + 1] = (gb[go + i + 1] as number) & ~(((b1 & 0x7fffffff) - ((b1 >> 31) & 0x7f800000) - 1) >> 31);
    db[dO + i + 2] = (gb[go + i + 2] as number) & ~(((b2 & 0x7fffffff) - ((b2 >> 31) & 0x7f800000) - 1) >> 31);
    db[dO + i + 3] = (gb[go + i + 3] as number) & ~(((b3 & 0x7fffffff) - ((b3 >> 31) & 0x7f800000) - 1) >> 31);
  }
  for (; i < n; i++) {
    const b = xb[xo + i] as number;
    db[dO + i] = (gb[go + i] as number) & ~(((b & 0x7fffffff) - ((b >> 31) & 0x7f800000) - 1) >> 31);
  }
}
