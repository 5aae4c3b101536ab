/**
 * A slow statement of GLU, written from its definition to check the strided
 * loops against: every output is located by its multi-index, and its a and
 * b are read at the same multi-index in the first and second half of the axis.
 */

/** For each output, in row-major order, the flat indices in x of its a and b; `axis` resolved, 0 … rank − 1. */
export function pairsOf(shape: readonly number[], axis: number): [number, number][] {
  const half = (shape[axis] as number) / 2;
  const outShape = shape.map((size, d) => (d === axis ? half : size));
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((p, q) => p * q, 1));
  const outSize = outShape.reduce((p, q) => p * q, 1);
  const pairs: [number, number][] = [];
  for (let o = 0; o < outSize; o++) {
    let rest = o;
    let a = 0;
    for (let d = outShape.length - 1; d >= 0; d--) {
      const size = outShape[d] as number;
      a += (rest % size) * (strides[d] as number);
      rest = Math.floor(rest / size);
    }
    pairs.push([a, a + half * (strides[axis] as number)]);
  }
  return pairs;
}

/** σ(b) as PyTorch holds it: float64, or float32 step by step. */
export function referenceGate(b: number, float32: boolean): number {
  if (!float32) return 1 / (1 + Math.exp(-b));
  const e = Math.fround(Math.exp(-b));
  const d = Math.fround(1 + e);
  return Math.fround(1 / d);
}
