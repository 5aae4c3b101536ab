/**
 * Branchless float32 kernels in plain TypeScript, for runtimes without
 * WebAssembly SIMD. They work on the bits, through an Int32Array view of the
 * same memory: with random signs a compare-and-branch loop may mispredict
 * about half the time, a bit mask never does. Finding the view costs a fixed
 * amount per call, so the `'auto'` path leaves short inputs to the scalar loops.
 */

/** The Int32Array over exactly each array's bytes, so that a call allocates nothing after an array's first. */
const views = new WeakMap<Float32Array, Int32Array>();

/**
 * The bits of `array`: an Int32Array over the same bytes, index for index.
 * A view that starts at the array's first element and has its length lets
 * the loops below index from 0 to the view's own length, which V8 compiles
 * without a bounds check per access (about 1.3–1.8× faster than one view
 * of the whole buffer indexed from an offset).
 */
function bits(array: Float32Array): Int32Array {
  let view = views.get(array);
  // A length-tracking array on a resizable buffer may have changed length: make the view again.
  if (view === undefined || view.length !== array.length) {
    view = new Int32Array(array.buffer, array.byteOffset, array.length);
    views.set(array, view);
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
  const n = xb.length;
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const b0 = xb[i] as number;
    const b1 = xb[i + 1] as number;
    const b2 = xb[i + 2] as number;
    const b3 = xb[i + 3] as number;
    const t0 = (b0 + 0x7fffffff) | 0;
    const t1 = (b1 + 0x7fffffff) | 0;
    const t2 = (b2 + 0x7fffffff) | 0;
    const t3 = (b3 + 0x7fffffff) | 0;
    yb[i] = b0 & ((t0 >> 31) | ~((t0 - 0x7f800000) >> 31));
    yb[i + 1] = b1 & ((t1 >> 31) | ~((t1 - 0x7f800000) >> 31));
    yb[i + 2] = b2 & ((t2 >> 31) | ~((t2 - 0x7f800000) >> 31));
    yb[i + 3] = b3 & ((t3 >> 31) | ~((t3 - 0x7f800000) >> 31));
  }
  for (; i < n; i++) {
    const b = xb[i] as number;
    const t = (b + 0x7fffffff) | 0;
    yb[i] = b & ((t >> 31) | ~((t - 0x7f800000) >> 31));
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
  const n = xb.length;
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const b0 = xb[i] as number;
    const b1 = xb[i + 1] as number;
    const b2 = xb[i + 2] as number;
    const b3 = xb[i + 3] as number;
    db[i] = (gb[i] as number) & ~(((b0 & 0x7fffffff) - ((b0 >> 31) & 0x7f800000) - 1) >> 31);
    db[i + 1] = (gb[i + 1] as number) & ~(((b1 & 0x7fffffff) - ((b1 >> 31) & 0x7f800000) - 1) >> 31);
    db[i + 2] = (gb[i + 2] as number) & ~(((b2 & 0x7fffffff) - ((b2 >> 31) & 0x7f800000) - 1) >> 31);
    db[i + 3] = (gb[i + 3] as number) & ~(((b3 & 0x7fffffff) - ((b3 >> 31) & 0x7f800000) - 1) >> 31);
  }
  for (; i < n; i++) {
    const b = xb[i] as number;
    db[i] = (gb[i] as number) & ~(((b & 0x7fffffff) - ((b >> 31) & 0x7f800000) - 1) >> 31);
  }
}
