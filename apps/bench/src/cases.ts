/**
 * The operations benchmarked, and each implementation of them: Rectify (plain
 * typed arrays, or tensors in WebAssembly memory), the copy limit,
 * TensorFlow.js (cpu and wasm backends) and ONNX Runtime.
 */
import { createRng, tensor, uniform01, type Activation, type Backward, type FloatArray, type Tensor } from '@rectify/core';
import { leakyRelu } from '@rectify/leaky-relu';
import { maxout } from '@rectify/maxout';
import { prelu } from '@rectify/prelu';
import { relu } from '@rectify/relu';
import { rrelu } from '@rectify/rrelu';
import { createArena, threadCount, wakeThreads } from '@rectify/simd';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as ort from 'onnxruntime-node';
import { DOUBLE, FLOAT, INT64, onnxModel, type Node } from './onnx.js';

// The wasm backend loads its .wasm files from the package's dist folder.
setWasmPaths(dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/');

/** The operations of the benchmark. */
export const OPS = ['relu', 'leaky_relu', 'prelu', 'rrelu_eval', 'rrelu_train', 'maxout'] as const;
/** An operation. */
export type Op = (typeof OPS)[number];
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
  /** Input shape: [n] for elementwise ops, [n / channels, channels] for PReLU and maxout. */
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

function normals(count: number, seed: number, dtype: DType): FloatArray {
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
  const channels = op === 'prelu' || op === 'maxout' ? channelsFor(n) : 1;
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

/** Creates the Rectify activation for an operation. */
export function createActivation(w: Pick<Workload, 'op' | 'channels' | 'weights'>): Activation {
  switch (w.op) {
    case 'relu':
      return relu.create();
    case 'leaky_relu':
      return leakyRelu.create({ negativeSlope: LEAKY_SLOPE });
    case 'prelu': {
      const act = prelu.create({ numParameters: w.channels });
      (act.parameters[0] as { data: Float64Array }).data.set(w.weights);
      return act;
    }
    case 'rrelu_eval':
    case 'rrelu_train':
      return rrelu.create({ lower: RRELU_LOWER, upper: RRELU_UPPER });
    case 'maxout':
      return maxout.create({ pieces: PIECES });
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
 */
export function rectifyImpl(inArena: boolean, shared = false): Impl {
  return {
    name: shared ? `rectify (wasm memory, ${threadCount()} threads)` : inArena ? 'rectify (wasm memory)' : 'rectify',
    peer: false,
    async prepare(w) {
      const act = createActivation(w);
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

/**
 * TensorFlow.js with one backend. Backward uses the ops that tfjs' own
 * registered gradients use (Relu_grad, LeakyRelu_grad, Prelu_grad, Max_grad),
 * applied directly rather than through the tape.
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
      const xs = w.x.map((x) => tf.tensor(x as Float32Array, [...w.shape], 'float32'));
      const dys = w.dy.map((dy) => tf.tensor(dy as Float32Array, [...w.outShape], 'float32'));
      const alpha = w.op === 'prelu' ? tf.tensor1d(Float32Array.from(w.weights)) : undefined;
      const slope = w.op === 'leaky_relu' ? LEAKY_SLOPE : (RRELU_LOWER + RRELU_UPPER) / 2;
      const slopes = w.op === 'rrelu_train' ? w.x.map((_, s) => tf.tensor(uniformSlopes(w, s), [...w.shape])) : [];
      const half = w.channels / PIECES;
      const maxY = w.op === 'maxout' && w.direction === 'backward' ? xs.map((x) => tf.max(tf.reshape(x, [w.n / w.channels, half, PIECES]), 2, true)) : [];
      const keep = [...xs, ...dys, ...slopes, ...maxY, ...(alpha ? [alpha] : [])];
      const op = (s: number): tf.Tensor =>
        tf.tidy(() => {
          const x = xs[s] as tf.Tensor;
          const dy = dys[s] as tf.Tensor;
          if (w.direction === 'forward') {
            switch (w.op) {
              case 'relu':
                return tf.relu(x);
              case 'leaky_relu':
              case 'rrelu_eval':
                return tf.leakyRelu(x, slope);
              case 'prelu':
                return tf.prelu(x, alpha as tf.Tensor);
              case 'rrelu_train':
                return tf.where(tf.greater(x, 0), x, tf.mul(x, tf.randomUniform([...w.shape], RRELU_LOWER, RRELU_UPPER, 'float32', s)));
              case 'maxout':
                return tf.max(tf.reshape(x, [w.n / w.channels, half, PIECES]), 2);
            }
          }
          switch (w.op) {
            case 'relu':
              return tf.mul(dy, tf.cast(tf.step(x), 'float32'));
            case 'leaky_relu':
            case 'rrelu_eval':
              return tf.where(tf.greater(x, 0), dy, tf.mul(dy, slope));
            case 'prelu': {
              const mask = tf.greater(x, 0);
              const dx = tf.where(mask, dy, tf.mul(dy, alpha as tf.Tensor));
              // The weight gradient is computed (tfjs runs eagerly) and disposed by the tidy.
              tf.sum(tf.where(mask, tf.zerosLike(dy), tf.mul(dy, x)), 0);
              return dx;
            }
            case 'rrelu_train':
              return tf.where(tf.greater(x, 0), dy, tf.mul(dy, slopes[s] as tf.Tensor));
            case 'maxout': {
              const xr = tf.reshape(x, [w.n / w.channels, half, PIECES]);
              const mask = tf.cast(tf.equal(xr, maxY[s] as tf.Tensor), 'float32');
              return tf.reshape(tf.mul(tf.expandDims(tf.reshape(dy, [w.n / w.channels, half]), 2), mask), [...w.shape]);
            }
          }
        });
      const slots = xs.length;
      return {
        sync: (i) => op(i % slots).dispose(),
        enter,
        result: async () => {
          await enter();
          const y = op(0);
          const data = (await y.data()) as Float32Array;
          y.dispose();
          return Float32Array.from(data);
        },
        dispose: () => keep.forEach((t) => t.dispose()),
      };
    },
  };
}

/** Graphs for ONNX Runtime: the operation, or its gradient written out in ONNX ops. */
function ortGraph(w: Workload): { nodes: Node[]; inputs: string[]; outputs: string[]; initializers: { name: string; dims: number[]; data: Float32Array | Float64Array | BigInt64Array; type: number }[] } {
  const f = w.dtype === 'float32';
  const scalar = (name: string, v: number) => ({ name, dims: [], data: f ? Float32Array.of(v) : Float64Array.of(v), type: f ? FLOAT : DOUBLE });
  const zero = scalar('zero', 0);
  const half = w.channels / PIECES;
  const slope = w.op === 'leaky_relu' ? LEAKY_SLOPE : (RRELU_LOWER + RRELU_UPPER) / 2;
  if (w.direction === 'forward') {
    switch (w.op) {
      case 'relu':
        return { nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['y'] }], inputs: ['x'], outputs: ['y'], initializers: [] };
      case 'leaky_relu':
      case 'rrelu_eval':
        return { nodes: [{ op: 'LeakyRelu', inputs: ['x'], outputs: ['y'], attributes: { alpha: { f: slope } } }], inputs: ['x'], outputs: ['y'], initializers: [] };
      case 'prelu':
        return {
          nodes: [{ op: 'PRelu', inputs: ['x', 'w'], outputs: ['y'] }],
          inputs: ['x'],
          outputs: ['y'],
          initializers: [{ name: 'w', dims: [w.channels], data: Float32Array.from(w.weights), type: FLOAT }],
        };
      case 'rrelu_train':
        return {
          nodes: [
            { op: 'RandomUniformLike', inputs: ['x'], outputs: ['r'], attributes: { low: { f: RRELU_LOWER }, high: { f: RRELU_UPPER } } },
            { op: 'Greater', inputs: ['x', 'zero'], outputs: ['m'] },
            { op: 'Mul', inputs: ['x', 'r'], outputs: ['xr'] },
            { op: 'Where', inputs: ['m', 'x', 'xr'], outputs: ['y'] },
          ],
          inputs: ['x'],
          outputs: ['y'],
          initializers: [zero],
        };
      case 'maxout':
        return {
          nodes: [
            { op: 'Reshape', inputs: ['x', 'shape3'], outputs: ['x3'] },
            { op: 'ReduceMax', inputs: ['x3'], outputs: ['y'], attributes: { axes: { ints: [2] }, keepdims: { i: 0 } } },
          ],
          inputs: ['x'],
          outputs: ['y'],
          initializers: [{ name: 'shape3', dims: [3], data: BigInt64Array.of(-1n, BigInt(half), BigInt(PIECES)), type: INT64 }],
        };
    }
  }
  switch (w.op) {
    case 'relu':
      return {
        nodes: [
          { op: 'Greater', inputs: ['x', 'zero'], outputs: ['m'] },
          { op: 'Where', inputs: ['m', 'dy', 'zero'], outputs: ['dx'] },
        ],
        inputs: ['x', 'dy'],
        outputs: ['dx'],
        initializers: [zero],
      };
    case 'leaky_relu':
    case 'rrelu_eval':
      return {
        nodes: [
          { op: 'Greater', inputs: ['x', 'zero'], outputs: ['m'] },
          { op: 'Mul', inputs: ['dy', 's'], outputs: ['ds'] },
          { op: 'Where', inputs: ['m', 'dy', 'ds'], outputs: ['dx'] },
        ],
        inputs: ['x', 'dy'],
        outputs: ['dx'],
        initializers: [zero, scalar('s', slope)],
      };
    case 'prelu':
      return {
        nodes: [
          { op: 'Greater', inputs: ['x', 'zero'], outputs: ['m'] },
          { op: 'Mul', inputs: ['dy', 'w'], outputs: ['dw'] },
          { op: 'Where', inputs: ['m', 'dy', 'dw'], outputs: ['dx'] },
          { op: 'Mul', inputs: ['dy', 'x'], outputs: ['dyx'] },
          { op: 'Where', inputs: ['m', 'zero', 'dyx'], outputs: ['terms'] },
          { op: 'ReduceSum', inputs: ['terms', 'axis0'], outputs: ['dweight'], attributes: { keepdims: { i: 0 } } },
        ],
        inputs: ['x', 'dy'],
        outputs: ['dx', 'dweight'],
        initializers: [
          zero,
          { name: 'w', dims: [w.channels], data: Float32Array.from(w.weights), type: FLOAT },
          { name: 'axis0', dims: [1], data: BigInt64Array.of(0n), type: INT64 },
        ],
      };
    case 'rrelu_train':
      return {
        nodes: [
          { op: 'Greater', inputs: ['x', 'zero'], outputs: ['m'] },
          { op: 'Mul', inputs: ['dy', 'r'], outputs: ['dr'] },
          { op: 'Where', inputs: ['m', 'dy', 'dr'], outputs: ['dx'] },
        ],
        inputs: ['x', 'r', 'dy'],
        outputs: ['dx'],
        initializers: [zero],
      };
    case 'maxout':
      return {
        nodes: [
          { op: 'Reshape', inputs: ['x', 'shape3'], outputs: ['x3'] },
          { op: 'ReduceMax', inputs: ['x3'], outputs: ['y3'], attributes: { axes: { ints: [2] }, keepdims: { i: 1 } } },
          { op: 'Equal', inputs: ['x3', 'y3'], outputs: ['m'] },
          { op: 'Reshape', inputs: ['dy', 'shape3g'], outputs: ['dy3'] },
          { op: 'Where', inputs: ['m', 'dy3', 'zero'], outputs: ['dx3'] },
          { op: 'Reshape', inputs: ['dx3', 'shape2'], outputs: ['dx'] },
        ],
        inputs: ['x', 'dy'],
        outputs: ['dx'],
        initializers: [
          zero,
          { name: 'shape3', dims: [3], data: BigInt64Array.of(-1n, BigInt(half), BigInt(PIECES)), type: INT64 },
          { name: 'shape3g', dims: [3], data: BigInt64Array.of(-1n, BigInt(half), 1n), type: INT64 },
          { name: 'shape2', dims: [2], data: BigInt64Array.of(-1n, BigInt(w.channels)), type: INT64 },
        ],
      };
  }
}

/**
 * ONNX Runtime (CPU execution provider, default session options), with
 * pre-allocated output tensors wrapping the caller's buffers. The gradients
 * are written out as ONNX graphs, since onnxruntime-node has no training ops;
 * maxout's backward recomputes the group maxima inside the graph.
 */
export const ortImpl: Impl = {
  name: 'onnxruntime',
  peer: true,
  async prepare(w) {
    if (w.dtype === 'float64' && w.op !== 'relu') return undefined;
    const g = ortGraph(w);
    const elem = w.dtype === 'float32' ? FLOAT : DOUBLE;
    const type = w.dtype === 'float32' ? 'float32' : 'float64';
    const rank = (shape: readonly number[]): string[] => shape.map((_, d) => `d${d}`);
    const shapes: Record<string, readonly number[]> = { x: w.shape, r: w.shape, dy: w.outShape, y: w.outShape, dx: w.shape, dweight: [w.channels] };
    const model = onnxModel({
      nodes: g.nodes,
      inputs: g.inputs.map((name) => ({ name, type: elem, shape: rank(shapes[name] as number[]) })),
      outputs: g.outputs.map((name) => ({ name, type: elem, shape: name === 'dweight' ? [w.channels] : rank(shapes[name] as number[]) })),
      initializers: g.initializers.map((i) => ({ ...i })),
    });
    const session = await ort.InferenceSession.create(model);
    const slots = w.x.length;
    const feeds = w.x.map((x, s) => {
      const feed: Record<string, ort.Tensor> = { x: new ort.Tensor(type, x, [...w.shape]) };
      if (g.inputs.includes('dy')) feed['dy'] = new ort.Tensor(type, w.dy[s] as FloatArray, [...w.outShape]);
      if (g.inputs.includes('r')) feed['r'] = new ort.Tensor(type, uniformSlopes(w, s), [...w.shape]);
      return feed;
    });
    const out = like(w.x[0] as FloatArray, outLength(w));
    const fetches = w.x.map(() => {
      const fetch: Record<string, ort.Tensor> = {};
      const name = g.outputs[0] as string;
      fetch[name] = new ort.Tensor(type, out, [...(w.direction === 'forward' ? w.outShape : w.shape)]);
      if (g.outputs.includes('dweight')) fetch['dweight'] = new ort.Tensor(type, new Float32Array(w.channels), [w.channels]);
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
