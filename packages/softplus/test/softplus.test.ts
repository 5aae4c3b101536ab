import { describe, expect, it } from 'vitest';
import { createRegistry } from '@rectify/core';
import { describeConformance, describeEdges } from '@rectify/testing/vitest';
import * as api from '../src/index.js';
import { softplus } from '../src/index.js';

// Both fields pinned: PyTorch's softplus steps down by log(1 + e^(−threshold))/β at the switch, a jump the kit's
// continuity property would find for the small thresholds it draws (log 2 at threshold 0). With threshold 20 the
// step is 2e-9, and with 40 it is below float64's rounding of the output.
describeConformance(softplus, { config: { beta: 1, threshold: 20 } });
describeConformance(softplus, { config: { beta: 2, threshold: 40 } });


const F32_1E30 = 1.0000000150474662e30;

describeEdges(softplus, {}, 'at ±0, around the threshold, in both tails, at ±∞ and NaN', {
  float32: [
    [0, 1, 0.6931471824645996, 0.5],
    [-0, -1, 0.6931471824645996, -0.5],
    [19.999998092651367, 1, 19.999998092651367, 1],
    [20, -1, 20, -1],
    [20.000001907348633, 1, 20.000001907348633, 1],
    [800, 1, 800, 1],
    [-800, -1, 0, -0],
    [F32_1E30, 1, F32_1E30, 1],
    [-F32_1E30, -1, 0, -0],
    [Infinity, 1, Infinity, 1],
    [-Infinity, -1, 0, -0],
    [Number.NaN, 1, Number.NaN, Number.NaN],
  ],
  float64: [
    [0, 1, 0.6931471805599453, 0.5],
    [-0, -1, 0.6931471805599453, -0.5],
    [19.999999999999996, 1, 20.00000000206115, 0.9999999979388464],
    [20, -1, 20.000000002061153, -0.9999999979388464],
    [20.000000000000004, 1, 20.000000000000004, 1],
    [800, 1, 800, 1],
    [-800, -1, 0, -0],
    [1e30, 1, 1e30, 1],
    [-1e30, -1, 0, -0],
    [Infinity, 1, Infinity, 1],
    [-Infinity, -1, 0, -0],
    [Number.NaN, 1, Number.NaN, Number.NaN],
  ],
});

// The switch falls where PyTorch's does: βx > threshold, with βx rounded to the dtype.
describeEdges(softplus, { beta: 2, threshold: 5 }, 'on either side of threshold/β', {
  float32: [
    [0, 1, 0.3465735912322998, 0.5],
    [2.5, -1, 2.5033576488494873, -0.9933071732521057],
    [2.500000238418579, 1, 2.500000238418579, 1],
    [F32_1E30, -1, F32_1E30, -1],
    [-Infinity, -1, 0, -0],
    [Number.NaN, 1, Number.NaN, Number.NaN],
  ],
  float64: [
    [0, 1, 0.34657359027997264, 0.5],
    [2.5, -1, 2.503357674244559, -0.9933071490757152],
    [2.5000000000000004, 1, 2.5000000000000004, 1],
    [1e30, -1, 1e30, -1],
    [-Infinity, -1, 0, -0],
    [Number.NaN, 1, Number.NaN, Number.NaN],
  ],
});

// Above 88.7 (float32) or 709.8 (float64) exp(βx) overflows below a large threshold: +∞ and a NaN gradient, as in PyTorch.
describeEdges(softplus, { threshold: 1000 }, 'where exp overflows below a large threshold', {
  float32: [
    [80, 1, 80, 1],
    [90, 1, Infinity, Number.NaN],
    [710, 1, Infinity, Number.NaN],
    [1001, 1, 1001, 1],
  ],
  float64: [
    [80, 1, 80, 1],
    [90, 1, 90, 1],
    [710, 1, Infinity, Number.NaN],
    [1001, 1, 1001, 1],
  ],
});

describe('softplus plugin', () => {
  it('should export the plugin and its config type only', () => {
    expect(Object.keys(api)).toEqual(['softplus']);
  });

  it('should be found as Softplus, with PyTorch defaults', () => {
    const act = createRegistry().use(softplus).freeze().create('Softplus');
    expect(act.name).toBe('softplus');
    expect(act.config).toEqual({ beta: 1, threshold: 20 });
    expect(softplus.displayName).toBe('Softplus');
  });

  it('should give the variance-preserving gain of its config', () => {
    expect(softplus.create().gain()).toBeCloseTo(1.0418668355, 8);
    expect(softplus.create({ beta: 4 }).gain()).toBeGreaterThan(softplus.create().gain());
  });

  it('should declare the switch at threshold/β as its kink, a slope of at most 1 and outputs ≥ 0', () => {
    const act = softplus.create({ beta: 2, threshold: 5 });
    expect(softplus.traits.kinks(act)).toEqual([2.5]);
    expect(softplus.traits.lipschitz(act)).toBe(1);
    expect(softplus.traits.range?.(act)).toEqual([0, Infinity]);
  });

  it('should refuse a beta that is not a positive finite number, naming it', () => {
    for (const beta of [0, -1, -0, Infinity, Number.NaN, '2']) {
      expect(() => softplus.create({ beta } as never)).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'beta', value: beta }));
    }
    expect(() => softplus.create({ beta: Infinity })).toThrow('softplus: config.beta must be a finite number, got Infinity');
    expect(() => softplus.create({ beta: -1 })).toThrow('softplus: config.beta must be a positive finite number, got -1');
  });

  it('should refuse a threshold that is negative or not finite, naming it', () => {
    for (const threshold of [-1, Number.NaN, Infinity]) {
      expect(() => softplus.create({ threshold })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'threshold', value: threshold }));
    }
    expect(() => softplus.create({ threshold: -1 })).toThrow('softplus: config.threshold must be a finite number ≥ 0, got -1');
  });
});
