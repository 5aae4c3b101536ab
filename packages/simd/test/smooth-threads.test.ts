import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bitEqual } from '@rectify/testing';
import { createArena, startThreads, stopThreads, wakeThreads, type Arena } from '../src/index.js';
import { smooth } from '../src/ops/smooth.js';
import { splitCount } from '../src/thread-split.js';
import { EDGES, SMOOTH_CASES } from './smooth-cases.js';
import { EDGES64, SMOOTH64_CASES } from './smooth64-cases.js';

/** One coefficient set per kernel: the splitting, not the maths, is under test here. */
const firstPerKernel = <C extends { readonly kernel: string }>(cases: readonly C[]): C[] => cases.filter((c, i) => cases.findIndex((d) => d.kernel === c.kernel) === i);

/** Each dtype's kernels, the values their inputs are drawn from and call lengths above the size from which calls are split. */
const DTYPES = [
  {
    dtype: 'float32' as const,
    calls: firstPerKernel(SMOOTH_CASES),
    values: fc.oneof(fc.constantFrom(...EDGES), fc.float(), fc.float({ min: -12, max: 12, noNaN: true })),
    lengths: fc.integer({ min: 70_000, max: 140_000 }),
    arenaBytes: 8 * 2 ** 20,
  },
  {
    dtype: 'float64' as const,
    calls: firstPerKernel(SMOOTH64_CASES),
    values: fc.oneof(fc.constantFrom(...EDGES64), fc.double(), fc.double({ min: -40, max: 40, noNaN: true })),
    lengths: fc.integer({ min: 40_000, max: 90_000 }),
    arenaBytes: 16 * 2 ** 20,
  },
];

/** n values of the dtype from a pattern in a seeded order, in the arena. */
function filled(arena: Arena, dtype: 'float32' | 'float64', pattern: readonly number[], seed: number, n: number): Float32Array | Float64Array {
  const t = arena.allocate([n], dtype);
  if (t === undefined) throw new Error('arena full');
  let h = seed >>> 0;
  for (let i = 0; i < n; i++) {
    h = (Math.imul(h, 1664525) + 1013904223) >>> 0;
    t.data[i] = pattern[h % pattern.length] as number;
  }
  return t.data;
}

describe.each(DTYPES)('the smooth $dtype kernels on kernel threads', ({ dtype, calls, values, lengths, arenaBytes }) => {
  let shared: Arena;
  beforeAll(async () => {
    expect(await startThreads(2)).toBe(2);
    shared = createArena(arenaBytes, { shared: true });
  });
  afterAll(async () => {
    await stopThreads();
  });

  it.each(calls)('should split $kernel ($label) across the threads and give the bits of core’s definition', ({ kernel, backward, c, scalar }) => {
    const before = splitCount();
    fc.assert(
      fc.property(fc.array(values, { minLength: 1, maxLength: 48 }), fc.integer(), lengths, (pattern, seed, n) => {
        const x = filled(shared, dtype, pattern, seed, n);
        const dy = filled(shared, dtype, pattern, seed + 1, n);
        const out = filled(shared, dtype, [0], 0, n);
        let ran = false;
        for (let tries = 0; tries < 20; tries++) {
          const splits = splitCount();
          wakeThreads();
          ran = smooth('auto', kernel, x, backward ? dy : null, out, ...c);
          if (!ran || splitCount() > splits) break;
        }
        // Storing into the dtype's array rounds the pattern's values and the definition's results alike.
        const want = dtype === 'float32' ? Float32Array.from(x, (v, i) => scalar(v, dy[i] as number)) : Float64Array.from(x, (v, i) => scalar(v, dy[i] as number));
        const same = ran && bitEqual(out, want);
        for (const a of [x, dy, out]) shared.release(a);
        return same;
      }),
      { numRuns: 8 },
    );
    expect(splitCount() - before).toBeGreaterThan(0);
  });
});
