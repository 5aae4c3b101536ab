import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng, tensor, uniform01, type DType } from '@rectify/core';
import { bitEqual, toArray } from '@rectify/testing';
import { rrelu } from '../src/index.js';
import { boundsArbitrary, DTYPES, inputArbitrary, referenceTraining, rounder, seedArbitrary, trainOnce } from './helpers.js';

describe.each(DTYPES)('rrelu training mode in %s', (dtype: DType) => {
  const round = rounder(dtype);

  it('should draw every slope from [lower, upper] (bounds rounded to the dtype) and pass other elements through', () => {
    fc.assert(
      fc.property(boundsArbitrary, inputArbitrary(dtype), seedArbitrary, (bounds, x, seed) => {
        const { y, slopes } = trainOnce(rrelu.create(bounds), x, createRng(seed));
        const lower = round(bounds.lower);
        const upper = round(bounds.upper);
        for (let i = 0; i < x.length; i++) {
          const v = x[i] as number;
          const r = slopes[i] as number;
          if (v <= 0) {
            expect(r >= lower && r <= upper, `slope ${r} at ${i} outside [${lower}, ${upper}]`).toBe(true);
            expect(Object.is(y[i], round(v * r))).toBe(true);
          } else {
            expect(Object.is(r, 1)).toBe(true);
            expect(Object.is(y[i], v)).toBe(true);
          }
        }
      }),
    );
  });

  it("should compute PyTorch's rrelu_with_noise arithmetic bit for bit, one draw per element ≤ 0 in index order", () => {
    fc.assert(
      fc.property(boundsArbitrary, inputArbitrary(dtype), seedArbitrary, (bounds, x, seed) => {
        const { y, slopes } = trainOnce(rrelu.create(bounds), x, createRng(seed));
        const expected = referenceTraining(x, bounds, dtype, seed);
        expect(bitEqual(y, expected.y)).toBe(true);
        expect(bitEqual(slopes, expected.slopes)).toBe(true);
      }),
    );
  });

  it('should advance the generator by exactly one uniform draw per element ≤ 0', () => {
    fc.assert(
      fc.property(inputArbitrary(dtype), seedArbitrary, (x, seed) => {
        const rng = createRng(seed);
        trainOnce(rrelu.create(), x, rng);
        const twin = createRng(seed);
        for (const v of x) if (v <= 0) uniform01(twin);
        expect([rng.next(), rng.next()]).toEqual([twin.next(), twin.next()]);
      }),
    );
  });

  it('should give bit-identical slopes for the same seed, from the config or from options.rng', () => {
    fc.assert(
      fc.property(seedArbitrary, fc.integer({ min: 1, max: 200 }), (seed, n) => {
        const x = toArray(dtype, new Array<number>(n).fill(-1));
        const own = trainOnce(rrelu.create({ seed }), x).slopes;
        expect(bitEqual(trainOnce(rrelu.create({ seed }), x).slopes, own)).toBe(true);
        expect(bitEqual(trainOnce(rrelu.create(), x, createRng(seed)).slopes, own)).toBe(true);
      }),
    );
  });

  it('should draw different slopes for different seeds', () => {
    fc.assert(
      fc.property(seedArbitrary, seedArbitrary, (a, b) => {
        fc.pre(a !== b);
        const x = toArray(dtype, new Array<number>(16).fill(-1));
        expect(bitEqual(trainOnce(rrelu.create({ seed: a }), x).slopes, trainOnce(rrelu.create({ seed: b }), x).slopes)).toBe(false);
      }),
    );
  });

  it("should keep each call's slopes for its backward, even after further training calls", () => {
    fc.assert(
      fc.property(boundsArbitrary, seedArbitrary, fc.integer({ min: 1, max: 64 }), fc.boolean(), (bounds, seed, n, ownGenerator) => {
        // Bounds far enough apart that two calls cannot draw the same slopes.
        fc.pre(round(bounds.upper) - round(bounds.lower) > 1e-3);
        const activation = rrelu.create({ ...bounds, seed });
        const rng = createRng(seed);
        const options = ownGenerator ? { training: true } : { training: true, rng };
        const x = tensor(toArray(dtype, new Array<number>(n).fill(-1)));
        const ones = tensor(toArray(dtype, new Array<number>(n).fill(1)));
        const first = activation.forward(x, options);
        const second = activation.forward(x, options);
        const third = activation.forward(x, options);
        // With x = −1, y = −r exactly, so −y is the slopes the forward used.
        const firstSlopes = Array.from(first.y.data, (v) => -v);
        const secondSlopes = Array.from(second.y.data, (v) => -v);
        expect(bitEqual(firstSlopes, secondSlopes)).toBe(false);
        expect(bitEqual(second.backward(ones).data, secondSlopes)).toBe(true);
        expect(bitEqual(first.backward(ones).data, firstSlopes)).toBe(true);
        expect(bitEqual(third.backward(ones).data, Array.from(third.y.data, (v) => -v))).toBe(true);
        expect(bitEqual(first.backward(ones).data, firstSlopes)).toBe(true);
      }),
    );
  });

  it('should multiply dy by the slopes in backward, dy passing unchanged where no slope was drawn', () => {
    fc.assert(
      fc.property(inputArbitrary(dtype), seedArbitrary, (x, seed) => {
        const dy = toArray(dtype, Array.from(x, (_, i) => [3, -0.5, Number.NaN, -0, 1e30, 0.1][i % 6] as number));
        const activation = rrelu.create({ lower: -0.2, upper: 0.5 });
        const { backward } = activation.forward(tensor(x), { training: true, rng: createRng(seed) });
        const dx = backward(tensor(dy)).data;
        const { slopes } = referenceTraining(x, activation.config, dtype, seed);
        expect(bitEqual(dx, Array.from(dy, (g, i) => round(g * (slopes[i] as number))))).toBe(true);
      }),
    );
  });

  it('should draw from its own generator when no rng is given, advancing it, and leave it alone when one is', () => {
    const x = toArray(dtype, new Array<number>(32).fill(-1));
    const reference = createRng(5);
    const expectedFirst = trainOnce(rrelu.create(), x, reference).slopes;
    const expectedSecond = trainOnce(rrelu.create(), x, reference).slopes;

    const activation = rrelu.create({ seed: 5 });
    trainOnce(activation, x, createRng(99));
    expect(bitEqual(trainOnce(activation, x).slopes, expectedFirst)).toBe(true);
    expect(bitEqual(trainOnce(activation, x).slopes, expectedSecond)).toBe(true);
  });

  it('should not draw in eval mode, from the given rng or its own', () => {
    const x = tensor(toArray(dtype, [-1, -2, 0, 3]));
    const activation = rrelu.create({ seed: 11 });
    const rng = createRng(3);
    activation.forward(x, { rng });
    activation.forward(x);
    expect(rng.next()).toBe(createRng(3).next());
    const fresh = trainOnce(rrelu.create({ seed: 11 }), x.data).slopes;
    expect(bitEqual(trainOnce(activation, x.data).slopes, fresh)).toBe(true);
  });

  it('should not advance its own generator when a call is rejected', () => {
    const x = tensor(toArray(dtype, [-1, -2, -3]));
    const activation = rrelu.create({ seed: 8 });
    const wrongDtype = dtype === 'float32' ? new Float64Array(3) : new Float32Array(3);
    expect(() => activation.forward(x, { training: true, out: wrongDtype })).toThrow(expect.objectContaining({ code: 'DTYPE_MISMATCH' }));
    expect(() => activation.forward(x, { training: true, out: toArray(dtype, [0, 0]) })).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
    expect(() => activation.forward(x, { training: 'yes' as never })).toThrow(expect.objectContaining({ field: 'options.training' }));
    expect(bitEqual(trainOnce(activation, x.data).slopes, trainOnce(rrelu.create({ seed: 8 }), x.data).slopes)).toBe(true);
  });

  it('should equal eval mode when lower = upper, except that NaN passes dy through', () => {
    fc.assert(
      fc.property(fc.double({ min: -4, max: 4, noNaN: true }), inputArbitrary(dtype), seedArbitrary, (slope, x, seed) => {
        // Bounds of −0 (after rounding) are the exception, pinned in the edge-case tests.
        fc.pre(!Object.is(round(slope), -0));
        const activation = rrelu.create({ lower: slope, upper: slope });
        const dy = tensor(toArray(dtype, Array.from(x, (_, i) => (i % 3) - 0.75)));
        const evalCall = activation.forward(tensor(x));
        const trainCall = activation.forward(tensor(x), { training: true, rng: createRng(seed) });
        expect(bitEqual(trainCall.y.data, evalCall.y.data)).toBe(true);
        const evalDx = evalCall.backward(dy).data;
        const trainDx = trainCall.backward(dy).data;
        for (let i = 0; i < x.length; i++) {
          const expected = Number.isNaN(x[i]) ? dy.data[i] : evalDx[i];
          expect(Object.is(trainDx[i], expected), `dx[${i}]`).toBe(true);
        }
      }),
    );
  });
});

/**
 * Over n = 10^6 slopes drawn with a fixed seed, the sample mean and the sample
 * variance must match Uniform(l, u): mean (l + u)/2, variance (u − l)²/12.
 *
 * Tolerance: 5 standard errors. The mean's standard error is σ/√n with
 * σ² = (u − l)²/12. The sample variance's is √((μ₄ − σ⁴)/n), where the fourth
 * central moment of the uniform distribution is μ₄ = (u − l)⁴/80, so
 * μ₄ − σ⁴ = (u − l)⁴/180. A correct sampler exceeds 5 standard errors with
 * probability about 6·10⁻⁷; with the seed fixed the test is deterministic.
 * For float32 the bounds are rounded first and each slope is rounded to
 * float32, a bias below 2⁻²⁴ of the bound, far inside the tolerance.
 *
 * Each of 10 equal-width bins must also hold n/10 slopes within 5 standard
 * errors of Binomial(n, 1/10), √(n·0.1·0.9) = 300, which a sampler with the
 * right mean and variance but the wrong shape (a Gaussian, say) fails.
 */
describe.each([
  ['float32', { lower: 1 / 8, upper: 1 / 3 }],
  ['float64', { lower: 1 / 8, upper: 1 / 3 }],
  ['float32', { lower: -0.2, upper: 0.5 }],
  ['float64', { lower: -0.2, upper: 0.5 }],
] as const)('rrelu slope distribution in %s with %o', (dtype, bounds) => {
  const n = 1_000_000;
  const round = rounder(dtype);
  const l = round(bounds.lower);
  const u = round(bounds.upper);
  const { slopes } = trainOnce(rrelu.create({ ...bounds, seed: 20150504 }), toArray(dtype, new Array<number>(n).fill(-1)));

  it('should have the mean of Uniform(lower, upper) within 5 standard errors', () => {
    let sum = 0;
    for (const r of slopes) sum += r;
    const mean = sum / n;
    const standardError = (u - l) / Math.sqrt(12 * n);
    expect(Math.abs(mean - (l + u) / 2)).toBeLessThanOrEqual(5 * standardError);
  });

  it('should have the variance of Uniform(lower, upper) within 5 standard errors', () => {
    let sum = 0;
    for (const r of slopes) sum += r;
    const mean = sum / n;
    let squares = 0;
    for (const r of slopes) squares += (r - mean) ** 2;
    const variance = squares / (n - 1);
    const standardError = (u - l) ** 2 / Math.sqrt(180 * n);
    expect(Math.abs(variance - (u - l) ** 2 / 12)).toBeLessThanOrEqual(5 * standardError);
  });

  it('should fill 10 equal-width bins evenly, within 5 binomial standard errors', () => {
    const counts = new Array<number>(10).fill(0);
    for (const r of slopes) {
      const bin = Math.min(9, Math.floor(((r - l) / (u - l)) * 10));
      counts[bin] = (counts[bin] as number) + 1;
    }
    const standardError = Math.sqrt(n * 0.1 * 0.9);
    for (const count of counts) expect(Math.abs(count - n / 10)).toBeLessThanOrEqual(5 * standardError);
  });
});
