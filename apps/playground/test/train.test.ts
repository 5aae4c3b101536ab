import { describe, expect, it } from 'vitest';
import { makeDigitsAsset } from '../build/digits-asset.js';
import { DIGIT_PIXELS } from '../src/digits/format.js';
import { DATASET_DEFAULTS, type TrainSettings } from '../src/state.js';
import { digitExamples, makePoints } from '../src/train/datasets.js';
import { softmaxCrossEntropy } from '../src/train/loss.js';
import { UnitState, type StepReport } from '../src/train/network.js';
import { DYING_RELU_PAIR, DYING_RELU_SETTINGS } from '../src/train/presets.js';
import { isTrainMessage } from '../src/train/protocol.js';
import { countUnits, runTraining } from '../src/train/run.js';
import { describeTask, makeTask } from '../src/train/task.js';
import { registry } from '../src/registry.js';

const digits = makeDigitsAsset();

describe('the toy data', () => {
  it('should give the same points for the same seed and others for another', () => {
    for (const data of ['spirals', 'circles', 'xor'] as const) {
      const a = makePoints(data, 200, 3);
      expect(makePoints(data, 200, 3)).toEqual(a);
      expect(makePoints(data, 200, 4).inputs).not.toEqual(a.inputs);
      expect(Array.from(a.labels).filter((label) => label === 1)).toHaveLength(100);
      expect(a.inputs.every(Number.isFinite)).toBe(true);
    }
  });
});

describe('runTraining', () => {
  it('should learn circles with a small rate: the loss falls and accuracy rises', () => {
    const losses: number[] = [];
    const summary = runTraining(registry, { fn: 'tanh', config: {}, settings: { data: 'circles', rate: 0.5, steps: 200, seed: 2 } }, (_step, report) => losses.push(report.loss));
    expect(losses).toHaveLength(200);
    expect(summary.loss).toBeLessThan((losses[0] as number) / 2);
    expect(summary.accuracy).toBeGreaterThan(0.9);
    expect(summary.diverged).toBe(false);
  });

  it('should end the dying-ReLU preset with more dead units for ReLU than for Leaky ReLU', () => {
    const [relu, leaky] = DYING_RELU_PAIR.map((fn) => runTraining(registry, { fn, config: {}, settings: DYING_RELU_SETTINGS }));
    expect(relu?.diverged).toBe(false);
    expect(leaky?.diverged).toBe(false);
    expect(relu?.dead).toBeGreaterThan(leaky?.dead as number);
  });

  it('should count a diverged run apart from dead units', () => {
    const summary = runTraining(registry, { fn: 'leaky_relu', config: {}, settings: { data: 'spirals', rate: 50, steps: 200, seed: 1 } });
    expect(summary.diverged).toBe(true);
    expect(summary.notANumber).toBeGreaterThan(0);
    expect(summary.steps).toBeLessThan(200);
  });

  it('should refuse an activation that is not elementwise, and a bad config, by name', () => {
    const settings = { data: 'xor', rate: 0.1, steps: 1, seed: 1 } as const;
    expect(() => runTraining(registry, { fn: 'softmax', config: {}, settings })).toThrow(/softmax is not elementwise/);
    expect(() => runTraining(registry, { fn: 'leaky_relu', config: { negativeSlope: 'a' }, settings })).toThrow(/negativeSlope/);
    expect(() => runTraining(registry, { fn: 'nope', config: {}, settings })).toThrow(/unknown activation/);
  });

  it('should count units by state', () => {
    expect(countUnits(Uint8Array.of(UnitState.Dead, UnitState.Alive, UnitState.Dead, UnitState.NotANumber), UnitState.Dead)).toBe(2);
  });
});

describe('training on digits', () => {
  const settings = (patch: Partial<TrainSettings> = {}): TrainSettings => ({ data: 'digits', ...DATASET_DEFAULTS.digits, seed: 1, ...patch });

  it('should learn the digits with ReLU in the default steps: the loss falls and accuracy is far above chance on both sets', () => {
    const losses: number[] = [];
    const summary = runTraining(registry, { fn: 'relu', config: {}, settings: settings(), digits }, (_step, report) => losses.push(report.loss));
    expect(losses).toHaveLength(DATASET_DEFAULTS.digits.steps);
    expect(losses[0]).toBeGreaterThan(2);
    expect(summary.loss).toBeLessThan((losses[0] as number) / 4);
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean(losses.slice(-10))).toBeLessThan(mean(losses.slice(0, 10)) / 4);
    expect(summary.accuracy).toBeGreaterThan(0.8);
    expect(summary.testAccuracy).toBeGreaterThan(0.75);
    expect(summary.diverged).toBe(false);
    expect(summary.units).toBe(64);
  });

  it('should repeat a run exactly from its seed, and start from other weights for another seed', () => {
    const reports = (seed: number): StepReport[] => {
      const steps: StepReport[] = [];
      runTraining(registry, { fn: 'rrelu', config: {}, settings: settings({ steps: 5, seed }), digits }, (_step, report) => steps.push(report));
      return steps;
    };
    const first = reports(3);
    expect(reports(3)).toEqual(first);
    expect(reports(4).map((report) => report.loss)).not.toEqual(first.map((report) => report.loss));
  });

  it('should report a unit map of both hidden layers and refuse digits without the asset', () => {
    let units: Uint8Array | undefined;
    runTraining(registry, { fn: 'relu', config: {}, settings: settings({ steps: 1 }), digits }, (_step, report) => (units = report.units));
    expect(units).toHaveLength(64);
    expect(() => runTraining(registry, { fn: 'relu', config: {}, settings: settings({ steps: 1 }) })).toThrow(/needs the digits asset/);
  });

  it('should read the digits as 196 inputs in [0, 1] with ten classes, and keep the test set apart', () => {
    const task = makeTask(settings(), digits);
    expect(task.train).toMatchObject({ count: 1000, features: DIGIT_PIXELS, classes: 10 });
    expect(task.test).toMatchObject({ count: 300, features: DIGIT_PIXELS, classes: 10 });
    expect(task.hidden).toBe(32);
    expect(task.train.inputs.every((value) => value >= 0 && value <= 1)).toBe(true);
    expect(task.train.inputs[123]).toBe((digits.train.pixels[123] as number) / 255);
    expect(digitExamples(digits.test).labels).toEqual(digits.test.labels);
  });

  it('should describe each task as the page shows it', () => {
    expect(describeTask('circles')).toEqual({ shape: '2 → 16 → 16 → 2', examples: '200 points' });
    expect(describeTask('digits')).toEqual({ shape: '196 → 32 → 32 → 10', examples: '1,000 MNIST digits of 14 × 14 pixels (tested on 300 others)' });
  });
});

describe('softmaxCrossEntropy', () => {
  it('should give ln(classes) for equal logits, count the largest logit right, and a gradient that sums to zero per example', () => {
    const logits = Float64Array.of(0, 0, 0, 0, 1000, 2, 3, 1, -5, 0, 0, 0);
    const { loss, correct, gradient } = softmaxCrossEntropy(logits, Uint8Array.of(1, 0, 2), 3, 4);
    expect(loss).toBeCloseTo((Math.log(4) + 0 + Math.log(Math.exp(-5) + 3)) / 3, 12);
    expect(correct).toBe(1);
    for (let n = 0; n < 3; n++) expect(Array.from(gradient.subarray(4 * n, 4 * n + 4)).reduce((a, b) => a + b)).toBeCloseTo(0, 15);
    expect(gradient[1]).toBeCloseTo((0.25 - 1) / 3, 15);
    expect(Number.isFinite(gradient[5] as number)).toBe(true);
  });
});

describe('isTrainMessage', () => {
  it('should accept a well-formed request and refuse others', () => {
    const settings = { data: 'xor', rate: 0.1, steps: 10, seed: 1 };
    expect(isTrainMessage({ type: 'train', runs: [{ fn: 'relu', config: {} }], settings })).toBe(true);
    expect(isTrainMessage({ type: 'train', runs: [], settings })).toBe(false);
    expect(isTrainMessage({ type: 'train', runs: [{ fn: 1, config: {} }], settings })).toBe(false);
    expect(isTrainMessage({ type: 'train', runs: [{ fn: 'relu', config: {} }], settings: { ...settings, rate: '1' } })).toBe(false);
    expect(isTrainMessage({ type: 'train', runs: [{ fn: 'relu', config: {} }], settings: { ...settings, data: 'digits' }, digits: new Uint8Array(4) })).toBe(true);
    expect(isTrainMessage({ type: 'train', runs: [{ fn: 'relu', config: {} }], settings, digits: [1, 2] })).toBe(false);
    expect(isTrainMessage(null)).toBe(false);
  });
});
