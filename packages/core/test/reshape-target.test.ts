import { describe, expect, it } from 'vitest';
import { reshapeTarget } from '../src/index.js';

describe('reshapeTarget', () => {
  it('should leave the first size to Reshape (−1) only when asked and every other size is non-zero', () => {
    expect(reshapeTarget([8, 2, 3], true)).toEqual([-1, 2, 3]);
    expect(reshapeTarget([8, 2, 3], false)).toEqual([8, 2, 3]);
    expect(reshapeTarget([8, 0, 3], true)).toEqual([8, 0, 3]);
    expect(reshapeTarget([5], true)).toEqual([-1]);
    expect(reshapeTarget([], true)).toEqual([]);
  });

  it('should return a new array and leave the given shape alone', () => {
    const shape = [4, 6];
    const target = reshapeTarget(shape, false);
    expect(target).not.toBe(shape);
    reshapeTarget(shape, true);
    expect(shape).toEqual([4, 6]);
  });
});
