import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GELU64, geluF64, geluGradF64, geluTanhF64, geluTanhGradF64, oneMinusSquareF64, tanhF64 } from '../src/index.js';

// Core's float64 GELU against values computed in 60-digit arithmetic (scripts/sweeps/gelu-reference.py): the exact
// form at 800 float64 inputs over its whole range, the tanh form at the float32 tests' 1,200 inputs. The bounds hold a
// wrong constant, a dropped term or a changed order to them.

const { rows } = JSON.parse(readFileSync(new URL('./fixtures/gelu32-reference.json', import.meta.url), 'utf8')) as { rows: [number, number, number, number, number][] };
const exact = (JSON.parse(readFileSync(new URL('./fixtures/gelu64-reference.json', import.meta.url), 'utf8')) as { rows: [number, number, number][] }).rows;

/** A float64 ulp at |v|. */
function ulp64(v: number): number {
  const a = Math.abs(v);
  return a < 2 ** -1022 ? 2 ** -1074 : 2 ** (Math.floor(Math.log2(a)) - 52);
}

describe('the float64 exact GELU', () => {
  it('should give x·Φ(x) within 4 ulps over its whole range, both tails kept', () => {
    let worst = 0;
    for (const [x, y] of exact) worst = Math.max(worst, Math.abs(geluF64(x) - y) / ulp64(y));
    expect(worst).toBeLessThanOrEqual(4);
    expect(geluF64(-30)).toBeLessThan(-1e-197);
  });

  it('should give the gradient Φ(x) + x·φ(x) within a mixed error of 1e-15', () => {
    let worst = 0;
    for (const [x, , slope] of exact) worst = Math.max(worst, Math.abs(geluGradF64(x, 1) - slope) / Math.max(1, Math.abs(slope)));
    expect(worst).toBeLessThanOrEqual(1e-15);
  });

  it('should follow PyTorch at the special values: ±0 kept, x or −0 beyond the clamp, NaN at ±∞ for the gradient', () => {
    expect(Object.is(geluF64(0), 0)).toBe(true);
    expect(Object.is(geluF64(-0), -0)).toBe(true);
    expect(geluF64(Infinity)).toBe(Infinity);
    expect(geluF64(-Infinity)).toBeNaN();
    expect(geluF64(Number.NaN)).toBeNaN();
    for (const x of [GELU64.clamp, 1e300]) expect(geluF64(x)).toBe(x);
    for (const x of [-38.7, -GELU64.clamp, -1e300]) expect(Object.is(geluF64(x), -0)).toBe(true);
    expect(geluGradF64(Infinity, 1)).toBeNaN();
    expect(geluGradF64(-Infinity, 1)).toBeNaN();
    expect(geluGradF64(-0, 2)).toBe(1);
  });
});

describe('the float64 tanh-form GELU', () => {
  it('should give ½x·(1 + tanh u) within 4 ulps of max(|y|, 1)', () => {
    let worst = 0;
    for (const [x, , , y] of rows) worst = Math.max(worst, Math.abs(geluTanhF64(x) - y) / ulp64(Math.max(Math.abs(y), 1)));
    expect(worst).toBeLessThanOrEqual(4);
  });

  it('should give the gradient within a mixed error of 3e-15 of the exact slope', () => {
    let worst = 0;
    for (const [x, , , , slope] of rows) worst = Math.max(worst, Math.abs(geluTanhGradF64(x, 1) - slope) / Math.max(1, Math.abs(slope)));
    expect(worst).toBeLessThanOrEqual(3e-15);
  });

  it('should follow PyTorch at the special values', () => {
    expect(Object.is(geluTanhF64(-0), -0)).toBe(true);
    expect(Object.is(geluTanhF64(-1e155), -0)).toBe(true);
    expect(geluTanhF64(1e155)).toBe(1e155);
    expect(geluTanhF64(Infinity)).toBe(Infinity);
    expect(geluTanhF64(-Infinity)).toBeNaN();
    expect(geluTanhF64(Number.NaN)).toBeNaN();
    expect(geluTanhGradF64(1e155, 1)).toBeNaN();
    expect(geluTanhGradF64(0, 3)).toBe(1.5);
  });

  it('should compute the gradient step by step as PyTorch’s float64 kernel does', () => {
    const { tanhScale: beta, tanhCubic: kappa, tanhCubicSlope: kappa3 } = GELU64;
    for (const [x] of rows) {
      const square = x * x;
      const t = tanhF64(beta * (x + kappa * (square * x)));
      const right = 0.5 * x * oneMinusSquareF64(t) * (beta * (1 + kappa3 * square));
      const dy = x / 3;
      expect(Object.is(geluTanhGradF64(x, dy), dy * (0.5 * (1 + t) + right))).toBe(true);
    }
  });
});
