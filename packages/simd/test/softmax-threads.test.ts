import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bitEqual } from '@rectify/testing';
import { createArena, startThreads, stopThreads, wakeThreads, type Arena } from '../src/index.js';
import { softmaxRows, type SoftmaxKind } from '../src/ops/softmax.js';
import { splitCount } from '../src/thread-split.js';
import { expected } from './softmax-rows-reference.js';

// The softmax family's row kernels split across two kernel threads, a range of whole rows each: every row gives the
// bits of core's definition, as on one thread, and the calls were split.

/** rows × n seeded values of a dtype in the arena, with some of the edges a row can hold. */
function filled(arena: Arena, dtype: 'float32' | 'float64', rows: number, n: number, seed: number): Float32Array | Float64Array {
  const t = arena.allocate([rows, n], dtype);
  if (t === undefined) throw new Error('arena full');
  let h = seed >>> 0;
  for (let i = 0; i < t.data.length; i++) {
    h = (Math.imul(h, 1664525) + 1013904223) >>> 0;
    t.data[i] = h % 997 === 0 ? [Number.NaN, Infinity, -Infinity, -0][h % 4]! : ((h >>> 8) / 2 ** 24 - 0.5) * 40;
  }
  return t.data;
}

describe.each(['float32', 'float64'] as const)('the softmax family’s %s row kernels on kernel threads', (dtype) => {
  let shared: Arena;
  beforeAll(async () => {
    expect(await startThreads(2)).toBe(2);
    shared = createArena(64 * 2 ** 20, { shared: true });
  });
  afterAll(async () => {
    await stopThreads();
  });

  const CASES = (['softmax', 'log_softmax', 'softmin'] as SoftmaxKind[]).flatMap((kind) => [false, true].map((backward) => ({ kind, backward })));
  it.each(CASES)('should split $kind (backward: $backward) by rows and give core’s bits', ({ kind, backward }) => {
    const before = splitCount();
    for (const [rows, n] of [[1023, 256], [157, 1000], [4097, 37]] as const) {
      const x = filled(shared, dtype, rows, n, rows + n);
      const dy = filled(shared, dtype, rows, n, rows * n);
      const out = filled(shared, dtype, rows, n, 1);
      let ran = false;
      for (let tries = 0; tries < 20; tries++) {
        const splits = splitCount();
        wakeThreads();
        ran = softmaxRows('auto', kind, x, backward ? dy : null, out, rows, n, 1);
        if (!ran || splitCount() > splits) break;
      }
      expect(ran).toBe(true);
      expect(bitEqual(out, expected(kind, x, backward ? dy : null, rows, n))).toBe(true);
      for (const a of [x, dy, out]) shared.release(a);
    }
    expect(splitCount() - before).toBeGreaterThan(0);
  });
});
