import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRegistry, createRng, defineElementwise, RectifyError, tensor, uniform01, type Activation, type FloatArray } from '@rectify/core';
import { builtInPlugins } from '@rectify/cli/registry';
import * as api from '../src/index.js';
import { tfjsParameters, toTfjs } from '../src/index.js';
import { differingSums, mixedError } from '@rectify/testing';
import { CASES, DY_EDGES, inputs, type Case } from './cases.js';

setWasmPaths(dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/');

const plugin = (name: string) => builtInPlugins.find((p) => p.name === name) as (typeof builtInPlugins)[number];

/**
 * What TensorFlow.js cannot give and toTfjs does not correct: ELU of a
 * negative subnormal x (tfjs' `expm1` is exact there, so α·expm1(x)
 * underflows to a zero signed as α·x; PyTorch's exp(x) − 1 is +0).
 */
function uncorrectable(c: Case, output: 'y' | 'dx', x: number | undefined, want: number, got: number): boolean {
  const covered = c.plugin.name === 'elu' && output === 'y' && want === 0 && got === 0 && x !== undefined && x < 0 && x > -(2 ** -126);
  if (covered) uncorrected.set(c.plugin.name, (uncorrected.get(c.plugin.name) ?? 0) + 1);
  return covered;
}

/** How many elements {@link uncorrectable} covered, per activation, and how many outputs were compared at all. */
const uncorrected = new Map<string, number>();
let compared = 0;

/** Elements where got fails the case's agreement with want. */
function mismatches(c: Case, output: 'y' | 'dx', got: FloatArray, want: FloatArray): { index: number; x: number | undefined; want: number; got: number }[] {
  compared += 1;
  expect(got.length).toBe(want.length);
  const out = [];
  for (let i = 0; i < want.length; i++) {
    const a = got[i] as number;
    const b = want[i] as number;
    const x = c.plugin.traits.elementwise ? c.x[i] : undefined;
    const fails = c.agreement.kind === 'bits' ? !Object.is(a, b) : !(mixedError(a, b) <= (c.agreement.tolerance ?? 0));
    if (fails && !uncorrectable(c, output, x, b, a)) out.push({ index: i, x, want: b, got: a });
  }
  return out;
}

/** Asserts that each parameter gradient agrees with Rectify's float64 sum (see `differingSums`). */
function expectCloseSums(theirs: FloatArray, mine: FloatArray, x: readonly number[], dy: readonly number[]): void {
  expect(differingSums(theirs, mine, x, dy)).toEqual([]);
}

const read = (t: tf.Tensor): Float32Array => Float32Array.from(t.dataSync() as Float32Array);

describe.each(['cpu', 'wasm'] as const)('toTfjs on tfjs-%s', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
    await tf.ready();
  });

  it.each(CASES)('should give Rectify\'s y, and under tf.grad its dx and parameter gradients ($agreement.kind): $name', (c) => {
    // Arrange
    const before = tf.memory().numTensors;
    const act = c.plugin.create(c.config);
    if (c.weights !== undefined) (act.parameters[0] as { data: Float64Array }).data.set(c.weights);
    const x32 = Float32Array.from(c.x);
    const { y: yMine, backward } = act.forward(tensor(x32, c.shape));
    const dy = inputs(yMine.data.length, DY_EDGES, 99);
    const dxMine = backward(tensor(Float32Array.from(dy), yMine.shape)).data;
    const parameters = tfjsParameters(act);
    const f = toTfjs(act, { plugin: c.plugin, parameters });
    const x = tf.tensor(x32, [...c.shape], 'float32');
    const dyT = tf.tensor(Float32Array.from(dy), [...yMine.shape], 'float32');
    // Act
    const y = f(x);
    const dx = tf.grad(f)(x, dyT);
    const direct = f.backward(x, dyT);
    const variables: tf.Variable[] = Object.values(parameters);
    const { value: loss, grads }: { value?: tf.Scalar; grads: tf.NamedTensorMap } = variables.length === 0 ? { grads: {} } : tf.variableGrads(() => tf.sum(tf.mul(f(x), dyT)) as tf.Scalar, variables);
    // Assert
    expect(y.shape).toEqual([...yMine.shape]);
    expect(mismatches(c, 'y', read(y), yMine.data).slice(0, 8)).toEqual([]);
    expect(mismatches(c, 'dx', read(dx), dxMine).slice(0, 8)).toEqual([]);
    expect(mismatches(c, 'dx', read(direct.dx), dxMine).slice(0, 8)).toEqual([]);
    for (const p of act.parameters) expectCloseSums(read(direct.parameterGradients[p.name] as tf.Tensor), p.grad.data, c.x, dy);
    for (const p of act.parameters) expectCloseSums(read(grads[parameters[p.name]?.name as string] as tf.Tensor), p.grad.data, c.x, dy);
    tf.dispose([y, dx, direct.dx, ...Object.values(direct.parameterGradients), ...Object.values(grads), x, dyT, ...variables, ...(loss === undefined ? [] : [loss])]);
    f.dispose();
    expect(tf.memory().numTensors).toBe(before); // nothing leaks
  });

  it('should draw RReLU\'s slopes in [lower, upper) in training, and give dx = the slope drawn', () => {
    const rrelu = plugin('rrelu');
    const f = toTfjs(rrelu.create({ lower: 0.1, upper: 0.3 }), { plugin: rrelu, training: true });
    const xs = Float32Array.from(inputs(64, [-1, 2, -0, Number.NaN], 21));
    const x = tf.tensor(xs);
    const { value, grad } = tf.valueAndGrad(f)(x);
    const y = read(value);
    const dx = read(grad);
    xs.forEach((v, i) => {
      if (Number.isNaN(v) || v >= 0) {
        expect(Object.is(y[i], v)).toBe(true);
        if (v > 0) expect(dx[i]).toBe(1);
      } else {
        const r = dx[i] as number;
        expect(r).toBeGreaterThanOrEqual(0.1 - 1e-6);
        expect(r).toBeLessThan(0.3 + 1e-6);
        expect(y[i]).toBe(Math.fround(v * r));
      }
    });
    // The backward without the tape, given the slopes: dx = r where x ≤ 0 (PyTorch's rrelu_with_noise_backward).
    const r = tf.fill([64], 0.2);
    const ones = tf.onesLike(x);
    const { dx: given } = f.backward(x, ones, { r });
    const dxGiven = read(given);
    xs.forEach((v, i) => {
      if (!Number.isNaN(v)) expect(dxGiven[i]).toBe(v > 0 ? 1 : Math.fround(0.2));
    });
    tf.dispose([x, value, grad, r, ones, given]);
    f.dispose();
  });

  it('should give PyTorch\'s −0 and NaN gradient where tfjs\' own ops do not, and tfjs\' bits with native: true', () => {
    const relu = plugin('relu');
    const x = tf.tensor([-0, Number.NaN, 0, 2]);
    const exact = toTfjs(relu.create(), { plugin: relu });
    const fast = toTfjs(relu.create(), { plugin: relu, native: true });
    expect(Array.from(read(exact(x))).map((v) => Object.is(v, -0))).toEqual([true, false, false, false]);
    expect(Object.is(read(fast(x))[0], 0)).toBe(true); // tf.relu(−0) is +0
    // relu′(NaN) is dy in PyTorch (NaN ≤ 0 is false); tfjs' own Relu gradient gives 0.
    for (const f of [exact, fast]) expect(Array.from(read(tf.grad(f)(x)))).toEqual([0, 1, 0, 1]);
    tf.dispose(x);
    exact.dispose();
    fast.dispose();
  });
});

describe('the differences toTfjs cannot correct', () => {
  // Runs after the cases above, which count them.
  it.for(['elu'])('should each still occur, so that none hides more than its cause: %s', (name, context) => {
    // Skipped only when a filtered run compared nothing; otherwise a difference that stopped occurring fails here.
    if (compared === 0) context.skip();
    expect(uncorrected.get(name) ?? 0).toBeGreaterThan(0);
  });
});

describe('toTfjs', () => {
  const prelu = plugin('prelu');

  it('should find the plugin in a registry', () => {
    const registry = createRegistry().use(builtInPlugins).freeze();
    const f = toTfjs(registry.create('softsign'), { plugin: registry });
    const x = tf.tensor([-1, 3]);
    expect(Array.from(read(f(x)))).toEqual([-0.5, 0.75]);
    tf.dispose(x);
    f.dispose();
  });

  it('should throw INVALID_ARGUMENT naming the missing lowering of a plugin without one', () => {
    const plain = defineElementwise({ name: 'cube', summary: 'x³', fields: {}, f: (v) => v ** 3, df: (v) => 3 * v * v });
    const error = (() => {
      try {
        toTfjs(plain.create(), { plugin: plain });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(RectifyError);
    expect((error as RectifyError).code).toBe('INVALID_ARGUMENT');
    expect((error as RectifyError).message).toMatch(/"cube" declares no lowering/);
  });

  it('should refuse a float64 activation unless the downcast is allowed', () => {
    const relu = plugin('relu');
    expect(() => toTfjs(relu.create(), { plugin: relu, dtype: 'float64' })).toThrow(/float64 .*allowDowncast: true/);
    expect(() => toTfjs(relu.create(), { plugin: relu, dtype: 'float64' })).toThrow(RectifyError);
    toTfjs(relu.create(), { plugin: relu, dtype: 'float64', allowDowncast: true }).dispose();
  });

  it('should refuse a plugin that is not the activation\'s, a parameter of the wrong shape, and a non-float32 x', () => {
    const relu = plugin('relu');
    expect(() => toTfjs(relu.create(), { plugin: prelu })).toThrow(/not the plugin of the activation "relu"/);
    const w = tf.zeros([3]);
    expect(() => toTfjs(prelu.create({ numParameters: 4 }), { plugin: prelu, parameters: { weight: w } })).toThrow(RectifyError);
    const f = toTfjs(relu.create(), { plugin: relu });
    const ints = tf.tensor([1, 2], [2], 'int32');
    expect(() => f(ints)).toThrow(/float32/);
    tf.dispose([w, ints]);
    f.dispose();
  });

  it('should train PReLU\'s slopes as tf.variables with tf.variableGrads and an optimizer', async () => {
    await tf.setBackend('cpu');
    // Learn y = prelu(x) with slopes 0.5 and −0.25 from slopes 0.25.
    const act = prelu.create({ numParameters: 2, axis: -1 });
    const parameters = tfjsParameters(act);
    const f = toTfjs(act, { plugin: prelu, parameters });
    const rng = createRng(5);
    const xs = Float32Array.from({ length: 64 }, () => 4 * uniform01(rng) - 2);
    const x = tf.tensor(xs, [32, 2]);
    const target = tf.tidy(() => tf.where(tf.greater(x, 0), x, tf.mul(x, tf.tensor([0.5, -0.25]))));
    const optimizer = tf.train.sgd(0.5);
    const loss = (): tf.Scalar => tf.mean(tf.square(tf.sub(f(x), target)));
    const first = (loss().dataSync() as Float32Array)[0] as number;
    for (let step = 0; step < 200; step++) {
      const { value, grads } = tf.variableGrads(loss);
      optimizer.applyGradients(grads);
      tf.dispose([value, ...Object.values(grads)]);
    }
    const last = (loss().dataSync() as Float32Array)[0] as number;
    expect(last).toBeLessThan(first / 100);
    const w = read(parameters['weight'] as tf.Tensor);
    expect(w[0]).toBeCloseTo(0.5, 2);
    expect(w[1]).toBeCloseTo(-0.25, 2);
    tf.dispose([x, target, ...Object.values<tf.Tensor>(parameters)]);
    optimizer.dispose();
    f.dispose();
  });

  it('should export exactly its public API', () => {
    expect(Object.keys(api).sort()).toEqual(['registerTfjsLayers', 'tfjsLayer', 'tfjsParameters', 'toRectify', 'toTfjs']);
  });
});

describe('option checks', () => {
  it('should refuse a bad activation or option with a RectifyError naming the field and value', () => {
    const relu = builtInPlugins.find((p) => p.name === 'relu')!;
    const prelu = builtInPlugins.find((p) => p.name === 'prelu')!;
    const act = relu.create();
    expect(() => toTfjs(null as never, { plugin: relu })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'activation' }));
    expect(() => toTfjs(act, 5 as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'options' }));
    expect(() => toTfjs(act, { plugin: null as never })).toThrow(expect.objectContaining({ field: 'options.plugin', value: null }));
    expect(() => toTfjs(act, { plugin: relu, dtype: 'float16' as never })).toThrow(expect.objectContaining({ field: 'options.dtype', value: 'float16' }));
    expect(() => toTfjs(act, { plugin: relu, native: 'yes' as never })).toThrow(expect.objectContaining({ field: 'options.native', value: 'yes' }));
    expect(() => toTfjs(act, { plugin: relu, nativ: true } as never)).toThrow(expect.objectContaining({ field: 'options.nativ' }));
    expect(() => toTfjs(prelu.create(), { plugin: prelu, parameters: { weight: [1, 2, 3] as never } })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'options.parameters.weight' }),
    );
    expect(() => toTfjs(act, { plugin: prelu })).toThrow(expect.objectContaining({ field: 'options.plugin', value: 'prelu' }));
    expect(() => api.tfjsLayer(act, { plugin: null as never })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'args.plugin' }));
  });

  it('should find the plugin of an activation a plugin or registry made, and ask for it otherwise', () => {
    const relu = builtInPlugins.find((p) => p.name === 'relu')!;
    const f = toTfjs(relu.create());
    expect(Array.from(f(tf.tensor([-1, 2])).dataSync())).toEqual([0, 2]);
    const bare = Object.create(relu.create()) as Activation;
    expect(() => toTfjs(bare)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'options.plugin' }));
    expect(() => api.tfjsLayer(bare)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'args.plugin' }));
    expect(toTfjs(bare, { plugin: relu })).toBeTypeOf('function');
  });
});
