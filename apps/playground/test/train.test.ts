import { describe, expect, it } from 'vitest';
import { makePoints } from '../src/train/datasets.js';
import { UnitState } from '../src/train/network.js';
import { DYING_RELU_PAIR, DYING_RELU_SETTINGS } from '../src/train/presets.js';
import { isTrainMessage } from '../src/train/protocol.js';
import { countUnits, runTraining } from '../src/train/run.js';
import { registry } from '../src/registry.js';

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

describe('isTrainMessage', () => {
  it('should accept a well-formed request and refuse others', () => {
    const settings = { data: 'xor', rate: 0.1, steps: 10, seed: 1 };
    expect(isTrainMessage({ type: 'train', runs: [{ fn: 'relu', config: {} }], settings })).toBe(true);
    expect(isTrainMessage({ type: 'train', runs: [], settings })).toBe(false);
    expect(isTrainMessage({ type: 'train', runs: [{ fn: 1, config: {} }], settings })).toBe(false);
    expect(isTrainMessage({ type: 'train', runs: [{ fn: 'relu', config: {} }], settings: { ...settings, rate: '1' } })).toBe(false);
    expect(isTrainMessage(null)).toBe(false);
  });
});
