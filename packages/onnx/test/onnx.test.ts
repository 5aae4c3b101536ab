import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import { createRegistry, createRng, RectifyError, tensor, type Activation, type AnyActivationPlugin, type FloatArray } from '@rectify/core';
import { builtInPlugins } from '@rectify/cli/registry';
import { toOnnx, toOnnxBackward, type OnnxDType, type OnnxNative, type ToOnnxOptions } from '../src/index.js';
import { differingSums, mixedError } from '@rectify/testing';
import { CASES, DY_EDGES, inputs, type Case } from './cases.js';

const { onnx } = onnxProto;

/** What one implementation computed. */
interface Results {
  readonly y: FloatArray;
  readonly dx: FloatArray;
  readonly gradients: Readonly<Record<string, FloatArray>>;
}

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** The case's activation, with its parameter values set. */
function activationOf(c: Case): Activation {
  const act = c.plugin.create(c.config);
  if (c.weights !== undefined) (act.parameters[0] as { data: Float64Array }).data.set(c.weights);
  return act;
}

/** Rectify's own y, dx and parameter gradients; `noise` is dx for dy = 1 with the same draws (RReLU's slopes in training). */
function rectify(c: Case, dtype: OnnxDType, dy: readonly number[]): Results & { readonly noise: FloatArray } {
  const Array = dtype === 'float32' ? Float32Array : Float64Array;
  const act = activationOf(c);
  const x = tensor(Array.from(c.x), c.shape);
  const { y, backward } = act.forward(x, { training: c.training, rng: createRng(11) });
  const dx = backward(tensor(Array.from(dy), y.shape));
  const noise = c.plugin.create(c.config).forward(x, { training: c.training, rng: createRng(11) }).backward(tensor(new Array(dy.length).fill(1), y.shape)).data;
  return { y: y.data, dx: dx.data, gradients: Object.fromEntries(act.parameters.map((p) => [p.name, p.grad.data])), noise };
}

/** Runs a model in ONNX Runtime with the given feeds. */
async function run(bytes: Uint8Array, feeds: Record<string, ort.Tensor>, sessionOptions: ort.InferenceSession.SessionOptions = {}): Promise<Record<string, FloatArray>> {
  const session = await ort.InferenceSession.create(bytes, sessionOptions);
  try {
    const out = await session.run(feeds);
    return Object.fromEntries(Object.entries(out).map(([name, t]) => [name, t.data as FloatArray]));
  } finally {
    await session.release();
  }
}

/** The case through ONNX Runtime: the forward model (saved values fed from Rectify's draws), then the backward model. */
async function onnxRuntime(c: Case, dtype: OnnxDType, native: OnnxNative, dy: readonly number[], noise: FloatArray, sessionOptions?: ort.InferenceSession.SessionOptions): Promise<Results> {
  const Array = dtype === 'float32' ? Float32Array : Float64Array;
  const act = activationOf(c);
  const options: ToOnnxOptions = { plugin: c.plugin, inputShape: c.shape, dtype, training: c.training, savedAsInputs: true, native };
  const outputShape = act.outputShape(c.shape);
  const x = new ort.Tensor(dtype, Array.from(c.x), [...c.shape]);
  const saved: Record<string, ort.Tensor> = c.training ? { r: new ort.Tensor(dtype, noise, [...c.shape]) } : {};
  const forward = await run(toOnnx(act, options), { x, ...saved }, sessionOptions);
  const backward = await run(toOnnxBackward(act, options), { x, dy: new ort.Tensor(dtype, Array.from(dy), outputShape), ...saved }, sessionOptions);
  const gradients = Object.fromEntries(act.parameters.map((p) => [p.name, backward[`d${p.name}`] as FloatArray]));
  return { y: forward['y'] as FloatArray, dx: backward['dx'] as FloatArray, gradients };
}

/** One element where ONNX Runtime and Rectify disagree beyond the case's agreement. */
interface Mismatch {
  readonly output: 'y' | 'dx';
  readonly index: number;
  readonly x: number | undefined;
  readonly dy: number | undefined;
  readonly want: number;
  readonly got: number;
}

/**
 * Where ONNX Runtime cannot give Rectify's (PyTorch's) value: the elements
 * each exception covers, and why.
 */
const EXCEPTIONS: readonly { readonly plugin: string; readonly dtype: OnnxDType; readonly output: 'y' | 'dx'; readonly covers: (m: Mismatch) => boolean; readonly reason: string }[] = [
  {
    plugin: 'maxout',
    dtype: 'float32',
    output: 'y',
    covers: (m) => Number.isNaN(m.want),
    reason: 'ONNX Runtime\'s ReduceMax skips a NaN after a number in a group, where Rectify (and PyTorch) give NaN; the gradient is Rectify\'s',
  },
  {
    plugin: 'maxout',
    dtype: 'float64',
    output: 'y',
    covers: (m) => Number.isNaN(m.want),
    reason: 'as in float32',
  },
  {
    plugin: 'tanh',
    dtype: 'float32',
    output: 'dx',
    covers: (m) => (m.dy === Infinity || m.dy === -Infinity) && Number.isNaN(m.got) && m.x !== undefined && Math.abs(m.x) >= 8.8 && Math.abs(m.x) < 9.01,
    reason: 'ONNX Runtime\'s float32 Tanh is exactly ±1 from |x| ≈ 8.9 on, where tanh rounds to ±0.99999994 up to 9.01, so dy·(1 − y²) is ∞·0 = NaN for dy = ±∞',
  },
];

/** Asserts that each parameter gradient agrees with Rectify's float64 sum (see `differingSums`). */
function expectCloseSums(theirs: FloatArray, mine: FloatArray, x: readonly number[], dy: readonly number[]): void {
  expect(differingSums(theirs, mine, x, dy)).toEqual([]);
}

const covered = new Set<string>();

/** The activations whose lowerings hold native ops. */
const NATIVE = ['relu', 'leaky_relu', 'prelu', 'rrelu'];

describe.each([
  ['float32', 'exact'],
  ['float64', 'exact'],
  ['float32', false],
] as const)('toOnnx and toOnnxBackward in ONNX Runtime (%s, native %s)', (dtype, native) => {
  it.each(CASES.filter((c) => native === 'exact' || NATIVE.includes(c.plugin.name)))('should give Rectify\'s y, dx and parameter gradients: $name', async (c) => {
    const dy = inputs(size(c.plugin.create(c.config).outputShape(c.shape)), DY_EDGES, 99);
    const mine = rectify(c, dtype, dy);
    const theirs = await onnxRuntime(c, dtype, native, dy, mine.noise);
    const elementwise = c.plugin.traits.elementwise;
    const unexplained: Mismatch[] = [];
    const bound = c.agreement.kind === 'bits' ? 0 : (c.agreement.tolerance?.[dtype] ?? 0);
    for (const [output, got, want] of [['y', theirs.y, mine.y], ['dx', theirs.dx, mine.dx]] as const) {
      expect(got.length).toBe(want.length);
      want.forEach((b, i) => {
        const a = got[i] as number;
        const fails = c.agreement.kind === 'bits' ? !Object.is(a, b) : !(mixedError(a, b) <= bound);
        if (!fails) return;
        const m: Mismatch = { output, index: i, x: elementwise ? c.x[i] : undefined, dy: elementwise ? dy[i] : undefined, want: b, got: a };
        const exception = EXCEPTIONS.find((e) => e.plugin === c.plugin.name && e.dtype === dtype && e.output === output && e.covers(m));
        if (exception === undefined) unexplained.push(m);
        else covered.add(`${exception.plugin} ${exception.dtype} ${exception.output}`);
      });
    }
    expect(unexplained.slice(0, 12)).toEqual([]);
    for (const [name, gradient] of Object.entries(mine.gradients)) expectCloseSums(theirs.gradients[name] as FloatArray, gradient, c.x, dy);
  });

  it.skipIf(native === false)('should still need each documented exception', () => {
    const needed = EXCEPTIONS.filter((e) => e.dtype === dtype).map((e) => `${e.plugin} ${e.dtype} ${e.output}`);
    expect(needed.filter((key) => !covered.has(key))).toEqual([]);
  });
});

describe('the models', () => {
  it('should decode with one input x and one output y, the opset asked for and its IR version', () => {
    const relu = builtInPlugins.find((p) => p.name === 'relu');
    if (relu === undefined) throw new Error('no relu');
    for (const [opset, ir] of [[undefined, 8], [13, 7], [18, 8], [20, 9], [21, 10]] as const) {
      const model = onnx.ModelProto.decode(toOnnx(relu.create(), { plugin: relu, inputShape: ['batch', 4], ...(opset === undefined ? {} : { opset }) }));
      expect(Number(model.irVersion)).toBe(ir);
      expect(model.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', opset ?? 17]]);
      expect(model.graph?.input?.map((v) => v.name)).toEqual(['x']);
      expect(model.graph?.output?.map((v) => v.name)).toEqual(['y']);
      expect(model.graph?.input?.[0]?.type?.tensorType?.shape?.dim?.map((d) => d.dimParam || Number(d.dimValue))).toEqual(['batch', 4]);
    }
  });

  it('should store PReLU\'s weight as an initializer, and give dweight as an output of the backward', () => {
    const prelu = builtInPlugins.find((p) => p.name === 'prelu');
    if (prelu === undefined) throw new Error('no prelu');
    const act = prelu.create({ numParameters: 3 });
    const forward = onnx.ModelProto.decode(toOnnx(act, { plugin: prelu, inputShape: [null, 3, 5] }));
    const weight = forward.graph?.initializer?.find((t) => t.name?.startsWith('weight'));
    expect(weight?.dims?.map(Number)).toEqual([3, 1]);
    expect(Array.from(new Float32Array(Uint8Array.from(weight?.rawData ?? []).buffer))).toEqual([0.25, 0.25, 0.25]);
    const backward = onnx.ModelProto.decode(toOnnxBackward(act, { plugin: prelu, inputShape: [null, 3, 5], dtype: 'float64' }));
    expect(backward.graph?.input?.map((v) => v.name)).toEqual(['x', 'dy']);
    expect(backward.graph?.output?.map((v) => v.name)).toEqual(['dx', 'dweight']);
    expect(backward.graph?.output?.[1]?.type?.tensorType?.elemType).toBe(onnx.TensorProto.DataType.DOUBLE);
  });

  it('should run with any size where the shape is symbolic', async () => {
    for (const name of ['relu', 'prelu', 'softmax', 'gelu', 'rrelu']) {
      const plugin = builtInPlugins.find((p) => p.name === name);
      if (plugin === undefined) throw new Error(`no ${name}`);
      const act = plugin.create(name === 'softmax' ? { axis: 1 } : {});
      const bytes = toOnnx(act, { plugin, inputShape: ['batch', 4] });
      for (const n of [1, 5]) {
        const x = Float32Array.from(inputs(4 * n, [], n));
        const y = (await run(bytes, { x: new ort.Tensor('float32', x, [n, 4]) }))['y'] as Float32Array;
        expect(y.length).toBe(size(act.outputShape([n, 4])));
        const want = act.forward(tensor(x, [n, 4])).y.data;
        want.forEach((v, i) => expect(Math.abs((y[i] as number) - v)).toBeLessThan(1e-6));
      }
    }
  });

  it('should export maxout with a symbolic batch and give Rectify\'s y and dx bit for bit at two batch sizes', async () => {
    const maxout = builtInPlugins.find((p) => p.name === 'maxout');
    if (maxout === undefined) throw new Error('no maxout');
    const cases = [
      { config: {}, inputShape: [null, 8], rest: [8] },
      { config: { pieces: 3, axis: 1 }, inputShape: ['batch', 6, 4], rest: [6, 4] },
    ] as const;
    for (const { config, inputShape, rest } of cases) {
      const act = maxout.create(config);
      const options = { plugin: maxout, inputShape };
      const forward = toOnnx(act, options);
      const backward = toOnnxBackward(act, options);
      for (const n of [1, 5]) {
        const shape = [n, ...rest];
        // Ties (±0 and repeated values) and NaN, so that the tie and NaN rules are exercised.
        const x = Float32Array.from(inputs(size(shape), [-0, 0, 1, 1, Number.NaN], n), (v, i) => (i % 7 === 3 ? Math.round(v) : v));
        const { y, backward: back } = act.forward(tensor(x, shape));
        const dy = Float32Array.from(inputs(size(y.shape), [-0], 3 + n));
        const dx = back(tensor(dy, y.shape)).data;
        const got = (await run(forward, { x: new ort.Tensor('float32', x, shape) }))['y'] as Float32Array;
        const gotDx = (await run(backward, { x: new ort.Tensor('float32', x, shape), dy: new ort.Tensor('float32', dy, [...y.shape]) }))['dx'] as Float32Array;
        expect(got.length).toBe(y.data.length);
        // Where a group holds a NaN, ONNX Runtime's ReduceMax may skip it (see maxoutLowering).
        y.data.forEach((v, i) => { if (!Number.isNaN(v)) expect(Object.is(got[i], v)).toBe(true); });
        expect(Array.from(gotDx).map((v) => Object.is(v, -0) ? '-0' : String(v))).toEqual(Array.from(dx).map((v) => Object.is(v, -0) ? '-0' : String(v)));
      }
    }
  });

  it('should refuse a symbolic size the lowering depends on, with SHAPE_MISMATCH', () => {
    const [maxout, prelu] = ['maxout', 'prelu'].map((name) => builtInPlugins.find((p) => p.name === name));
    if (maxout === undefined || prelu === undefined) throw new Error('no maxout');
    expect(() => toOnnx(maxout.create(), { plugin: maxout, inputShape: [2, 'channels'] })).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH', field: 'inputShape' }));
    // Maxout's lowering infers only the first size: a symbolic size between it and the axis is baked in.
    expect(() => toOnnx(maxout.create({ axis: 2 }), { plugin: maxout, inputShape: [2, 'rows', 4] })).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH', field: 'inputShape' }));
    expect(() => toOnnx(prelu.create({ numParameters: 3 }), { plugin: prelu, inputShape: ['batch', null] })).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
  });

  it('should refuse a plugin without a lowering, naming it', () => {
    const relu = builtInPlugins.find((p) => p.name === 'relu');
    if (relu === undefined) throw new Error('no relu');
    // A plugin of its own, as a user writes one, without a lowering.
    const { lowering: _lowering, ...rest } = relu;
    const plain: AnyActivationPlugin = { ...rest, name: 'square' };
    const act = { ...relu.create(), name: 'square' } as Activation;
    for (const exporter of [toOnnx, toOnnxBackward]) {
      let error: unknown;
      try {
        exporter(act, { plugin: plain, inputShape: [3] });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(RectifyError);
      expect((error as RectifyError).field).toBe('plugin.lowering');
      expect((error as RectifyError).message).toMatch(/square declares no lowering/);
    }
  });

  it('should find the plugin in a registry', () => {
    const registry = createRegistry().use(builtInPlugins).freeze();
    const act = registry.create('leaky_relu', { negativeSlope: 0.2 });
    const leaky = builtInPlugins.find((p) => p.name === 'leaky_relu');
    if (leaky === undefined) throw new Error('no leaky_relu');
    expect(toOnnx(act, { plugin: registry, inputShape: [3] })).toEqual(toOnnx(act, { plugin: leaky, inputShape: [3] }));
  });

  it('should refuse an unknown opset, a malformed shape and another activation\'s plugin', () => {
    const [relu, sigmoid] = ['relu', 'sigmoid'].map((name) => builtInPlugins.find((p) => p.name === name));
    if (relu === undefined || sigmoid === undefined) throw new Error('no relu');
    expect(() => toOnnx(relu.create(), { plugin: relu, inputShape: [3], opset: 12 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'opset' }));
    expect(() => toOnnx(relu.create(), { plugin: relu, inputShape: [3, -1] })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'inputShape[1]' }));
    expect(() => toOnnx(relu.create(), { plugin: sigmoid, inputShape: [3] })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'options.plugin', value: 'sigmoid' }));
  });

  it('should find the plugin itself when a plugin or registry made the activation, and ask for it otherwise', async () => {
    const relu = builtInPlugins.find((p) => p.name === 'relu')!;
    const session = await ort.InferenceSession.create(toOnnx(relu.create(), { inputShape: [2] }));
    try {
      expect(Array.from((await session.run({ x: new ort.Tensor('float32', Float32Array.from([-1, 2]), [2]) }))['y']!.data as Float32Array)).toEqual([0, 2]);
    } finally {
      await session.release();
    }
    const bare = Object.create(relu.create()) as Activation;
    expect(() => toOnnx(bare, { inputShape: [2] })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'options.plugin' }));
    expect(() => toOnnxBackward(bare, { inputShape: [2] })).toThrow(expect.objectContaining({ field: 'options.plugin' }));
    expect(toOnnx(bare, { plugin: relu, inputShape: [2] })).toBeInstanceOf(Uint8Array);
  });
});

describe('the native ops', () => {
  const opsOf = (bytes: Uint8Array): string[] => onnx.ModelProto.decode(bytes).graph?.node?.map((n) => n.opType ?? '') ?? [];
  const plugin = (name: string): AnyActivationPlugin => {
    const found = builtInPlugins.find((p) => p.name === name);
    if (found === undefined) throw new Error(`no ${name}`);
    return found;
  };

  it('should be written where ONNX Runtime\'s op gives Rectify\'s bits, and the fallbacks elsewhere', () => {
    const relu = plugin('relu');
    const leaky = plugin('leaky_relu');
    const prelu = plugin('prelu');
    expect(opsOf(toOnnx(relu.create(), { plugin: relu, inputShape: [4] }))).toEqual(['Relu']);
    expect(opsOf(toOnnx(relu.create(), { plugin: relu, inputShape: [4], dtype: 'float64' }))).toEqual(['Relu']);
    expect(opsOf(toOnnx(leaky.create(), { plugin: leaky, inputShape: [4] }))).toEqual(['LeakyRelu']);
    expect(opsOf(toOnnx(leaky.create(), { plugin: leaky, inputShape: [4], dtype: 'float64' }))).not.toContain('LeakyRelu');
    expect(opsOf(toOnnx(leaky.create({ negativeSlope: -0.5 }), { plugin: leaky, inputShape: [4] }))).not.toContain('LeakyRelu');
    expect(opsOf(toOnnx(leaky.create({ negativeSlope: -0.5 }), { plugin: leaky, inputShape: [4], native: true }))).toEqual(['LeakyRelu']);
    const slopes = prelu.create({ numParameters: 2 });
    expect(opsOf(toOnnx(slopes, { plugin: prelu, inputShape: [3, 2] }))).toEqual(['PRelu']);
    (slopes.parameters[0] as { data: Float64Array }).data.set([0.5, 0]);
    expect(opsOf(toOnnx(slopes, { plugin: prelu, inputShape: [3, 2] }))).not.toContain('PRelu');
    expect(opsOf(toOnnx(slopes, { plugin: prelu, inputShape: [3, 2], native: false }))).toEqual(['Greater', 'Mul', 'Where']);
    expect(opsOf(toOnnx(relu.create(), { plugin: relu, inputShape: [4], native: false }))).not.toContain('Relu');
  });
});

describe('opsets and modes', () => {
  const plugin = (name: string): AnyActivationPlugin => {
    const found = builtInPlugins.find((p) => p.name === name);
    if (found === undefined) throw new Error(`no ${name}`);
    return found;
  };

  it.each([13, 17, 18, 21, 23])('should give Rectify\'s y and dx for maxout and softmax at opset %i (ReduceMax takes its axes as an input from 18 on)', async (opset) => {
    for (const [name, config] of [['maxout', { pieces: 3 }], ['softmax', { axis: 1 }], ['prelu', { numParameters: 6 }]] as const) {
      const p = plugin(name);
      const act = p.create(config);
      const x = Float32Array.from(inputs(24, [], opset), (v, i) => (i % 5 === 0 ? -v : v));
      const dy = Float32Array.from(inputs(act.outputShape([4, 6]).reduce((a, b) => a * b, 1), [], 7));
      const { y, backward } = act.forward(tensor(x, [4, 6]));
      const dx = backward(tensor(dy, y.shape)).data;
      const options = { plugin: p, inputShape: [4, 6], opset };
      const got = await run(toOnnx(act, options), { x: new ort.Tensor('float32', x, [4, 6]) });
      const gotBack = await run(toOnnxBackward(act, options), { x: new ort.Tensor('float32', x, [4, 6]), dy: new ort.Tensor('float32', dy, [...y.shape]) });
      y.data.forEach((v, i) => expect(Math.abs((got['y']?.[i] as number) - v)).toBeLessThanOrEqual(1e-6));
      dx.forEach((v, i) => expect(Math.abs((gotBack['dx']?.[i] as number) - v)).toBeLessThanOrEqual(1e-6));
    }
  });

  it('should draw RReLU\'s slopes in [lower, upper) in training, where the engine draws them itself', async () => {
    const rrelu = plugin('rrelu');
    const x = Float32Array.from(inputs(64, [-1, 2, -0, Number.NaN], 21));
    const y = (await run(toOnnx(rrelu.create({ lower: 0.1, upper: 0.3 }), { plugin: rrelu, inputShape: [64], training: true }), { x: new ort.Tensor('float32', x, [64]) }))['y'] as Float32Array;
    x.forEach((v, i) => {
      const got = y[i] as number;
      if (Number.isNaN(v) || v >= 0) expect(Object.is(got, v)).toBe(true);
      else {
        expect(got / v).toBeGreaterThanOrEqual(0.1 - 1e-6);
        expect(got / v).toBeLessThan(0.3 + 1e-6);
      }
    });
    const backward = onnx.ModelProto.decode(toOnnxBackward(rrelu.create(), { plugin: rrelu, inputShape: [64], training: true }));
    expect(backward.graph?.input?.map((v) => v.name)).toEqual(['x', 'dy', 'r']);
  });
});

describe('option checks', () => {
  it('should refuse a bad activation or option with a RectifyError naming the field and value', () => {
    const relu = builtInPlugins.find((p) => p.name === 'relu') as AnyActivationPlugin;
    const act = relu.create();
    const good = { plugin: relu, inputShape: [2, 3] };
    for (const fn of [toOnnx, toOnnxBackward]) {
      expect(() => fn(null as never, good)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'activation' }));
      expect(() => fn(act, undefined as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'options' }));
      expect(() => fn(act, { ...good, dtype: 'float16' as never })).toThrow(expect.objectContaining({ field: 'options.dtype', value: 'float16' }));
      expect(() => fn(act, { ...good, native: 'yes' as never })).toThrow(expect.objectContaining({ field: 'options.native', value: 'yes' }));
      expect(() => fn(act, { ...good, nativ: true } as never)).toThrow(expect.objectContaining({ field: 'options.nativ' }));
      expect(() => fn(act, { ...good, training: 1 as never })).toThrow(expect.objectContaining({ field: 'options.training', value: 1 }));
    }
  });
});
