import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { createRegistry, createRng, tensor, uniform01, type Activation, type FloatArray } from '@rectify/core';
import { builtInPlugins } from '@rectify/cli/registry';
import { mixedError } from '@rectify/testing';
import { toOnnxSequential, type OnnxDense, type OnnxDType, type OnnxLayer } from '../src/index.js';

const registry = createRegistry().use(builtInPlugins).freeze();
const rng = createRng(7);
const draw = (n: number, scale: number): number[] => Array.from({ length: n }, () => (uniform01(rng) * 2 - 1) * scale);

function dense(inputs: number, outputs: number, bias = true): OnnxDense {
  const weight = draw(inputs * outputs, 1 / Math.sqrt(inputs));
  return bias ? { kind: 'dense', inputs, outputs, weight, bias: draw(outputs, 0.5) } : { kind: 'dense', inputs, outputs, weight };
}

/** The network computed in JavaScript: dense layers in float64 rounded to the dtype, activations by Rectify. */
function reference(layers: readonly OnnxLayer[], x: FloatArray, batch: number): FloatArray {
  let data = x;
  let width = x.length / batch;
  for (const layer of layers) {
    if ('kind' in layer) {
      const out = x instanceof Float32Array ? new Float32Array(batch * layer.outputs) : new Float64Array(batch * layer.outputs);
      const round = x instanceof Float32Array ? Math.fround : (v: number): number => v;
      for (let b = 0; b < batch; b++) {
        for (let o = 0; o < layer.outputs; o++) {
          let sum = 0;
          for (let i = 0; i < layer.inputs; i++) sum += (data[b * layer.inputs + i] as number) * round(layer.weight[i * layer.outputs + o] as number);
          out[b * layer.outputs + o] = sum + (layer.bias === undefined ? 0 : round(layer.bias[o] as number));
        }
      }
      data = out;
      width = layer.outputs;
    } else {
      const y = layer.forward(tensor(data, [batch, width])).y;
      data = y.data;
      width = y.shape[1] as number;
    }
  }
  return data;
}

async function run(bytes: Uint8Array, x: FloatArray, batch: number, dtype: OnnxDType): Promise<FloatArray> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    return (await session.run({ x: new ort.Tensor(dtype, x, [batch, x.length / batch]) }))['y']!.data as FloatArray;
  } finally {
    await session.release();
  }
}

const NETWORKS: readonly { readonly name: string; readonly layers: () => OnnxLayer[] }[] = [
  { name: 'relu, prelu per unit, softmax', layers: () => [dense(6, 8), registry.create('relu'), dense(8, 5), registry.create('prelu', { numParameters: 5, init: 0.1 }), dense(5, 4), registry.create('softmax')] },
  { name: 'maxout, gelu, no bias', layers: () => [dense(6, 8, false), registry.create('maxout', { pieces: 2 }), dense(4, 6), registry.create('gelu'), dense(6, 3)] },
  { name: 'rrelu in inference, glu, tanh', layers: () => [dense(6, 8), registry.create('rrelu'), registry.create('glu', { axis: -1 }), registry.create('tanh'), dense(4, 2)] },
];

describe('toOnnxSequential', () => {
  describe.each(['float32', 'float64'] as const)('%s', (dtype) => {
    it.each(NETWORKS)('should give the network\'s outputs in ONNX Runtime: $name', async ({ layers: build }) => {
      const layers = build();
      const batch = 5;
      const x = dtype === 'float32' ? Float32Array.from(draw(batch * 6, 2)) : Float64Array.from(draw(batch * 6, 2));
      const got = await run(toOnnxSequential(layers, { inputShape: ['batch', 6], dtype }), x, batch, dtype);
      const want = reference(layers, x, batch);
      expect(got.length).toBe(want.length);
      const worst = Math.max(...Array.from(want, (w, i) => mixedError(got[i] as number, w)));
      expect(worst).toBeLessThan(dtype === 'float32' ? 1e-5 : 1e-12);
    });
  });

  it('should change its output when a weight changes (each initializer is the layer\'s own)', async () => {
    const layers = [dense(3, 4), registry.create('relu'), dense(4, 2)];
    const x = Float32Array.from([1, -2, 0.5]);
    const before = await run(toOnnxSequential(layers, { inputShape: [1, 3] }), x, 1, 'float32');
    const changed = { ...(layers[2] as OnnxDense), weight: Array.from((layers[2] as OnnxDense).weight, (w) => w * 2) };
    const after = await run(toOnnxSequential([layers[0]!, layers[1]!, changed], { inputShape: [1, 3] }), x, 1, 'float32');
    // Doubling W doubles x·W: after = 2·(before − b) + b.
    const bias = (layers[2] as OnnxDense).bias!;
    Array.from(after).forEach((v, i) => expect(v).toBeCloseTo(2 * (before[i] as number) - (bias[i] as number), 5));
  });

  it('should refuse an empty network, a malformed layer and mismatched sizes, naming the field', () => {
    const relu: Activation = registry.create('relu');
    expect(() => toOnnxSequential([], { inputShape: [1, 3] })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'layers' }));
    expect(() => toOnnxSequential([relu, { kind: 'dense', inputs: 3, outputs: 2, weight: [1, 2] }], { inputShape: [1, 3] })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'layers[1].weight' }));
    expect(() => toOnnxSequential([dense(4, 2)], { inputShape: [1, 3] })).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH', field: 'layers[0].inputs' }));
    expect(() => toOnnxSequential([relu, 'dense' as never], { inputShape: [1, 3] })).toThrow(expect.objectContaining({ field: 'layers[1]', value: 'dense' }));
    expect(() => toOnnxSequential([relu], { inputShape: [1, 3], dtype: 'float16' as never })).toThrow(expect.objectContaining({ field: 'options.dtype' }));
    expect(() => toOnnxSequential([dense(3, 2)], { inputShape: [-1, 3] })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'inputShape[0]', value: -1 }));
    expect(() => toOnnxSequential([dense(3, 2)], { inputShape: [1, 3], nativ: true } as never)).toThrow(expect.objectContaining({ field: 'options.nativ' }));
    expect(() => toOnnxSequential([dense(3, 2)], { inputShape: [1, 3], native: 'yes' as never })).toThrow(expect.objectContaining({ field: 'options.native', value: 'yes' }));
  });

  it('should name the layer whose activation cannot be exported, and take a registry for activations of unknown origin', async () => {
    const unknown = Object.create(registry.create('relu')) as Activation;
    const layers = [dense(3, 4), unknown, dense(4, 2)];
    expect(() => toOnnxSequential(layers, { inputShape: [1, 3] })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'layers[1]', message: expect.stringMatching(/^layers\[1\] \(relu\): .*options\.plugin/) }));
    expect(() => toOnnxSequential([dense(3, 4), registry.create('maxout', { pieces: 3 })], { inputShape: [1, 3] })).toThrow(expect.objectContaining({ field: 'layers[1]' }));
    const x = Float32Array.from([1, -2, 0.5]);
    const withRegistry = await run(toOnnxSequential(layers, { inputShape: [1, 3], plugin: registry }), x, 1, 'float32');
    const known = await run(toOnnxSequential([layers[0]!, registry.create('relu'), layers[2]!], { inputShape: [1, 3] }), x, 1, 'float32');
    expect(Array.from(withRegistry)).toEqual(Array.from(known));
  });
});
