import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { L, decodeNumber } from '@rectify/core';
import { builtInPlugins } from '@rectify/cli/registry';
import { mixedError, parseReferenceFixture, type EncodedNumber } from '@rectify/testing';
import { loweringToOnnx, toOnnx } from '../src/index.js';

const gelu = builtInPlugins.find((p) => p.name === 'gelu')!;
const decodeAll = (values: readonly EncodedNumber[]): number[] => values.map((v) => decodeNumber(v) as number);
const fixture = parseReferenceFixture(JSON.parse(readFileSync(new URL('../../gelu/test/fixtures/pytorch.json', import.meta.url), 'utf8')));

async function evaluate(bytes: Uint8Array, x: readonly number[]): Promise<Float64Array> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    return (await session.run({ x: new ort.Tensor('float64', Float64Array.from(x), [x.length]) }))['y']!.data as Float64Array;
  } finally {
    await session.release();
  }
}

describe('erf in float64, written with basic ops for ONNX Runtime', () => {
  it('should give exact GELU within PyTorch\'s float64 tolerance on every fixture input', async () => {
    const cases = fixture.cases.filter((c) => c.name === 'gelu' && c.dtype === 'float64' && c.config['approximate'] === 'none');
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      const x = decodeAll(c.x);
      const y = await evaluate(toOnnx(gelu.create(c.config), { inputShape: [x.length], dtype: 'float64' }), x);
      const want = decodeAll(c.y);
      const worst = Math.max(...want.map((w, i) => (Number.isNaN(w) ? (Number.isNaN(y[i]) ? 0 : Infinity) : mixedError(y[i] as number, w))));
      expect(worst, JSON.stringify(want.flatMap((w, i) => (mixedError(y[i] as number, w) > 1e-15 ? [[x[i], w, y[i]]] : [])).slice(0, 5))).toBeLessThanOrEqual(1e-15);
    }
  });

  it('should keep erf odd, signed zeros, saturation and NaN', async () => {
    const x = [0, -0, 5e-324, -5e-324, 0.999999, 1, 1.000001, 30, -30, Infinity, -Infinity, Number.NaN];
    const y = await evaluate(loweringToOnnx({ forward: L.op('Erf', [L.x]) }, { dtype: 'float64', inputShape: [x.length], outputShape: [x.length] }).bytes, x);
    expect(Object.is(y[0], 0)).toBe(true);
    expect(Object.is(y[1], -0)).toBe(true);
    expect(y[3]).toBe(-5e-324);
    expect([y[7], y[8], y[9], y[10]]).toEqual([1, -1, 1, -1]);
    expect(Number.isNaN(y[11])).toBe(true);
    // erf(z) ≈ 2z/√π for tiny z, and continuous across the split at 1.
    expect(y[2]).toBe(5e-324);
    expect(Math.abs((y[5] as number) - 0.8427007929497149)).toBeLessThanOrEqual(2.3e-16);
    expect((y[4] as number) < (y[5] as number) && (y[5] as number) < (y[6] as number)).toBe(true);
  });

  it('should be odd on both sides of the split: erf(−z) = −erf(z), bit for bit', async () => {
    const z = [1e-300, 0.001, 0.3, 0.5, 0.99, 1, 1.5, 2.7, 4, 6.5];
    const x = [...z, ...z.map((v) => -v)];
    const y = await evaluate(loweringToOnnx({ forward: L.op('Erf', [L.x]) }, { dtype: 'float64', inputShape: [x.length], outputShape: [x.length] }).bytes, x);
    z.forEach((_, i) => expect(y[i + z.length]).toBe(-(y[i] as number)));
    expect(Array.from(y.subarray(0, z.length)).every((v, i) => i === 0 || v > (y[i - 1] as number))).toBe(true);
  });
});
