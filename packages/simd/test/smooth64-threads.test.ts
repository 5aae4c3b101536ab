import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bitEqual } from '@rectify/testing';
import { createArena, startThreads, stopThreads, wakeThreads, type Arena } from '../src/index.js';
import { smooth } from '../src/ops/smooth.js';
import { splitCount } from '../src/thread-split.js';
import { EDGES64, SMOOTH64_CASES } from './smooth64-cases.js';

/** One coefficient set per kernel: the splitting, not the maths, is under test here. */
const CALLS = SMOOTH64_CASES.filter((c, i) => SMOOTH64_CASES.findIndex((d) => d.kernel === c.kernel) === i);

/** n float64 values from a pattern in a seeded order, in the arena. */
function filled(arena: Arena, pattern: readonly number[], seed: number, n: number): Float64Array {
  const t = arena.allocate([n], 'float64');
  if (t === undefined) throw new Error('arena full');
  let h = seed >>> 0;
  for (let i = 0; i < n; i++) {
    h = (Math.imul(h, 1664525) + 1013904223) >>> 0;
    t.data[i] = pattern[h % pattern.length] as number;
  }
  return t.data as Float64Array;
}

describe('the smooth float64 kernels on kernel threads', () => {
  let shared: Arena;
  beforeAll(async () => {
    expect(await startThreads(2)).toBe(2);
    shared = createArena(16 * 2 ** 20, { shared: true });
  });
  afterAll(async () => {
    await stopThreads();
  });

  it.each(CALLS)('should split $kernel ($label) across the threads and give the bits of core’s definition', ({ kernel, backward, c, scalar }) => {
    const before = splitCount();
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...EDGES64), fc.double(), fc.double({ min: -40, max: 40, noNaN: true })), { minLength: 1, maxLength: 48 }),
        fc.integer(),
        // Ragged lengths above the size from which calls are split.
        fc.integer({ min: 40_000, max: 90_000 }),
        (pattern, seed, n) => {
          const x = filled(shared, pattern, seed, n);
          const dy = filled(shared, pattern, seed + 1, n);
          const out = filled(shared, [0], 0, n);
          let ran = false;
          for (let tries = 0; tries < 20; tries++) {
            const splits = splitCount();
            wakeThreads();
            ran = smooth('auto', kernel, x, backward ? dy : null, out, ...c);
            if (!ran || splitCount() > splits) break;
          }
          const same = ran && bitEqual(out, Float64Array.from(x, (v, i) => scalar(v, dy[i] as number)));
          for (const a of [x, dy, out]) shared.release(a);
          return same;
        },
      ),
      { numRuns: 8 },
    );
    expect(splitCount() - before).toBeGreaterThan(0);
  });
});
