/**
 * The layout that the main thread and the kernel threads share: one control
 * slot per worker in a `SharedArrayBuffer`, and the messages that hand
 * memories over. Both sides import it, so the layout is written once.
 */

/** Int32 elements in one worker's control slot: 128 bytes, cache lines of its own. @internal */
export const SLOT_INTS = 32;
/** Int32 index, within a slot, of the job's sequence number: the main thread bumps it to start a job. @internal */
export const SEQ = 0;
/** Int32 index of the sequence number of the last job done: the worker writes it when it has finished. @internal */
export const DONE = 1;
/** Int32 index of the last job's status: 0 ok, 1 failed. @internal */
export const STATUS = 2;
/** Int32 index of the id of the memory the job works on. @internal */
export const MEMORY = 3;
/** Int32 index of the kernel to run, an index into `SPLITTABLE_KERNELS`. @internal */
export const KERNEL = 4;
/** The kernel index of a job that does nothing: it only restarts the worker's checking for work. @internal */
export const NO_KERNEL = -1;
/** Int32 index of the number of messages posted to the worker so far. @internal */
export const MAIL = 5;
/** Int32 index of a flag the worker raises while it sleeps: a call then wakes it and runs alone, rather than wait for it. @internal */
export const SLEEPING = 6;
/** Float64 index, within a slot, of the job's first argument (byte 64 of the slot). @internal */
export const ARGS_AT = 8;
/** Arguments a job passes to its kernel, at most. @internal */
export const MAX_ARGS = 8;
/** The sequence number that tells a worker to stop. @internal */
export const STOP = -1;
/**
 * Milliseconds a worker keeps checking for work after its last job before it
 * sleeps: a wake-up from sleep costs from tens of microseconds to
 * milliseconds.
 * @internal
 */
export const CHECK_MS = 2;
/** Milliseconds of each short sleep of a worker woken without a job. @internal */
export const NAP_MS = 0.05;
/** Checks between two looks at the clock. @internal */
export const CHECKS_PER_CLOCK = 1024;

/** Milliseconds since an arbitrary start, with sub-millisecond resolution. @internal */
export function now(): number {
  return (globalThis as unknown as { performance: { now(): number } }).performance.now();
}

/** A kernel export as a job calls it: numbers in (byte offsets, counts, scalars), nothing out. @internal */
export type Kernel = (...args: number[]) => void;

/**
 * The kernels of one shared memory, as a split call needs them: the
 * memory's id with the kernel threads, and its kernels by
 * `SPLITTABLE_KERNELS` index.
 * @internal
 */
export interface SplitTarget {
  readonly memoryId: number;
  readonly splittable: readonly Kernel[];
}

/** Float64 index of the first argument of worker `slot`'s job. @internal */
export function argsIndex(slot: number): number {
  return (slot * SLOT_INTS) / 2 + ARGS_AT;
}

/**
 * A message to a worker: a shared memory to work on, under an id, or the id
 * of one it may forget.
 * @internal
 */
export type Mail = { readonly id: number; readonly memory: object } | { readonly drop: number };

/**
 * What a worker starts with.
 * @internal
 */
export interface WorkerInit {
  /** The control slots. */
  readonly control: SharedArrayBuffer;
  /** This worker's slot. */
  readonly slot: number;
  /** The kernels' export names, by index. */
  readonly names: readonly string[];
  /** The compiled kernels module that imports a shared memory. */
  readonly module: object;
  /** Where its {@link Mail} arrives. */
  readonly port: unknown;
}
