import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// The registered gradients, for the tape that the derived backward is checked against.
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { RectifyError, createRng, defineElementwise, tensor, type AnyActivationPlugin, type FloatArray, type LoweredValue, type Lowering } from '@rectify/core';
import { leakyRelu } from '@rectify/leaky-relu';
import { maxout } from '@rectify/maxout';
import { prelu } from '@rectify/prelu';
import { relu } from '@rectify/relu';
import { rrelu } from '@rectify/rrelu';
import { sigmoid } from '@rectify/sigmoid';
import { derivedBackward, loweringToOnnx, loweringToOnnxBackward, type OnnxDType, type OnnxModel, type OnnxParameter as LoweringParameter } from '@rectify/onnx';
import { tfjsParameters, toTfjs } from '@rectify/tfjs';
import { differing, differingSums, drawn, DY_EDGES, inputs, TIES } from '@rectify/testing';

setWasmPaths(dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/');

/** Values where engines are known to differ: zeros of both signs, NaN, infinities, subnormals, the largest float32. */
const EDGES = [-0, 0, Number.NaN, 1, -1, Infinity, -Infinity, 1e-45, -1e-45, 3.4028234663852886e38, -3.4028234663852886e38, 0.5, -2.5];
/** {@link EDGES} without the largest float32 values, whose products with dy overflow a float32 slope gradient but not Rectify's float64 one. */
const PRELU_EDGES = EDGES.filter((v) => !(Math.abs(v) > 3e38 && Number.isFinite(v)));

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

/** The same through ONNX Runtime: the forward model, then the backward model of `@rectify/onnx`, with the given saved values. */
async function onnxRuntime(lowering: Lowering, dtype: OnnxDType, c: Case, outputShape: readonly number[], parameters: Record<string, LoweringParameter>, dy: readonly number[], saved: Record<string, FloatArray>, native: boolean, sessionOptions: ort.InferenceSession.SessionOptions = {}): Promise<Results> {
  const Array = dtype === 'float32' ? Float32Array : Float64Array;
  const options = { dtype, inputShape: c.shape, outputShape, parameters, native };
  const run = async (graph: OnnxModel, feeds: Record<string, FloatArray>): Promise<Record<string, FloatArray>> => {
    const session = await ort.InferenceSession.create(graph.bytes, sessionOptions);
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
  const forward = await run(loweringToOnnx(lowering, { ...options, savedAsInputs: true }), { x, ...saved });
  // A backward that reads y (tanh's, softmax's) computes the forward in its own graph.
  const backward = await run(loweringToOnnxBackward(lowering, options), { x, dy: Array.from(dy), ...saved });
  const gradients = Object.fromEntries(Object.keys(lowering.parameterGradients ?? {}).map((name) => [name, backward[`d${name}`] as FloatArray]));
  return { y: forward['y'] as FloatArray, dx: backward['dx'] as FloatArray, gradients };
}

/**
 * The same through TensorFlow.js on the current backend (float32), as the
 * bench runs it: `toTfjs` from `@rectify/tfjs`, y, then dx by `tf.grad` and
 * the parameter gradients by `tf.variableGrads`, for dy. (Every activation
 * with `native: false` is tested in packages/tfjs; here the native ops the
 * bench times.)
 */
function tensorFlow(c: Case, dy: readonly number[], outputShape: readonly number[], native: boolean): Results {
  const act = c.plugin.create(c.config);
  if (c.weights !== undefined) (act.parameters[0] as { data: Float64Array }).data.set(c.weights);
  const parameters = tfjsParameters(act);
  const variables: tf.Variable[] = Object.values(parameters);
  const f = toTfjs(act, { plugin: c.plugin, parameters, native });
  const x = tf.tensor(Float32Array.from(c.x), [...c.shape], 'float32');
  const dyTensor = tf.tensor(Float32Array.from(dy), [...outputShape], 'float32');
  const read = (t: tf.Tensor): Float32Array => Float32Array.from(t.dataSync() as Float32Array);
  try {
    const y = f(x);
    const dx = tf.grad(f)(x, dyTensor);
    const { value, grads } = variables.length === 0 ? { value: undefined, grads: {} as tf.NamedTensorMap } : tf.variableGrads(() => tf.sum(tf.mul(f(x), dyTensor)) as tf.Scalar, variables);
    const gradients = Object.fromEntries(Object.entries(parameters).map(([name, v]) => [name, read(grads[v.name] as tf.Tensor)]));
    const results = { y: read(y), dx: read(dx), gradients };
    tf.dispose([y, dx, ...Object.values(grads), ...(value === undefined ? [] : [value])]);
    return results;
  } finally {
    tf.dispose([x, dyTensor, ...variables]);
    f.dispose();
  }
}

/** Asserts that each parameter gradient agrees with Rectify's float64 sum (see `differingSums`). */
function expectCloseSums(theirs: FloatArray, mine: FloatArray, x: readonly number[], dy: readonly number[]): void {
  expect(differingSums(theirs, mine, x, dy)).toEqual([]);
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

/** Runs a case through Rectify and one engine, returning both, with the saved values fed to ONNX Runtime (and its session options, defaults unless given); TensorFlow.js draws its own noise, so training cases are ONNX Runtime's alone. */
async function compare(c: Case, engine: 'onnxruntime' | 'tfjs', dtype: OnnxDType, native: boolean, sessionOptions?: ort.InferenceSession.SessionOptions): Promise<{ mine: Results; theirs: Results; dy: number[] }> {
  const lowering = loweringOf(c.plugin, c.config, c.shape, c.training);
  const dy = inputs(size(c.plugin.create(c.config).outputShape(c.shape)), DY_EDGES, 99);
  const mine = rectify(c, dtype, dy);
  // Rectify's training slopes (its dx for dy = 1) are the saved values the engines are fed, so that both use the same noise.
  const saved: Record<string, FloatArray> = c.training === true ? { r: mine.noise } : {};
  const theirs =
    engine === 'onnxruntime'
      ? await onnxRuntime(lowering, dtype, c, mine.outputShape, mine.parameters, dy, saved, native, sessionOptions)
      : tensorFlow(c, dy, mine.outputShape, native);
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

  // TensorFlow.js draws RReLU's training noise itself (see packages/tfjs), so that case runs in ONNX Runtime alone.
  const cases = engine === 'tfjs' ? CASES.filter((c) => c.training !== true) : CASES;

  it.each(cases)('should give Rectify\'s y and dx bit for bit, and its parameter gradients to within rounding, with the fallbacks: $name', async (c) => {
    const { mine, theirs, dy } = await compare(c, engine === 'tfjs' ? 'tfjs' : 'onnxruntime', dtype, false);
    expect(differing(theirs.y, mine.y).filter((i) => !ortSkipsNaN(engine, c, mine.y, i))).toEqual([]);
    expect(differing(theirs.dx, mine.dx)).toEqual([]);
    for (const [name, gradient] of Object.entries(mine.gradients)) expectCloseSums(theirs.gradients[name] as FloatArray, gradient, c.x, dy);
  });

  // ONNX Runtime's LeakyRelu and PRelu have no float64 kernels.
  it.skipIf(dtype === 'float64').each(cases)('should differ from Rectify with the native ops at most in the sign of a zero y or by one ulp: $name', async (c) => {
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

// Every activation runs through ONNX Runtime in packages/onnx's tests and
// through TensorFlow.js in packages/tfjs's; here, what the bench adds.

/** Edge values for every elementwise activation: zeros, NaN, infinities, subnormals, tiny values, the largest float32. */
const SPECIAL = [-0, 0, Number.NaN, Infinity, -Infinity, 1e-45, -1e-45, 1e-8, -1e-8, 3.4028234663852886e38, -3.4028234663852886e38];
/** Large magnitudes: where σ, tanh and erf saturate, where exp overflows float32 (88.7) and float64 (709.8), and far beyond. */
const SATURATION = [5, 9, 17, 20, 30, 89, 710, 1e4, 1e30].flatMap((v) => [v, -v]);

/** The activations whose lowering gives no backward over a forward of several ops, so that `@rectify/onnx`'s `derivedBackward` differentiates it. */
const DERIVED_CASES: readonly (Case & { readonly name: string })[] = [
  { name: 'sigmoid [8, 24]', plugin: sigmoid, config: {}, shape: [8, 24], x: inputs(192, [...SPECIAL, ...SATURATION], 1, 4) },
  { name: 'sigmoid [3, 4, 16]', plugin: sigmoid, config: {}, shape: [3, 4, 16], x: inputs(192, [...SPECIAL, ...SATURATION], 2, 4) },
];

describe('the engines\' own gradient', () => {
  it.each(DERIVED_CASES)('should be TensorFlow.js\' tape gradient of the same forward, bit for bit: $name', async (c) => {
    await tf.setBackend('cpu');
    const lowering = loweringOf(c.plugin, c.config, c.shape);
    expect(lowering.backward).toBeUndefined();
    // The derived dx with dy = x, run by toTfjs as the forward of a plugin of its own, against tf.grad(toTfjs(activation))(x, x).
    const derived = JSON.parse(JSON.stringify(derivedBackward(lowering)).replaceAll('{"input":"dy"}', '{"input":"x"}')) as LoweredValue;
    const probe = defineElementwise({ name: 'derived_backward', summary: 'the derived dx', fields: {}, f: (v) => v, df: () => 1, lowering: () => ({ forward: derived }) });
    const f = toTfjs(c.plugin.create(c.config), { plugin: c.plugin });
    const g = toTfjs(probe.create(), { plugin: probe });
    const x = tf.tensor(Float32Array.from(c.x), [...c.shape], 'float32');
    try {
      const fromDerived = g(x);
      const tape = tf.grad(f)(x, x);
      expect(differing(Float32Array.from(fromDerived.dataSync() as Float32Array), Float32Array.from(tape.dataSync() as Float32Array))).toEqual([]);
      tf.dispose([fromDerived, tape]);
    } finally {
      tf.dispose(x);
      f.dispose();
      g.dispose();
    }
  });
});

afterAll(async () => {
  await tf.setBackend('cpu');
});
