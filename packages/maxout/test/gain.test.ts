import { describe, expect, it } from 'vitest';
import { createRng, uniform01, type RandomSource } from '@rectify/core';
import { MAX_PIECES, maxout } from '../src/index.js';
import { erf, expectedMaxSquare, normalCdf } from '../src/gain.js';

/** Published values of erf, to 16 significant digits. */
const ERF_TABLE: [number, number][] = [
  [0.1, 0.1124629160182849],
  [0.5, 0.5204998778130465],
  [1, 0.8427007929497149],
  [1.5, 0.9661051464753108],
  [2, 0.9953222650189527],
  [3, 0.9999779095030014],
  [4, 0.9999999845827421],
];

describe('erf and Φ', () => {
  it.each(ERF_TABLE)('should give erf(%d) to within 1e-15, and erf(-x) = -erf(x)', (x, expected) => {
    expect(Math.abs(erf(x) - expected)).toBeLessThanOrEqual(1e-15);
    expect(erf(-x)).toBe(-erf(x));
  });

  it('should give erf 0 at 0, ±1 at ±Infinity and NaN at NaN', () => {
    expect(erf(0)).toBe(0);
    expect(erf(Infinity)).toBe(1);
    expect(erf(-Infinity)).toBe(-1);
    expect(erf(Number.NaN)).toBeNaN();
  });

  it('should give Φ(0) = 1/2 and the two-sided 95% point', () => {
    expect(normalCdf(0)).toBe(0.5);
    // Φ⁻¹(0.975) = 1.959963984540054.
    expect(Math.abs(normalCdf(1.959963984540054) - 0.975)).toBeLessThanOrEqual(1e-15);
    expect(Math.abs(normalCdf(-1.959963984540054) - 0.025)).toBeLessThanOrEqual(1e-15);
  });
});

describe('E[max(z₁ … z_k)²] by quadrature', () => {
  it('should give 1 for k = 1 and k = 2 to within 1e-12', () => {
    expect(Math.abs(expectedMaxSquare(1) - 1)).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(expectedMaxSquare(2) - 1)).toBeLessThanOrEqual(1e-12);
  });

  it('should match the closed forms 1 + √3/(2π) for k = 3 and 1 + √3/π for k = 4 to within 1e-12', () => {
    expect(Math.abs(expectedMaxSquare(3) - (1 + Math.sqrt(3) / (2 * Math.PI)))).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(expectedMaxSquare(4) - (1 + Math.sqrt(3) / Math.PI))).toBeLessThanOrEqual(1e-12);
  });

  /** One standard normal draw by the Box–Muller transform. */
  function normal(rng: RandomSource): number {
    const u = 1 - uniform01(rng);
    const v = uniform01(rng);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  it.each([3, 6, 16])('should agree with a seeded Monte Carlo estimate for k = %d within 4 standard errors', (k) => {
    const rng = createRng(20130218 + k);
    const samples = 100_000;
    let sum = 0;
    let sumSquares = 0;
    for (let s = 0; s < samples; s++) {
      let best = Number.NEGATIVE_INFINITY;
      for (let j = 0; j < k; j++) best = Math.max(best, normal(rng));
      const value = best * best;
      sum += value;
      sumSquares += value * value;
    }
    const mean = sum / samples;
    const standardError = Math.sqrt((sumSquares / samples - mean * mean) / (samples - 1));
    // The estimate must be sharp enough to mean something: under 1% of the moment.
    expect(standardError).toBeLessThan(0.01 * mean);
    expect(Math.abs(mean - expectedMaxSquare(k))).toBeLessThanOrEqual(4 * standardError);
  });
});

describe('maxout gain', () => {
  it('should be exactly 1 for pieces = 1 and pieces = 2', () => {
    expect(maxout.create({ pieces: 1 }).gain()).toBe(1);
    expect(maxout.create({ pieces: 2 }).gain()).toBe(1);
  });

  it('should be 1/√E[max²] for pieces = 3, the same on every call', () => {
    const act = maxout.create({ pieces: 3 });
    expect(Math.abs(act.gain() - 1 / Math.sqrt(1 + Math.sqrt(3) / (2 * Math.PI)))).toBeLessThanOrEqual(1e-12);
    expect(act.gain()).toBe(maxout.create({ pieces: 3 }).gain());
  });

  it('should fall strictly as pieces grows beyond 2, and stay positive and finite up to MAX_PIECES', () => {
    let previous = maxout.create({ pieces: 2 }).gain();
    for (const pieces of [3, 4, 5, 8, 16, 64, 256, MAX_PIECES]) {
      const gain = maxout.create({ pieces }).gain();
      expect(gain).toBeLessThan(previous);
      expect(gain).toBeGreaterThan(0);
      previous = gain;
    }
  });
});
