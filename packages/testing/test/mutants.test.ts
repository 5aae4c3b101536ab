import { describe, expect, it } from 'vitest';
import {
  ActivationBase,
  defaultsOf,
  definePlugin,
  parseConfig,
  type ComputeContext,
  type ConfigSpec,
  type GradientWriter,
} from '@rectify/core';
import { runConformance, formatReport, type ConformanceReport } from '../src/index.js';

type Kernel = (x: number) => number;
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type NoConfig = {};
const fields: ConfigSpec<NoConfig> = {};

interface Spec {
  readonly name: string;
  readonly f: Kernel;
  readonly df: Kernel;
  readonly mutateInput?: boolean;
  readonly useMathRandom?: boolean;
}

/** A parameter-free elementwise activation built from scalar functions, possibly broken on purpose. */
function elementwise(spec: Spec) {
  class Scalar extends ActivationBase<NoConfig> {
    constructor() {
      super(spec.name, parseConfig(spec.name, fields, {}));
    }
    gain() {
      return 1;
    }
    protected compute({ x, y }: ComputeContext): GradientWriter {
      const noise = spec.useMathRandom ? Math.random() * 1e-3 : 0;
      for (let i = 0; i < x.data.length; i++) y[i] = spec.f(x.data[i] as number) + noise;
      if (spec.mutateInput && x.data.length > 0) x.data[0] = 42;
      return (dy, dx) => {
        for (let i = 0; i < dy.length; i++) dx[i] = (dy[i] as number) * spec.df(x.data[i] as number);
      };
    }
  }
  return definePlugin({
    name: spec.name,
    aliases: [],
    summary: spec.name,
    fields,
    defaults: defaultsOf(fields),
    traits: { elementwise: true, stochastic: false, propagatesNaN: true, lipschitz: () => 1, kinks: () => [0] },
    validate: (config: unknown) => parseConfig(spec.name, fields, config),
    create: () => new Scalar(),
  });
}

const good: Spec = { name: 'good', f: (v) => (v > 0 ? v : 0.5 * v), df: (v) => (v > 0 ? 1 : 0.5) };

function failed(report: ConformanceReport): string[] {
  return [...new Set(report.results.filter((r) => !r.passed).map((r) => r.property))];
}

describe('conformance kit', () => {
  it('should pass a correct activation', () => {
    const report = runConformance(elementwise(good), { numRuns: 50, seed: 1 });
    expect(report.passed, formatReport(report)).toBe(true);
  });

  it('should fail an activation with a wrong gradient', () => {
    const report = runConformance(elementwise({ ...good, name: 'wrong_gradient', df: (v) => (v > 0 ? 1 : 0) }), { numRuns: 50, seed: 1 });
    expect(failed(report)).toContain('gradient matches finite differences');
  });

  it('should fail an activation whose gradient is off by a factor', () => {
    const report = runConformance(elementwise({ ...good, name: 'scaled_gradient', df: (v) => (v > 0 ? 1.001 : 0.5) }), { numRuns: 50, seed: 1 });
    expect(failed(report)).toContain('gradient matches finite differences');
  });

  it('should fail an activation that mutates its input', () => {
    const report = runConformance(elementwise({ ...good, name: 'mutating', mutateInput: true }), { numRuns: 50, seed: 1 });
    expect(failed(report)).toContain('inputs are not mutated');
  });

  it('should fail a discontinuous activation', () => {
    const report = runConformance(elementwise({ ...good, name: 'jump', f: (v) => (v > 0 ? v + 0.25 : 0.5 * v) }), { numRuns: 100, seed: 1 });
    expect(failed(report)).toContain('Lipschitz continuity');
  });

  it('should fail an activation that is steeper than its declared bound', () => {
    const report = runConformance(elementwise({ ...good, name: 'steep', f: (v) => (v > 0 ? 2 * v : 0.5 * v), df: (v) => (v > 0 ? 2 : 0.5) }), { numRuns: 50, seed: 1 });
    expect(failed(report)).toEqual(['Lipschitz continuity']);
  });

  it('should fail an activation that swallows NaN', () => {
    const report = runConformance(elementwise({ ...good, name: 'nan_eater', f: (v) => (v > 0 ? v : 0.5 * v) || 0 }), { numRuns: 50, seed: 1 });
    expect(failed(report)).toContain('NaN propagates');
  });

  it('should fail an activation that uses Math.random', () => {
    const report = runConformance(elementwise({ ...good, name: 'unseeded', useMathRandom: true }), { numRuns: 20, seed: 1 });
    expect(failed(report)).toContain('same seed, same output');
  });

  it('should report the shrunk counterexample and the seed', () => {
    const report = runConformance(elementwise({ ...good, name: 'wrong_gradient', df: () => 1 }), { numRuns: 50, seed: 1 });
    const text = formatReport(report);
    expect(text).toMatch(/FAIL {2}gradient matches finite differences \(float64/);
    expect(text).toMatch(/Counterexample: /);
    expect(text).toMatch(/seed: 1/);
    expect(text).toMatch(/Got error: dx\[\d+\] = .* but finite differences give/);
  });
});
