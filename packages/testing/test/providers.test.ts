import { describe, expect, it } from 'vitest';
import type { KernelProvider } from '@rectify/core';
import { checkProperty, conformanceProperties, createContext, formatReport, runConformance, type ConformanceOptions, type PropertyResult } from '../src/index.js';
import { createArena, leaky, leakyProvider, noisy, noisyProvider, scale, scaleProvider } from './fixtures.js';

const SAME_BITS = 'kernel providers give the same bits';
const property = conformanceProperties.find((p) => p.name === SAME_BITS)!;

/** The same-bits property in both dtypes; the first failure, if any. */
function sameBits(plugin: Parameters<typeof runConformance>[0], options: ConformanceOptions): PropertyResult | undefined {
  const results = (['float32', 'float64'] as const).map((dtype) => checkProperty(plugin, property, dtype, { numRuns: 60, seed: 4, ...options }));
  return results.find((r) => !r.passed);
}

describe('kernel providers give the same bits', () => {
  it('should apply only when providers are given', () => {
    expect(property.applies(createContext(leaky('plain')))).toBe(false);
    expect(property.applies(createContext(leaky('fast'), { providers: [leakyProvider('fast')] }))).toBe(true);
  });

  it('should pass correct providers, on plain and placed arrays', () => {
    const arena = createArena();
    expect(sameBits(leaky('lk'), { providers: [leakyProvider('lk')], place: arena.place })).toBeUndefined();
    expect(sameBits(noisy('nz'), { providers: [noisyProvider('nz')], place: arena.place })).toBeUndefined();
    expect(sameBits(scale('sc'), { providers: [scaleProvider('sc')] })).toBeUndefined();
  });

  it('should pass a whole kit run with a correct provider', () => {
    const report = runConformance(leaky('lk'), { numRuns: 30, seed: 1, providers: [leakyProvider('lk')] });
    expect(report.passed, formatReport(report)).toBe(true);
    expect(report.results.filter((r) => r.property === SAME_BITS).map((r) => r.dtype)).toEqual(['float32', 'float64']);
  });

  it('should fail a provider whose forward flips the sign of one element, naming provider, result, index and config', () => {
    const failure = sameBits(leaky('lk'), { providers: [leakyProvider('lk', { flipSignAt: 70 })] });
    expect(failure?.message).toMatch(/provider "leaky kernels \(flipSignAt\)" on plain arrays: y by forward differs at index 70/);
    expect(failure?.message).toMatch(/Counterexample: .*config.*slope/);
  });

  it('should fail a provider whose backward writes a wrong gradient at x = 0', () => {
    const failure = sameBits(leaky('lk'), { providers: [leakyProvider('lk', { gradientOneAtZero: true })] });
    expect(failure?.message).toMatch(/dx by backward differs at index \d+/);
  });

  it('should fail a provider that is wrong only on arrays placed in its arena, on placed arrays only', () => {
    const arena = createArena();
    const provider = leakyProvider('lk', { wrongInArena: arena.buffer });
    expect(sameBits(leaky('lk'), { providers: [provider] })).toBeUndefined();
    expect(sameBits(leaky('lk'), { providers: [provider], place: arena.place })?.message).toMatch(/on placed arrays: y by forward differs at index 0/);
  });

  it('should fail a training kernel that hands its random slopes out in another order, naming the mode', () => {
    const failure = sameBits(noisy('nz'), { providers: [noisyProvider('nz', { reversed: true })] });
    expect(failure?.message).toMatch(/(y|dx) by (forward|backward) differs/);
    expect(failure?.message).toMatch(/"training":true/);
  });

  it('should fail a training kernel that leaves the generator elsewhere, though its outputs are right', () => {
    const failure = sameBits(noisy('nz'), { providers: [noisyProvider('nz', { extraDraw: true })] });
    expect(failure?.message).toMatch(/generator's next draw after forward differs/);
  });

  it('should fail a weight-gradient kernel that sums in another order', () => {
    const failure = sameBits(scale('sc'), { providers: [scaleProvider('sc', true)] });
    expect(failure?.message).toMatch(/parameter gradients by backward differs at index 0/);
  });

  it('should find the one wrong provider among several', () => {
    const providers: KernelProvider[] = [leakyProvider('lk'), leakyProvider('lk', { flipSignAt: 64 })];
    expect(sameBits(leaky('lk'), { providers })?.message).toMatch(/provider "leaky kernels \(flipSignAt\)"/);
  });

  it('should run a provider through shapes large enough for its kernels to engage', () => {
    // A provider that counts the calls it did not decline.
    let engaged = 0;
    const inner = leakyProvider('lk');
    const counting: KernelProvider = {
      name: 'counting',
      kernel: (key, config) => {
        const kernel = inner.kernel(key, config);
        return kernel && ((...args: unknown[]) => (kernel(...args) ? (engaged++, true) : false));
      },
    };
    expect(sameBits(leaky('lk'), { providers: [counting] })).toBeUndefined();
    expect(engaged).toBeGreaterThan(100);
  });
});
