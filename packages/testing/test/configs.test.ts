import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ActivationBase, choiceField, defineElementwise, definePlugin, integerField, numberField, parseConfig, type ComputeContext, type ConfigField, type GradientWriter } from '@rectify/core';
import { configArbitrary, createContext, fieldArbitrary, formatReport, runConformance, type ConformanceReport } from '../src/index.js';
import { leaky, noisy } from './fixtures.js';

function failed(report: ConformanceReport): string[] {
  return [...new Set(report.results.filter((r) => !r.passed).map((r) => r.property))];
}

function messageOf(report: ConformanceReport, property: string): string {
  return report.results.find((r) => r.property === property && !r.passed)?.message ?? '';
}

interface GroupedConfig {
  readonly groups: number;
  readonly label: number;
}

const groupedFields = {
  groups: integerField(1, 'Groups along the last axis, which they must divide.', { min: 1, max: 1 << 20 }),
  // No kind: the kit leaves it at its default.
  label: { default: 7, description: 'A field with a custom check.', check: (v: unknown) => (v === 7 ? { ok: true as const, value: 7 } : { ok: false as const, expected: '7' }) },
};

/** The identity on inputs whose last axis the groups divide: a config tied to the shape, as PReLU's and Maxout's are. */
const grouped = definePlugin({
  name: 'grouped',
  aliases: [],
  summary: 'identity on grouped inputs',
  fields: groupedFields,
  traits: { elementwise: true, stochastic: false, propagatesNaN: true, lipschitz: () => 1, kinks: () => [] },
  create: (config?: Partial<GroupedConfig>) => new Grouped(parseConfig('grouped', groupedFields, config)),
});

class Grouped extends ActivationBase<GroupedConfig> {
  constructor(config: Readonly<GroupedConfig>) {
    super('grouped', config);
  }
  gain() {
    return 1;
  }
  override outputShape(inputShape: readonly number[]): number[] {
    if ((inputShape.at(-1) ?? 1) % this.config.groups !== 0) throw new RangeError('groups must divide the last axis');
    return [...inputShape];
  }
  protected override compute({ x, y }: ComputeContext): GradientWriter {
    y.set(x.data);
    return (dy, dx) => dx.set(dy);
  }
}

describe('generated configs', () => {
  it('should draw each numeric field within its kind and bounds, often its default', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.option(fc.integer({ min: -100, max: 100 })), fc.nat(50), (integer, min, width) => {
        const bounds = min === null ? {} : { min, max: min + width };
        const low = min ?? -1e9;
        const field = (integer ? integerField : numberField)(min ?? 3, 'a field', bounds);
        const values = fc.sample(fieldArbitrary(field)!, { numRuns: 50, seed: 1 }) as number[];
        for (const v of values) {
          expect(Number.isFinite(v)).toBe(true);
          expect(v).toBeGreaterThanOrEqual(low);
          if (min !== null) expect(v).toBeLessThanOrEqual(min + width);
          if (integer) expect(Number.isInteger(v)).toBe(true);
        }
        expect(values).toContain(field.default);
      }),
      { numRuns: 60, seed: 1 },
    );
  });

  it('should draw a choice field among its choices, the default most often', () => {
    const field = choiceField('none', ['none', 'tanh', 'erf'], 'an approximation');
    const values = fc.sample(fieldArbitrary(field as ConfigField<unknown>)!, { numRuns: 600, seed: 8 });
    expect(new Set(values)).toEqual(new Set(['none', 'tanh', 'erf']));
    const count = (v: string) => values.filter((w) => w === v).length;
    expect(count('none')).toBeGreaterThan(count('tanh'));
    expect(count('none')).toBeGreaterThan(count('erf'));
    expect(fc.sample(fieldArbitrary(choiceField('only', ['only'], 'one choice') as ConfigField<unknown>)!, { numRuns: 20, seed: 8 })).toEqual(new Array(20).fill('only'));
  });

  it('should find a bug that only one choice shows, and name that choice', () => {
    const approximate = (bug: boolean) =>
      defineElementwise({
        name: bug ? 'scaled_bug' : 'scaled',
        summary: 'x times 1, 2 or 3, by name',
        fields: { factor: choiceField('one', ['one', 'two', 'three'], 'The factor.') },
        f: (x, { factor }) => x * (factor === 'one' ? 1 : factor === 'two' ? 2 : 3),
        df: (_x, _y, { factor }) => (factor === 'one' ? 1 : factor === 'two' ? 2 : bug ? 2 : 3),
        traits: { lipschitz: () => 3 },
        gain: 1,
      });
    expect(runConformance(approximate(false), { numRuns: 30, seed: 9 }).passed).toBe(true);
    const report = runConformance(approximate(true), { numRuns: 60, seed: 9 });
    expect(failed(report)).toContain('gradient matches finite differences');
    expect(messageOf(report, 'gradient matches finite differences')).toMatch(/"config":\{"factor":"three"\}/);
  });

  it('should keep integers small, even with bounds as wide as a seed', () => {
    const values = fc.sample(fieldArbitrary(integerField(0, 'seed', { min: -(2 ** 31), max: 2 ** 31 - 1 }))!, { numRuns: 500, seed: 2 }) as number[];
    expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(64);
  });

  it('should leave fields without kind at their default, and pinned fields fixed', () => {
    expect(fieldArbitrary(groupedFields.label as ConfigField<unknown>)).toBeUndefined();
    for (const config of fc.sample(configArbitrary(grouped, { groups: 2 }), { numRuns: 50, seed: 3 })) expect(config).toEqual({ groups: 2 });
    for (const c of fc.sample(createContext(grouped).cases('float64'), { numRuns: 50, seed: 3 })) expect(c.config.label).toBe(7);
  });

  it('should keep only configs the plugin accepts and shapes their instance takes', () => {
    const noisyCases = fc.sample(createContext(noisy('nz')).cases('float64'), { numRuns: 200, seed: 4 });
    for (const c of noisyCases) expect(c.config.lower as number).toBeLessThanOrEqual(c.config.upper as number);
    expect(noisyCases.filter((c) => c.config.lower !== 0.5).length).toBeGreaterThan(50);
    const groupedCases = fc.sample(createContext(grouped).cases('float64'), { numRuns: 200, seed: 4 });
    for (const c of groupedCases) expect((c.x.shape.at(-1) ?? 1) % (c.config.groups as number)).toBe(0);
    expect(groupedCases.filter((c) => (c.config.groups as number) > 1).length).toBeGreaterThan(30);
  });

  it('should draw the mode of stochastic plugins and keep eval for the others', () => {
    const modes = fc.sample(createContext(noisy('nz')).cases('float32'), { numRuns: 100, seed: 5 }).map((c) => c.training);
    expect(modes).toContain(true);
    expect(modes).toContain(false);
    expect(fc.sample(createContext(leaky('lk')).cases('float32'), { numRuns: 50, seed: 5 }).every((c) => !c.training)).toBe(true);
  });

  it('should pass correct plugins whose configs are generated', () => {
    for (const plugin of [leaky('lk'), noisy('nz'), grouped]) {
      const report = runConformance(plugin, { numRuns: 40, seed: 6 });
      expect(report.passed, formatReport(report)).toBe(true);
    }
  });

  it('should find a bug that only a slope above 1 shows, and name that config', () => {
    const buggy = leaky('lk_steep_bug', { ignoreSlopeAbove1: true });
    const report = runConformance(buggy, { numRuns: 100, seed: 7 });
    expect(failed(report)).toContain('gradient matches finite differences');
    const slope = /"config":\{"slope":([^}]+)\}/.exec(messageOf(report, 'gradient matches finite differences'))?.[1];
    expect(Number(slope)).toBeGreaterThan(1);
    // The defaults alone never show it.
    expect(runConformance(buggy, { numRuns: 100, seed: 7, generateConfig: false }).passed).toBe(true);
    // A pinned field stays pinned.
    expect(runConformance(buggy, { numRuns: 100, seed: 7, config: { slope: 0.2 } }).passed).toBe(true);
  });

  it('should find a bug of training mode alone, and name the mode', () => {
    const report = runConformance(noisy('nz_bad_training', { evalSlopeInTrainingBackward: true }), { numRuns: 100, seed: 8 });
    expect(failed(report)).toContain('gradient matches finite differences');
    expect(messageOf(report, 'gradient matches finite differences')).toMatch(/"training":true/);
  });

  it('should stop with a clear error, not loop, when no shape fits', () => {
    expect(() => runConformance(leaky('lk'), { numRuns: 5, shapes: fc.constant([-1]) })).toThrow(/in a row were refused/);
  });

  it('should refuse pinned fields the plugin refuses', () => {
    expect(() => createContext(noisy('nz'), { config: { lower: 2, upper: 1 } })).toThrow(/lower must be ≤ upper/);
  });
});
