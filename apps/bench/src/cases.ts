/**
 * The operations benchmarked, and each implementation of them: Rectify (plain
 * typed arrays, or tensors in WebAssembly memory), the copy limit,
 * TensorFlow.js (cpu and wasm backends) and ONNX Runtime.
 */
import { createKernels, createRng, tensor, uniform01, type Activation, type AnyActivationPlugin, type Backward, type FloatArray, type Kernels, type Lowering, type Tensor } from '@rectify/core';
import { leakyRelu } from '@rectify/leaky-relu';
import { maxout } from '@rectify/maxout';
import { prelu } from '@rectify/prelu';
import { relu } from '@rectify/relu';
import { rrelu } from '@rectify/rrelu';
import { logsigmoid, sigmoid, silu } from '@rectify/sigmoid';
import { tanh } from '@rectify/tanh';
import { celu, elu, selu } from '@rectify/elu';
import { gelu, mish } from '@rectify/gelu';
import { logSoftmax, softmax } from '@rectify/softmax';
import { softplus } from '@rectify/softplus';
import { createArena, createSimd, threadCount, wakeThreads, type KernelPath } from '@rectify/simd';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as ort from 'onnxruntime-node';
import { toTfjs } from '@rectify/tfjs';
import { loweringToOnnx, loweringToOnnxBackward, type OnnxModel, type OnnxParameter } from '@rectify/onnx';

// The wasm backend loads its .wasm files from the package's dist folder.
setWasmPaths(dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/');

/**
 * The smooth operations: kernels built on core's float32 (and float64)
 * maths, measured against TensorFlow.js, ONNX Runtime on one thread and the
 * plain loops. `gelu_tanh` is GELU's tanh form; softmax and log_softmax run
 * along the last axis of rows of {@link ROW} elements.
 */
export const SMOOTH_OPS = ['sigmoid', 'silu', 'logsigmoid', 'tanh', 'elu', 'selu', 'celu', 'softplus', 'mish', 'gelu', 'gelu_tanh', 'softmax', 'log_softmax'] as const;
/** The operations of the benchmark. */
export const OPS = ['relu', 'leaky_relu', 'prelu', 'rrelu_eval', 'rrelu_train', 'maxout', ...SMOOTH_OPS] as const;
/** An operation. */
export type Op = (typeof OPS)[number];

/**
 * Whether an operation is one of the smooth ones, whose target compares
 * Rectify with the fastest of TensorFlow.js, ONNX Runtime on one intra-op
 * thread and Rectify's own plain loop.
 * @param op - The operation.
 */
export function isSmooth(op: string): boolean {
  return (SMOOTH_OPS as readonly string[]).includes(op);
}
/** Forward or backward. */
export type Direction = 'forward' | 'backward';
/** Element type. */
export type DType = 'float32' | 'float64';

/** Leaky ReLU's slope, as in PyTorch. */
export const LEAKY_SLOPE = 0.01;
/** RReLU's bounds, PyTorch's defaults. */
export const RRELU_LOWER = 1 / 8;
export const RRELU_UPPER = 1 / 3;
/** Maxout's pieces. */
export const PIECES = 2;

/** Inputs of one measurement: rotation slots of x, dy and output buffers. */
export interface Workload {
  readonly op: Op;
  readonly direction: Direction;
  readonly dtype: DType;
  readonly n: number;
  /** Input shape: [n] for elementwise ops, [n / channels, channels] for PReLU, maxout, softmax and log_softmax. */
  readonly shape: readonly number[];
  readonly outShape: readonly number[];
  readonly channels: number;
  /** PReLU's per-channel slopes (float64 parameter values). */
  readonly weights: Float64Array;
  readonly x: readonly FloatArray[];
  /** Output gradients, shaped like the forward output. */
  readonly dy: readonly FloatArray[];
}

/** A prepared implementation: a call per rotation slot, and its result for checks. */
export interface Prepared {
  readonly sync?: (i: number) => void;
  readonly async?: (i: number) => Promise<unknown>;
  /** Runs before each batch of calls: selects what the calls need that other implementations may have changed. */
  readonly enter?: () => void | Promise<unknown>;
  /**
   * Whether to time it apart from the others, after them: ONNX Runtime's
   * thread pool keeps running for a while after its calls and slows
   * whatever runs next on this machine (Rectify's two-thread rows fell from
   * 5–9 to about 1 G elements/s when sampled in turn with it).
   */
  readonly alone?: boolean;
  /** Runs slot 0 once and returns what it computed (y, or dx), in the workload's dtype. */
  readonly result: () => Promise<FloatArray>;
  readonly dispose: () => void;
}

/** An implementation of the operations. */
export interface Impl {
  readonly name: string;
  /** Whether it is one of the peers Rectify is compared with. */
  readonly peer: boolean;
  /** Prepares a workload, or returns undefined where it has no such operation or dtype. */
  prepare(w: Workload): Promise<Prepared | undefined>;
}

/** Channels for PReLU and maxout: 64, or 8 when n is not a multiple of 64 (n = 1,000). */
export function channelsFor(n: number): number {
  return n % 64 === 0 ? 64 : 8;
}

/** Softmax's and log_softmax's row length: 256 (a typical number of classes or attention keys), or 8 when n is not a multiple of 256. */
export const ROW = 256;

/** Elements per row of a workload's [n / row, row] input: PReLU's and maxout's channels, softmax's row, or 1 for the elementwise ops. */
function rowFor(op: Op, n: number): number {
  if (op === 'prelu' || op === 'maxout') return channelsFor(n);
  if (op === 'softmax' || op === 'log_softmax') return n % ROW === 0 ? ROW : 8;
  return 1;
}

/**
 * Seeded standard normal values (Box–Muller), the inputs of every measurement.
 * @param count - How many.
 * @param seed - The generator's seed.
 * @param dtype - The array type.
 */
export function normals(count: number, seed: number, dtype: DType): FloatArray {
  const rng = createRng(seed);
  const out = dtype === 'float32' ? new Float32Array(count) : new Float64Array(count);
  for (let i = 0; i < count; i += 2) {
    // Box–Muller from two uniform draws in (0, 1].
    const u = 1 - uniform01(rng);
    const v = uniform01(rng);
    const r = Math.sqrt(-2 * Math.log(u));
    out[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < count) out[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return out;
}

/** Rotation slots: enough to defeat branch prediction and caching of one input, bounded in memory. */
export function slotsFor(n: number): number {
  return n <= 65_536 ? 8 : n <= 1_048_576 ? 4 : 2;
}

/**
 * Builds the inputs of a measurement, seeded, so that every implementation sees the same data.
 *
 * @param op - The operation.
 * @param direction - Forward or backward.
 * @param dtype - Element type.
 * @param n - Elements in x.
 * @param slots - Rotation slots. Defaults to {@link slotsFor}.
 * @param edge - Values to write at the start of every x (edge cases), or none.
 */
export function workload(op: Op, direction: Direction, dtype: DType, n: number, slots = slotsFor(n), edge: readonly number[] = []): Workload {
  const channels = rowFor(op, n);
  const shape = channels === 1 ? [n] : [n / channels, channels];
  const outShape = op === 'maxout' ? [n / channels, channels / PIECES] : shape;
  const outN = op === 'maxout' ? n / PIECES : n;
  const x: FloatArray[] = [];
  const dy: FloatArray[] = [];
  for (let s = 0; s < slots; s++) {
    const data = normals(n, 1000 + s, dtype);
    data.set(edge.slice(0, n));
    x.push(data);
    dy.push(normals(outN, 2000 + s, dtype));
  }
  const weights = new Float64Array(channels);
  for (let c = 0; c < channels; c++) weights[c] = 0.1 + (0.3 * c) / channels;
  return { op, direction, dtype, n, shape, outShape, channels, weights, x, dy };
}

function like(a: FloatArray, n = a.length): FloatArray {
  return a instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
}

function outLength(w: Workload): number {
  return w.direction === 'backward' || w.op !== 'maxout' ? w.n : w.n / PIECES;
}

/**
 * The kernels Rectify runs on a path: the `simd` provider on that path, or
 * none (each activation's own loops) for `'scalar'`.
 */
export function kernelsFor(path: KernelPath): Kernels {
  return createKernels(path === 'scalar' ? [] : [createSimd({ path })]);
}

/** Creates the Rectify activation for an operation, with the given kernels (default: its own loops). */
export function createActivation(w: Pick<Workload, 'op' | 'channels' | 'weights'>, kernels?: Kernels): Activation {
  const context = kernels === undefined ? {} : { kernels };
  switch (w.op) {
    case 'relu':
      return relu.create({}, context);
    case 'leaky_relu':
      return leakyRelu.create({ negativeSlope: LEAKY_SLOPE }, context);
    case 'prelu': {
      const act = prelu.create({ numParameters: w.channels }, context);
      (act.parameters[0] as { data: Float64Array }).data.set(w.weights);
      return act;
    }
    case 'rrelu_eval':
    case 'rrelu_train':
      return rrelu.create({ lower: RRELU_LOWER, upper: RRELU_UPPER }, context);
    case 'maxout':
      return maxout.create({ pieces: PIECES }, context);
    case 'gelu_tanh':
      return gelu.create({ approximate: 'tanh' }, context);
    default:
      return PLUGINS[w.op].create({}, context);
  }
}

/**
 * Rectify through its public API, with caller-provided output buffers:
 * `forwardInto` for the forward, and for the backward the `backward` of one
 * forward call per rotating input (each keeps its own call's state, RReLU's
 * slopes), called with `out`.
 *
 * @param inArena - Whether x, dy and the outputs live in WebAssembly memory
 * (one arena from `createArena`), where the SIMD kernels run in place.
 * @param shared - Whether that arena is shared, so that the kernel threads
 * started with `startThreads` split the calls. Defaults to `false`.
 * @param path - The `simd` provider's path; `'scalar'` runs without a
 * provider, on each activation's own loops. Defaults to `'auto'`.
 */
export function rectifyImpl(inArena: boolean, shared = false, path: KernelPath = 'auto'): Impl {
  const where = shared ? `wasm memory, ${threadCount()} threads` : inArena ? 'wasm memory' : '';
  const how = path === 'auto' ? '' : path === 'scalar' ? 'plain loops' : `${path} path`;
  const label = [how, where].filter(Boolean).join(', ');
  return {
    name: label === '' ? 'rectify' : `rectify (${label})`,
    peer: false,
    async prepare(w) {
      const act = createActivation(w, kernelsFor(path));
      const training = w.op === 'rrelu_train';
      // One arena holds every tensor of the workload, so that x, y, dy and dx always share a memory
      // (the kernels run in place only then), whatever their size.
      const bytesPer = w.dtype === 'float32' ? 4 : 8;
      // RReLU's training slopes are kept beside x (one array per forward call, and one for forwardInto).
      const slopes = training ? w.x.length + 1 : 0;
      const arena = inArena || shared ? createArena((w.x.length + w.dy.length + 2 + slopes) * (w.n * bytesPer + 64), { shared }) : undefined;
      // A batch starts after a pause, in which the kernel threads fall asleep: wake them first, as a loop after a pause would.
      const wake = shared ? { enter: () => void wakeThreads() } : {};
      const place = (data: FloatArray, shape: readonly number[]): Tensor => {
        if (arena === undefined) return tensor(data, shape);
        const t = arena.allocate(shape, w.dtype) as Tensor;
        t.data.set(data);
        return t;
      };
      const xs = w.x.map((x) => place(x, w.shape));
      const dys = w.dy.map((dy) => place(dy, w.outShape));
      // One output buffer, reused call after call as a training loop would; the inputs rotate.
      const y = place(like(w.x[0] as FloatArray, w.n / (w.op === 'maxout' ? PIECES : 1)), w.outShape);
      const dx = place(like(w.x[0] as FloatArray), w.shape);
      const slots = xs.length;
      const rng = createRng(7);
      // The arena's memory goes with it when nothing refers to it any more.
      const dispose = (): void => undefined;
      if (w.direction === 'forward') {
        // The allocation-free form a training loop would use; forward with out computes the same bits.
        const options = { training, rng };
        const sync = (i: number): void => {
          act.forwardInto(xs[i % slots] as Tensor, y.data, options);
        };
        return {
          sync,
          ...wake,
          result: async () => {
            sync(0);
            return y.data.slice();
          },
          dispose,
        };
      }
      // Each slot's backward keeps its own forward call (RReLU's slopes); y is not read by backward.
      const backwards: Backward[] = xs.map((x) => act.forward(x, { out: y.data, training, rng }).backward);
      const backOptions = { out: dx.data };
      const sync = (i: number): void => {
        const s = i % slots;
        (backwards[s] as Backward)(dys[s] as Tensor, backOptions);
      };
      return {
        sync,
        ...wake,
        result: async () => {
          sync(0);
          return dx.data.slice();
        },
        dispose,
      };
    },
  };
}

/** The copy limit: `out.set(x)`, the fastest any kernel that reads x and writes out could be. */
export const copyImpl: Impl = {
  name: 'copy limit',
  peer: false,
  async prepare(w) {
    const src = w.x;
    const out = like(w.x[0] as FloatArray);
    const slots = src.length;
    return {
      sync: (i) => out.set(src[i % slots] as FloatArray),
      result: async () => (src[0] as FloatArray).slice(),
      dispose: () => undefined,
    };
  },
};

/** The rotation slot used for rrelu_train's peers' slopes. */
function uniformSlopes(w: Workload, s: number): Float32Array {
  const rng = createRng(3000 + s);
  const r = new Float32Array(w.n);
  for (let i = 0; i < w.n; i++) r[i] = RRELU_LOWER + (RRELU_UPPER - RRELU_LOWER) * uniform01(rng);
  return r;
}

/** {@link uniformSlopes} in the workload's dtype. */
function savedSlopes(w: Workload, s: number): FloatArray {
  const r = uniformSlopes(w, s);
  return w.dtype === 'float32' ? r : Float64Array.from(r);
}

/** The plugin each operation's activation comes from, as {@link createActivation} makes it. */
const PLUGINS: Readonly<Record<Op, AnyActivationPlugin>> = {
  relu,
  leaky_relu: leakyRelu,
  prelu,
  rrelu_eval: rrelu,
  rrelu_train: rrelu,
  maxout,
  sigmoid,
  silu,
  logsigmoid,
  tanh,
  elu,
  selu,
  celu,
  softplus,
  mish,
  gelu,
  gelu_tanh: gelu,
  softmax,
  log_softmax: logSoftmax,
};

/**
 * The lowering of a workload's activation (its plugin's `lowering` for the
 * activation's config, the workload's shape and, for rrelu_train, training
 * mode), with the activation's parameters (PReLU's slopes).
 *
 * @param w - The workload.
 * @throws Error when the plugin declares no lowering.
 */
export function loweringFor(w: Workload): { readonly lowering: Lowering; readonly parameters: Readonly<Record<string, OnnxParameter>> } {
  const plugin = PLUGINS[w.op];
  if (plugin.lowering === undefined) throw new Error(`the ${plugin.name} plugin declares no lowering, so the peers cannot run ${w.op}`);
  const act = createActivation(w);
  const lowering = plugin.lowering(act.config, w.shape, { training: w.op === 'rrelu_train' });
  const parameters = Object.fromEntries(act.parameters.map((p) => [p.name, { data: p.data, shape: p.shape }]));
  return { lowering, parameters };
}

/**
 * TensorFlow.js with one backend, running each operation's activation
 * through `@rectify/tfjs` (`toTfjs`, which translates its plugin's lowering
 * into tfjs ops) with `native: true`: tfjs' own `relu`, `leakyRelu` and
 * `prelu` where the lowering names them, as the engine's users would write
 * them, its other ops elsewhere; the forwards of softmax and log_softmax are
 * its own `softmax` and `logSoftmax`, which their users call. The backward is the function's `backward`:
 * the lowering's backward ops applied directly, as the gradient pass of
 * `tf.grad` applies them, without the tape or the forward; for rrelu_train it
 * reads the slopes of {@link uniformSlopes}, while the forward draws its own
 * with `tf.randomUniform`.
 *
 * @param backend - `'cpu'` or `'wasm'`.
 */
export function tfjsImpl(backend: 'cpu' | 'wasm'): Impl {
  return {
    name: `tfjs-${backend}`,
    peer: true,
    async prepare(w) {
      if (w.dtype !== 'float32') return undefined;
      // The backend is global: select it before each batch, since the other TensorFlow.js implementation selects its own.
      const enter = async (): Promise<void> => {
        if (tf.getBackend() !== backend) await tf.setBackend(backend);
      };
      await enter();
      await tf.ready();
      const op = PLUGINS[w.op];
      const f = toTfjs(createActivation(w), { plugin: op, native: true, training: w.op === 'rrelu_train' });
      const xs = w.x.map((x) => tf.tensor(x as Float32Array, [...w.shape], 'float32'));
      const dys = w.dy.map((dy) => tf.tensor(dy as Float32Array, [...w.outShape], 'float32'));
      const saved = w.direction === 'backward' && w.op === 'rrelu_train' ? w.x.map((_, s) => ({ r: tf.tensor(uniformSlopes(w, s), [...w.shape]) })) : [];
      // The tidy disposes what the call made beside its result: the forward's draws, the parameter gradients.
      // TensorFlow.js' users call its own softmax and logSoftmax (along the last axis, as the workload's rows lie), which the lowering does not name.
      const forward = w.op === 'softmax' ? (x: tf.Tensor) => tf.softmax(x) : w.op === 'log_softmax' ? (x: tf.Tensor) => tf.logSoftmax(x) : f;
      const run = (s: number): tf.Tensor => tf.tidy(() => (w.direction === 'forward' ? forward(xs[s] as tf.Tensor) : f.backward(xs[s] as tf.Tensor, dys[s] as tf.Tensor, saved[s] ?? {}).dx));
      const slots = xs.length;
      return {
        sync: (i) => run(i % slots).dispose(),
        enter,
        result: async () => {
          await enter();
          const y = run(0);
          const data = (await y.data()) as Float32Array;
          y.dispose();
          return Float32Array.from(data);
        },
        dispose: () => {
          tf.dispose([...xs, ...dys, ...saved.map((m) => m.r)]);
          f.dispose();
        },
      };
    },
  };
}

/**
 * Models for ONNX Runtime: each operation's lowering ({@link loweringFor})
 * exported by `@rectify/onnx` (`loweringToOnnx` or `loweringToOnnxBackward`,
 * opset 17) with `native: true`: ONNX's own `Relu`, `LeakyRelu` and `PRelu`,
 * as the engine's users would write them. The backward model takes x, dy and
 * the forward's saved values (rrelu_train's `r`) as inputs and gives dx (and
 * PReLU's `dweight`).
 */
function ortGraph(w: Workload): OnnxModel {
  const { lowering, parameters } = loweringFor(w);
  const options = { dtype: w.dtype, inputShape: w.shape, outputShape: w.outShape, parameters, native: true };
  return w.direction === 'forward' ? loweringToOnnx(lowering, options) : loweringToOnnxBackward(lowering, options);
}

/**
 * ONNX Runtime (CPU execution provider, default session options), with
 * pre-allocated output tensors wrapping the caller's buffers, running each
 * operation's lowering as ONNX graphs ({@link ortGraph}): the backward is a
 * graph of its own, since onnxruntime-node has no training ops, and
 * recomputes from x what it needs (maxout's winners); rrelu_train's backward
 * is fed the slopes of {@link uniformSlopes} as its input `r`.
 */
export const ortImpl: Impl = ortWith();

/**
 * ONNX Runtime as {@link ortImpl}, on one intra-op thread
 * (`intraOpNumThreads: 1`): the peer of the smooth operations, whose target
 * is set against one thread.
 */
export const ortSingleImpl: Impl = ortWith(1);

/** ONNX Runtime with default session options, or with `intraOpNumThreads` threads. */
function ortWith(intraOpNumThreads?: number): Impl {
  return {
    name: intraOpNumThreads === undefined ? 'onnxruntime' : `onnxruntime (${intraOpNumThreads} thread${intraOpNumThreads === 1 ? '' : 's'})`,
    peer: true,
    async prepare(w) {
      if (w.dtype === 'float64' && w.op !== 'relu') return undefined;
      const g = ortGraph(w);
      const type = w.dtype === 'float32' ? 'float32' : 'float64';
      const session = await ort.InferenceSession.create(g.bytes, intraOpNumThreads === undefined ? {} : { intraOpNumThreads });
      const slots = w.x.length;
      // Graph inputs other than x and dy are the forward's saved values: rrelu_train's slopes r.
      const feeds = w.x.map((x, s) => {
        const feed: Record<string, ort.Tensor> = {};
        for (const input of g.inputs) {
          const data = input.name === 'x' ? x : input.name === 'dy' ? (w.dy[s] as FloatArray) : savedSlopes(w, s);
          feed[input.name] = new ort.Tensor(type, data, [...(input.shape as number[])]);
        }
        return feed;
      });
      const out = like(w.x[0] as FloatArray, outLength(w));
      // The first output (y or dx) is written into out; the others (PReLU's dweight) into buffers of their own.
      const fetches = w.x.map(() => {
        const fetch: Record<string, ort.Tensor> = {};
        g.outputs.forEach((output, k) => {
          const shape = output.shape as number[];
          fetch[output.name] = new ort.Tensor(type, k === 0 ? out : like(out, shape.reduce((a, b) => a * b, 1)), [...shape]);
        });
        return fetch;
      });
      return {
        alone: true,
        async: (i) => {
          const s = i % slots;
          return session.run(feeds[s] as Record<string, ort.Tensor>, fetches[s] as Record<string, ort.Tensor>);
        },
        result: async () => {
          await session.run(feeds[0] as Record<string, ort.Tensor>, fetches[0] as Record<string, ort.Tensor>);
          return out.slice();
        },
        dispose: () => void session.release(),
      };
    },
  };
}
