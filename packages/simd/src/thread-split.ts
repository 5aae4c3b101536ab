/**
 * Splitting a kernel call across the kernel threads: every thread runs the
 * same WebAssembly kernel on its own range of elements, so the results are
 * the bits one thread computes; and the rules by which the calling thread
 * waits for the others.
 */
import { DONE, KERNEL, MAX_ARGS, MEMORY, NO_KERNEL, SEQ, SLEEPING, SLOT_INTS, STATUS, argsIndex, now, type Kernel, type SplitTarget } from './thread-protocol.js';
import { runningPool, type Pool } from './threads.js';
import { SPLITTABLE_KERNELS, type SplittableKernel } from './wasm.js';

/**
 * Calls that touch fewer bytes than this (inputs and outputs together) run
 * on one thread: handing a share to another thread costs about a microsecond
 * even when it is awake, which is what a single thread needs for ~64 KiB.
 */
const SPLIT_MIN_BYTES = 256 * 1024;
/**
 * Calls that touch at least this many bytes are split even when a worker
 * sleeps: on one thread they take a millisecond or more, longer than a
 * worker takes to wake.
 */
const WAKE_MIN_BYTES = 8 * 2 ** 20;
/** How long the main thread waits for a share before it gives up on the pool. */
const TIMEOUT_MS = 60_000;
/**
 * How long the calling thread checks for the workers' shares, at least,
 * before it sleeps in short naps between checks; a share takes about as long
 * as its own, and it checks for twice that. Checking longer would starve a
 * worker that the system runs on the calling thread's core, which happens
 * here for a while after a worker wakes.
 */
const WAIT_CHECK_MS = 0.5;
/** Milliseconds of each nap of the calling thread while it waits. */
const WAIT_NAP_MS = 0.1;

let splits = 0;

/**
 * How many calls {@link splitCall} has split across threads so far.
 * @internal
 */
export function splitCount(): number {
  return splits;
}

/**
 * Wakes the kernel threads and waits until each has begun a fresh round of
 * checking for work (two milliseconds), so that the large calls that
 * follow split at once: a call that finds a thread asleep runs alone. Useful after a pause, before a
 * loop of calls whose every call should use all the threads.
 *
 * @returns Whether every thread is awake (true at once when none runs);
 * false when one failed or did not answer, which takes up to a minute and
 * turns the threads off.
 * @public
 */
export function wakeThreads(): boolean {
  const p = runningPool();
  if (p === undefined || p.broken) return true;
  // A job that does nothing: when its done number comes back, each worker has just begun a full round of checks.
  for (let w = 0; w < p.workers.length; w++) {
    p.ints[w * SLOT_INTS + KERNEL] = NO_KERNEL;
    Atomics.store(p.ints, w * SLOT_INTS + SEQ, nextSeq(p, w));
    Atomics.notify(p.ints, w * SLOT_INTS + SEQ);
  }
  try {
    waitForShares(p, p.workers.length);
    return true;
  } catch {
    return false;
  }
}

/**
 * Gives worker w its next job number, written to its slot by the caller: one
 * more than its last, from 1 to 2^30 − 1 and round (a worker starts having
 * seen 0, and −1 means stop). Each slot counts its own jobs, so a worker left
 * out of many calls never meets its old done number again.
 */
function nextSeq(p: Pool, w: number): number {
  const last = p.ints[w * SLOT_INTS + SEQ] as number;
  return last >= 0x3fffffff || last < 0 ? 1 : last + 1;
}

/** Waits until the first `count` workers have done the job in their slots; throws when one failed or did not answer in time. */
function waitForShares(p: Pool, count: number, ownMs = 0): void {
  let failed = false;
  const start = now();
  const checkMs = Math.max(WAIT_CHECK_MS, 2 * ownMs);
  for (let w = 0; w < count; w++) {
    const base = w * SLOT_INTS;
    const seq = p.ints[base + SEQ] as number;
    let checks = 0;
    for (let done = Atomics.load(p.ints, base + DONE); done !== seq; done = Atomics.load(p.ints, base + DONE)) {
      if (++checks % 1024 !== 0) continue;
      const waited = now() - start;
      if (waited < checkMs) continue;
      Atomics.wait(p.ints, base + DONE, done, WAIT_NAP_MS);
      if (waited > TIMEOUT_MS) {
        p.broken = true;
        throw new Error('a kernel thread did not finish its share in time; threads are off');
      }
    }
    failed ||= p.ints[base + STATUS] !== 0;
  }
  if (failed) throw new Error('a kernel thread failed its share of a call');
}

/**
 * The call to split: its arguments (byte offsets, counts, scalars) as the
 * kernel takes them for the whole call, how many bytes each argument
 * advances per unit of work (0 for counts and scalars), and how many it
 * advances per share (a scratch block of each share's own; 0 unless set).
 * Written by the caller just before {@link splitCall}, so that no call
 * allocates; a caller that sets `shareBytes` sets it back to 0 afterwards.
 * @internal
 */
export const job = { args: new Float64Array(MAX_ARGS), strides: new Float64Array(MAX_ARGS), shareBytes: new Float64Array(MAX_ARGS) };

/** Units in each share but the last, for `threads` threads. */
function shareOf(units: number, threads: number, grain: number): number {
  return Math.ceil(units / threads / grain) * grain;
}

/**
 * The units in each share but the last that {@link splitCall} would give
 * the same call now, or 0 when it would run the call on one thread: for a
 * caller that prepares something per share first. A worker may fall asleep
 * in between, so {@link splitCall} may still decline.
 *
 * @param target - As for {@link splitCall}.
 * @param units - Units of work in the whole call.
 * @param grain - Each share but the last is a multiple of this many units.
 * @param bytes - Bytes the whole call reads and writes.
 * @internal
 */
export function plannedShare(target: SplitTarget | undefined, units: number, grain: number, bytes: number): number {
  const p = runningPool();
  if (p === undefined || p.broken || target === undefined || bytes < SPLIT_MIN_BYTES) return 0;
  const share = shareOf(units, p.workers.length + 1, grain);
  if (share >= units) return 0;
  if (bytes < WAKE_MIN_BYTES) {
    for (let w = 0; w < p.workers.length; w++) if (Atomics.load(p.ints, w * SLOT_INTS + SLEEPING) !== 0) return 0;
  }
  return share;
}

/**
 * Runs a kernel call over `units` units of work (elements, rows or groups)
 * split across the kernel threads, the calling thread taking the first
 * share, when threads run, the memory is shared and the call is large
 * enough; otherwise does nothing.
 *
 * @param target - The shared memory's id (from {@link shareWithThreads}) and
 * the calling thread's kernels on it, or undefined for an unshared memory.
 * @param kernel - The kernel's index in `SPLITTABLE_KERNELS`.
 * @param units - Units of work in the whole call.
 * @param countAt - Which argument is the count of units.
 * @param grain - Each share but the last is a multiple of this many units.
 * @param bytes - Bytes the whole call reads and writes.
 * @returns Whether the call ran.
 * @internal
 */
export function splitCall(target: SplitTarget | undefined, kernel: number, units: number, countAt: number, grain: number, bytes: number): boolean {
  const p = runningPool();
  if (p === undefined || p.broken || target === undefined || bytes < SPLIT_MIN_BYTES) return false;
  const share = shareOf(units, p.workers.length + 1, grain);
  if (share >= units) return false;
  // A sleeping worker takes from tens of microseconds to milliseconds to wake: for a call shorter than that,
  // wake it for the calls that follow and run this one alone; a longer call is split all the same.
  if (bytes < WAKE_MIN_BYTES) {
    let asleep = false;
    for (let w = 0; w < p.workers.length; w++) {
      if (Atomics.load(p.ints, w * SLOT_INTS + SLEEPING) === 0) continue;
      Atomics.notify(p.ints, w * SLOT_INTS + SEQ);
      asleep = true;
    }
    if (asleep) return false;
  }
  const { args, strides, shareBytes } = job;
  let launched = 0;
  for (let start = share; start < units && launched < p.workers.length; start += share, launched++) {
    const base = launched * SLOT_INTS;
    const at = argsIndex(launched);
    for (let i = 0; i < MAX_ARGS; i++) p.args[at + i] = (args[i] as number) + start * (strides[i] as number) + (launched + 1) * (shareBytes[i] as number);
    p.args[at + countAt] = Math.min(share, units - start);
    p.ints[base + MEMORY] = target.memoryId;
    p.ints[base + KERNEL] = kernel;
    Atomics.store(p.ints, base + SEQ, nextSeq(p, launched));
    Atomics.notify(p.ints, base + SEQ);
  }
  args[countAt] = share;
  const started = now();
  (target.splittable[kernel] as Kernel)(args[0] as number, args[1] as number, args[2] as number, args[3] as number, args[4] as number, args[5] as number, args[6] as number, args[7] as number);
  waitForShares(p, launched, now() - started);
  splits++;
  return true;
}

/**
 * Sets argument i of the call to split: its value for the whole call and the bytes it advances per unit of work.
 * @internal
 */
export function arg(i: number, value: number, stride = 0): number {
  job.args[i] = value;
  job.strides[i] = stride;
  return i + 1;
}

/**
 * The index of a splittable kernel, the float32 one or the float64 one that follows it.
 * @internal
 */
export function kernelIndex(float32Name: SplittableKernel, f32: boolean): number {
  return SPLITTABLE_KERNELS.indexOf(float32Name) + (f32 ? 0 : 1);
}
