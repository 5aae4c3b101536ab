import fc from 'fast-check';
import { sizeOf, type DType, type FloatArray, type Tensor } from '@rectify/core';

/**
 * Options for {@link shapeArbitrary}.
 * @public
 */
export interface ShapeOptions {
  /** Fewest axes. @defaultValue 1 */
  readonly minRank?: number;
  /** Most axes. @defaultValue 4 */
  readonly maxRank?: number;
  /** Largest size of one axis. @defaultValue 4 */
  readonly maxDim?: number;
}

/**
 * Shapes with 1 to 4 axes of sizes 1 to 4 (by default), at most 256 elements.
 *
 * @param options - Rank and size limits.
 * @public
 */
export function shapeArbitrary(options: ShapeOptions = {}): fc.Arbitrary<number[]> {
  const { minRank = 1, maxRank = 4, maxDim = 4 } = options;
  return fc.array(fc.integer({ min: 1, max: maxDim }), { minLength: minRank, maxLength: maxRank });
}

/**
 * Element values that exercise an activation: ordinary values on both sides,
 * both zeros, tiny and huge magnitudes.
 *
 * @param dtype - Values are rounded to float32 for `'float32'`.
 * @public
 */
export function valueArbitrary(dtype: DType): fc.Arbitrary<number> {
  const round = dtype === 'float32' ? Math.fround : (v: number) => v;
  return fc
    .oneof(
      { weight: 6, arbitrary: fc.double({ min: -8, max: 8, noNaN: true }) },
      { weight: 1, arbitrary: fc.constantFrom(0, -0, 1, -1, 0.5, -0.5) },
      { weight: 1, arbitrary: fc.double({ min: -1e-3, max: 1e-3, noNaN: true }) },
      { weight: 1, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
    )
    .map(round);
}

/**
 * Values for gradient checks: magnitudes from 0.01 to 4 on either side of 0,
 * drawn uniformly (not biased towards 0), so that finite differences neither
 * straddle the usual kink at 0 nor overflow, and ties are rare.
 *
 * @param dtype - Values are rounded to float32 for `'float32'`.
 * @public
 */
export function smoothValueArbitrary(dtype: DType): fc.Arbitrary<number> {
  const round = dtype === 'float32' ? Math.fround : (v: number) => v;
  return fc
    .tuple(fc.boolean(), fc.integer({ min: 10_000, max: 4_000_000 }))
    .map(([negative, micro]) => round((negative ? -micro : micro) / 1e6));
}

/**
 * Fills a typed array of a dtype from numbers.
 *
 * @param dtype - The element type.
 * @param values - The numbers.
 * @public
 */
export function toArray(dtype: DType, values: readonly number[]): FloatArray {
  return dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values);
}

/**
 * Tensors of a given shape whose elements come from `values`.
 *
 * @param shape - The shape.
 * @param dtype - The element type.
 * @param values - Element values. Defaults to {@link valueArbitrary}.
 * @public
 */
export function tensorOfShape(shape: readonly number[], dtype: DType, values: fc.Arbitrary<number> = valueArbitrary(dtype)): fc.Arbitrary<Tensor> {
  const size = sizeOf(shape);
  return fc.array(values, { minLength: size, maxLength: size }).map((list) => ({ data: toArray(dtype, list), shape: [...shape] }));
}

/**
 * Options for {@link largeShapeArbitrary}.
 * @public
 */
export interface LargeShapeOptions {
  /** Fewest elements. @defaultValue 64 */
  readonly minSize?: number;
  /** Most elements, about (the long axis is rounded up). @defaultValue 4096 */
  readonly maxSize?: number;
  /** Most axes. @defaultValue 4 */
  readonly maxRank?: number;
  /** Largest size of an axis other than the long one. @defaultValue 4 */
  readonly maxDim?: number;
}

/**
 * Shapes large enough for fast kernels to engage (they may decline fewer than
 * 64 elements): up to 3 short axes of 1 to 4 (by default), as {@link shapeArbitrary} draws,
 * and one long axis at any position, for a total of 64 to about 4,096
 * elements, mostly a few hundred.
 *
 * @remarks
 * The short axes keep channel counts small, so that configs tied to them
 * (PReLU's `numParameters`, Maxout's `pieces`) still often fit.
 *
 * @param options - Size and rank limits.
 * @public
 */
export function largeShapeArbitrary(options: LargeShapeOptions = {}): fc.Arbitrary<number[]> {
  const { minSize = 64, maxSize = 4096, maxRank = 4, maxDim = 4 } = options;
  const sizes = fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: minSize, max: Math.max(minSize, Math.min(maxSize, 512)) }) },
    { weight: 1, arbitrary: fc.integer({ min: minSize, max: Math.max(minSize, maxSize) }) },
  );
  const short = fc.array(fc.integer({ min: 1, max: maxDim }), { maxLength: Math.max(0, maxRank - 1) });
  return fc.tuple(short, fc.nat(), sizes).map(([rest, at, size]) => {
    const others = rest.reduce((n, d) => n * d, 1);
    const position = at % (rest.length + 1);
    return [...rest.slice(0, position), Math.ceil(size / others), ...rest.slice(position)];
  });
}

/**
 * Element values for bit-for-bit comparisons: those of {@link valueArbitrary}
 * and, now and then, NaN, ±∞, the smallest subnormals and the largest finite
 * values of the dtype, where fast paths most often part from the plain loops.
 *
 * @param dtype - Values are rounded to float32 for `'float32'`.
 * @public
 */
export function edgeValueArbitrary(dtype: DType): fc.Arbitrary<number> {
  const f32 = dtype === 'float32';
  const tiny = f32 ? 2 ** -149 : Number.MIN_VALUE;
  const huge = f32 ? 3.4028234663852886e38 : Number.MAX_VALUE;
  return fc.oneof(
    { weight: 12, arbitrary: valueArbitrary(dtype) },
    { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Infinity, -Infinity, tiny, -tiny, huge, -huge) },
  );
}
