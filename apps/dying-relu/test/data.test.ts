import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRng, type RectifyError } from '@rectify/core';
import { CLASSES, IMAGE_SIZE, loadDigits, selectDigits, splitDigits, type Digits } from '../src/data.js';
import { fillNormal, permutation, streamSeed } from '../src/random.js';

/** Whether two arrays hold the same numbers (vitest's deep equality is slow on millions of elements). */
function sameNumbers(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

let digits: Digits;
beforeAll(() => {
  digits = loadDigits();
});

describe('loadDigits', () => {
  it('should load all 10,000 digits of the mnist package, every class present, pixels in [0, 1]', () => {
    expect(digits.count).toBe(10_000);
    expect(digits.images).toHaveLength(10_000 * IMAGE_SIZE);
    const perClass = new Array<number>(CLASSES).fill(0);
    for (const label of digits.labels) perClass[label] = (perClass[label] as number) + 1;
    expect(perClass.every((n) => n > 800)).toBe(true);
    expect(digits.images.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it('should give the same arrays on every load', () => {
    const again = loadDigits();
    expect(sameNumbers(again.labels, digits.labels)).toBe(true);
    expect(sameNumbers(again.images, digits.images)).toBe(true);
  });
});

describe('splitDigits', () => {
  it('should give disjoint train and test sets of the requested sizes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 9000 }), (seed, train) => {
        const test = Math.min(1000, 10_000 - train);
        const split = splitDigits(digits, { train, test, seed });
        expect(split.train.count).toBe(train);
        expect(split.test.count).toBe(test);
        const seen = new Set(split.trainIndices);
        expect(seen.size).toBe(train);
        for (const index of split.testIndices) expect(seen.has(index)).toBe(false);
        expect(new Set(split.testIndices).size).toBe(test);
      }),
      { numRuns: 10 },
    );
  });

  it('should be deterministic: the same seed gives the same split, another seed another', () => {
    const a = splitDigits(digits, { train: 8000, test: 2000, seed: 7 });
    const b = splitDigits(digits, { train: 8000, test: 2000, seed: 7 });
    const c = splitDigits(digits, { train: 8000, test: 2000, seed: 8 });
    expect(sameNumbers(b.trainIndices, a.trainIndices)).toBe(true);
    expect(sameNumbers(b.testIndices, a.testIndices)).toBe(true);
    expect(sameNumbers(b.train.images, a.train.images)).toBe(true);
    expect(sameNumbers(c.trainIndices, a.trainIndices)).toBe(false);
  });

  it('should copy each selected digit with its own label', () => {
    const split = splitDigits(digits, { train: 50, test: 50, seed: 3 });
    split.testIndices.forEach((source, k) => {
      expect(split.test.labels[k]).toBe(digits.labels[source]);
      const image = split.test.images.subarray(k * IMAGE_SIZE, (k + 1) * IMAGE_SIZE);
      expect(sameNumbers(image, digits.images.subarray(source * IMAGE_SIZE, (source + 1) * IMAGE_SIZE))).toBe(true);
    });
  });

  it('should mix the classes instead of keeping the package order', () => {
    const { train } = splitDigits(digits, { train: 100, test: 100, seed: 1 });
    expect(new Set(train.labels).size).toBe(CLASSES);
  });

  it('should reject sizes that are not positive integers or exceed the digits available, naming the field', () => {
    const bad = [
      [{ train: 0, test: 10 }, 'train'],
      [{ train: 1.5, test: 10 }, 'train'],
      [{ train: 10, test: -1 }, 'test'],
      [{ train: 9000, test: 1001 }, 'test'],
    ] as const;
    for (const [sizes, field] of bad) {
      expect(() => splitDigits(digits, { ...sizes, seed: 1 })).toThrow(expect.objectContaining({ name: 'RectifyError', field }) as RectifyError);
    }
  });

  it('should leave the source untouched', () => {
    const small = selectDigits(digits, Uint32Array.from([5, 4, 3, 2, 1, 0]));
    const before = small.images.slice();
    splitDigits(small, { train: 3, test: 3, seed: 1 });
    expect(sameNumbers(small.images, before)).toBe(true);
  });
});

describe('permutation', () => {
  it('should return every index exactly once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer(), (n, seed) => {
        const order = permutation(n, createRng(seed));
        expect(Array.from(order).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      }),
    );
  });

  it('should put each element first about equally often', () => {
    const counts = new Array<number>(5).fill(0);
    const rng = createRng(11);
    for (let trial = 0; trial < 20_000; trial++) {
      const first = permutation(5, rng)[0] as number;
      counts[first] = (counts[first] as number) + 1;
    }
    // Expected 4,000 each; the standard deviation of a count is about 57.
    for (const count of counts) expect(Math.abs(count - 4000)).toBeLessThan(300);
  });
});

describe('streamSeed', () => {
  it('should give different streams different seeds, and the same stream the same seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const seeds = [1, 2, 3, 4].map((stream) => streamSeed(seed, stream));
        expect(new Set(seeds).size).toBe(4);
        expect(streamSeed(seed, 2)).toBe(seeds[1]);
      }),
    );
  });
});

describe('fillNormal', () => {
  it('should draw with mean 0 and the requested standard deviation (10^5 draws, fixed seed)', () => {
    const values = new Float64Array(100_001);
    fillNormal(values, 2, createRng(5));
    let sum = 0;
    let squares = 0;
    for (const v of values) {
      sum += v;
      squares += v * v;
    }
    const mean = sum / values.length;
    const variance = squares / values.length - mean * mean;
    // Standard errors: 2/√n ≈ 0.0063 for the mean, 4·√(2/n) ≈ 0.018 for the variance.
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 4)).toBeLessThan(0.08);
    expect(values.every(Number.isFinite)).toBe(true);
  });
});
