import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { laneSumF32, logSumF32, sliceMaxF32 } from '../src/softmax-rows.js';
import { logSumF64 } from '../src/softmax-rows64.js';
import {
  expF32,
  logSoftmaxSliceF32,
  logSoftmaxSliceF64,
  logSoftmaxSliceGradF32,
  logSoftmaxSliceGradF64,
  softmaxSliceF32,
  softmaxSliceF64,
  softmaxSliceGradF32,
  softmaxSliceGradF64,
} from '../src/index.js';
import { floats, ulps } from './float32-error.js';

const F = Math.fround;
const MAX32 = 3.4028234663852886e38;

/** A compensated (Neumaier) float64 sum: nearly exact, so the reference's own rounding stays far below the errors measured. */
function exactSum(terms: readonly number[]): number {
  let sum = 0;
  let c = 0;
  for (const t of terms) {
    const u = sum + t;
    c += Math.abs(sum) >= Math.abs(t) ? sum - u + t : t - u + sum;
    sum = u;
  }
  return sum + c;
}

/** The float64 reference of one slice: softmax and log_softmax with Math.exp and Math.log, max subtracted first. */
function reference(x: readonly number[]): { p: number[]; logP: number[] } {
  const m = Math.max(...x);
  const e = x.map((v) => Math.exp(v - m));
  const s = exactSum(e);
  return { p: e.map((t) => t / s), logP: x.map((v) => v - m - Math.log(s)) };
}

/** The mixed error |got − want| / max(|want|, 1) of the PyTorch fixtures' checks. */
const mixed = (got: number, want: number): number => Math.abs(got - want) / Math.max(Math.abs(want), 1);

/** A float32 row of 1–300 values of a spread drawn from 0.1 to 100 (so from flat rows to one-hot ones). */
const rows = fc
  .record({ n: fc.integer({ min: 1, max: 300 }), spread: fc.constantFrom(0.1, 1, 5, 20, 100) })
  .chain(({ n, spread }) =>
    fc.record({
      x: fc.array(floats(-spread, spread), { minLength: n, maxLength: n }).map((a) => Float32Array.from(a)),
      dy: fc.array(floats(-4, 4), { minLength: n, maxLength: n }).map((a) => Float32Array.from(a)),
    }),
  );

/** Runs the four slice functions on a contiguous float32 row. */
function run(x: Float32Array, dy: Float32Array, negate = false) {
  const n = x.length;
  const y = new Float32Array(n);
  const logY = new Float32Array(n);
  const dx = new Float32Array(n);
  const logDx = new Float32Array(n);
  softmaxSliceF32(x, y, 0, 1, n, negate);
  logSoftmaxSliceF32(x, logY, 0, 1, n);
  softmaxSliceGradF32(x, dy, dx, 0, 1, n, negate);
  logSoftmaxSliceGradF32(x, dy, logDx, 0, 1, n);
  return { y, logY, dx, logDx };
}

describe('the float32 softmax slice definitions', () => {
  // Mixed errors rather than ulps: v − m is a float32 subtraction (as PyTorch's), which drops the digits of v below
  // the ulp of v − m, and so moves e^(v − m) by up to |v − m|·2^-25 relative, a few ulps where v − m is a few units.
  it('should give softmax within a mixed error of 2e-7 of the float64 value, and log_softmax within 3e-7', () => {
    fc.assert(
      fc.property(rows, ({ x, dy }) => {
        const { y, logY } = run(x, dy);
        const { p, logP } = reference(Array.from(x));
        return Array.from(y).every((v, k) => mixed(v, p[k] as number) <= 2e-7) && Array.from(logY).every((v, k) => mixed(v, logP[k] as number) <= 3e-7);
      }),
      { numRuns: 300 },
    );
  });

  it('should give both gradients within 8·2⁻²⁴ of their terms’ magnitudes of PyTorch’s formulas in float64 on the exact probabilities', () => {
    fc.assert(
      fc.property(rows, ({ x, dy }) => {
        const { dx, logDx } = run(x, dy);
        const { p } = reference(Array.from(x));
        const t = exactSum(p.map((pk, k) => pk * (dy[k] as number)));
        const d = exactSum(Array.from(dy));
        // dy − T and dy − p·D cancel: what is left is the rounding of the float32 terms, of the order of Σ|dy·p| and
        // p·Σ|dy| (a dense random sample measured at most 3.1 of these units), not of the result.
        const scaleT = exactSum(p.map((pk, k) => Math.abs(pk * (dy[k] as number))));
        const scaleD = exactSum(Array.from(dy, Math.abs));
        const unit = (...terms: number[]) => 8 * 2 ** -24 * Math.max(1, ...terms);
        return (
          Array.from(dx).every((v, k) => Math.abs(v - ((dy[k] as number) - t) * (p[k] as number)) <= unit(Math.abs(dy[k] as number), scaleT)) &&
          Array.from(logDx).every((v, k) => Math.abs(v - ((dy[k] as number) - (p[k] as number) * d)) <= unit(Math.abs(dy[k] as number), (p[k] as number) * scaleD))
        );
      }),
      { numRuns: 300 },
    );
  });

  it('should make softmin the softmax of −x bit for bit, with the gradient negated', () => {
    fc.assert(
      fc.property(rows, ({ x, dy }) => {
        const a = run(x, dy, true);
        const b = run(x.map((v) => -v), dy);
        return a.y.every((v, k) => Object.is(v, b.y[k])) && a.dx.every((v, k) => Object.is(v, -(b.dx[k] as number)));
      }),
      { numRuns: 100 },
    );
  });

  it('should give a strided slice the bits of the same values laid out contiguously', () => {
    fc.assert(
      fc.property(rows, fc.integer({ min: 2, max: 5 }), ({ x, dy }, stride) => {
        const n = x.length;
        const wide = new Float32Array(n * stride).fill(Number.NaN);
        const wideDy = new Float32Array(n * stride).fill(Number.NaN);
        x.forEach((v, k) => (wide[1 + k * stride] = v));
        dy.forEach((v, k) => (wideDy[1 + k * stride] = v));
        const out = new Float32Array(n * stride);
        const logOut = new Float32Array(n * stride);
        softmaxSliceGradF32(wide, wideDy, out, 1, stride, n, false);
        logSoftmaxSliceF32(wide, logOut, 1, stride, n);
        const { dx, logY } = run(x, dy);
        return dx.every((v, k) => Object.is(v, out[1 + k * stride])) && logY.every((v, k) => Object.is(v, logOut[1 + k * stride]));
      }),
      { numRuns: 100 },
    );
  });
});

describe('the pieces of the float32 slice definitions', () => {
  it('should sum in the order of eight partial sums, ((S0 + S4) + (S2 + S6)) + ((S1 + S5) + (S3 + S7))', () => {
    fc.assert(
      fc.property(fc.array(floats(0, 1), { maxLength: 100 }), (terms) => {
        const s = new Float64Array(8);
        terms.forEach((t, k) => (s[k % 8] = (s[k % 8] as number) + t));
        const [s0, s1, s2, s3, s4, s5, s6, s7] = s as unknown as number[];
        return Object.is(laneSumF32(terms.length, (k) => terms[k] as number), (s0! + s4! + (s2! + s6!)) + (s1! + s5! + (s3! + s7!)));
      }),
    );
    // Terms where the order shows: added one after the other, 1 absorbs each 0.75·2^-53 (under half an ulp of 1); in
    // lanes 1 and 5 they meet first, and their sum, 1.5·2^-53, rounds 1 up to 1 + 2^-52.
    const b = 0.75 * 2 ** -53;
    const terms = [1, b, 0, 0, 0, b];
    expect(1 + b + b).toBe(1);
    expect(laneSumF32(terms.length, (k) => terms[k] as number)).toBe(1 + 2 ** -52);
    expect(laneSumF32(0, () => 1)).toBe(0);
  });

  it('should take the maximum as f32.max does: NaN wins, +0 above −0, −∞ for an empty slice', () => {
    expect(sliceMaxF32(Float32Array.from([1, Number.NaN, 3]), 0, 1, 3, false)).toBeNaN();
    expect(Object.is(sliceMaxF32(Float32Array.from([-0, 0]), 0, 1, 2, false), 0)).toBe(true);
    expect(Object.is(sliceMaxF32(Float32Array.from([0, -0]), 0, 1, 2, false), 0)).toBe(true);
    expect(sliceMaxF32(Float32Array.from([2, -5]), 0, 1, 2, true)).toBe(5);
    expect(sliceMaxF32(new Float32Array(0), 0, 1, 0, false)).toBe(-Infinity);
  });

  it('should give ln S within 2 ulps of ln of S rounded to float32, +0 at 1, NaN for NaN', () => {
    fc.assert(fc.property(fc.double({ min: 1, max: 2 ** 31, noNaN: true }), (s) => ulps(logSumF32(s), Math.log(F(s))) <= 2));
    expect(Object.is(logSumF32(1), 0)).toBe(true);
    expect(logSumF32(2)).toBe(F(Math.LN2));
    expect(logSumF32(4)).toBe(F(Math.log(4)));
    expect(logSumF32(Number.NaN)).toBeNaN();
  });
});

describe('the float32 slice definitions at special values', () => {
  const cases: [string, number[], number[], number[]][] = [
    ['the largest finite value beside 0', [MAX32, 0], [1, 0], [0, -MAX32]],
    ['the largest finite values of both signs', [MAX32, -MAX32], [1, 0], [0, -Infinity]],
    ['huge equal values', [1e30, 1e30], [0.5, 0.5], [-F(Math.LN2), -F(Math.LN2)]],
    ['−∞ among finite values', [0, -Infinity], [1, 0], [0, -Infinity]],
    ['+∞ among finite values', [Infinity, 0], [Number.NaN, Number.NaN], [Number.NaN, Number.NaN]],
    ['only −∞', [-Infinity, -Infinity], [Number.NaN, Number.NaN], [Number.NaN, Number.NaN]],
    ['NaN among finite values', [1, Number.NaN, 2], [Number.NaN, Number.NaN, Number.NaN], [Number.NaN, Number.NaN, Number.NaN]],
    ['both zeros', [-0, 0], [0.5, 0.5], [-F(Math.LN2), -F(Math.LN2)]],
    ['one element', [-MAX32], [1], [0]],
    ['a term below the float32 range', [0, -103], [1, expF32(-103)], [0, -103]],
  ];
  it.each(cases)('should give a slice of %s as PyTorch does', (_, values, p, logP) => {
    const x = Float32Array.from(values);
    const { y, logY } = run(x, new Float32Array(x.length));
    expect(Array.from(y)).toEqual(p);
    expect(Array.from(logY)).toEqual(logP);
  });

  it('should give signed zero gradients: +0 on one-element slices (−0 for softmin), the sign of dy − T where y = 0, dy where log y = −∞', () => {
    const one = run(Float32Array.from([3]), Float32Array.from([1.5]));
    expect([Object.is(one.dx[0], 0), Object.is(one.logDx[0], 0), Object.is(run(Float32Array.from([3]), Float32Array.from([1.5]), true).dx[0], -0)]).toEqual([true, true, true]);
    const zero = run(Float32Array.from([0, -Infinity]), Float32Array.from([1, 2]));
    expect(Object.is(zero.dx[1], 0)).toBe(true); // dy − T = 2 − 1 > 0
    expect(Array.from(zero.logDx)).toEqual([-2, 2]);
    const negative = run(Float32Array.from([0, -Infinity]), Float32Array.from([2, 1]));
    expect(Object.is(negative.dx[1], -0)).toBe(true); // dy − T = 1 − 2 < 0
  });
});

describe('the float64 softmax slice definitions', () => {
  const rows64 = fc
    .record({ n: fc.integer({ min: 1, max: 300 }), spread: fc.constantFrom(0.1, 1, 5, 20, 100, 500) })
    .chain(({ n, spread }) =>
      fc.record({
        x: fc.array(fc.double({ min: -spread, max: spread, noNaN: true }), { minLength: n, maxLength: n }).map((a) => Float64Array.from(a)),
        dy: fc.array(fc.double({ min: -4, max: 4, noNaN: true }), { minLength: n, maxLength: n }).map((a) => Float64Array.from(a)),
      }),
    );

  it('should give y within a mixed error of 2e-15 of the formulas with Math.exp and Math.log, and dx within 16 ulps of its terms’ magnitudes', () => {
    fc.assert(
      fc.property(rows64, ({ x, dy }) => {
        const n = x.length;
        const [y, logY, dx, logDx] = [0, 1, 2, 3].map(() => new Float64Array(n)) as [Float64Array, Float64Array, Float64Array, Float64Array];
        softmaxSliceF64(x, y, 0, 1, n, false);
        logSoftmaxSliceF64(x, logY, 0, 1, n);
        softmaxSliceGradF64(x, dy, dx, 0, 1, n, false);
        logSoftmaxSliceGradF64(x, dy, logDx, 0, 1, n);
        const { p, logP } = reference(Array.from(x));
        const t = exactSum(p.map((pk, k) => pk * (dy[k] as number)));
        const d = exactSum(Array.from(dy));
        // T and D sum up to 300 terms of both signs, and dy − T, dy − p·D cancel: the gradients' errors are ulps of the
        // sums of magnitudes, Σ|dy·p| and p·Σ|dy| (a dense random sample measured at most 4.6), not of the result.
        const scaleT = exactSum(p.map((pk, k) => Math.abs(pk * (dy[k] as number))));
        const scaleD = exactSum(Array.from(dy, Math.abs));
        const ulps16 = (...terms: number[]) => 16 * Number.EPSILON * Math.max(1, ...terms);
        return p.every(
          (pk, k) =>
            mixed(y[k] as number, pk) <= 2e-15 &&
            mixed(logY[k] as number, logP[k] as number) <= 2e-15 &&
            Math.abs((dx[k] as number) - ((dy[k] as number) - t) * pk) <= ulps16(Math.abs(dy[k] as number), scaleT) &&
            Math.abs((logDx[k] as number) - ((dy[k] as number) - pk * d)) <= ulps16(Math.abs(dy[k] as number), pk * scaleD),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('should give ln S within 2 ulps, +0 at 1, NaN for NaN, and the special slices as float32 does', () => {
    fc.assert(fc.property(fc.double({ min: 1, max: 2 ** 31, noNaN: true }), (s) => Math.abs(logSumF64(s) - Math.log(s)) <= 2 * Number.EPSILON * Math.max(Math.log(s), 2 ** -52)));
    expect(Object.is(logSumF64(1), 0)).toBe(true);
    expect(logSumF64(Number.NaN)).toBeNaN();
    const slice = (values: number[], log: boolean) => {
      const v = Float64Array.from(values);
      const out = new Float64Array(v.length);
      if (log) logSoftmaxSliceF64(v, out, 0, 1, v.length);
      else softmaxSliceF64(v, out, 0, 1, v.length, false);
      return Array.from(out);
    };
    expect(slice([Number.MAX_VALUE, -Number.MAX_VALUE], false)).toEqual([1, 0]);
    expect(slice([Number.MAX_VALUE, -Number.MAX_VALUE], true)).toEqual([0, -Infinity]);
    expect(slice([0, -Infinity], true)).toEqual([0, -Infinity]);
    expect(slice([Infinity, 1], false)).toEqual([Number.NaN, Number.NaN]);
    expect(slice([1, Number.NaN], true)).toEqual([Number.NaN, Number.NaN]);
    expect(slice([-Infinity, -Infinity], false)).toEqual([Number.NaN, Number.NaN]);
    expect(slice([-0, 0], true)).toEqual([-Math.LN2, -Math.LN2]);
  });
});
