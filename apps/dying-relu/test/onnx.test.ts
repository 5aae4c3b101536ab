import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { CLASSES, IMAGE_SIZE, loadDigits, splitDigits, type Split } from '../src/data.js';
import { countCorrect, predictedClasses } from '../src/loss.js';
import type { Mlp } from '../src/mlp.js';
import { mlpToOnnx } from '../src/onnx.js';
import { activationSpec, createStudyRegistry } from '../src/registry.js';
import { trainRun } from '../src/train.js';
import { main } from '../src/cli.js';

const registry = createStudyRegistry();
let split: Split;

beforeAll(() => {
  split = splitDigits(loadDigits(), { train: 600, test: 300, seed: 2 });
});

describe('the trained MLP exported to ONNX', () => {
  it.each(['relu', 'prelu', 'rrelu', 'maxout', 'gelu'])('should give the test accuracy and predictions of Rectify in ONNX Runtime: %s', async (name) => {
    let trained: Mlp | undefined;
    const result = trainRun(registry, split, { activation: activationSpec(name), learningRate: 0.1, epochs: 1, batchSize: 32, hidden: [24, 16], seed: 4 }, { trained: (model) => (trained = model) });
    const model = trained!;
    const { test } = split;
    const mine = model.forward(test.images, test.count).slice();
    const session = await ort.InferenceSession.create(mlpToOnnx(model));
    try {
      const theirs = (await session.run({ x: new ort.Tensor('float32', test.images, [test.count, IMAGE_SIZE]) }))['y']!.data as Float32Array;
      const accuracy = countCorrect(theirs, test.labels, test.count, CLASSES) / test.count;
      expect(accuracy).toBe(result.history.at(-1)!.testAccuracy);
      expect(accuracy).toBeGreaterThan(0.3); // well above chance (0.1): a trained model, not a constant one
      expect(predictedClasses(theirs, test.count, CLASSES)).toEqual(predictedClasses(mine, test.count, CLASSES));
      // The dense layers sum in another order; the logits agree to float32 rounding of those sums.
      const worst = Math.max(...Array.from(mine, (v, i) => Math.abs(v - (theirs[i] as number)) / Math.max(1, Math.abs(v))));
      expect(worst).toBeLessThan(1e-4);
    } finally {
      await session.release();
    }
  });

  it('should write one model per run with --onnx', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dying-relu-onnx-'));
    try {
      const quiet = { out: () => undefined, err: { write: () => true, isTTY: false } } as never;
      const code = main(['--quick', '--epochs', '1', '--train', '300', '--test', '100', '--activations', 'relu,maxout', '--lr', '0.1', '--out', join(dir, 'out'), '--onnx', join(dir, 'models')], quiet);
      expect(code).toBe(0);
      expect(readdirSync(join(dir, 'models')).sort()).toEqual(['maxout-lr0.1.onnx', 'relu-lr0.1.onnx']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
