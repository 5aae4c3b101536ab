import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { runChecks } from '../src/check.js';
import { FLOAT, onnxModel } from '../src/onnx.js';

describe('the ONNX writer', () => {
  it('should write a model that ONNX Runtime loads and runs', async () => {
    const model = onnxModel({
      nodes: [{ op: 'LeakyRelu', inputs: ['x'], outputs: ['y'], attributes: { alpha: { f: 0.5 } } }],
      inputs: [{ name: 'x', type: FLOAT, shape: ['n'] }],
      outputs: [{ name: 'y', type: FLOAT, shape: ['n'] }],
    });
    const session = await ort.InferenceSession.create(model);
    const { y } = await session.run({ x: new ort.Tensor('float32', Float32Array.of(2, -2, 0), [3]) });
    expect(Array.from(y?.data as Float32Array)).toEqual([2, -1, 0]);
    await session.release();
  });
});

describe('agreement', () => {
  it('should find every Rectify kernel path bit-identical to the scalar path, and Rectify agreeing with the peers', async () => {
    const report = await runChecks(['relu', 'maxout']);
    expect(report.failures).toEqual([]);
    expect(report.checks.filter((c) => c.against.startsWith('rectify')).every((c) => c.differing === 0)).toBe(true);
  });
});
