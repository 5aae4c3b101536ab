import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CLASSES, IMAGE_SIZE, type Digits } from '../src/data.js';
import { countCorrect, softmaxCrossEntropy } from '../src/loss.js';
import { loadDigits, splitDigits } from '../src/data.js';
import { trainRun } from '../src/train.js';
import { GradientRms, evaluate } from '../src/metrics.js';
import { Mlp } from '../src/mlp.js';
import { activationSpec, createStudyRegistry } from '../src/registry.js';

const registry = createStudyRegistry();

/** Eight digits, blank except pixel 0, which is 1 in digit 3 only. */
function probeDigits(): Digits {
  const images = new Float32Array(8 * IMAGE_SIZE);
  images[3 * IMAGE_SIZE] = 1;
  return { count: 8, images, labels: new Uint8Array(8) };
}

/**
 * A model whose first-layer pre-activations are set by hand: all weights 0
 * except that pre-activation 0 also reads pixel 0, so each pre-activation
 * equals its bias, plus 1 for pre-activation 0 on digit 3.
 */
function probeModel(name: string, biases: readonly number[]): Mlp {
  const spec = activationSpec(name);
  const factor = spec.widthFactor ?? 1;
  const model = new Mlp(registry, { inputs: IMAGE_SIZE, hidden: [biases.length / factor], classes: CLASSES, activation: spec, maxBatch: 4, dtype: 'float64' });
  model.layers[0]?.bias.data.set(biases);
  const weight = model.layers[0]?.weight.data as Float64Array;
  weight[0] = 1;
  return model;
}

describe('evaluate: never active and zero gradient', () => {
  // Pre-activations per digit: [bias0 (+1 on digit 3), -1, 0, -2].
  const biases = [-0.5, -1, 0, -2];

  it('should count a ReLU unit as never active and without gradient only when its input is ≤ 0 on every digit', () => {
    const result = evaluate(probeModel('relu', biases), probeDigits());
    // Unit 0 is positive on digit 3 only, which is enough to be alive; units 1–3 (−1, 0, −2) are not.
    expect(result.neverActive).toEqual([0.75]);
    expect(result.zeroGradient).toEqual([0.75]);
  });

  it.each(['leaky_relu', 'rrelu'])('should count %s units as never active while their gradient stays non-zero', (name) => {
    const result = evaluate(probeModel(name, biases), probeDigits());
    expect(result.neverActive).toEqual([0.75]);
    expect(result.zeroGradient).toEqual([0]);
  });

  it('should find no zero gradient in PReLU until a slope is learnt to be 0', () => {
    const model = probeModel('prelu', biases);
    expect(evaluate(model, probeDigits()).zeroGradient).toEqual([0]);
    const slopes = model.activations[0]?.parameters[0]?.data as Float64Array;
    slopes[1] = 0;
    slopes[3] = 0;
    const result = evaluate(model, probeDigits());
    expect(result.neverActive).toEqual([0.75]);
    expect(result.zeroGradient).toEqual([0.5]);
  });

  it('should count a Maxout unit as never active when both pieces are ≤ 0, and a piece as without gradient when it never wins', () => {
    // Units: (pieces 0, 1) and (pieces 2, 3). Piece 0 wins over −1 on every digit; piece 3 (−2) beats piece 2 (−3).
    const result = evaluate(probeModel('maxout', [0.5, -1, -3, -2]), probeDigits());
    expect(result.neverActive).toEqual([0.5]);
    expect(result.zeroGradient).toEqual([0.5]);
  });

  it('should leave every gradient at zero', () => {
    const model = probeModel('prelu', biases);
    evaluate(model, probeDigits());
    for (const { grad } of model.trainables()) expect(grad.every((g) => g === 0)).toBe(true);
  });

  it('should measure the same for any batch size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), (maxBatch) => {
        const model = new Mlp(registry, { inputs: IMAGE_SIZE, hidden: [4], classes: CLASSES, activation: activationSpec('relu'), maxBatch, dtype: 'float64' });
        model.layers[0]?.bias.data.set(biases);
        (model.layers[0]?.weight.data as Float64Array)[0] = 1;
        const batched = evaluate(model, probeDigits());
        const reference = evaluate(probeModel('relu', biases), probeDigits());
        expect(batched.neverActive).toEqual(reference.neverActive);
        expect(batched.zeroGradient).toEqual(reference.zeroGradient);
        expect(batched.accuracy).toBe(reference.accuracy);
        expect(batched.loss).toBeCloseTo(reference.loss, 12);
      }),
    );
  });
});

describe('GradientRms', () => {
  it('should give the root mean square over every element and every step, per layer, and start afresh after take', () => {
    const first = new Float64Array(4);
    const second = new Float64Array(2);
    const meter = new GradientRms([first, second]);
    first.set([1, -1, 1, -1]);
    second.set([3, 4]);
    meter.add();
    first.set([3, 3, -3, 3]);
    second.set([0, 0]);
    meter.add();
    // Layer 1: (4·1 + 4·9) / 8 = 5; layer 2: (9 + 16) / 4.
    expect(meter.take()).toEqual([Math.sqrt(5), Math.sqrt(25 / 4)]);
    first.fill(2);
    second.fill(-0.5);
    meter.add();
    expect(meter.take()).toEqual([2, 0.5]);
  });

  it('should give null for a layer whose gradient was not finite, and for no steps', () => {
    const gradient = new Float64Array(3);
    const meter = new GradientRms([gradient]);
    expect(meter.take()).toEqual([null]);
    gradient.set([1, Number.NaN, 2]);
    meter.add();
    expect(meter.take()).toEqual([null]);
    gradient.set([Infinity, 0, 0]);
    meter.add();
    expect(meter.take()).toEqual([null]);
  });

  it('should agree with any order of steps, as a mean of squares does', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 6 }), (steps) => {
        const gradient = new Float64Array(3);
        const forward = new GradientRms([gradient]);
        for (const step of steps) {
          gradient.set(step);
          forward.add();
        }
        const backward = new GradientRms([gradient]);
        for (const step of [...steps].reverse()) {
          gradient.set(step);
          backward.add();
        }
        const expected = Math.sqrt(steps.flat().reduce((sum, g) => sum + g * g, 0) / (3 * steps.length));
        const [a] = forward.take();
        const [b] = backward.take();
        expect(a).toBeCloseTo(expected, 9);
        expect(b).toBeCloseTo(expected, 9);
      }),
    );
  });
});

describe('the weight gradient RMS of a training run', () => {
  const split = splitDigits(loadDigits(), { train: 640, test: 100, seed: 1 });
  const run = (name: string) =>
    trainRun(registry, split, { activation: activationSpec(name), learningRate: 0.05, epochs: 2, batchSize: 32, hidden: [32, 32, 32], seed: 1 });

  it('should give one finite, positive value per hidden layer for every epoch after epoch 0', () => {
    const result = run('relu');
    expect(result.history[0]?.weightGradientRms).toBeNull();
    for (const record of result.history.slice(1)) {
      expect(record.weightGradientRms).toHaveLength(3);
      for (const value of record.weightGradientRms ?? []) expect(value).toBeGreaterThan(0);
    }
  });

  it("should show sigmoid's gradient vanishing towards the input: a smaller first-to-last ratio than ReLU's and tanh's", () => {
    const ratio = (name: string): number => {
      const rms = run(name).history[1]?.weightGradientRms as number[];
      return (rms[0] as number) / (rms[2] as number);
    };
    const [sigmoid, tanh, relu] = [ratio('sigmoid'), ratio('tanh'), ratio('relu')];
    // sigmoid′ ≤ ¼ at every layer it passes back through; ReLU′ is 1 on active units and tanh′ is 1 at 0.
    expect(sigmoid).toBeLessThan(relu / 4);
    expect(sigmoid).toBeLessThan(tanh / 4);
  });
});

describe('softmaxCrossEntropy', () => {
  it('should give ln(classes) for equal logits, and a gradient of (p − onehot) / batch', () => {
    const logits = new Float64Array(2 * 4).fill(3);
    const dz = new Float64Array(8);
    const loss = softmaxCrossEntropy(logits, Uint8Array.from([1, 3]), 2, 4, dz);
    expect(loss).toBeCloseTo(Math.log(4), 14);
    expect(Array.from(dz)).toEqual([0.125, -0.375, 0.125, 0.125, 0.125, 0.125, 0.125, -0.375]);
  });

  it('should stay finite for huge logits, and its gradient rows should sum to zero', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { minLength: 5, maxLength: 5 }), fc.integer({ min: 0, max: 4 }), (row, label) => {
        const dz = new Float64Array(5);
        const loss = softmaxCrossEntropy(Float64Array.from(row), Uint8Array.of(label), 1, 5, dz);
        expect(Number.isFinite(loss)).toBe(true);
        expect(loss).toBeGreaterThanOrEqual(0);
        expect(Math.abs(dz.reduce((a, b) => a + b, 0))).toBeLessThan(1e-12);
        expect(dz[label]).toBeLessThanOrEqual(0);
      }),
    );
  });
});

describe('countCorrect', () => {
  it('should take the first largest logit, and count a row with NaN as wrong', () => {
    const logits = Float64Array.from([1, 5, 5, 0, 2, 1, Number.NaN, 9, 0]);
    expect(countCorrect(logits, Uint8Array.from([1, 0, 1]), 3, 3)).toBe(1);
    expect(countCorrect(logits, Uint8Array.from([2, 0, 1]), 3, 3)).toBe(0);
    expect(countCorrect(logits, Uint8Array.from([1, 1, 0]), 3, 3)).toBe(2);
  });
});
