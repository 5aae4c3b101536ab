import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { L, RectifyError, createRng, tensor, uniform01, type AnyActivationPlugin, type FloatArray, type LoweredValue, type Lowering } from '@rectify/core';
import { leakyRelu } from '@rectify/leaky-relu';
import { maxout } from '@rectify/maxout';
import { prelu } from '@rectify/prelu';
import { relu } from '@rectify/relu';
import { rrelu } from '@rectify/rrelu';
import { onnxBackward, onnxForward, type LoweringParameter, type OnnxDType } from '../src/lower-onnx.js';
import { lowerToTfjs } from '../src/lower-tfjs.js';
import { onnxModel } from '../src/onnx.js';

setWasmPaths(dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/');

/** Values where engines are known to differ: zeros of both signs, NaN, infinities, subnormals, the largest float32. */
const EDGES = [-0, 0, Number.NaN, 1, -1, Infinity, -Infinity, 1e-45, -1e-45, 3.4028234663852886e38, -3.4028234663852886e38, 0.5, -2.5];
/** {@link EDGES} without the largest float32 values, whose products with dy overflow a float32 slope gradient but not Rectify's float64 one. */
const PRELU_EDGES = EDGES.filter((v) => !(Math.abs(v) > 3e38 && Number.isFinite(v)));
/** Values that make maxout's groups tie often: few distinct values, ±0, NaN and infinities among them. */
const TIES = [-0, 0, 1, -1, Number.NaN, Infinity, -Infinity, 2];

/** What one implementation computed. */
interface Results {
  readonly y: FloatArray;
  readonly dx: FloatArray;
  readonly gradients: Readonly<Record<string, FloatArray>>;
}

/** One activation, config, shape and input, and what to run it with. */
interface Case {
  readonly plugin: AnyActivationPlugin;
  readonly config: object;
  readonly shape: readonly number[];
  readonly x: readonly number[];
  /** PReLU's slopes, set on the activation before the forward. */
  readonly weights?: readonly number[];
  readonly training?: boolean;
}

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** n values cycling through `values`, then seeded normals, so that each edge value appears and so do ordinary ones. */
function inputs(n: number, values: readonly number[], seed: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => (i < values.length * 2 ? (values[i % values.length] as number) : 4 * uniform01(rng) - 2));
}

/** n values drawn from `values` alone. */
function drawn(n: number, values: readonly number[], seed: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => values[Math.floor(uniform01(rng) * values.length)] as number);
}

/** The plugin's lowering, which every built-in plugin declares. */
function loweringOf(plugin: AnyActivationPlugin, config: object, shape: readonly number[], training = false): Lowering {
  if (plugin.lowering === undefined) throw new Error(`${plugin.name} declares no lowering`);
  return plugin.lowering(plugin.validate(config), shape, { training });
}

/** Rectify's own y, dx and parameter gradients; `noise` receives the factor of each element in training (dx for dy = 1). */
function rectify(c: Case, dtype: OnnxDType, dy: readonly number[]): Results & { readonly outputShape: readonly number[]; readonly parameters: Record<string, LoweringParameter>; readonly noise: FloatArray } {
  const Array = dtype === 'float32' ? Float32Array : Float64Array;
  const act = c.plugin.create(c.config);
  if (c.weights !== undefined) (act.parameters[0] as { data: Float64Array }).data.set(c.weights);
  const x = tensor(Array.from(c.x), c.shape);
  const options = { training: c.training === true, rng: createRng(11) };
  const { y, backward } = act.forward(x, options);
  const dx = backward(tensor(Array.from(dy), y.shape));
  // The same draws again, on an instance of its own so that the parameters' gradients are not added twice.
  const noise = c.plugin.create(c.config).forward(x, { training: c.training === true, rng: createRng(11) }).backward(tensor(new Array(dy.length).fill(1), y.shape)).data;
  const parameters = Object.fromEntries(act.parameters.map((p) => [p.name, { data: p.data, shape: p.shape }]));
  const gradients = Object.fromEntries(act.parameters.map((p) => [p.name, p.grad.data]));
  return { y: y.data, dx: dx.data, gradients, outputShape: y.shape, parameters, noise };
}

/** The same through ONNX Runtime: the forward graph, then the backward graph, with the given saved values. */
async function onnxRuntime(lowering: Lowering, dtype: OnnxDType, c: Case, outputShape: readonly number[], parameters: Record<string, LoweringParameter>, dy: readonly number[], saved: Record<string, FloatArray>, native: boolean): Promise<Results> {
  const Array = dtype === 'float32' ? Float32Array : Float64Array;
  const options = { dtype, inputShape: c.shape, outputShape, parameters, native };
  const run = async (graph: ReturnType<typeof onnxForward>, feeds: Record<string, FloatArray>): Promise<Record<string, FloatArray>> => {
    const session = await ort.InferenceSession.create(onnxModel(graph));
    try {
      const tensors: Record<string, ort.Tensor> = {};
      for (const input of graph.inputs) tensors[input.name] = new ort.Tensor(dtype, feeds[input.name] as FloatArray, [...(input.shape as number[])]);
      const out = await session.run(tensors);
      return Object.fromEntries(Object.entries(out).map(([name, t]) => [name, t.data as FloatArray]));
    } finally {
      await session.release();
    }
  };
  const x = Array.from(c.x);
  const forward = await run(onnxForward(lowering, { ...options, savedAsInputs: true }), { x, ...saved });
  const backward = await run(onnxBackward(lowering, options), { x, dy: Array.from(dy), ...saved });
  const gradients = Object.fromEntries(Object.keys(lowering.parameterGradients ?? {}).map((name) => [name, backward[`d${name}`] as FloatArray]));
  return { y: forward['y'] as FloatArray, dx: backward['dx'] as FloatArray, gradients };
}

/** The same through TensorFlow.js on the current backend (float32). */
function tensorFlow(lowering: Lowering, c: Case, outputShape: readonly number[], parameters: Record<string, LoweringParameter>, dy: readonly number[], saved: Record<string, FloatArray>, native: boolean): Results {
  const lowered = lowerToTfjs(lowering, { parameters, native });
  const x = tf.tensor(Float32Array.from(c.x), [...c.shape], 'float32');
  const savedTensors = Object.fromEntries(Object.entries(saved).map(([name, data]) => [name, tf.tensor(data as Float32Array, [...c.shape], 'float32')]));
  const dyTensor = tf.tensor(Float32Array.from(dy), [...outputShape], 'float32');
  try {
    const forward = lowered.forward(x, savedTensors);
    const backward = lowered.backward({ x, dy: dyTensor, y: forward.y, saved: savedTensors });
    const read = (t: tf.Tensor): Float32Array => Float32Array.from(t.dataSync() as Float32Array);
    const results = { y: read(forward.y), dx: read(backward.dx), gradients: Object.fromEntries(Object.entries(backward.parameterGradients).map(([name, t]) => [name, read(t)])) };
    tf.dispose([forward.y, backward.dx, ...Object.values(backward.parameterGradients)]);
    return results;
  } finally {
    tf.dispose([x, dyTensor, ...Object.values(savedTensors)]);
    lowered.dispose();
  }
}

/** Indices where two arrays differ bit for bit (NaN equals NaN, −0 differs from +0). */
function differing(a: FloatArray, b: FloatArray): number[] {
  expect(a.length).toBe(b.length);
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) out.push(i);
  return out;
}

/**
 * Asserts that each parameter gradient agrees with Rectify's float64 sum: the
 * same NaN or infinity, else within the rounding of a float32 sum of the
 * finite terms x·dy.
 */
function expectCloseSums(theirs: FloatArray, mine: FloatArray, x: readonly number[], dy: readonly number[]): void {
  let magnitude = 0;
  for (let i = 0; i < x.length; i++) {
    const term = Math.abs((x[i] as number) * (dy[i] as number));
    if (Number.isFinite(term)) magnitude += term;
  }
  const bound = (x.length + 2) * 2 ** -23 * magnitude;
  expect(theirs.length).toBe(mine.length);
  for (let c = 0; c < mine.length; c++) {
    const a = theirs[c] as number;
    const b = mine[c] as number;
    if (Number.isFinite(b)) expect(Math.abs(a - b)).toBeLessThanOrEqual(bound);
    else expect(a).toBe(b);
  }
}

/**
 * Whether output i is where ONNX Runtime's `ReduceMax` may differ from
 * Rectify's maxout: a group holding a NaN after a number, for which Rectify
 * (and PyTorch, and TensorFlow.js) give NaN and ONNX Runtime the largest number.
 */
function ortSkipsNaN(engine: string, c: Case, y: FloatArray, i: number): boolean {
  return engine === 'onnxruntime' && c.plugin === maxout && Number.isNaN(y[i]);
}

/** The distance in float32 units in the last place between two finite float32 values of the same sign. */
function ulps32(a: number, b: number): number {
  if (Math.sign(a) !== Math.sign(b)) return Infinity;
  const bits = new Int32Array(Float32Array.of(a, b).buffer);
  return Math.abs((bits[0] as number) - (bits[1] as number));
}

/** The cases: each plugin with a few configs and shapes. */
const CASES: readonly (Case & { readonly name: string })[] = [
  { name: 'relu [3, 10]', plugin: relu, config: {}, shape: [3, 10], x: inputs(30, EDGES, 1) },
  { name: 'leaky_relu 0.01 [40]', plugin: leakyRelu, config: { negativeSlope: 0.01 }, shape: [40], x: inputs(40, EDGES, 2) },
  { name: 'leaky_relu −0.5 [4, 10]', plugin: leakyRelu, config: { negativeSlope: -0.5 }, shape: [4, 10], x: inputs(40, EDGES, 3) },
  { name: 'prelu shared [2, 3, 5]', plugin: prelu, config: { numParameters: 1 }, shape: [2, 3, 5], x: inputs(30, PRELU_EDGES, 4), weights: [0.25] },
  { name: 'prelu per channel [2, 4, 3] (axis 1)', plugin: prelu, config: { numParameters: 4 }, shape: [2, 4, 3], x: inputs(24, PRELU_EDGES, 5), weights: [0.25, -0.5, 0, 3] },
  { name: 'prelu channels last [3, 2, 4] (axis −1)', plugin: prelu, config: { numParameters: 4, axis: -1 }, shape: [3, 2, 4], x: inputs(24, PRELU_EDGES, 6), weights: [0.1, 0.2, 2, -1] },
  { name: 'prelu rank 1 [9]', plugin: prelu, config: {}, shape: [9], x: inputs(9, EDGES.slice(0, 4), 7), weights: [0.5] },
  { name: 'prelu scalar []', plugin: prelu, config: {}, shape: [], x: [-3], weights: [0.25] },
  { name: 'rrelu eval [30]', plugin: rrelu, config: {}, shape: [30], x: inputs(30, EDGES, 8) },
  { name: 'rrelu eval 0.1…0.3 [2, 15]', plugin: rrelu, config: { lower: 0.1, upper: 0.3 }, shape: [2, 15], x: inputs(30, EDGES, 9) },
  { name: 'rrelu training [30]', plugin: rrelu, config: {}, shape: [30], x: inputs(30, EDGES, 10), training: true },
  { name: 'maxout k = 2 [3, 8]', plugin: maxout, config: {}, shape: [3, 8], x: drawn(24, TIES, 11) },
  { name: 'maxout k = 3 [2, 6, 4] (axis 1)', plugin: maxout, config: { pieces: 3 }, shape: [2, 6, 4], x: drawn(48, TIES, 12) },
  { name: 'maxout k = 4 [3, 2, 8] (axis −1)', plugin: maxout, config: { pieces: 4, axis: -1 }, shape: [3, 2, 8], x: drawn(48, TIES, 13) },
  { name: 'maxout k = 2 rank 1 [10]', plugin: maxout, config: {}, shape: [10], x: [-0, 0, 0, -0, Number.NaN, 1, 1, Number.NaN, Infinity, Number.NaN] },
  { name: 'maxout k = 1 [2, 3]', plugin: maxout, config: { pieces: 1 }, shape: [2, 3], x: [-0, Number.NaN, 1, 0, -1, Infinity] },
  { name: 'maxout k = 2 normals [4, 6]', plugin: maxout, config: {}, shape: [4, 6], x: inputs(24, [], 14) },
];

/** Runs a case through Rectify and one engine, returning both, with the saved values fed to the engine. */
async function compare(c: Case, engine: 'onnxruntime' | 'tfjs', dtype: OnnxDType, native: boolean): Promise<{ mine: Results; theirs: Results; dy: number[] }> {
  const lowering = loweringOf(c.plugin, c.config, c.shape, c.training);
  const dy = inputs(size(c.plugin.create(c.config).outputShape(c.shape)), [1, -0, -2, 0, 0.75, Number.NaN, Infinity], 99);
  const mine = rectify(c, dtype, dy);
  // Rectify's training slopes (its dx for dy = 1) are the saved values the engines are fed, so that both use the same noise.
  const saved: Record<string, FloatArray> = c.training === true ? { r: mine.noise } : {};
  const theirs =
    engine === 'onnxruntime'
      ? await onnxRuntime(lowering, dtype, c, mine.outputShape, mine.parameters, dy, saved, native)
      : tensorFlow(lowering, c, mine.outputShape, mine.parameters, dy, saved, native);
  return { mine, theirs, dy };
}

describe.each([
  ['onnxruntime', 'float32'],
  ['onnxruntime', 'float64'],
  ['tfjs', 'cpu'],
  ['tfjs', 'wasm'],
] as const)('the lowerings through %s (%s)', (engine, variant) => {
  const dtype: OnnxDType = variant === 'float64' ? 'float64' : 'float32';
  beforeAll(async () => {
    if (engine === 'tfjs') {
      await tf.setBackend(variant);
      await tf.ready();
    }
  });

  it.each(CASES)('should give Rectify\'s y and dx bit for bit, and its parameter gradients to within rounding, with the fallbacks: $name', async (c) => {
    const { mine, theirs, dy } = await compare(c, engine === 'tfjs' ? 'tfjs' : 'onnxruntime', dtype, false);
    expect(differing(theirs.y, mine.y).filter((i) => !ortSkipsNaN(engine, c, mine.y, i))).toEqual([]);
    expect(differing(theirs.dx, mine.dx)).toEqual([]);
    for (const [name, gradient] of Object.entries(mine.gradients)) expectCloseSums(theirs.gradients[name] as FloatArray, gradient, c.x, dy);
  });

  // ONNX Runtime's LeakyRelu and PRelu have no float64 kernels.
  it.skipIf(dtype === 'float64').each(CASES)('should differ from Rectify with the native ops at most in the sign of a zero y or by one ulp: $name', async (c) => {
    const { mine, theirs } = await compare(c, engine === 'tfjs' ? 'tfjs' : 'onnxruntime', dtype, true);
    const far = differing(theirs.y, mine.y).filter((i) => {
      const a = theirs.y[i] as number;
      const b = mine.y[i] as number;
      return !(a === 0 && b === 0) && !(Number.isFinite(a) && Number.isFinite(b) && ulps32(a, b) <= 1) && !ortSkipsNaN(engine, c, mine.y, i);
    });
    expect(far).toEqual([]);
    expect(differing(theirs.dx, mine.dx)).toEqual([]);
  });
});

describe('the translators', () => {
  it('should show ONNX Runtime\'s ReduceMax skipping a NaN after a number, which maxout\'s forward keeps as the engine\'s max', async () => {
    const c: Case = { plugin: maxout, config: {}, shape: [8], x: [Number.NaN, 1, 1, Number.NaN, -0, 0, 0, -0] };
    const { mine, theirs } = await compare(c, 'onnxruntime', 'float32', true);
    expect(Array.from(mine.y)).toEqual([Number.NaN, Number.NaN, -0, 0]);
    expect(differing(theirs.y, mine.y)).toEqual([1]);
    expect(differing(theirs.dx, mine.dx)).toEqual([]);
  });

  it('should write the native op, or its fallback when native is false', () => {
    const lowering = loweringOf(prelu, { numParameters: 2 }, [3, 2]);
    const options = { dtype: 'float32', inputShape: [3, 2], outputShape: [3, 2], parameters: { weight: { data: [0.25, 0.5], shape: [2] } } } as const;
    expect(onnxForward(lowering, options).nodes.map((n) => n.op)).toEqual(['PRelu']);
    expect(onnxForward(lowering, { ...options, native: false }).nodes.map((n) => n.op)).toEqual(['Greater', 'Mul', 'Where']);
  });

  it('should run every op of LOWERING_OPS but the native ones and RandomUniformLike in both engines, as JavaScript computes them', async () => {
    const x = Float32Array.of(-3, -0.5, 0, 0.25, 2, 3.5);
    // Each term is an op applied to x; the graph outputs their sum.
    const terms = [
      L.op('Log1p', [L.op('Exp', [L.op('Neg', [L.op('Abs', [L.x])])])]),
      L.op('Expm1', [L.op('Div', [L.x, L.c(4)])]),
      L.op('Log', [L.op('Add', [L.op('Max', [L.x, L.c(0), L.c(-1)]), L.c(1)])]),
      L.op('Min', [L.x, L.c(1)]),
      L.op('Tanh', [L.x]),
      L.op('Sigmoid', [L.x]),
      L.op('Erf', [L.op('Sub', [L.x, L.c(0.5)])]),
      L.op('Cast', [L.op('GreaterOrEqual', [L.x, L.c(0)])], { to: 'float32' }),
      L.where(L.op('Less', [L.x, L.c(-1)]), L.c(10), L.where(L.op('IsNaN', [L.x]), L.c(20), L.c(0))),
      L.op('Reshape', [L.op('ReduceSum', [L.op('Reshape', [L.x], { shape: [2, 3] })], { axes: [1], keepdims: 1 })], { shape: [2, 1] }),
      L.op('Reshape', [L.op('CumSum', [L.op('Reshape', [L.x], { shape: [2, 3] })], { axis: 1, reverse: 1 })], { shape: [6] }),
    ];
    const js = (v: number, i: number): number[] => {
      const row = x.slice(i < 3 ? 0 : 3, i < 3 ? 3 : 6);
      const suffix = Array.from(row.slice(i % 3)).reduce((a, b) => a + b, 0);
      return [
        Math.log1p(Math.exp(-Math.abs(v))),
        Math.expm1(v / 4),
        Math.log(Math.max(v, 0, -1) + 1),
        Math.min(v, 1),
        Math.tanh(v),
        1 / (1 + Math.exp(-v)),
        erf(v - 0.5),
        v >= 0 ? 1 : 0,
        v < -1 ? 10 : 0,
        Array.from(row).reduce((a, b) => a + b, 0),
        suffix,
      ];
    };
    // The [2, 1] and [6] terms broadcast against x: add the rows' sums to the first or second half.
    const lowering: Lowering = {
      forward: terms.slice(1).reduce<LoweredValue>((sum, term, k) => (k === 8 ? L.op('Add', [L.op('Reshape', [sum], { shape: [2, 3] }), term]) : k === 9 ? L.op('Add', [L.op('Reshape', [sum], { shape: [6] }), term]) : L.op('Add', [sum, term])), terms[0] as LoweredValue),
    };
    const expected = Array.from(x, (v, i) => js(v, i).reduce((a, b) => a + b, 0));
    const graph = onnxForward(lowering, { dtype: 'float32', inputShape: [6], outputShape: [6] });
    const session = await ort.InferenceSession.create(onnxModel(graph));
    const fromOnnx = (await session.run({ x: new ort.Tensor('float32', x, [6]) }))['y']?.data as Float32Array;
    await session.release();
    await tf.setBackend('cpu');
    const lowered = lowerToTfjs(lowering);
    const input = tf.tensor(x, [6]);
    const { y } = lowered.forward(input);
    const fromTfjs = Float32Array.from(y.dataSync() as Float32Array);
    tf.dispose([input, y]);
    lowered.dispose();
    for (const got of [fromOnnx, fromTfjs]) expected.forEach((want, i) => expect(Math.abs((got[i] as number) - want)).toBeLessThan(1e-5 * (1 + Math.abs(want))));
  });
});

/** The error function, by its Maclaurin series (to about 1e-10 for |x| ≤ 4). */
function erf(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

describe('the lowerings in training mode', () => {
  it('should draw RReLU\'s slopes in [lower, upper) where the engine draws them itself', async () => {
    const x = Float32Array.from(inputs(64, [-1, 2, -0, Number.NaN], 21));
    const lowering = loweringOf(rrelu, { lower: 0.1, upper: 0.3 }, [64], true);
    const graph = onnxForward(lowering, { dtype: 'float32', inputShape: [64], outputShape: [64] });
    const session = await ort.InferenceSession.create(onnxModel(graph));
    const y = (await session.run({ x: new ort.Tensor('float32', x, [64]) }))['y']?.data as Float32Array;
    await session.release();
    await tf.setBackend('cpu');
    const lowered = lowerToTfjs(lowering);
    const input = tf.tensor(x, [64]);
    const { y: yt, saved } = lowered.forward(input);
    const fromTfjs = Float32Array.from(yt.dataSync() as Float32Array);
    expect(Object.keys(saved)).toEqual(['r']);
    tf.dispose([input, yt, ...Object.values(saved)]);
    lowered.dispose();
    for (const out of [y, fromTfjs]) {
      x.forEach((v, i) => {
        const got = out[i] as number;
        if (Number.isNaN(v) || v > 0) expect(Object.is(got, v)).toBe(true);
        else if (v === 0) expect(Object.is(got, v)).toBe(true);
        else {
          expect(got / v).toBeGreaterThanOrEqual(0.1 - 1e-6);
          expect(got / v).toBeLessThan(0.3 + 1e-6);
        }
      });
    }
  });
});

describe('the lowerings refuse what the activations refuse', () => {
  const shapeError = (run: () => unknown): RectifyError => {
    try {
      run();
    } catch (error) {
      if (error instanceof RectifyError) return error;
      throw error;
    }
    throw new Error('expected a RectifyError');
  };

  it('should throw SHAPE_MISMATCH naming the channel axis when PReLU has neither 1 nor C slopes', () => {
    const error = shapeError(() => loweringOf(prelu, { numParameters: 3 }, [2, 4, 5]));
    expect(error.code).toBe('SHAPE_MISMATCH');
    expect([error.field, error.value]).toEqual(['inputShape[1]', 4]);
    expect(shapeError(() => loweringOf(prelu, { numParameters: 3 }, [3])).field).toBe('inputShape');
    expect(shapeError(() => loweringOf(prelu, { numParameters: 3, axis: 5 }, [2, 3])).field).toBe('axis');
  });

  it('should throw SHAPE_MISMATCH when maxout\'s axis is not a multiple of pieces, or the input is a scalar', () => {
    const error = shapeError(() => loweringOf(maxout, { pieces: 4 }, [2, 6]));
    expect(error.code).toBe('SHAPE_MISMATCH');
    expect([error.field, error.value]).toEqual(['inputShape[1]', 6]);
    expect(shapeError(() => loweringOf(maxout, {}, [])).code).toBe('SHAPE_MISMATCH');
  });

  it('should throw INVALID_ARGUMENT for a malformed shape', () => {
    for (const plugin of [prelu, rrelu, maxout]) expect(shapeError(() => loweringOf(plugin, {}, [2, -1])).code).toBe('INVALID_ARGUMENT');
  });

  it('should give the same errors as outputShape', () => {
    for (const [plugin, config, shape] of [
      [prelu, { numParameters: 3 }, [2, 4, 5]],
      [maxout, { pieces: 4 }, [2, 6]],
      [maxout, { axis: 3 }, [2, 6]],
    ] as const) {
      const expected = shapeError(() => plugin.create(config).outputShape(shape));
      const got = shapeError(() => loweringOf(plugin, config, shape));
      expect([got.code, got.message, got.field, got.value]).toEqual([expected.code, expected.message, expected.field, expected.value]);
    }
  });
});

afterAll(async () => {
  await tf.setBackend('cpu');
});
