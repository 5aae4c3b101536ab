/**
 * The one matrix product the dense layer needs, over strided typed arrays.
 */
import type { FloatArray } from '@rectify/core';

/**
 * A matrix read from a flat array: element (r, c) is `data[r · rowStride + c · colStride]`.
 * A transpose is the same data with the two strides swapped.
 * @public
 */
export interface MatrixView {
  /** The elements. */
  readonly data: FloatArray;
  /** Distance in `data` between consecutive rows. */
  readonly rowStride: number;
  /** Distance in `data` between consecutive columns. */
  readonly colStride: number;
}

/**
 * C = A·B, or C += A·B, with A of size m×k, B of size k×n and C a dense
 * row-major m×n array.
 *
 * @remarks
 * Works on 4×4 tiles of C held in sixteen local variables, so that each
 * step of the inner loop reads eight numbers for sixteen multiply-adds.
 * When the four values of A in a step are all zero the step is skipped;
 * MNIST borders and rectified activations are often zero, and the skip is
 * exact whenever B is finite. Rows and columns beyond the last full tile
 * are computed one entry at a time. Sums are accumulated in float64 and
 * rounded once on store (once onto the old value when accumulating).
 *
 * @param m - Rows of A and C.
 * @param n - Columns of B and C.
 * @param k - Columns of A, rows of B.
 * @param a - A.
 * @param b - B.
 * @param c - C, row-major with n columns; must not overlap A or B.
 * @param accumulate - Add to C instead of overwriting it.
 * @public
 */
export function gemm(m: number, n: number, k: number, a: MatrixView, b: MatrixView, c: FloatArray, accumulate: boolean): void {
  const A = a.data;
  const B = b.data;
  const { rowStride: ar, colStride: ak } = a;
  const { rowStride: bk, colStride: bc } = b;
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  const store = (index: number, value: number): void => {
    c[index] = accumulate ? (c[index] as number) + value : value;
  };
  for (let i = 0; i < m4; i += 4) {
    const a0 = i * ar;
    const a1 = a0 + ar;
    const a2 = a1 + ar;
    const a3 = a2 + ar;
    for (let j = 0; j < n4; j += 4) {
      const b0 = j * bc;
      const b1 = b0 + bc;
      const b2 = b1 + bc;
      const b3 = b2 + bc;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let p = 0; p < k; p++) {
        const pa = p * ak;
        const x0 = A[a0 + pa] as number;
        const x1 = A[a1 + pa] as number;
        const x2 = A[a2 + pa] as number;
        const x3 = A[a3 + pa] as number;
        if (x0 === 0 && x1 === 0 && x2 === 0 && x3 === 0) continue;
        const pb = p * bk;
        const y0 = B[b0 + pb] as number;
        const y1 = B[b1 + pb] as number;
        const y2 = B[b2 + pb] as number;
        const y3 = B[b3 + pb] as number;
        c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
        c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
        c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
        c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
      }
      let r = i * n + j;
      store(r, c00); store(r + 1, c01); store(r + 2, c02); store(r + 3, c03);
      r += n;
      store(r, c10); store(r + 1, c11); store(r + 2, c12); store(r + 3, c13);
      r += n;
      store(r, c20); store(r + 1, c21); store(r + 2, c22); store(r + 3, c23);
      r += n;
      store(r, c30); store(r + 1, c31); store(r + 2, c32); store(r + 3, c33);
    }
  }
  // The entries outside the full tiles: the last m % 4 rows, and the last n % 4 columns of the others.
  for (let i = 0; i < m; i++) {
    for (let j = i < m4 ? n4 : 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += (A[i * ar + p * ak] as number) * (B[p * bk + j * bc] as number);
      store(i * n + j, sum);
    }
  }
}
