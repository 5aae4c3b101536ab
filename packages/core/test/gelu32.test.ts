import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GELU32, geluF32, geluGradF32, geluTanhF32, geluTanhGradF32, tanhF32 } from '../src/index.js';
import { isFloat32, mixed, ulps } from './float32-error.js';

// Core's float32 GELU against values computed in 60-digit arithmetic (scripts/sweeps/gelu-reference.py) at 1,200
// float32 inputs in [−2, 2], [−14.4, 16] and the negative tail. The budgets are those scripts/sweeps/smooth32.mjs
// establishes over every float32; these inputs hold a wrong coefficient, a dropped term or a changed order to them.

const F = Math.fround;
const { rows } = JSON.parse(readFileSync(new URL('./fixtures/gelu32-reference.json', import.meta.url), 'utf8')) as { rows: [number, number, number, number, number][] };

/** The largest of `error` over the reference rows, and the x where it occurs. */
function worst(error: (row: (typeof rows)[number]) => number): { error: number; x: number } {
  let w = { error: 0, x: 0 };
  for (const row of rows) {
    const e = error(row);
    if (!(e <= w.error)) w = { error: e, x: row[0] };
  }
  return w;
}

const bits = (v: number): number => new Uint32Array(new Float32Array([v]).buffer)[0] as number;

describe('the float32 exact GELU', () => {
  it('should give x·Φ(x) within 6 ulps, as a float32 value, in both tails', () => {
    expect(worst(([x, y]) => (isFloat32(geluF32(x)) ? ulps(geluF32(x), y) : Infinity)).error).toBeLessThanOrEqual(6);
  });

  it('should keep the negative tail where 1 + erf would cancel: gelu(−10) is −7.62e-23, not −0', () => {
    expect(geluF32(-10)).toBeCloseTo(-7.6198530241605e-23, 27);
    expect(geluF32(F(-13.1))).toBeLessThan(0);
  });

  it('should follow PyTorch at the special values: ±0 kept, x or −0 beyond the clamp, NaN at −∞ and for NaN', () => {
    expect(Object.is(geluF32(0), 0)).toBe(true);
    expect(Object.is(geluF32(-0), -0)).toBe(true);
    expect(geluF32(Infinity)).toBe(Infinity);
    expect(geluF32(-Infinity)).toBeNaN();
    expect(geluF32(Number.NaN)).toBeNaN();
    for (const x of [GELU32.clamp, 20, 3.4028234663852886e38]) expect(geluF32(x)).toBe(x);
    for (const x of [-14.5, -GELU32.clamp, -20, -3.4028234663852886e38]) expect(Object.is(geluF32(x), -0)).toBe(true);
  });

  it('should give the gradient Φ(x) + x·φ(x) within a mixed error of 3e-7, NaN at ±∞', () => {
    expect(worst(([x, , slope]) => mixed(geluGradF32(x, 1), slope)).error).toBeLessThanOrEqual(3e-7);
    expect(geluGradF32(Infinity, 1)).toBeNaN();
    expect(geluGradF32(-Infinity, 1)).toBeNaN();
    expect(geluGradF32(-0, 2)).toBe(1);
    expect(Object.is(geluGradF32(-40, 1), 0)).toBe(true);
  });

  it('should compute the gradient in PyTorch’s order, x·(e^(−x²/2)·(1/√(2π))) and not (x·e^(−x²/2))·(1/√(2π))', () => {
    // Bits of this definition where the two orders round apart: a reordering has to change them on purpose.
    const pinned: [number, number][] = [
      [-1.1607823371887207, 0xbde7e12a],
      [-3.4883506298065186, 0xbb3fde7b],
      [-2.9907960891723633, 0xbc487126],
      [-4.444288730621338, 0xb8b5e085],
      [-2.6721646785736084, 0xbcd6f57d],
      [-5.235105514526367, 0xb61749fd],
    ];
    for (const [x, want] of pinned) expect(bits(geluGradF32(x, 1)).toString(16)).toBe(want.toString(16));
  });
});

describe('the float32 tanh-form GELU', () => {
  it('should give ½x·(1 + tanh u) within 3 ulps of max(|y|, 1), as a float32 value', () => {
    expect(worst(([x, , , y]) => (isFloat32(geluTanhF32(x)) ? ulps(geluTanhF32(x), y, 1) : Infinity)).error).toBeLessThanOrEqual(3);
  });

  it('should equal x·σ(w): −0 in the far negative tail and where x² overflows, x above, NaN at −∞', () => {
    expect(Object.is(geluTanhF32(-0), -0)).toBe(true);
    expect(Object.is(geluTanhF32(-11), -0)).toBe(true);
    expect(Object.is(geluTanhF32(-2e19), -0)).toBe(true);
    expect(geluTanhF32(2e19)).toBe(F(2e19));
    expect(geluTanhF32(Infinity)).toBe(Infinity);
    expect(geluTanhF32(-Infinity)).toBeNaN();
  });

  it('should give the gradient within a mixed error of 8e-7 of the exact slope, NaN where x² overflows', () => {
    expect(worst(([x, , , , slope]) => mixed(geluTanhGradF32(x, 1), slope)).error).toBeLessThanOrEqual(8e-7);
    expect(geluTanhGradF32(2e19, 1)).toBeNaN();
    expect(geluTanhGradF32(-Infinity, 1)).toBeNaN();
    expect(geluTanhGradF32(0, 3)).toBe(1.5);
  });

  it('should compute the gradient step by step as PyTorch’s float32 kernel does', () => {
    // PyTorch's GeluBackward for approximate='tanh': x_sq = x·x, x_cube = x_sq·x, inner = kBeta·(x + kKappa·x_cube),
    // t = tanh(inner), left_derivative = 0.5·(1 + t), tanh_derivative = 1 − t·t (one rounding, a fused multiply-add),
    // inner_derivative = kBeta·(1 + 3·kKappa·x_sq), right_derivative = (0.5·x)·tanh_derivative·inner_derivative.
    const { tanhScale: beta, tanhCubic: kappa, tanhCubicSlope: kappa3 } = GELU32;
    for (const [x] of rows) {
      const square = F(x * x);
      const t = tanhF32(F(beta * F(x + F(kappa * F(square * x)))));
      const left = F(0.5 * F(1 + t));
      const right = F(F(F(0.5 * x) * F(1 - t * t)) * F(beta * F(1 + F(kappa3 * square))));
      const dy = F(x / 3);
      expect(Object.is(geluTanhGradF32(x, dy), F(dy * F(left + right)))).toBe(true);
    }
  });
});
