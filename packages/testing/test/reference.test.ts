import { describe, expect, it } from 'vitest';
import { RectifyError, encodeNumber, type AnyActivationPlugin, type DType, type FloatArray, type ForwardOptions, type Tensor } from '@rectify/core';
import { REFERENCE_TOLERANCE, checkReference, formatReference, parseReferenceFixture, type ReferenceCase, type ReferenceFixture } from '../src/index.js';
import { describeReference } from '../src/vitest.js';
import { leaky } from './fixtures.js';

const round = (dtype: DType) => (dtype === 'float32' ? Math.fround : (v: number) => v);

/** Inputs like the PyTorch script's: zeros, subnormals, the extremes, infinities, NaN and ordinary values. */
function inputs(dtype: DType): number[] {
  const tiny = dtype === 'float32' ? 2 ** -149 : Number.MIN_VALUE;
  const huge = dtype === 'float32' ? 3.4028234663852886e38 : Number.MAX_VALUE;
  const ordinary = Array.from({ length: 40 }, (_, i) => round(dtype)(Math.sin(i * 12.9898) * 4 * (i % 3 === 0 ? 1e-3 : 1)));
  return [0, -0, tiny, -tiny, 1, -1, 2.5, -2.5, huge, -huge, Infinity, -Infinity, Number.NaN, ...ordinary];
}

/**
 * A fixture for Leaky ReLU computed here, independently of the plugin: y =
 * x \> 0 ? x : s·x and dx = dy·(x \> 0 ? 1 : s), each rounded once to the dtype.
 */
function leakyFixture(name: string, slopes: readonly number[]): ReferenceFixture {
  const cases: ReferenceCase[] = [];
  for (const dtype of ['float32', 'float64'] as const) {
    for (const slope of slopes) {
      const x = inputs(dtype);
      const dy = x.map((_, i) => round(dtype)(((i * 37) % 11) / 4 - 1.3));
      const y = x.map((v) => round(dtype)(v > 0 ? v : slope * v));
      const dx = x.map((v, i) => round(dtype)((dy[i] as number) * (v > 0 ? 1 : slope)));
      cases.push({ name, config: { slope }, dtype, shape: [x.length], x: x.map(encodeNumber), dy: dy.map(encodeNumber), y: y.map(encodeNumber), dx: dx.map(encodeNumber) });
    }
  }
  return { generator: 'reference.test.ts', torch: 'none', cases };
}

/** A plugin whose forward changes y after computing it, given the input. */
function tampered(plugin: AnyActivationPlugin, edit: (y: FloatArray, x: FloatArray) => void): AnyActivationPlugin {
  return {
    ...plugin,
    create: (config?: object) => {
      const activation = plugin.create(config);
      const forward = activation.forward.bind(activation);
      return Object.assign(activation, {
        forward: (x: Tensor, options?: ForwardOptions) => {
          const result = forward(x, options);
          edit(result.y.data, x.data);
          return result;
        },
      });
    },
  };
}

/** The next value of the dtype away from 0 (for a finite, non-zero v). */
function ulpAway(v: number, dtype: DType): number {
  const buffer = dtype === 'float32' ? new Float32Array([v]) : new Float64Array([v]);
  const bits = dtype === 'float32' ? new Int32Array(buffer.buffer) : new BigInt64Array(buffer.buffer);
  if (bits instanceof Int32Array) bits[0] = bits[0]! + 1;
  else bits[0] = bits[0]! + 1n;
  return buffer[0]!;
}

const dtypeOf = (y: FloatArray): DType => (y instanceof Float32Array ? 'float32' : 'float64');
const fixture = leakyFixture('lk', [0.01, -0.3]);
const correct = leaky('lk');

// The checker as a user runs it: one test per case, all bit for bit.
describeReference([correct], fixture, { exact: ['lk'] });

describe('checkReference', () => {
  it('should pass a correct plugin, bit for bit, and report each case', () => {
    const report = checkReference(correct, fixture, { exact: true });
    expect(report.passed, formatReference(report)).toBe(true);
    expect(report.cases.map((c) => [c.dtype, c.config['slope'], c.compared, c.largestError])).toEqual([
      ['float32', 0.01, 106, { y: 0, dx: 0 }],
      ['float32', -0.3, 106, { y: 0, dx: 0 }],
      ['float64', 0.01, 106, { y: 0, dx: 0 }],
      ['float64', -0.3, 106, { y: 0, dx: 0 }],
    ]);
    expect(formatReference(report)).toMatch(/lk \(bit-exact\): 4 cases, all match the reference$/);
  });

  it('should fail outputs off by 1e-6 relative in float32, not by 1 ulp unless exact', () => {
    const off = tampered(correct, (y) => y.forEach((v, i) => (y[i] = v * (1 + 1e-6))));
    const report = checkReference(off, fixture);
    expect(report.cases.filter((c) => c.dtype === 'float32').every((c) => !c.passed)).toBe(true);
    expect(Math.max(...report.cases.map((c) => c.largestError.y))).toBeGreaterThan(REFERENCE_TOLERANCE.float32);
    expect(report.examples[0]?.reason).toBe('error above 6e-7');

    // Every finite, non-zero output one ulp further from 0, except the largest, whose next value is ∞.
    const ulp = tampered(correct, (y) => y.forEach((v, i) => (y[i] = Number.isFinite(v) && v !== 0 && Number.isFinite(ulpAway(v, dtypeOf(y))) ? ulpAway(v, dtypeOf(y)) : v)));
    expect(checkReference(ulp, fixture).passed).toBe(true);
    const exact = checkReference(ulp, fixture, { exact: true });
    expect(exact.cases.every((c) => !c.passed)).toBe(true);
    expect(exact.examples[0]).toMatchObject({ output: 'y', reason: 'bits differ' });
  });

  it('should fail a zero of the wrong sign, even without exact', () => {
    const unsigned = tampered(correct, (y) => y.forEach((v, i) => (y[i] = Object.is(v, -0) ? 0 : v)));
    const report = checkReference(unsigned, fixture);
    expect(report.passed).toBe(false);
    expect(report.examples.map((m) => [m.x, m.got, m.want, m.reason])).toContainEqual([-0, 0, -0, 'sign of zero']);
    expect(formatReference(report)).toMatch(/y\[1\] at x = -0: got 0, want -0 \(sign of zero; error 0\)/);
  });

  it('should fail NaN where a number is wanted, and a number where NaN is', () => {
    const infinite = tampered(correct, (y, x) => x.forEach((v, i) => (y[i] = Number.isFinite(v) ? (y[i] as number) : Number.NaN)));
    const report = checkReference(infinite, fixture);
    expect(report.examples.filter((m) => m.reason === 'NaN where a number is expected').map((m) => m.x)).toEqual(expect.arrayContaining([Infinity, -Infinity]));
    const swallowed = tampered(correct, (y) => y.forEach((v, i) => (y[i] = Number.isNaN(v) ? 0 : v)));
    expect(checkReference(swallowed, fixture).examples.map((m) => m.reason)).toContain('NaN expected');
  });

  it('should accept the alternative where the fixture gives one, and list both where neither matches', () => {
    const x = [1, -2];
    const base = { name: 'lk', config: { slope: 0.5 }, dtype: 'float64' as const, shape: [2], x, dy: [1, 1] };
    const alternative = { cases: [{ ...base, y: [7, -1], dx: [1, 0.5], alternativeY: { '0': 1 } }] };
    expect(checkReference(correct, alternative, { exact: true }).passed).toBe(true);
    const neither = { cases: [{ ...base, y: [7, -1], dx: [1, 0.5], alternativeY: { '0': 8 } }] };
    expect(checkReference(correct, neither).examples).toEqual([expect.objectContaining({ index: 0, got: 1, want: 7, alternative: 8 })]);
  });

  it('should count every mismatch but list at most maxExamples', () => {
    const negated = tampered(correct, (y) => y.forEach((v, i) => (y[i] = -v)));
    const report = checkReference(negated, fixture, { maxExamples: 5 });
    expect(report.examples).toHaveLength(5);
    expect(report.cases.reduce((n, c) => n + c.mismatches, 0)).toBeGreaterThan(100);
    expect(checkReference(negated, fixture).examples).toHaveLength(20);
  });

  it('should report a case whose activation throws, and keep checking the others', () => {
    const picky: AnyActivationPlugin = {
      ...correct,
      create: (config?: { slope?: number }) => {
        if (config?.slope === -0.3) throw new RectifyError('INVALID_CONFIG', 'lk: this build refuses negative slopes');
        return correct.create(config);
      },
    };
    const report = checkReference(picky, fixture);
    expect(report.cases.map((c) => c.passed)).toEqual([true, false, true, false]);
    expect(report.cases[1]?.failure).toBe('lk: this build refuses negative slopes');
    expect(formatReference(report)).toMatch(/FAIL {2}lk \{"slope":-0\.3\} float32 \(case 1\): lk: this build refuses negative slopes/);
  });

  it('should throw when the fixture has no case for the plugin, or is malformed', () => {
    expect(() => checkReference(leaky('lk_typo'), fixture)).toThrow(/no case named "lk_typo" \(its cases are named: lk\)/);
    expect(() => checkReference(correct, { cases: [{ ...fixture.cases[0], x: ['nan'] }] })).toThrow(RectifyError);
    expect(() => parseReferenceFixture({ cases: [{ ...fixture.cases[0], x: [1, 'nan'] }] })).toThrow(/cases\[0\]\.x\.length must be 53/);
    expect(() => parseReferenceFixture({ cases: [{ ...fixture.cases[0], y: [...fixture.cases[0]!.y.slice(1), 'nan'] }] })).toThrow(/cases\[0\]\.y\[52\] must be a number or one of "NaN"/);
    expect(() => parseReferenceFixture({ cases: [{ ...fixture.cases[0], alternativeDx: { '99': 1 } }] })).toThrow(/alternativeDx key must be an index from 0 to 52/);
    expect(() => parseReferenceFixture([])).toThrow(/the document must be an object with "cases"/);
  });
});

describe('describeReference', () => {
  it('should throw, not skip, for a plugin without cases or an unknown exact name', () => {
    expect(() => describeReference([correct, leaky('lk_typo')], fixture)).toThrow(/no case named "lk_typo"/);
    expect(() => describeReference([correct], fixture, { exact: ['lk_typo'] })).toThrow(/exact names "lk_typo", which is not one of the plugins \(lk\)/);
  });
});

describe('edgeCasesWithDy', () => {
  it('should make one reference case per dtype, each row with its own dy', async () => {
    const { edgeCasesWithDy } = await import('../src/index.js');
    const cases = edgeCasesWithDy('relu', {}, { float32: [[1, -2, 1, -2], [-1, Infinity, 0, 0]], float64: [[0, 1, 0, 0]] });
    expect(cases.map((c) => c.dtype)).toEqual(['float32', 'float64']);
    expect(cases[0]).toEqual({ name: 'relu', config: {}, dtype: 'float32', shape: [2], x: [1, -1], dy: [-2, Infinity], y: [1, 0], dx: [-2, 0] });
  });
});
