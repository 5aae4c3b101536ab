/**
 * The plain-path mode (`--plain`): the speed of every registered
 * activation's own loops, `plugin.create(config)` with no kernel provider,
 * through `forwardInto` and `backwardInto`, in float32 and float64.
 */
import { createRegistry, tensor, type Activation, type AnyActivationPlugin, type FloatArray, type Registry, type Tensor } from '@rectify/core';
import { builtInPlugins } from '@rectify/cli/registry';
import { Worker } from 'node:worker_threads';
import { normals, slotsFor, type DType } from './cases.js';
import { timeSideBySide, type Budget, type Contender, type Timing } from './timing.js';

/** Every activation of the workspace, family by family, in the order the tables list them: the list the `rectify` command registers. */
export const PLAIN_PLUGINS: readonly AnyActivationPlugin[] = builtInPlugins;

/** Channels of the axis activations' inputs: [N/64, 64]. */
export const PLAIN_CHANNELS = 64;

/** The registry the mode measures: every plugin of {@link PLAIN_PLUGINS}, registered once (a duplicate name would throw). */
export function plainRegistry(): Registry {
  return createRegistry().use(PLAIN_PLUGINS).freeze();
}

/**
 * The input shape for N elements: [N/64, 128] for GLU (x holds 2N
 * elements, y N), [N/64, 64] for an activation with an `axis` field (PReLU,
 * Maxout, softmax, log_softmax, softmin, each taking its default axis,
 * the last one here), [N] for the others.
 *
 * @param plugin - The plugin.
 * @param n - Elements per call, a multiple of 64.
 */
export function plainShape(plugin: AnyActivationPlugin, n: number): number[] {
  if (plugin.name === 'glu') return [n / PLAIN_CHANNELS, 2 * PLAIN_CHANNELS];
  return 'axis' in plugin.fields ? [n / PLAIN_CHANNELS, PLAIN_CHANNELS] : [n];
}

/** One row of the mode's results. */
export interface PlainRow {
  /** The plugin's canonical name. */
  readonly activation: string;
  readonly dtype: DType;
  /** Elements per call: x's size, except for GLU, whose y has N elements and x 2N. */
  readonly n: number;
  readonly shape: readonly number[];
  /** Median seconds per `forwardInto` call. */
  readonly forwardSeconds: number;
  /** Median seconds per `backwardInto` call. */
  readonly backwardSeconds: number;
  /** N / forwardSeconds / 1e9. */
  readonly forwardGElementsPerSecond: number;
  /** N / backwardSeconds / 1e9. */
  readonly backwardGElementsPerSecond: number;
}

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/**
 * A plugin's forward and backward at one size and dtype, ready to time:
 * seeded random normal inputs rotated over {@link slotsFor} slots, one
 * output buffer each for y and dx, reused call after call. The forward is
 * one activation's `forwardInto`; the backward is `backwardInto` on one
 * activation per slot, each holding its own slot's `forwardInto` call as
 * the pending one, so that the backward's inputs rotate too and nothing is
 * allocated per call.
 */
function contenders(plugin: AnyActivationPlugin, dtype: DType, n: number): { forward: Contender; backward: Contender; shape: number[] } {
  const shape = plainShape(plugin, n);
  const create = (): Activation => plugin.create(plugin.defaults);
  const forwardAct = create();
  const outShape = forwardAct.outputShape(shape);
  const slots = slotsFor(n);
  const xs: Tensor[] = [];
  const dys: Tensor[] = [];
  for (let s = 0; s < slots; s++) {
    xs.push(tensor(normals(size(shape), 1000 + s, dtype), shape));
    dys.push(tensor(normals(size(outShape), 2000 + s, dtype), outShape));
  }
  const y: FloatArray = dtype === 'float32' ? new Float32Array(size(outShape)) : new Float64Array(size(outShape));
  const dx: FloatArray = dtype === 'float32' ? new Float32Array(size(shape)) : new Float64Array(size(shape));
  const backwardActs = xs.map((x) => {
    const act = create();
    act.forwardInto(x, y);
    return act;
  });
  return {
    shape,
    forward: { sync: (i) => forwardAct.forwardInto(xs[i % slots] as Tensor, y) },
    backward: {
      sync: (i) => {
        const s = i % slots;
        (backwardActs[s] as Activation).backwardInto(dys[s] as Tensor, dx);
      },
    },
  };
}

/** Throws unless every size is a positive multiple of 64. */
function checkSizes(sizes: readonly number[]): void {
  for (const n of sizes) if (!(Number.isInteger(n) && n > 0 && n % PLAIN_CHANNELS === 0)) throw new Error(`--sizes: each size must be a positive multiple of ${PLAIN_CHANNELS} (the axis activations take [N/64, 64]), got ${n}`);
}

/**
 * Measures every plugin's plain loops in one dtype, in this thread: at each
 * size, plugin after plugin, forward and backward side by side
 * (`timeSideBySide`: warm-up, batches of calls filling a sample, the median
 * of the samples, taken in turn).
 *
 * @param sizes - Elements per call, each a positive multiple of 64.
 * @param dtype - The dtype.
 * @param budget - Time per measurement.
 * @param onRow - Called after each row, for progress.
 * @returns One row per size and plugin.
 * @throws Error for a size that is not a positive multiple of 64.
 */
export async function measurePlainDtype(sizes: readonly number[], dtype: DType, budget: Budget, onRow?: (row: PlainRow) => void): Promise<PlainRow[]> {
  checkSizes(sizes);
  const plugins = plainRegistry().plugins();
  const rows: PlainRow[] = [];
  for (const n of sizes) {
    for (const plugin of PLAIN_PLUGINS) {
      if (!plugins.includes(plugin)) throw new Error(`${plugin.name} is not registered`);
      const { forward, backward, shape } = contenders(plugin, dtype, n);
      const timings = await timeSideBySide([forward, backward], budget);
      const f = timings[0] as Timing;
      const b = timings[1] as Timing;
      const row: PlainRow = {
        activation: plugin.name,
        dtype,
        n,
        shape,
        forwardSeconds: f.seconds,
        backwardSeconds: b.seconds,
        forwardGElementsPerSecond: n / f.seconds / 1e9,
        backwardGElementsPerSecond: n / b.seconds / 1e9,
      };
      rows.push(row);
      onRow?.(row);
    }
  }
  return rows;
}

/** What `plain-worker.js` receives. */
export interface PlainWorkerData {
  readonly sizes: readonly number[];
  readonly dtype: DType;
  readonly budget: Budget;
}

/** Runs {@link measurePlainDtype} in a worker thread (`plain-worker.js`, beside this module), a V8 isolate of its own. */
function measureInWorker(data: PlainWorkerData, url: URL, onRow?: (row: PlainRow) => void): Promise<PlainRow[]> {
  return new Promise((done, fail) => {
    const worker = new Worker(url, { workerData: data });
    worker.on('message', (message: { row?: PlainRow; rows?: PlainRow[] }) => {
      if (message.row !== undefined) onRow?.(message.row);
      if (message.rows !== undefined) done(message.rows);
    });
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (code !== 0) fail(new Error(`the ${data.dtype} worker exited with code ${code}`));
    });
  });
}

/**
 * Measures every plugin's plain loops, float32 and float64, each dtype
 * either in a worker thread of its own (`isolate`, as the `--plain` mode
 * runs it) or in this thread, float32 first.
 *
 * @remarks
 * Why a worker per dtype: V8 optimises a function for what it has seen, and
 * several activations call the dtype's rounding function (`roundingOf`:
 * `Math.fround` or the identity) from code both dtypes share (Hardsigmoid's
 * `hardsigmoidAt(x, round)`, ELU's `eluAt`, Softsign's loops). Measured in
 * one thread, whichever dtype ran second found those calls already seeing
 * two functions and ran 2–10× slower (Hardsigmoid's float64 forward at
 * 1,048,576: 0.72 G elements/s in a thread of its own, 0.09 after float32;
 * float32 likewise after float64). A program that uses one dtype sees the
 * first figure, so each dtype gets a fresh isolate.
 *
 * @param sizes - Elements per call, each a positive multiple of 64.
 * @param budget - Time per measurement.
 * @param options - `onRow`, called after each row (for progress);
 * `isolate`, whether to run each dtype in a worker thread (default false);
 * `workerUrl`, the worker's module (default `plain-worker.js` beside this
 * one, which exists once built).
 * @returns One row per size, dtype and plugin, by size, then dtype (float32 first), then plugin.
 * @throws Error for a size that is not a positive multiple of 64.
 */
export async function measurePlain(
  sizes: readonly number[],
  budget: Budget,
  options: { readonly onRow?: (row: PlainRow) => void; readonly isolate?: boolean; readonly workerUrl?: URL } = {},
): Promise<PlainRow[]> {
  checkSizes(sizes);
  const url = options.workerUrl ?? new URL('./plain-worker.js', import.meta.url);
  const rows: PlainRow[] = [];
  for (const dtype of ['float32', 'float64'] as const) {
    rows.push(...(options.isolate === true ? await measureInWorker({ sizes, dtype, budget }, url, options.onRow) : await measurePlainDtype(sizes, dtype, budget, options.onRow)));
  }
  return sizes.flatMap((n) => rows.filter((r) => r.n === n));
}

/**
 * The rows of one size as a Markdown table: activation, dtype, forward and
 * backward G elements/s (three significant digits).
 *
 * @param rows - Rows of one size.
 * @returns The table, heading and separator included, ending in a newline.
 */
export function plainTable(rows: readonly PlainRow[]): string {
  const speed = (g: number): string => (g >= 1 ? g.toFixed(2) : g.toPrecision(3));
  const lines = ['| activation | dtype | forward G elements/s | backward G elements/s |', '|---|---|---:|---:|'];
  for (const r of rows) lines.push(`| ${r.activation} | ${r.dtype} | ${speed(r.forwardGElementsPerSecond)} | ${speed(r.backwardGElementsPerSecond)} |`);
  return lines.join('\n') + '\n';
}
