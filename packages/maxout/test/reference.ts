/**
 * A slow, index-by-index statement of maxout, written from its definition to
 * check the kernels against: every output is located by its multi-index, its
 * group gathered member by member, and its winner chosen by the rule "the
 * first NaN, else the first member no other member exceeds".
 */

export interface ReferenceResult {
  /** The output values. */
  readonly y: number[];
  /** The output shape. */
  readonly shape: number[];
  /** For each output, the flat index in x of the member it came from. */
  readonly source: number[];
}

function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) strides[d] = (strides[d + 1] as number) * (shape[d + 1] as number);
  return strides;
}

function winnerOf(values: readonly number[]): number {
  const nan = values.findIndex(Number.isNaN);
  if (nan >= 0) return nan;
  return values.findIndex((v) => values.every((w) => !(w > v)));
}

/**
 * For each output, in row-major order, the flat indices in x of its group:
 * groups of `k` consecutive entries along `axis`, an axis already resolved to
 * 0 … rank − 1.
 */
export function groupsOf(shape: readonly number[], axis: number, k: number): number[][] {
  const outShape = shape.map((size, d) => (d === axis ? size / k : size));
  const inStrides = stridesOf(shape);
  const outSize = outShape.reduce((a, b) => a * b, 1);
  const groups: number[][] = [];
  for (let o = 0; o < outSize; o++) {
    const index: number[] = new Array<number>(outShape.length).fill(0);
    let rest = o;
    for (let d = outShape.length - 1; d >= 0; d--) {
      const size = outShape[d] as number;
      index[d] = rest % size;
      rest = Math.floor(rest / size);
    }
    const members: number[] = [];
    for (let j = 0; j < k; j++) {
      const full = index.map((v, d) => (d === axis ? v * k + j : v));
      members.push(full.reduce((flat, v, d) => flat + v * (inStrides[d] as number), 0));
    }
    groups.push(members);
  }
  return groups;
}

/** Maxout of `x` (row-major, of `shape`) over the groups {@link groupsOf} gives. */
export function referenceMaxout(x: ArrayLike<number>, shape: readonly number[], axis: number, k: number): ReferenceResult {
  const y: number[] = [];
  const source: number[] = [];
  for (const members of groupsOf(shape, axis, k)) {
    const values = members.map((m) => x[m] as number);
    const winner = winnerOf(values);
    y.push(values[winner] as number);
    source.push(members[winner] as number);
  }
  return { y, shape: shape.map((size, d) => (d === axis ? size / k : size)), source };
}
