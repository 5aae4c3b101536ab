import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRegistry, defineElementwise, tensor } from '@rectify/core';
import { parseFormula } from '../src/formula/parse.js';
import { formulaPlugin } from '../src/formula/plugin.js';
import { checkFormula } from '../src/formula/check.js';
import { registry } from '../src/registry.js';
import { sampleCurves } from '../src/explore/sample.js';

function pluginOf(source: string) {
  const made = formulaPlugin(source);
  if (!made.ok) throw new Error(made.error);
  return made.plugin;
}

describe('parseFormula', () => {
  it.each([
    ['constructor.constructor("return this")()', 'unexpected "." at position 12'],
    ['constructor', 'unknown name "constructor"'],
    ['__proto__', 'unexpected "_"'],
    ['x.constructor', 'unexpected "."'],
    ['window', 'unknown name "window"'],
    ['alert(1)', 'unknown name "alert"'],
    ['max(0, x', 'expected ")"'],
    ['sigmoid(x, x)', 'sigmoid takes 1 argument, got 2'],
    ['x +', 'ends too early'],
    ['', 'empty'],
    ['x; 1', 'unexpected ";"'],
    ['`x`', 'unexpected "`"'],
    ['x'.repeat(201), 'longer than 200'],
    ['('.repeat(60) + 'x' + ')'.repeat(60), 'deeper than'],
  ])('should refuse %s', (source, message) => {
    const result = parseFormula(source);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });

  it('should read precedence: unary minus, ^ right-associative above * and +', () => {
    const f = pluginOf('-x^2 + 2*x - 3 / 2 ^ 1 ^ 2').create();
    const y = f.forward(tensor(new Float64Array([3]))).y.data[0];
    expect(y).toBe(-9 + 6 - 1.5);
  });
});

describe('formulaPlugin', () => {
  it('should compute x * sigmoid(x) as the registry\'s silu, value and gradient', () => {
    const silu = registry.create('silu');
    const mine = pluginOf('x * sigmoid(x)').create();
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), (x) => {
        const input = tensor(new Float64Array([x]));
        const a = silu.forward(input);
        const b = mine.forward(input);
        expect(b.y.data[0]).toBeCloseTo(a.y.data[0] as number, 12);
        const one = tensor(new Float64Array([1]));
        expect(b.backward(one).data[0]).toBeCloseTo(a.backward(one).data[0] as number, 12);
      }),
    );
  });

  it('should give ReLU\'s gradient at 0 for max(0, x): 0, the first argument on a tie', () => {
    const f = pluginOf('max(0, x)').create();
    const { backward } = f.forward(tensor(new Float64Array([-1, 0, 2])));
    expect(Array.from(backward(tensor(new Float64Array([1, 1, 1]))).data)).toEqual([0, 0, 1]);
  });
});

describe('checkFormula', () => {
  it('should fail a wrong derivative against finite differences, naming the point', () => {
    const wrong = defineElementwise({ name: 'square', summary: 'x² with a wrong derivative', fields: {}, f: (x) => x * x, df: (x) => x });
    const result = checkFormula(wrong);
    expect(result.passed).toBe(false);
    if (result.passed) return;
    expect(result.property).toBe('gradient matches finite differences');
    expect(result.reason).toMatch(/^dx\[\d+\] = .* but finite differences give/);
    expect(Number.isFinite(result.point)).toBe(true);
    expect(result.point).not.toBe(0);
  });

  it('should pass x * sigmoid(x) and the leaky formula', () => {
    expect(checkFormula(pluginOf('x * sigmoid(x)')).passed).toBe(true);
    expect(checkFormula(pluginOf('max(0, x) + 0.1 * min(0, x)')).passed).toBe(true);
  });

  it('should fail a formula with a jump, naming the failing point', () => {
    const result = checkFormula(pluginOf('x + step(x)'));
    expect(result.passed).toBe(false);
    if (result.passed) return;
    expect(result.reason).toMatch(/exceeds|finite differences/);
    expect(Math.abs(result.point as number)).toBeLessThan(2e-3);
  });
});

describe('formulaKinks', () => {
  it('should find where abs, sign, step, max and min switch, and nothing in a smooth formula', () => {
    const kinksOf = (source: string) => {
      const plugin = pluginOf(source);
      return plugin.traits.kinks(plugin.create());
    };
    expect(kinksOf('max(0, x) + 0.1 * min(0, x)')).toEqual([0]);
    expect(kinksOf('abs(x - 1/3) + step(x + 2)')).toEqual([-2, expect.closeTo(1 / 3, 15)]);
    expect(kinksOf('max(x^2, 2)')).toEqual([expect.closeTo(-Math.SQRT2, 14), expect.closeTo(Math.SQRT2, 14)]);
    expect(kinksOf('x * sigmoid(x)')).toEqual([]);
  });

  it('should mark the kinks of a formula in its samples, with the gradient its dual numbers give there', () => {
    const plugin = pluginOf('max(0, x - 1)');
    const { xs, curves } = sampleCurves([{ plugin, activation: plugin.create(), label: 'f' }], -2, 2, 5);
    expect(curves[0]?.kinks).toEqual([1]);
    expect(curves[0]?.slopes[Array.from(xs).indexOf(1)]).toBe(0);
  });
});

describe('the formula\'s JSON', () => {
  it('should carry the formula, and rebuild the same activation in a registry holding the plugin', () => {
    const plugin = pluginOf('x * sigmoid(x)');
    const json = JSON.stringify(plugin.create().toJSON());
    expect(JSON.parse(json)).toMatchObject({ format: 'rectify.activation', name: 'formula', config: { source: 'x * sigmoid(x)' } });
    const other = createRegistry().use(pluginOf('x')).freeze();
    const again = other.fromJSON(json);
    const x = tensor(new Float64Array([-1, 0.5, 3]));
    expect(Array.from(again.forward(x).y.data)).toEqual(Array.from(plugin.create().forward(x).y.data));
  });

  it('should refuse a hostile formula in a config, through the parser', () => {
    const other = createRegistry().use(pluginOf('x')).freeze();
    const hostile = { format: 'rectify.activation', version: 1, name: 'formula', config: { source: 'constructor.constructor("return 1")()' }, parameters: {} };
    expect(() => other.fromJSON(hostile)).toThrow(/config.source must be a formula the playground reads \(unexpected "\." at position 12\)/);
    expect(() => other.create('formula', { source: 42 })).toThrow(/config.source must be a formula in x, as text/);
  });
});
