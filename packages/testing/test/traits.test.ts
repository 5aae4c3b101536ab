import { describe, expect, it } from 'vitest';
import { tensor } from '@rectify/core';
import { conformanceProperties, formatReport, runConformance, type ConformanceReport } from '../src/index.js';
import { leaky } from './fixtures.js';
import { clamp, gaussian, hardswish, sigmoid, softmax, softplus, softsign, tanhLike } from './trait-fixtures.js';

const RANGE = 'outputs lie in the declared range';
const MONOTONIC = 'outputs keep the declared direction';
const SYMMETRY = 'outputs have the declared symmetry';
const ASYMPTOTES = 'outputs approach the declared asymptotes';
const DISTRIBUTION = 'slices along the axis are distributions';
const TRAITS = [RANGE, MONOTONIC, SYMMETRY, DISTRIBUTION, ASYMPTOTES];

function failed(report: ConformanceReport): string[] {
  return [...new Set(report.results.filter((r) => !r.passed).map((r) => r.property))];
}

function ran(report: ConformanceReport): string[] {
  return [...new Set(report.results.map((r) => r.property))];
}

function messageOf(report: ConformanceReport, property: string): string {
  return report.results.find((r) => r.property === property && !r.passed)?.message ?? '';
}

describe('trait properties', () => {
  it('should list a property for each optional trait', () => {
    expect(conformanceProperties.map((p) => p.name)).toEqual(expect.arrayContaining(TRAITS));
  });

  it('should pass correct activations that declare traits, in float32 and float64', () => {
    const cases = [
      [sigmoid('sigmoid_t'), [RANGE, MONOTONIC, SYMMETRY, ASYMPTOTES]],
      [tanhLike('tanh_t'), [RANGE, MONOTONIC, SYMMETRY, ASYMPTOTES]],
      [softsign, [RANGE, MONOTONIC, SYMMETRY, ASYMPTOTES]],
      [gaussian, [RANGE, SYMMETRY, ASYMPTOTES]],
      [softplus('softplus_t'), [RANGE, MONOTONIC, ASYMPTOTES]],
      [clamp, [RANGE, MONOTONIC]],
      [hardswish, [RANGE, ASYMPTOTES]],
      [softmax('softmax_t', 'probabilities'), [DISTRIBUTION]],
      [softmax('log_softmax_t', 'log-probabilities'), [DISTRIBUTION]],
    ] as const;
    for (const [plugin, traits] of cases) {
      const report = runConformance(plugin, { numRuns: 40, seed: 11 });
      expect(report.passed, formatReport(report)).toBe(true);
      expect(ran(report).filter((name) => TRAITS.includes(name)).sort()).toEqual([...traits].sort());
      for (const name of traits) expect(report.results.filter((r) => r.property === name).map((r) => r.dtype)).toEqual(['float32', 'float64']);
    }
  });

  it('should not run trait properties for an activation that declares none', () => {
    expect(ran(runConformance(leaky('lk'), { numRuns: 5, seed: 1 })).filter((name) => TRAITS.includes(name))).toEqual([]);
  });

  it('should fail a sigmoid that overshoots 1', () => {
    const report = runConformance(sigmoid('sigmoid_overshoot', { overshoot: true }), { numRuns: 100, seed: 12 });
    expect(failed(report)).toContain(RANGE);
    expect(messageOf(report, RANGE)).toMatch(/y\[\d+\] = 1\.00000\d+ lies outside the declared range \[0, 1\]/);
  });

  it("should allow float32's rounding of a bound it cannot hold, and nothing more", () => {
    // clamp_t clamps at fround(0.1) = 0.10000000149… in float32, above the declared 0.1.
    expect(clamp.create().forward(tensor(Float32Array.of(1))).y.data[0]).toBeGreaterThan(0.1);
    expect(runConformance(clamp, { numRuns: 60, seed: 13 }).passed).toBe(true);
    const wider = { ...clamp, traits: { ...clamp.traits, range: () => [-1, 0.1] as const } };
    const narrower = { ...clamp, traits: { ...clamp.traits, range: () => [-1, 0.0999999] as const } };
    expect(failed(runConformance(wider, { numRuns: 60, seed: 13, generateConfig: false }))).toEqual([]);
    expect(failed(runConformance(narrower, { numRuns: 60, seed: 13, generateConfig: false }))).toEqual([RANGE]);
  });

  it('should fail an activation with a dip where it is declared increasing', () => {
    const report = runConformance(tanhLike('tanh_dip', { dip: true }), { numRuns: 100, seed: 14 });
    expect(failed(report)).toEqual([MONOTONIC]);
    expect(messageOf(report, MONOTONIC)).toMatch(/declared increasing, but f\(x\) = .* and f\(x′\) = .* for x = .* ≤ x′ = /);
  });

  it("should fail PyTorch's softplus, which steps down where its threshold switches branches, found by pairs across the kink", () => {
    const report = runConformance(softplus('softplus_threshold', { threshold: true }), { numRuns: 100, seed: 15, generateConfig: false });
    expect(failed(report)).toEqual([MONOTONIC]);
    expect(messageOf(report, MONOTONIC)).toMatch(/f\(x\) = 20\.00000000\d+ and f\(x′\) = 20\.0000000000000\d+ for x = 20 ≤ x′ = 20\.0000000000000\d+/);
  });

  it('should fail a sigmoid with an asymmetric shift', () => {
    const report = runConformance(sigmoid('sigmoid_shifted', { shifted: true }), { numRuns: 100, seed: 16 });
    expect(failed(report)).toEqual([SYMMETRY]);
    expect(report.results.filter((r) => r.property === SYMMETRY).every((r) => !r.passed)).toBe(true);
    expect(messageOf(report, SYMMETRY)).toMatch(/declared odd, but f\(−x\) = .* and 2·0\.5 − f\(x\) = /);
  });

  it('should fail an even activation that is not even', () => {
    const skewed = { ...sigmoid('sigmoid_even'), traits: { ...sigmoid('sigmoid_even').traits, symmetry: () => ({ kind: 'even' as const }) } };
    expect(failed(runConformance(skewed, { numRuns: 50, seed: 17 }))).toEqual([SYMMETRY]);
  });

  it('should fail a softplus that flattens at +∞', () => {
    const report = runConformance(softplus('softplus_flat', { flattens: true }), { numRuns: 50, seed: 18 });
    expect(failed(report)).toEqual([ASYMPTOTES]);
    expect(messageOf(report, ASYMPTOTES)).toMatch(/never reaches the line y = 1·x \+ 0 as x → \+∞/);
  });

  it('should allow an overflow to ∞ near the largest value, but not from x = 710', () => {
    expect(hardswish.create().forward(tensor(Float64Array.of(1.7e308))).y.data[0]).toBe(Infinity);
    const report = runConformance(softplus('softplus_naive', { naive: true }), { numRuns: 50, seed: 22 });
    expect(failed(report)).toContain(ASYMPTOTES);
    expect(messageOf(report, ASYMPTOTES)).toMatch(/Number.POSITIVE_INFINITY/);
  });

  it('should fail a line declared on the wrong side, and NaN where the line is finite', () => {
    const swapped = { ...sigmoid('sigmoid_swapped'), traits: { ...sigmoid('sigmoid_swapped').traits, asymptotes: () => ({ negative: { slope: 0, intercept: 1 } }) } };
    expect(failed(runConformance(swapped, { numRuns: 20, seed: 19 }))).toEqual([ASYMPTOTES]);
    // A softplus with a small β reaches its line only near 2¹¹, but a NaN before that is still wrong.
    const report = runConformance(softplus('softplus_nan', { nanWindow: true }), { numRuns: 50, seed: 20 });
    expect(failed(report)).toContain(ASYMPTOTES);
    expect(messageOf(report, ASYMPTOTES)).toMatch(/f\(.*\) is NaN where the line y = .* is /);
  });

  it('should fail a softmax that forgets to normalise, and a log_softmax that forgets the log of the sum', () => {
    const report = runConformance(softmax('softmax_raw', 'probabilities', { unnormalised: true }), { numRuns: 50, seed: 21 });
    expect(failed(report)).toContain(DISTRIBUTION);
    expect(messageOf(report, DISTRIBUTION)).toMatch(/has a sum of .*, not 1 within \d+·ε/);
    const logReport = runConformance(softmax('log_softmax_raw', 'log-probabilities', { unnormalised: true }), { numRuns: 50, seed: 21 });
    expect(failed(logReport)).toContain(DISTRIBUTION);
    expect(messageOf(logReport, DISTRIBUTION)).toMatch(/has a sum of exps of .*, not 1 within/);
  });
});
