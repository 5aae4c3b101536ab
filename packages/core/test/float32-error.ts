/**
 * Measures for the float32 maths' tests: errors in float32 ulps, float32
 * inputs in a range.
 */
import fc from 'fast-check';

const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

/** A float32 ulp at |v|: 2^(e − 23) in [2^e, 2^(e+1)), 2^−149 in the subnormals. */
export function ulpAt(v: number): number {
  scratch[0] = Math.abs(v);
  const e = (scratchBits[0] as number) >>> 23;
  return e <= 1 ? 2 ** -149 : 2 ** (e - 150);
}

/** The error of a float32 result against a float64 reference, in float32 ulps of the reference, or of `floor` where the reference is smaller. */
export const ulps = (got: number, want: number, floor = 0): number => Math.abs(got - want) / ulpAt(Math.max(Math.abs(want), floor));

/** PyTorch's mixed error: |got − want| / max(1, |want|). */
export const mixed = (got: number, want: number): number => Math.abs(got - want) / Math.max(1, Math.abs(want));

/** Float32 values in a range, NaN excluded. */
export const floats = (min: number, max: number): fc.Arbitrary<number> => fc.float({ min: Math.fround(min), max: Math.fround(max), noNaN: true });

/** Whether a value is a float32 (or NaN). */
export const isFloat32 = (v: number): boolean => Number.isNaN(v) || Math.fround(v) === v;
