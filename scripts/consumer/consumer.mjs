// Runs in a fresh project outside the workspace, against the packed tarballs
// of @rectify/core, @rectify/relu, @rectify/prelu, @rectify/sigmoid,
// @rectify/simd, @rectify/onnx and @rectify/tfjs installed with npm.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import process from 'node:process';
import { ActivationBase, RectifyError, createRegistry, defineElementwise, numberField, tensor } from '@rectify/core';
import { prelu } from '@rectify/prelu';
import { relu } from '@rectify/relu';
import { sigmoid } from '@rectify/sigmoid';
import { allocateTensor, releaseTensor, simd, startThreads, stopThreads } from '@rectify/simd';
import { toOnnx, toOnnxSequential } from '@rectify/onnx';
import { tfjsLayer, toRectify, toTfjs } from '@rectify/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as ort from 'onnxruntime-node';

// The activation packages carry their maths alone: no runtime dependency, so no WebAssembly.
for (const name of ['@rectify/relu', '@rectify/prelu', '@rectify/sigmoid']) {
  const manifest = JSON.parse(readFileSync(createRequire(import.meta.url).resolve(`${name}/package.json`), 'utf8'));
  assert.deepEqual(Object.keys(manifest.dependencies ?? {}), [], `${name} must depend on nothing at run time`);
}

// A custom activation defined here, as its maths: softsign, y = s·x / (1 + |x|).
const softsign = defineElementwise({
  name: 'softsign',
  aliases: ['Softsign'],
  summary: 'Softsign: s·x / (1 + |x|).',
  fields: { scale: numberField(1, 'Scale s of s·x / (1 + |x|).') },
  f: (x, { scale }) => (scale * x) / (1 + Math.abs(x)),
  df: (x, _y, { scale }) => scale / (1 + Math.abs(x)) ** 2,
});

const registry = createRegistry({ kernels: [simd] }).use([relu, prelu, sigmoid, softsign]).freeze();
assert.deepEqual(registry.names(), ['prelu', 'relu', 'sigmoid', 'softsign']);

// One core at runtime: the plugins' classes extend the consumer's ActivationBase.
assert.ok(registry.create('ReLU') instanceof ActivationBase, 'relu must share the installed @rectify/core');
assert.ok(registry.create('prelu') instanceof ActivationBase, 'prelu must share the installed @rectify/core');
assert.ok(registry.create('sigmoid') instanceof ActivationBase, 'sigmoid must share the installed @rectify/core');

// ReLU forward and backward, float32.
{
  const act = registry.create('relu');
  const { y, backward } = act.forward(tensor(new Float32Array([1, -10, 0, 15, -20, -0])));
  assert.ok(y.data instanceof Float32Array);
  assert.deepEqual(Array.from(y.data), [1, 0, 0, 15, 0, -0]);
  assert.ok(Object.is(y.data[5], -0), 'relu(-0) must be -0');
  const dx = backward(tensor(new Float32Array([1, 1, 1, 1, 1, 1])));
  assert.deepEqual(Array.from(dx.data), [1, 0, 0, 1, 0, 0]);
}

// PReLU: per-channel slopes, slope gradients, JSON round trip of the weights.
{
  const act = registry.create('PReLU', { numParameters: 2 });
  const { y, backward } = act.forward(tensor([-4, 2, -8, 0], [1, 2, 2]));
  assert.deepEqual(Array.from(y.data), [-1, 2, -2, 0]);
  const dx = backward(tensor([1, 1, 1, 1], [1, 2, 2]));
  assert.deepEqual(Array.from(dx.data), [0.25, 1, 0.25, 0.25]);
  assert.deepEqual(Array.from(act.parameters[0].grad.data), [-4, -8]);

  act.parameters[0].data.set([0.1, -0]);
  const json = JSON.stringify(act);
  const restored = registry.fromJSON(json);
  assert.equal(restored.name, 'prelu');
  assert.deepEqual(restored.config, { numParameters: 2, init: 0.25, axis: 1 });
  assert.ok(Object.is(restored.parameters[0].data[1], -0), 'the -0 weight must survive the round trip');
  const x = tensor([-3, 5, -7, 1], [1, 2, 2]);
  assert.deepEqual(Array.from(restored.forward(x).y.data), Array.from(act.forward(x).y.data));
}

// Sigmoid, a family package built with defineElementwise: σ(0) = ½ and σ′(0) = ¼
// in both dtypes, found by its alias, and a JSON round trip.
{
  for (const data of [new Float64Array([0, 2, -2]), new Float32Array([0, 2, -2])]) {
    const act = registry.create('logistic');
    assert.equal(act.name, 'sigmoid');
    const { y, backward } = act.forward(tensor(data));
    assert.equal(y.data.constructor, data.constructor);
    assert.equal(y.data[0], 0.5);
    assert.ok(Math.abs(y.data[1] - 1 / (1 + Math.exp(-2))) < 1e-7);
    assert.ok(Math.abs(y.data[1] + y.data[2] - 1) < 1e-7, 'σ(−x) = 1 − σ(x)');
    const dx = backward(tensor(data.map(() => 1)));
    assert.equal(dx.data[0], 0.25);
  }
  const act = registry.create('sigmoid');
  const json = JSON.stringify(act);
  assert.deepEqual(JSON.parse(json), { format: 'rectify.activation', version: 1, name: 'sigmoid', config: {}, parameters: {} });
  const restored = registry.fromJSON(json);
  assert.equal(restored.name, 'sigmoid');
  assert.deepEqual(restored.config, {});
  const x = tensor([-30, -1, 0, 1, 30]);
  assert.deepEqual(Array.from(restored.forward(x).y.data), Array.from(act.forward(x).y.data));
  assert.equal(restored.gain(), 1);
}

// The custom activation: forward, backward, JSON round trip.
{
  const act = registry.create('softsign', { scale: 2 });
  const { y, backward } = act.forward(tensor([-1, 0, 3]));
  assert.deepEqual(Array.from(y.data), [-1, 0, 1.5]);
  assert.deepEqual(Array.from(backward(tensor([1, 1, 1])).data), [0.5, 2, 0.125]);
  const restored = registry.fromJSON(JSON.stringify(act));
  assert.deepEqual(restored.config, { scale: 2 });
  assert.deepEqual(Array.from(restored.forward(tensor([-1, 0, 3])).y.data), [-1, 0, 1.5]);
}

// Kernel threads start from the installed package's worker script and give one thread's bits.
{
  assert.equal(await startThreads(2), 2);
  const n = 1 << 17;
  const x = allocateTensor([n]);
  const y = allocateTensor([n]);
  assert.ok(x.data.buffer instanceof SharedArrayBuffer, 'tensors live in shared memory while threads run');
  for (let i = 0; i < n; i++) x.data[i] = ((i * 7919) % 13) - 6.5;
  registry.create('relu').forwardInto(x, y.data);
  await stopThreads();
  const alone = relu.create().forward(tensor(x.data.slice())).y.data;
  assert.deepEqual(Array.from(y.data), Array.from(alone));
  releaseTensor(x);
  releaseTensor(y);
}

// The adapters: an activation in ONNX Runtime and in TensorFlow.js, found from the activation alone.
{
  const x = Float32Array.from([-2, -0, 0.5, 3]);
  const act = registry.create('prelu', { numParameters: 1, init: 0.25 });
  const want = Array.from(act.forward(tensor(x.slice())).y.data);
  const session = await ort.InferenceSession.create(toOnnx(act, { inputShape: ['batch', 4] }));
  const { y } = await session.run({ x: new ort.Tensor('float32', x, [1, 4]) });
  assert.deepEqual(Array.from(/** @type {Float32Array} */ (y?.data)), want);
  await session.release();
  const network = await ort.InferenceSession.create(toOnnxSequential([{ kind: 'dense', inputs: 4, outputs: 1, weight: [1, 1, 1, 1] }, registry.create('relu')], { inputShape: [1, 4] }));
  assert.deepEqual(Array.from(/** @type {Float32Array} */ ((await network.run({ x: new ort.Tensor('float32', x, [1, 4]) })).y?.data)), [1.5]);
  await network.release();

  await tf.setBackend('cpu');
  const f = toTfjs(act);
  assert.deepEqual(Array.from(f(tf.tensor(x)).dataSync()), want);
  f.dispose();
  const layer = tfjsLayer(registry.create('prelu', { numParameters: 2 }));
  layer.apply(tf.zeros([1, 2]));
  layer.setWeights([tf.tensor([0.5, 0.125])]);
  assert.deepEqual(Array.from(toRectify(layer).parameters[0]?.data ?? []), [0.5, 0.125]);
}

// Errors come from the one RectifyError class, with stable codes.
assert.throws(() => registry.create('softsing'), (error) => error instanceof RectifyError && error.code === 'UNKNOWN_ACTIVATION' && /softsign/.test(error.message));
assert.throws(() => registry.use(softsign, { replace: true }), (error) => error instanceof RectifyError && error.code === 'FROZEN_REGISTRY');
assert.throws(() => registry.fromJSON('{"format":"rectify.activation","version":2}'), (error) => error instanceof RectifyError && error.code === 'INVALID_JSON');

process.stdout.write('consumer.mjs: all assertions passed\n');
