/**
 * A slow statement of the three activations, written from their definitions
 * to check the strided walk against: each slice along the axis is gathered
 * index by index from its multi-index, then normalised as a plain array.
 */

/** The flat indices of every slice of a row-major shape along `axis` (resolved, 0 … rank − 1). */
export function slicesOf(shape: readonly number[], axis: number): number[][] {
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  const size = shape.reduce((a, b) => a * b, 1);
  const slices: number[][] = [];
  for (let flat = 0; flat < size; flat++) {
    // A slice starts at every element whose index along the axis is 0.
    if (Math.floor(flat / (strides[axis] as number)) % (shape[axis] as number) !== 0) continue;
    slices.push(Array.from({ length: shape[axis] as number }, (_, k) => flat + k * (strides[axis] as number)));
  }
  return slices;
}

export type Kind = 'softmax' | 'log_softmax' | 'softmin';

/** y of one slice, in float64, rounded by `round`: the formulas as written, max subtracted first. */
export function referenceSlice(kind: Kind, values: readonly number[], round: (v: number) => number): number[] {
  const v = kind === 'softmin' ? values.map((x) => -x) : [...values];
  const max = v.some(Number.isNaN) ? Number.NaN : Math.max(...v);
  const exps = v.map((x) => Math.exp(x - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  if (kind === 'log_softmax') return v.map((x) => round(x - max - Math.log(sum)));
  return exps.map((e) => round(e / sum));
}

/** dx of one slice from its rounded y, in float64, rounded by `round`. */
export function referenceSliceGradient(kind: Kind, y: readonly number[], dy: readonly number[], round: (v: number) => number): number[] {
  if (kind === 'log_softmax') {
    const total = dy.reduce((a, b) => a + b, 0);
    return dy.map((g, k) => round(g - Math.exp(y[k] as number) * total));
  }
  const total = dy.reduce((a, g, k) => a + g * (y[k] as number), 0);
  return dy.map((g, k) => {
    const d = (g - total) * (y[k] as number);
    return round(kind === 'softmin' ? -d : d);
  });
}
