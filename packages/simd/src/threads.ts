/**
 * Kernel threads: worker threads that take a share of each large kernel call
 * on tensors in shared arenas, so that a call can use more than one core's
 * memory bandwidth. This module starts and stops them and tells them about
 * shared memories; `thread-split.ts` splits the calls.
 */
import { RectifyError, describeValue } from '@rectify/core';
import { MAIL, SEQ, SLOT_INTS, STOP, type Mail, type WorkerInit } from './thread-protocol.js';
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

/** The running worker threads and their control slots. @internal */
export interface Pool {
  readonly workers: NodeWorker[];
  readonly ports: NodePort[];
  readonly ints: Int32Array;
  readonly args: Float64Array;
  broken: boolean;
}

/** Most threads {@link startThreads} starts. */
const MAX_THREADS = 64;
let pool: Pool | undefined;

/**
 * The running threads, or undefined.
 * @internal
 */
export function runningPool(): Pool | undefined {
  return pool;
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
 * Splittable: the elementwise kernels (ReLU, Leaky ReLU and RReLU forward
 * and backward, but for RReLU's training forward), PReLU's forward and
 * Maxout's forward and backward. Not split: PReLU's backward, which sums its
 * weight gradient in one order, and RReLU's training forward, which draws
 * its random numbers in sequence. A call with any operand outside the arena
 * is streamed on the calling thread, as plain typed arrays are.
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
 * const act = createRegistry({ kernels: [simd] }).use(relu).create('relu');
 * act.forwardInto(x, y.data); // two threads, same bits
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
