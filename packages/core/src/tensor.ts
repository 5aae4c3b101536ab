import { RectifyError, describeValue } from './errors.js';

/**
 * The element types Rectify computes in: IEEE single and double precision.
 * @public
 */
export type DType = 'float32' | 'float64';

/**
 * A typed array Rectify reads and writes: `Float32Array` or `Float64Array`.
 * @public
 */
export type FloatArray = Float32Array | Float64Array;

/**
 * An n-dimensional array: flat `data` in row-major order, and its `shape`.
 *
 * @remarks
 * The length of `data` equals the product of `shape` (1 for the empty shape,
 * a scalar). Build one with {@link tensor}, which checks this.
 * @public
 */
export interface Tensor {
  /** The elements, row-major: the last axis varies fastest. */
  readonly data: FloatArray;
  /** The size of each axis. Every entry is a non-negative integer. */
  readonly shape: readonly number[];
}

/** Largest element count a shape may describe (2^31 − 1, the typed-array limit on 64-bit V8 is higher, but beyond it nothing fits a typed array reliably). */
const MAX_ELEMENTS = 2 ** 31 - 1;

/**
 * The dtype of a float typed array.
 *
 * @param data - A `Float32Array` or `Float64Array`.
 * @returns `'float32'` or `'float64'`.
 * @throws {@link RectifyError} `INVALID_ARGUMENT` for any other value.
 * @public
 */
export function dtypeOf(data: FloatArray): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  throw new RectifyError(
    'INVALID_ARGUMENT',
    `data must be a Float32Array or a Float64Array, got ${describeValue(data)}`,
    { field: 'data', value: data },
  );
}

/**
 * Allocates a zero-filled typed array of a dtype.
 *
 * @param dtype - `'float32'` or `'float64'`.
 * @param length - Number of elements.
 * @public
 */
export function allocate(dtype: DType, length: number): FloatArray {
  return dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
}

/**
 * Checks a shape and returns its element count.
 *
 * @param shape - Sizes of each axis: non-negative safe integers.
 * @param field - Name of the argument, for the error message. Defaults to `'shape'`.
 * @returns The product of the sizes (1 for `[]`).
 * @throws {@link RectifyError} `INVALID_ARGUMENT` for a non-array, a negative,
 * fractional or non-finite size, or a product too large for a typed array.
 * @public
 */
export function sizeOf(shape: unknown, field = 'shape'): number {
  return checkedSize(shape, field, '');
}

/**
 * {@link sizeOf} with the field named `owner + suffix`, a name built only when
 * an error is thrown, so that a valid shape costs no string.
 */
function checkedSize(shape: unknown, owner: string, suffix: string): number {
  if (!Array.isArray(shape)) {
    const field = owner + suffix;
    throw new RectifyError('INVALID_ARGUMENT', `${field} must be an array of sizes, got ${describeValue(shape)}`, { field, value: shape });
  }
  let size = 1;
  for (let axis = 0; axis < shape.length; axis++) {
    const dim: unknown = shape[axis];
    if (typeof dim !== 'number' || !Number.isSafeInteger(dim) || dim < 0) {
      const field = owner + suffix;
      throw new RectifyError(
        'INVALID_ARGUMENT',
        `${field}[${axis}] must be a non-negative integer, got ${describeValue(dim)}`,
        { field: `${field}[${axis}]`, value: dim },
      );
    }
    size *= dim;
  }
  if (shape.includes(0)) size = 0;
  // `!(size <= MAX)` also catches NaN, from an overflow to Infinity times a zero axis.
  if (!(size <= MAX_ELEMENTS)) {
    const field = owner + suffix;
    throw new RectifyError('INVALID_ARGUMENT', `${field} ${describeValue(shape)} describes ${size} elements, more than ${MAX_ELEMENTS}`, { field, value: shape });
  }
  return size;
}

/**
 * Builds a {@link Tensor}, checking that data and shape agree.
 *
 * @param data - The elements, row-major. A `Float32Array` or `Float64Array` is
 * used as is (not copied); a plain array of numbers is copied into a new
 * `Float64Array`.
 * @param shape - The size of each axis. Defaults to `[data.length]`, a vector.
 * @returns A tensor with a frozen copy of `shape`.
 * @throws {@link RectifyError} `SHAPE_MISMATCH` when the length of `data` is not
 * the product of `shape`; `INVALID_ARGUMENT` for a bad shape or bad data.
 *
 * @example
 * ```ts
 * const x = tensor(new Float32Array([1, -2, 3, -4, 5, -6]), [2, 3]);
 * ```
 * @public
 */
export function tensor(data: FloatArray | readonly number[], shape?: readonly number[]): Tensor {
  let array: FloatArray;
  if (Array.isArray(data)) {
    for (let i = 0; i < data.length; i++) {
      if (typeof data[i] !== 'number') {
        throw new RectifyError('INVALID_ARGUMENT', `data[${i}] must be a number, got ${describeValue(data[i])}`, { field: `data[${i}]`, value: data[i] });
      }
    }
    array = Float64Array.from(data as readonly number[]);
  } else {
    dtypeOf(data as FloatArray);
    array = data as FloatArray;
  }
  const dims = shape === undefined ? [array.length] : shape;
  const size = sizeOf(dims);
  if (size !== array.length) {
    throw new RectifyError(
      'SHAPE_MISMATCH',
      `data has ${array.length} elements but shape ${describeValue(dims)} needs ${size}`,
      { field: 'shape', value: dims },
    );
  }
  return { data: array, shape: Object.freeze([...dims]) };
}

/**
 * Checks that a value is a well-formed {@link Tensor}: a float typed array
 * whose length is the product of a valid shape.
 *
 * @param value - The candidate.
 * @param field - Argument name for error messages. Defaults to `'x'`.
 * @returns The same tensor, typed.
 * @throws {@link RectifyError} `INVALID_ARGUMENT` or `SHAPE_MISMATCH`.
 * @public
 */
export function assertTensor(value: unknown, field = 'x'): Tensor {
  if (typeof value !== 'object' || value === null) {
    throw new RectifyError('INVALID_ARGUMENT', `${field} must be a tensor { data, shape }, got ${describeValue(value)}`, { field, value });
  }
  const { data, shape } = value as { data?: unknown; shape?: unknown };
  if (!(data instanceof Float32Array) && !(data instanceof Float64Array)) {
    throw new RectifyError('INVALID_ARGUMENT', `${field}.data must be a Float32Array or a Float64Array, got ${describeValue(data)}`, { field: `${field}.data`, value: data });
  }
  const size = checkedSize(shape, field, '.shape');
  if (size !== data.length) {
    throw new RectifyError(
      'SHAPE_MISMATCH',
      `${field}.data has ${data.length} elements but ${field}.shape ${describeValue(shape)} needs ${size}`,
      { field: `${field}.shape`, value: shape },
    );
  }
  return value as Tensor;
}

/**
 * Whether two shapes are equal, axis by axis.
 *
 * @param a - A shape.
 * @param b - Another shape.
 * @public
 */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
