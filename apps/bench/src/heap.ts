/**
 * Per-call overhead and heap allocation of Rectify's `out` path, at small sizes.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { tensor, type Backward, type FloatArray } from '@rectify/core';
import { relu } from '@rectify/relu';
import { allocateTensor, fastRelu, releaseTensor } from '@rectify/simd';
import { timeSync, type Budget } from './timing.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * Heap bytes a call allocates: the largest heap growth per call over several
 * short runs (a run during which a scavenge happened shows less growth, so the
 * largest is the one without a collection).
 *
 * @param run - One call.
 * @param calls - Calls per run.
 */
export function bytesPerCall(run: () => void, calls = 2000): number {
  for (let i = 0; i < 20_000; i++) run();
  let most = -Infinity;
  for (let r = 0; r < 7; r++) {
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < calls; i++) run();
    const after = process.memoryUsage().heapUsed;
    most = Math.max(most, (after - before) / calls);
  }
  return Math.max(0, most);
}

/** One row of the overhead report. */
export interface OverheadRow {
  readonly what: string;
  readonly n: number;
  /** Median nanoseconds per call. */
  readonly nanoseconds: number;
  /** Heap bytes allocated per call. */
  readonly bytes: number;
}

function filled(data: FloatArray): FloatArray {
  for (let i = 0; i < data.length; i++) data[i] = (i % 7) - 3.5;
  return data;
}

/**
 * Measures ReLU float32 per call at N = 1 and N = 1,000: the activation's
 * forward and backward with `out`, on plain arrays and on arena tensors, and
 * the kernel entry point `fastRelu` alone.
 *
 * @param budget - Time budget per measurement.
 */
export function measureOverhead(budget: Budget): OverheadRow[] {
  const rows: OverheadRow[] = [];
  const act = relu.create();
  for (const n of [1, 1000]) {
    for (const arena of [false, true]) {
      const make = (): { data: FloatArray; shape: readonly number[] } => (arena ? allocateTensor([n]) : tensor(new Float32Array(n)));
      const x = make();
      filled(x.data);
      const y = make();
      const dy = make();
      filled(dy.data);
      const dx = make();
      const where = arena ? 'wasm memory' : 'plain arrays';
      const options = { out: y.data };
      const forward = (): void => void act.forward(x, options);
      rows.push({ what: `relu.forward(x, { out }), ${where}`, n, nanoseconds: timeSync(forward, budget).seconds * 1e9, bytes: bytesPerCall(forward) });
      const back: Backward = act.forward(x, options).backward;
      const backOptions = { out: dx.data };
      const backward = (): void => void back(dy, backOptions);
      rows.push({ what: `backward(dy, { out }), ${where}`, n, nanoseconds: timeSync(backward, budget).seconds * 1e9, bytes: bytesPerCall(backward) });
      const kernel = (): void => void fastRelu(x.data, y.data);
      rows.push({ what: `fastRelu(x, out) kernel entry, ${where}`, n, nanoseconds: timeSync(kernel, budget).seconds * 1e9, bytes: bytesPerCall(kernel) });
      if (arena) [x, y, dy, dx].forEach((t) => releaseTensor(t));
    }
  }
  return rows;
}
