import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRng } from '@rectify/core';
import { jumpXoroshiro } from '../src/xoroshiro-jump.js';

/** The state of createRng(seed) after `steps` calls of next(), by stepping. */
function stepped(seed: number, steps: number): number[] {
  const rng = createRng(seed);
  for (let i = 0; i < steps; i++) rng.next();
  return [...rng.getState()];
}

function jumped(state: readonly number[], steps: number): number[] {
  const words = new Int32Array(8);
  words.set(state, 3);
  jumpXoroshiro(words, 3, steps);
  // Words outside the state are left alone.
  expect([words[0], words[1], words[2], words[7]]).toEqual([0, 0, 0, 0]);
  return Array.from(words.subarray(3, 7));
}

describe('jumpXoroshiro', () => {
  it('should reach the state of as many next() calls, below and above the distance where it starts using matrices', () => {
    fc.assert(
      fc.property(fc.integer(), fc.oneof(fc.integer({ min: 0, max: 80 }), fc.integer({ min: 0, max: 5000 })), (seed, steps) => {
        return jumped(createRng(seed).getState(), steps).every((w, i) => w === stepped(seed, steps)[i]);
      }),
      { numRuns: 60 },
    );
  });

  it('should compose: a jump of a + b steps is a jump of a, then one of b, for distances up to 2^40', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 0, max: 2 ** 40 }), (seed, a, b) => {
        const start = createRng(seed).getState();
        const both = jumped(jumped(start, a), b);
        return both.every((w, i) => w === jumped(start, a + b)[i]);
      }),
      { numRuns: 40 },
    );
  });

  it('should jump 2^32 steps as 2^8 jumps of 2^24 do, and change the state', () => {
    const start = createRng(7).getState();
    let state = [...start];
    for (let i = 0; i < 2 ** 8; i++) state = jumped(state, 2 ** 24);
    expect(jumped(start, 2 ** 32)).toEqual(state);
    expect(state).not.toEqual([...start]);
  });
});
