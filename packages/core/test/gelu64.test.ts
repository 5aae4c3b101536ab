import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GELU64, geluTanhF64, geluTanhGradF64, oneMinusSquareF64, tanhF64 } from '../src/index.js';

// Core's float64 tanh-form GELU against values computed in 60-digit arithmetic (scripts/sweeps/gelu-reference.py)
// at its 1,200 inputs; the bounds hold a wrong constant, a dropped term or a changed order to them.

const { rows } = JSON.parse(readFileSync(new URL('./fixtures/gelu32-reference.json', import.meta.url), 'utf8')) as { rows: [number, number, number, number, number][] };

/** A float64 ulp at |v|. */
function ulp64(v: number): number {
  const a = Math.abs(v);
  return a < 2 ** -1022 ? 2 ** -1074 : 2 ** (Math.floor(Math.log2(a)) - 52);
}

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
