import type { FloatArray } from '@rectify/core';
import { createArena } from '../src/index.js';

/** The arena that the tests' arena-resident arrays come from. */
const arena = createArena(16 * 2 ** 20);

/** Copies `a` into arena memory, or into a fresh typed array. */
export function place(a: FloatArray, inArena: boolean): FloatArray {
  if (!inArena) return a.slice();
  const t = arena.allocate([a.length], a instanceof Float32Array ? 'float32' : 'float64');
  if (t === undefined) throw new Error('arena full');
  t.data.set(a);
  return t.data;
}

/** A zero-filled array of n elements of the dtype of `like`, in arena memory or not. */
export function blank(like: FloatArray, n: number, inArena: boolean): FloatArray {
  return place(like instanceof Float32Array ? new Float32Array(n) : new Float64Array(n), inArena);
}

/** Returns the arena-resident arrays among `arrays` to the arena. */
export function release(...arrays: FloatArray[]): void {
  for (const a of arrays) if (arena.owns(a)) arena.release(a);
}
