/**
 * Kernel threads: worker threads that take a share of each large kernel call
 * on tensors in shared arenas, so that a call can use more than one core's
 * memory bandwidth. Every thread runs the same WebAssembly kernel on its own
 * range of elements, so the results are the bits one thread computes.
 */
import { RectifyError, describeValue } from '@rectify/core';
import { DONE, KERNEL, MAIL, MAX_ARGS, MEMORY, NO_KERNEL, SEQ, SLEEPING, SLOT_INTS, STATUS, STOP, argsIndex, now, type Mail, type WorkerInit } from './thread-protocol.js';
import { SPLITTABLE_KERNELS, sharedKernelsModule, type WasmMemory } from './wasm.js';

/** The part of `node:worker_threads` the pool uses. */
interface WorkerThreadsApi {
  Worker: new (url: object, options: { workerData: WorkerInit; transferList: unknown[] }) => NodeWorker;
  MessageChannel: new () => { port1: NodePort; port2: unknown };
}

interface NodeWorker {
  once(event: 'message' | 'error', listener: (value: unknown) => void): void;
  on(event: 'error' | 'exit', listener: (value: unknown) => void): void;
  unref(): void;
  terminate(): Promise<number>;
}

interface NodePort {
  postMessage(message: Mail): void;
  unref(): void;
  close(): void;
}

interface Pool {
  readonly workers: NodeWorker[];
  readonly ports: NodePort[];
  readonly ints: Int32Array;
  readonly args: Float64Array;
  broken: boolean;
}

/** Most threads {@link startThreads} starts. */
const MAX_THREADS = 64;
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

let pool: Pool | undefined;
let splits = 0;

/**
 * How many calls {@link splitCall} has split across threads so far.
 * @internal
 */
export function splitCount(): number {
  return splits;
}

/**
 * Where the worker's script is: beside this module, or, when this module
 * runs from its TypeScript source (the package's own tests), in the build.
 */
function workerScript(): object {
  const { URL } = globalThis as unknown as { URL: new (url: string, base: string) => object };
  const here = (import.meta as unknown as { url: string }).url;
  return new URL(here.endsWith('.ts') ? '../dist/thread-worker.js' : './thread-worker.js', here);
}

/** Shared memories the pool may be asked to work on, by id; weakly held. */
const memories = new Map<number, WeakRef<WasmMemory>>();
let nextMemoryId = 1;
const forget = new FinalizationRegistry<number>((id) => {
  memories.delete(id);
  post({ drop: id });
});

function post(mail: Mail): void {
  if (pool === undefined) return;
  for (let w = 0; w < pool.workers.length; w++) {
    (pool.ports[w] as NodePort).postMessage(mail);
    Atomics.add(pool.ints, w * SLOT_INTS + MAIL, 1);
    // A sleeping worker wakes to read it, so that it holds no memory longer than it must.
    Atomics.notify(pool.ints, w * SLOT_INTS + SEQ);
  }
}

/**
 * Registers a shared memory with the kernel threads, now and after any later
 * {@link startThreads}, and returns the id that jobs on it carry.
 * @param memory - A memory from `fixedSharedMemory`.
 * @internal
 */
export function shareWithThreads(memory: WasmMemory): number {
  const id = nextMemoryId++;
  memories.set(id, new WeakRef(memory));
  forget.register(memory, id);
  post({ id, memory });
  return id;
}

/**
 * How many threads run kernel calls on shared arenas: 1 until
 * {@link startThreads} starts more, and 1 again after a worker has died or
 * stopped answering (the calls then run on the calling thread).
 * @returns The number of threads, the calling one included.
 * @public
 */
export function threadCount(): number {
  return pool === undefined || pool.broken ? 1 : pool.workers.length + 1;
}

/** Starts and stops run one after another, in the order they were asked for. */
let changes: Promise<unknown> = Promise.resolve();

/**
 * Starts worker threads that share the large kernel calls on tensors in
 * shared WebAssembly memory with the calling thread (Node.js, through
 * `node:worker_threads`).
 *
 * @remarks
 * While threads run, {@link allocateTensor} places tensors in shared arenas
 * (and `createArena(bytes, { shared: true })` makes one by hand); a call
 * whose tensors all live in one shared arena, touching 256 KiB or more, is
 * split into one range of elements per thread, each run by the same
 * WebAssembly kernel, so the results are bit-identical to one thread's.
 * Splittable: the elementwise kernels (ReLU and Leaky ReLU forward and
 * backward, RReLU's evaluation forward and backward), PReLU's forward and
 * Maxout's forward and backward. Not split: PReLU's backward, which sums its
 * weight gradient in one order; RReLU's training forward, which draws its
 * random numbers in sequence; and RReLU's training backward, whose slopes
 * live in an ordinary array (a call with any operand outside the arena is
 * streamed on the calling thread, as plain typed arrays are).
 *
 * A waiting thread checks for work for two milliseconds before it
 * sleeps, so calls in quick succession start at once; from sleep it takes
 * tens of microseconds to milliseconds to wake, so a call under 8 MiB that
 * finds a worker asleep wakes it for the calls that follow and runs alone
 * (see {@link wakeThreads}); larger calls split all the same. The workers do
 * not keep the process alive. The
 * calling thread blocks (`Atomics.wait`) while the others finish, which a
 * browser's main thread does not allow: this is for Node.js and workers.
 *
 * @param count - Threads in all, the calling one included: an integer from 1
 * (stop the others) to 64; one per core is the natural choice, since the
 * kernels are bound by memory bandwidth and a thread without a core of its
 * own makes the others wait for its share.
 * @returns The number of threads now running kernels. Asking for the count
 * that runs already changes nothing.
 * @throws {@link @rectify/core!RectifyError} `INVALID_ARGUMENT` for a bad
 * count, or where WebAssembly SIMD, shared memory or `node:worker_threads`
 * is missing; an `Error` when a worker fails to start, in which case the
 * threads that ran before go on running.
 *
 * @example
 * ```ts
 * await startThreads(2);
 * const x = allocateTensor([4096, 256]); // in a shared arena
 * const y = allocateTensor([4096, 256]);
 * relu.create().forwardInto(x, y.data); // two threads, same bits
 * await stopThreads();
 * ```
 * @public
 */
export function startThreads(count: number): Promise<number> {
  const next = changes.then(() => changeThreads(count));
  changes = next.catch(() => undefined);
  return next;
}

async function changeThreads(count: number): Promise<number> {
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_THREADS) {
    throw new RectifyError('INVALID_ARGUMENT', `count must be an integer from 1 to ${MAX_THREADS}, got ${describeValue(count)}`, { field: 'count', value: count });
  }
  if (count === 1) {
    await stopPool();
    return 1;
  }
  const module = sharedKernelsModule();
  if (module === null || typeof SharedArrayBuffer !== 'function') {
    throw new RectifyError('INVALID_ARGUMENT', 'threads need WebAssembly SIMD and shared memory, which this runtime lacks', { field: 'count', value: count });
  }
  let api: WorkerThreadsApi;
  try {
    api = (await import('node:worker_threads' as string)) as WorkerThreadsApi;
  } catch {
    throw new RectifyError('INVALID_ARGUMENT', 'threads need node:worker_threads (Node.js)', { field: 'count', value: count });
  }
  if (pool !== undefined && !pool.broken && pool.workers.length === count - 1) return count;
  const control = new SharedArrayBuffer((count - 1) * SLOT_INTS * 4);
  const next: Pool = { workers: [], ports: [], ints: new Int32Array(control), args: new Float64Array(control), broken: false };
  const ready: Promise<unknown>[] = [];
  for (let slot = 0; slot < count - 1; slot++) {
    const channel = new api.MessageChannel();
    const worker = new api.Worker(workerScript(), {
      workerData: { control, slot, names: SPLITTABLE_KERNELS, module, port: channel.port2 },
      transferList: [channel.port2],
    });
    ready.push(
      new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      }),
    );
    worker.on('exit', () => (next.broken = true));
    next.workers.push(worker);
    next.ports.push(channel.port1);
  }
  try {
    await Promise.all(ready);
  } catch (error) {
    // The threads that ran before stay as they were.
    await Promise.all(next.workers.map((w) => w.terminate()));
    for (const port of next.ports) port.close();
    throw new Error(`a kernel thread failed to start: ${error instanceof Error ? error.message : String(error)}`);
  }
  for (const worker of next.workers) worker.unref();
  for (const port of next.ports) port.unref();
  await stopPool();
  pool = next;
  for (const [id, ref] of memories) {
    const memory = ref.deref();
    if (memory !== undefined) post({ id, memory });
  }
  return count;
}

/**
 * Stops the threads that {@link startThreads} started; kernel calls run on
 * the calling thread again. Tensors in shared arenas stay valid.
 * @returns A promise that settles when the workers have ended.
 * @public
 */
export function stopThreads(): Promise<void> {
  const next = changes.then(stopPool);
  changes = next.catch(() => undefined);
  return next;
}

async function stopPool(): Promise<void> {
  const stopping = pool;
  if (stopping === undefined) return;
  pool = undefined;
  for (let w = 0; w < stopping.workers.length; w++) {
    Atomics.store(stopping.ints, w * SLOT_INTS + SEQ, STOP);
    Atomics.notify(stopping.ints, w * SLOT_INTS + SEQ);
  }
  await Promise.all(stopping.workers.map((w) => w.terminate()));
  for (const port of stopping.ports) port.close();
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
  const p = pool;
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
 * kernel takes them for the whole call, and how many bytes each argument
 * advances per unit of work (0 for counts and scalars). Written by the
 * caller just before {@link splitCall}, so that no call allocates.
 * @internal
 */
export const job = { args: new Float64Array(MAX_ARGS), strides: new Float64Array(MAX_ARGS) };

/**
 * Runs a kernel call over `units` units of work (elements, rows or groups)
 * split across the kernel threads, the calling thread taking the first
 * share, when threads run, the memory is shared and the call is large
 * enough; otherwise does nothing.
 *
 * @param memoryId - The shared memory's id from {@link shareWithThreads}, or undefined.
 * @param kernels - The calling thread's kernels on that memory, by index.
 * @param kernel - The kernel's index in `SPLITTABLE_KERNELS`.
 * @param units - Units of work in the whole call.
 * @param countAt - Which argument is the count of units.
 * @param grain - Each share but the last is a multiple of this many units.
 * @param bytes - Bytes the whole call reads and writes.
 * @returns Whether the call ran.
 * @internal
 */
export function splitCall(memoryId: number | undefined, kernels: readonly ((...a: number[]) => void)[], kernel: number, units: number, countAt: number, grain: number, bytes: number): boolean {
  const p = pool;
  if (p === undefined || p.broken || memoryId === undefined || bytes < SPLIT_MIN_BYTES) return false;
  const threads = p.workers.length + 1;
  const share = Math.ceil(units / threads / grain) * grain;
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
  const { args, strides } = job;
  let launched = 0;
  for (let start = share; start < units && launched < p.workers.length; start += share, launched++) {
    const base = launched * SLOT_INTS;
    const at = argsIndex(launched);
    for (let i = 0; i < MAX_ARGS; i++) p.args[at + i] = (args[i] as number) + start * (strides[i] as number);
    p.args[at + countAt] = Math.min(share, units - start);
    p.ints[base + MEMORY] = memoryId;
    p.ints[base + KERNEL] = kernel;
    Atomics.store(p.ints, base + SEQ, nextSeq(p, launched));
    Atomics.notify(p.ints, base + SEQ);
  }
  args[countAt] = share;
  const started = now();
  (kernels[kernel] as (...a: number[]) => void)(args[0] as number, args[1] as number, args[2] as number, args[3] as number, args[4] as number, args[5] as number, args[6] as number, args[7] as number);
  waitForShares(p, launched, now() - started);
  splits++;
  return true;
}
