import { describe, expect, it } from 'vitest';
import { defineElementwise } from '@rectify/core';
import { differing, differingSums, drawn, engineCases, inputs, mixedError, sumBound, SPECIAL, TIES, type EngineFamily } from '../src/index.js';

const cube = defineElementwise({ name: 'cube', summary: 'x³', fields: {}, f: (v) => v ** 3, df: (v) => 3 * v * v });
const square = defineElementwise({ name: 'square', summary: 'x²', fields: {}, f: (v) => v * v, df: (v) => 2 * v });

describe('mixedError', () => {
  it('should be absolute below 1 and relative above', () => {
    expect(mixedError(0.5, 0.25)).toBe(0.25);
    expect(mixedError(110, 100)).toBe(0.1);
  });

  it('should match NaN, infinities and signed zeros exactly', () => {
    expect(mixedError(Number.NaN, Number.NaN)).toBe(0);
    expect(mixedError(1, Number.NaN)).toBe(Infinity);
    expect(mixedError(Infinity, Infinity)).toBe(0);
    expect(mixedError(-Infinity, Infinity)).toBe(Infinity);
    expect(mixedError(0, 0)).toBe(0);
    expect(mixedError(-0, 0)).toBe(Infinity);
  });
});

describe('differing and differingSums', () => {
  it('should give the indices that differ bit for bit', () => {
    expect(differing([0, Number.NaN, 1, 2], [-0, Number.NaN, 1, 3])).toEqual([0, 3]);
    expect(() => differing([1], [1, 2])).toThrow(RangeError);
  });

  it('should allow a sum the rounding of a float32 sum of the finite terms', () => {
    const x = [1, 2, Infinity];
    const dy = [1, 1, 0];
    const bound = sumBound(x, dy);
    expect(bound).toBe(5 * 2 ** -23 * 3);
    expect(differingSums([3 + bound, Number.NaN], [3, Number.NaN], x, dy)).toEqual([]);
    expect(differingSums([3 + 2 * bound, Infinity], [3, -Infinity], x, dy)).toEqual([0, 1]);
  });
});

describe('engineCases', () => {
  const families: Record<string, EngineFamily<{ float32: number }>> = {
    cube: { configs: [{}], shapes: [[2, 30], [5]], agreement: { kind: 'close', tolerance: { float32: 1e-6 } }, training: true },
    square: { configs: [{}], shapes: [[4]], agreement: { kind: 'bits' }, draw: 'ties' },
  };

  it('should cover each plugin\'s configs times its shapes and modes, in order', () => {
    const cases = engineCases([cube, square], families);
    expect(cases.map((c) => c.name)).toEqual(['cube {} [2, 30]', 'cube {} [2, 30] training', 'cube {} [5]', 'cube {} [5] training', 'square {} [4]']);
    expect(cases[0]?.agreement.tolerance?.float32).toBe(1e-6);
  });

  it('should seed the inputs per case, with the edge values first', () => {
    const [first, , , , last] = engineCases([cube, square], families);
    expect(first?.x.slice(0, SPECIAL.length)).toEqual(SPECIAL);
    expect(first?.x).toEqual(engineCases([cube, square], families)[0]?.x);
    expect(last?.x).toEqual(drawn(4, TIES, 100));
    expect(inputs(3, [7], 1).slice(0, 2)).toEqual([7, 7]);
  });

  it('should throw for a plugin without a family', () => {
    expect(() => engineCases([cube], {})).toThrow(/cube/);
  });
});
