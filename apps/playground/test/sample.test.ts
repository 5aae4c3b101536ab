import { describe, expect, it } from 'vitest';
import { drawnSeries } from '../src/explore/drawn.js';
import { sampleCurves } from '../src/explore/sample.js';
import { curveSource } from '../src/explore/view.js';
import { registry } from '../src/registry.js';

describe('sampleCurves', () => {
  it('should sample every curve on shared positions that include each kink and its neighbours', () => {
    const sources = [curveSource(registry.get('hardtanh'), { minVal: -2, maxVal: 0.5 }), curveSource(registry.get('relu'))];
    const { xs, curves } = sampleCurves(sources, -3, 3, 7);
    for (const k of [-2, 0, 0.5]) expect(Array.from(xs)).toContain(k);
    expect(Array.from(xs)).toEqual([...xs].sort((a, b) => a - b));
    expect(curves.map((curve) => curve.kinks)).toEqual([[-2, 0.5], [0]]);
    expect(curves.map((curve) => curve.label)).toEqual(['Hardtanh (minVal = -2, maxVal = 0.5)', 'ReLU']);
    const at = (curve: (typeof curves)[number], x: number) => curve.slopes[Array.from(xs).indexOf(x)];
    expect(at(curves[1]!, 0)).toBe(0);
  });

  it('should draw kink dots in f′ and differences in difference mode', () => {
    const sources = [curveSource(registry.get('relu')), curveSource(registry.get('leaky_relu'), { negativeSlope: 0.5 })];
    const samples = sampleCurves(sources, -2, 2, 5);
    const plain = drawnSeries(samples, false);
    const zero = Array.from(samples.xs).indexOf(0);
    expect(plain.df[0]?.dots).toEqual([zero]);
    const diff = drawnSeries(samples, true);
    expect(diff.f.map((s) => s.label)).toEqual(['Leaky ReLU (negativeSlope = 0.5) − ReLU']);
    expect(Array.from(diff.f[0]!.values as Float64Array)).toEqual(Array.from(samples.xs, (x) => (x < 0 ? 0.5 * x : 0) + 0));
  });
});
