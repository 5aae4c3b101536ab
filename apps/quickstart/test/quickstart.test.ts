import { describe, expect, it } from 'vitest';
import { describeConformance } from '@rectify/testing/vitest';
import { swish } from '../src/swish.js';
import { bitEqual } from '@rectify/testing';
import { buildRegistry, roundTrip, tutorialTable } from '../src/tour.js';

describeConformance(swish);
describeConformance(swish, { config: { beta: 4 } });

describe('quickstart tour', () => {
  it('should print the tutorial table for ReLU with gradients', () => {
    expect(tutorialTable(buildRegistry(), 'relu')).toEqual([
      'Applying Relu on (1.0) gives 1.0  (gradient 1)',
      'Applying Relu on (-10.0) gives 0.0  (gradient 0)',
      'Applying Relu on (0.0) gives 0.0  (gradient 0)',
      'Applying Relu on (15.0) gives 15.0  (gradient 1)',
      'Applying Relu on (-20.0) gives 0.0  (gradient 0)',
    ]);
  });

  it('should print the tutorial table for Leaky ReLU, gradient 0.01 at 0', () => {
    const lines = tutorialTable(buildRegistry(), 'leaky_relu');
    expect(lines[1]).toMatch(/^Applying Leaky Relu on \(-10\.0\) gives -0\.1 +\(gradient 0\.01\)$/);
    expect(lines[4]).toMatch(/gives -0\.2 /);
  });

  it('should register the custom Swish exactly like the built-ins', () => {
    const registry = buildRegistry();
    expect(registry.get('SiLU')).toBe(swish);
    expect(registry.names()).toEqual(['leaky_relu', 'maxout', 'prelu', 'relu', 'rrelu', 'swish']);
  });

  it('should round-trip hand-set PReLU slopes bit for bit, -0 and NaN included', () => {
    const { json, before, after } = roundTrip(buildRegistry());
    expect(JSON.parse(json).parameters.weight.data).toEqual([0.1875, '-0', 'NaN']);
    expect(bitEqual(after, before)).toBe(true);
    expect(before[0]).toBe(-1 * 0.1875);
    expect(Object.is(before[1], 0)).toBe(true);
    expect(before[2]).toBeNaN();
  });

});
