import { describe, expect, it } from 'vitest';
import {
  ActivationBase,
  createParameter,
  defaultsOf,
  definePlugin,
  parseConfig,
  tensor,
  type ComputeContext,
  type ConfigSpec,
  type FloatArray,
  type ForwardOptions,
  type Tensor,
  type GradientWriter,
} from '@rectify/core';
import { conformanceProperties, createContext, runConformance, formatReport, type ConformanceReport } from '../src/index.js';

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
  /** Runs forwardInto's backward on the input of the last call of either kind, not the last forwardInto. */
  readonly leakIntoState?: boolean;
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
    /** The input of the last call, forward or forwardInto: wrong state for backwardInto. */
    last: Tensor | undefined;
    protected override computeInto(context: ComputeContext): void {
      this.compute(context);
    }
    protected override gradientInto(x: Tensor, dy: FloatArray, dx: FloatArray): void {
      const input = spec.leakIntoState ? (this.last as Tensor) : x;
      for (let i = 0; i < dy.length; i++) dx[i] = (dy[i] as number) * spec.df(input.data[i] as number);
    }
    protected override compute({ x, y }: ComputeContext): GradientWriter {
      this.last = x;
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

  it('should fail an activation whose backwardInto reads state a later forward overwrote', () => {
    const report = runConformance(elementwise({ ...good, name: 'leaky_state', leakIntoState: true }), { numRuns: 50, seed: 1 });
    expect(failed(report)).toEqual(['forwardInto and backwardInto match forward']);
  });

  it('should accept an infinite Lipschitz bound, the honest one of a discontinuous activation', () => {
    const jump = elementwise({ ...good, name: 'jump_declared', f: (v) => (v > 0 ? v + 0.25 : 0.5 * v) });
    const report = runConformance({ ...jump, traits: { ...jump.traits, lipschitz: () => Infinity } }, { numRuns: 50, seed: 1 });
    expect(failed(report)).not.toContain('Lipschitz continuity');
  });

  it('should allow each output its own rounding among the subnormals when checking continuity', () => {
    // f(x) = 1.5x at x = −10 and −21 times the smallest subnormal: −15 exactly, and −31.5 rounded to −32,
    // so |f(x) − f(x′)| = 17 of them against L·|x − x′| = 16.5 of them: only rounding exceeds the bound.
    const steep = elementwise({ name: 'steep', f: (v) => (v > 0 ? v : 1.5 * v), df: (v) => (v > 0 ? 1 : 1.5) });
    const property = conformanceProperties.find((p) => p.name === 'Lipschitz continuity')!;
    const context = createContext({ ...steep, traits: { ...steep.traits, lipschitz: () => 1.5 } });
    const x = -10 * Number.MIN_VALUE;
    const example = [{ config: {}, training: false, parameters: [], x: tensor([x, 0, 0]), dy: tensor([0, 0, 0]) }, new Array<number>(256).fill(0).fill(-11 * Number.MIN_VALUE, 0, 1)];
    expect(property.build(context, 'float64').run(example as never)).toBeNull();
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

interface ScaleSpec {
  readonly name: string;
  /** Multiplies the true parameter gradient. */
  readonly gradFactor?: number;
  /** Leaves the parameter out of toJSON. */
  readonly dropFromJSON?: boolean;
  /** Drops the caller's out buffer and allocates its own. */
  readonly ignoreOut?: boolean;
}

/** y = a·x with one learnable scalar a, possibly broken on purpose. */
function scaled(spec: ScaleSpec) {
  class Scale extends ActivationBase<NoConfig> {
    constructor() {
      super(spec.name, parseConfig(spec.name, fields, {}), [createParameter('a', [1], 0.75)]);
    }
    gain() {
      return 1;
    }
    override forward(x: Tensor, options?: ForwardOptions) {
      if (!spec.ignoreOut || options === undefined) return super.forward(x, options);
      const { out: _ignored, ...rest } = options;
      return super.forward(x, rest);
    }
    override toJSON() {
      const json = super.toJSON();
      return spec.dropFromJSON ? { ...json, parameters: { a: { shape: [1], data: [0.75] } } } : json;
    }
    protected override compute({ x, y }: ComputeContext): GradientWriter {
      const a = this.parameters[0]!;
      for (let i = 0; i < y.length; i++) y[i] = (x.data[i] as number) * a.data[0]!;
      return (dy, dx) => {
        let sum = 0;
        for (let i = 0; i < dy.length; i++) {
          dx[i] = (dy[i] as number) * a.data[0]!;
          sum += (dy[i] as number) * (x.data[i] as number);
        }
        a.grad.data[0] = a.grad.data[0]! + sum * (spec.gradFactor ?? 1);
      };
    }
  }
  return definePlugin({
    name: spec.name,
    aliases: [],
    summary: spec.name,
    fields,
    defaults: defaultsOf(fields),
    traits: { elementwise: true, stochastic: false, propagatesNaN: true, lipschitz: (act) => Math.abs(act.parameters[0]!.data[0]!), kinks: () => [] },
    validate: (config: unknown) => parseConfig(spec.name, fields, config),
    create: () => new Scale(),
  });
}

describe('conformance kit on learnable parameters', () => {
  it('should pass a correct parameterised activation', () => {
    const report = runConformance(scaled({ name: 'scale' }), { numRuns: 40, seed: 2 });
    expect(report.passed, formatReport(report)).toBe(true);
  });

  it('should fail a wrong parameter gradient', () => {
    const report = runConformance(scaled({ name: 'scale_bad_grad', gradFactor: 0.5 }), { numRuns: 40, seed: 2 });
    expect(failed(report)).toContain('parameter gradients match finite differences');
  });

  it('should fail a toJSON that loses the learned parameters', () => {
    const report = runConformance(scaled({ name: 'scale_forgetful', dropFromJSON: true }), { numRuns: 40, seed: 2 });
    expect(failed(report)).toEqual(['JSON round trip']);
  });

  it('should fail an activation that does not honour out buffers', () => {
    const report = runConformance(scaled({ name: 'scale_no_out', ignoreOut: true }), { numRuns: 40, seed: 2 });
    expect(failed(report)).toContain('out buffers are honoured');
  });

  it('should leave stack traces out of the report', () => {
    const report = runConformance(scaled({ name: 'scale_bad_grad', gradFactor: 0.5 }), { numRuns: 40, seed: 2 });
    expect(formatReport(report)).not.toMatch(/^\s+at\s/m);
  });
});

describe('the lowering property', () => {
  it('should fail a lowering that uses an op outside the set, or reads dy in its forward', async () => {
    const { defineElementwise, L } = await import('@rectify/core');
    const { runConformance } = await import('../src/index.js');
    const base = { name: 'ident', summary: 'x', fields: {}, f: (x: number) => x, df: () => 1, traits: { lipschitz: () => 1 } } as const;
    const good = defineElementwise({ ...base, lowering: () => ({ forward: L.op('Neg', [L.op('Neg', [L.x])]) }) });
    const unknownOp = defineElementwise({ ...base, lowering: () => ({ forward: { op: 'Softsign' as never, inputs: [L.x] } }) });
    const readsDy = defineElementwise({ ...base, lowering: () => ({ forward: L.mul(L.x, L.dy) }) });
    const result = (plugin: typeof good) => runConformance(plugin, { numRuns: 10, seed: 1 }).results.find((r) => r.property === 'lowering is data over the op set');
    expect(result(good)?.passed).toBe(true);
    expect(result(unknownOp)?.passed).toBe(false);
    expect(result(readsDy)?.passed).toBe(false);
  });
});
