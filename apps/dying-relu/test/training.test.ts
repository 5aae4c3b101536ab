import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '@rectify/core';
import { CLASSES, IMAGE_SIZE, loadDigits, splitDigits, type Split } from '../src/data.js';
import { softmaxCrossEntropy } from '../src/loss.js';
import { Mlp } from '../src/mlp.js';
import { activationSpec, createStudyRegistry } from '../src/registry.js';
import { sgdStep } from '../src/sgd.js';
import { trainRun } from '../src/train.js';

const registry = createStudyRegistry();
const ACTIVATIONS = ['relu', 'leaky_relu', 'prelu', 'rrelu', 'maxout'];
let split: Split;

beforeAll(() => {
  split = splitDigits(loadDigits(), { train: 400, test: 200, seed: 1 });
});

function smallModel(name: string, batch: number): Mlp {
  const model = new Mlp(registry, { inputs: IMAGE_SIZE, hidden: [32, 32], classes: CLASSES, activation: activationSpec(name), maxBatch: batch });
  model.init(createRng(3));
  return model;
}

describe.each(ACTIVATIONS)('SGD on an MLP with %s', (name) => {
  it('should drive the loss on one batch of 32 digits below a third of its start in 40 steps', () => {
    const batch = 32;
    const model = smallModel(name, batch);
    const x = split.train.images.subarray(0, batch * IMAGE_SIZE);
    const labels = split.train.labels.subarray(0, batch);
    const dLogits = new Float32Array(batch * CLASSES);
    const trainables = model.trainables();
    const rng = createRng(5);
    const losses: number[] = [];
    for (let step = 0; step < 40; step++) {
      model.zeroGrad();
      losses.push(softmaxCrossEntropy(model.forward(x, batch, { training: true, rng }), labels, batch, CLASSES, dLogits));
      model.backward(x, dLogits, batch);
      sgdStep(trainables, 0.1);
    }
    const final = softmaxCrossEntropy(model.forward(x, batch), labels, batch, CLASSES);
    expect(final).toBeLessThan((losses[0] as number) / 3);
  });
});

describe('sgdStep', () => {
  it("should move PReLU's slopes against their gradient, as it moves the dense weights", () => {
    const model = smallModel('prelu', 8);
    const x = split.train.images.subarray(0, 8 * IMAGE_SIZE);
    const dLogits = new Float32Array(8 * CLASSES);
    model.zeroGrad();
    softmaxCrossEntropy(model.forward(x, 8), split.train.labels.subarray(0, 8), 8, CLASSES, dLogits);
    model.backward(x, dLogits, 8);
    const slope = model.activations[0]?.parameters[0];
    if (slope === undefined) throw new Error('PReLU has no weight');
    const before = Array.from(slope.data);
    const gradient = Array.from(slope.grad.data);
    expect(gradient.some((g) => g !== 0)).toBe(true);
    sgdStep(model.trainables(), 0.5);
    slope.data.forEach((value, i) => expect(value).toBeCloseTo((before[i] as number) - 0.5 * (gradient[i] as number), 14));
  });
});

describe('trainRun', () => {
  const settings = { learningRate: 0.05, epochs: 2, batchSize: 25, hidden: [16, 16], seed: 4 } as const;

  it('should record epoch 0 and every epoch, with shares per hidden layer', () => {
    const result = trainRun(registry, split, { ...settings, activation: activationSpec('relu') });
    expect(result.history.map((entry) => entry.epoch)).toEqual([0, 1, 2]);
    expect(result.history[0]?.trainLoss).toBeNull();
    for (const entry of result.history) {
      expect(entry.neverActive).toHaveLength(2);
      expect(entry.zeroGradient).toHaveLength(2);
    }
    expect(result.history[2]?.testAccuracy).toBeGreaterThan(result.history[0]?.testAccuracy as number);
  });

  it.each(ACTIVATIONS)('should give the same history twice from the same seed with %s', (name) => {
    const a = trainRun(registry, split, { ...settings, activation: activationSpec(name) });
    const b = trainRun(registry, split, { ...settings, activation: activationSpec(name) });
    expect(b).toEqual(a);
    const c = trainRun(registry, split, { ...settings, seed: 5, activation: activationSpec(name) });
    expect(c.history).not.toEqual(a.history);
  });

  it("should draw RReLU's training slopes from the seed: its losses differ from eval-mode Leaky ReLU at the mean slope", () => {
    const rrelu = trainRun(registry, split, { ...settings, activation: activationSpec('rrelu') });
    const leaky = trainRun(registry, split, { ...settings, activation: { name: 'leaky_relu', config: { negativeSlope: (1 / 8 + 1 / 3) / 2 } } });
    expect(rrelu.history[0]).toEqual(leaky.history[0]);
    expect(rrelu.history[1]?.trainLoss).not.toBe(leaky.history[1]?.trainLoss);
  });

  it('should stop a run whose loss stops being finite and say so', () => {
    const result = trainRun(registry, split, { ...settings, learningRate: 1e6, activation: activationSpec('leaky_relu') });
    expect(result.diverged).toBe(true);
    expect(result.history).toHaveLength(2);
    expect(result.history[1]?.trainLoss).toBeNull();
  });
});
