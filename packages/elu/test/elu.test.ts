import { describe, expect, it } from 'vitest';
import { RectifyError, createRegistry, tensor } from '@rectify/core';
import { DTYPE_LIMITS, edgeCase } from '@rectify/testing';
import { describeConformance, describeReference } from '@rectify/testing/vitest';
import * as api from '../src/index.js';
import { celu, elu, selu } from '../src/index.js';

describeConformance(elu);
describeConformance(elu, { config: { alpha: 0.3 } });
describeConformance(elu, { config: { alpha: -0.5 } });
describeConformance(elu, { config: { alpha: 0 } });
// CELU with α < 0 is beyond what the kit can check: its values and slope grow without bound at finite inputs
// (y = −∞, and dx = 0·∞ = NaN where dy = 0, as in PyTorch), so it has no finite Lipschitz constant. Its configs are
// pinned to positive α here; the PyTorch tables below cover α = −0.5.
describeConformance(celu, { config: { alpha: 1 } });
describeConformance(celu, { config: { alpha: 2 } });
describeConformance(celu, { config: { alpha: 0.3 } });
describeConformance(selu);

const { max: MAX32, tiny: TINY32 } = DTYPE_LIMITS.float32;
const { max: MAX64, tiny: TINY64 } = DTYPE_LIMITS.float64;
const edges = edgeCase;

// Each table was computed by PyTorch 1.13.1 (F.elu, F.celu, F.selu and autograd), one input at a time, and is checked
// within the kit's tolerance: PyTorch computes exp(x) − 1, Rectify expm1(x), so at −TINY and −1e-30 PyTorch gives 0
// where Rectify gives the (accurate) tiny negative value. Zeros, infinities and NaN must match exactly.
describe('edge cases against PyTorch', () => {
  describeReference([elu, celu, selu], {
    generator: 'PyTorch 1.13.1, one input at a time',
    cases: [
        edges('elu', { alpha: 1 }, 'float32', [
          [0, 0, -1.5],
          [-0, 0, -1.5],
          [TINY32, TINY32, -1.5],
          [-TINY32, 0, -1.5],
          [-1.0000000031710769e-30, 0, -1.5],
          [-1, -0.6321205496788025, -0.5518192052841187],
          [1, 1, -1.5],
          [-20, -1, -3.0917304272293222e-9],
          [-800, -1, -0],
          [MAX32, MAX32, -1.5],
          [Infinity, Infinity, -1.5],
          [-Infinity, -1, -0],
          [Number.NaN, Number.NaN, Number.NaN], // PyTorch's vectorised kernel; its scalar one gives dy·scale
        ]),
        edges('elu', { alpha: 1 }, 'float64', [
          [0, 0, -1.5],
          [-0, 0, -1.5],
          [TINY64, TINY64, -1.5],
          [-TINY64, 0, -1.5],
          [-1e-30, 0, -1.5],
          [-1, -0.6321205588285577, -0.5518191617571635],
          [1, 1, -1.5],
          [-20, -0.9999999979388464, -3.0917304336578366e-9],
          [-800, -1, -0],
          [MAX64, MAX64, -1.5],
          [Infinity, Infinity, -1.5],
          [-Infinity, -1, -0],
          [Number.NaN, Number.NaN, Number.NaN], // PyTorch's vectorised kernel; its scalar one gives dy·scale
        ]),
        edges('elu', { alpha: 0.3 }, 'float32', [
          [0, 0, -0.45000001788139343],
          [-0, 0, -0.45000001788139343],
          [TINY32, TINY32, -1.5],
          [-TINY32, 0, -0.45000001788139343],
          [-1.0000000031710769e-30, 0, -0.45000001788139343],
          [-1, -0.18963617086410522, -0.1655457615852356],
          [1, 1, -1.5],
          [-20, -0.30000001192092896, -9.275191725777177e-10],
          [-800, -0.30000001192092896, -0],
          [MAX32, MAX32, -1.5],
          [Infinity, Infinity, -1.5],
          [-Infinity, -0.30000001192092896, -0],
          [Number.NaN, Number.NaN, Number.NaN], // PyTorch's vectorised kernel; its scalar one gives dy·scale
        ]),
        edges('elu', { alpha: 0.3 }, 'float64', [
          [0, 0, -0.44999999999999996],
          [-0, 0, -0.44999999999999996],
          [TINY64, TINY64, -1.5],
          [-TINY64, 0, -0.44999999999999996],
          [-1e-30, 0, -0.44999999999999996],
          [-1, -0.1896361676485673, -0.16554574852714904],
          [1, 1, -1.5],
          [-20, -0.2999999993816539, -9.27519130097351e-10],
          [-800, -0.3, -0],
          [MAX64, MAX64, -1.5],
          [Infinity, Infinity, -1.5],
          [-Infinity, -0.3, -0],
          [Number.NaN, Number.NaN, Number.NaN], // PyTorch's vectorised kernel; its scalar one gives dy·scale
        ]),
        edges('elu', { alpha: -0.5 }, 'float32', [
          [0, -0, 0.75],
          [-0, -0, 0.75],
          [TINY32, TINY32, -1.5],
          [-TINY32, -0, 0.75],
          [-1.0000000031710769e-30, -0, 0.75],
          [-1, 0.31606027483940125, 0.2759096026420593],
          [1, 1, -1.5],
          [-20, 0.5, 1.5458652136146611e-9],
          [-800, 0.5, 0],
          [MAX32, MAX32, -1.5],
          [Infinity, Infinity, -1.5],
          [-Infinity, 0.5, 0],
          [Number.NaN, Number.NaN, Number.NaN], // PyTorch's vectorised kernel; its scalar one gives dy·scale
        ]),
        edges('elu', { alpha: -0.5 }, 'float64', [
          [0, -0, 0.75],
          [-0, -0, 0.75],
          [TINY64, TINY64, -1.5],
          [-TINY64, -0, 0.75],
          [-1e-30, -0, 0.75],
          [-1, 0.31606027941427883, 0.27590958087858175],
          [1, 1, -1.5],
          [-20, 0.4999999989694232, 1.5458652168289183e-9],
          [-800, 0.5, 0],
          [MAX64, MAX64, -1.5],
          [Infinity, Infinity, -1.5],
          [-Infinity, 0.5, 0],
          [Number.NaN, Number.NaN, Number.NaN], // PyTorch's vectorised kernel; its scalar one gives dy·scale
        ]),
        edges('elu', { alpha: 0 }, 'float32', [
          [0, 0, -0],
          [-0, 0, -0],
          [TINY32, TINY32, -1.5],
          [-TINY32, 0, -0],
          [-1.0000000031710769e-30, 0, -0],
          [-1, -0, -0],
          [1, 1, -1.5],
          [-20, -0, -0],
          [-800, -0, -0],
          [MAX32, MAX32, -1.5],
          [Infinity, Infinity, -1.5],
          [-Infinity, -0, -0],
          [Number.NaN, Number.NaN, Number.NaN], // PyTorch's vectorised kernel; its scalar one gives dy·scale
        ]),
        edges('elu', { alpha: 0 }, 'float64', [
          [0, 0, -0],
          [-0, 0, -0],
          [TINY64, TINY64, -1.5],
          [-TINY64, 0, -0],
          [-1e-30, 0, -0],
          [-1, -0, -0],
          [1, 1, -1.5],
          [-20, -0, -0],
          [-800, -0, -0],
          [MAX64, MAX64, -1.5],
          [Infinity, Infinity, -1.5],
          [-Infinity, -0, -0],
          [Number.NaN, Number.NaN, Number.NaN], // PyTorch's vectorised kernel; its scalar one gives dy·scale
        ]),
        edges('celu', { alpha: 1 }, 'float32', [
          [0, 0, -1.5],
          [-0, 0, -1.5],
          [TINY32, TINY32, -1.5],
          [-TINY32, 0, -1.5],
          [-1.0000000031710769e-30, 0, -1.5],
          [-1, -0.6321205496788025, -0.5518192052841187],
          [1, 1, -1.5],
          [-20, -1, -3.0917304272293222e-9],
          [-800, -1, -0],
          [MAX32, MAX32, -1.5],
          [Infinity, Infinity, -1.5],
          [-Infinity, -1, -0],
          [Number.NaN, Number.NaN, Number.NaN], // PyTorch's vectorised kernel; its scalar one gives dy·scale
        ]),
        edges('celu', { alpha: 1 }, 'float64', [
          [0, 0, -1.5],
          [-0, 0, -1.5],
          [TINY64, TINY64, -1.5],
          [-TINY64, 0, -1.5],
          [-1e-30, 0, -1.5],
          [-1, -0.6321205588285577, -0.5518191617571635],
          [1, 1, -1.5],
          [-20, -0.9999999979388464, -3.0917304336578366e-9],
          [-800, -1, -0],
          [MAX64, MAX64, -1.5],
          [Infinity, Infinity, -1.5],
          [-Infinity, -1, -0],
          [Number.NaN, Number.NaN, Number.NaN], // PyTorch's vectorised kernel; its scalar one gives dy·scale
        ]),
        edges('celu', { alpha: 2 }, 'float32', [
          [0, 0, -1.5],
          [-0, 0, -1.5],
          [TINY32, TINY32, -1.5],
          [-TINY32, 0, -1.5],
          [-1.0000000031710769e-30, 0, -1.5],
          [-1, -0.7869386672973633, -0.9097959995269775],
          [1, 1, -1.5],
          [-20, -1.9999091625213623, -6.809989281464368e-5],
          [-800, -2, -0],
          [MAX32, MAX32, -1.5],
          [Infinity, Infinity, -1.5],
          [-Infinity, -2, -0],
          [Number.NaN, Number.NaN, Number.NaN], // PyTorch's vectorised kernel; its scalar one gives dy·scale
        ]),
        edges('celu', { alpha: 2 }, 'float64', [
          [0, 0, -1.5],
          [-0, 0, -1.5],
          [TINY64, TINY64, -1.5],
          [-TINY64, 0, -1.5],
          [-1e-30, 0, -1.5],
          [-1, -0.7869386805747332, -0.9097959895689501],
          [1, 1, -1.5],
          [-20, -1.999909200140475, -6.809989464372728e-5],
          [-800, -2, -2.8727543950710086e-174],
          [MAX64, MAX64, -1.5],
          [Infinity, Infinity, -1.5],
          [-Infinity, -2, -0],
          [Number.NaN, Number.NaN, Number.NaN], // PyTorch's vectorised kernel; its scalar one gives dy·scale
        ]),
        edges('celu', { alpha: 0.3 }, 'float32', [
          [0, 0, -1.5],
          [-0, 0, -1.5],
          [TINY32, TINY32, -1.5],
          [-TINY32, 0, -1.5],
          [-1.0000000031710769e-30, 0, -1.5],
          [-1, -0.28929781913757324, -0.05351099371910095],
          [1, 1, -1.5],
          [-20, -0.30000001192092896, -1.6715789970161974e-29],
          [-800, -0.30000001192092896, -0],
          [MAX32, MAX32, -1.5],
          [Infinity, Infinity, -1.5],
          [-Infinity, -0.30000001192092896, -0],
          [Number.NaN, Number.NaN, Number.NaN], // PyTorch's vectorised kernel; its scalar one gives dy·scale
        ]),
        edges('celu', { alpha: 0.3 }, 'float64', [
          [0, 0, -1.4999999403953577],
          [-0, 0, -1.4999999403953577],
          [TINY64, TINY64, -1.5],
          [-TINY64, 0, -1.4999999403953577],
          [-1e-30, 0, -1.4999999403953577],
          [-1, -0.2892978019958243, -0.05351099498232855],
          [1, 1, -1.5],
          [-20, -0.3, -1.6715790985044333e-29],
          [-800, -0.3, -0],
          [MAX64, MAX64, -1.5],
          [Infinity, Infinity, -1.5],
          [-Infinity, -0.3, -0],
          [Number.NaN, Number.NaN, Number.NaN], // PyTorch's vectorised kernel; its scalar one gives dy·scale
        ]),
        edges('celu', { alpha: -0.5 }, 'float32', [
          [0, -0, -1.5],
          [-0, -0, -1.5],
          [TINY32, TINY32, -1.5],
          [-TINY32, -0, -1.5],
          [-1.0000000031710769e-30, -0, -1.5],
          [-1, -3.194528102874756, -11.08358383178711],
          [1, 1, -1.5],
          [-20, -1.176926351702098e17, -3.5307792269049856e17],
          [-800, -Infinity, -Infinity],
          [MAX32, MAX32, -1.5],
          [Infinity, Infinity, -1.5],
          [-Infinity, -Infinity, -Infinity],
          [Number.NaN, Number.NaN, Number.NaN], // PyTorch's vectorised kernel; its scalar one gives dy·scale
        ]),
        edges('celu', { alpha: -0.5 }, 'float64', [
          [0, -0, -1.5],
          [-0, -0, -1.5],
          [TINY64, TINY64, -1.5],
          [-TINY64, -0, -1.5],
          [-1e-30, -0, -1.5],
          [-1, -3.194528049465325, -11.083584148395975],
          [1, 1, -1.5],
          [-20, -1.1769263341851e17, -3.5307790025553e17],
          [-800, -Infinity, -Infinity],
          [MAX64, MAX64, -1.5],
          [Infinity, Infinity, -1.5],
          [-Infinity, -Infinity, -Infinity],
          [Number.NaN, Number.NaN, Number.NaN], // PyTorch's vectorised kernel; its scalar one gives dy·scale
        ]),
        edges('selu', {}, 'float32', [
          [0, 0, -2.637148857116699],
          [-0, 0, -2.637148857116699],
          [TINY32, TINY32, -1.5760514736175537],
          [-TINY32, 0, -2.637148857116699],
          [-1.0000000031710769e-30, 0, -2.637148857116699],
          [-1, -1.1113307476043701, -0.9701528549194336],
          [1, 1.0507010221481323, -1.5760514736175537],
          [-20, -1.7580993175506592, -5.4355688838825245e-9],
          [-800, -1.7580993175506592, -0],
          [MAX32, Infinity, -1.5760514736175537],
          [-MAX32, -1.7580993175506592, -0],
          [Infinity, Infinity, -1.5760514736175537],
          [-Infinity, -1.7580993175506592, -0],
          [Number.NaN, Number.NaN, Number.NaN], // PyTorch's vectorised kernel; its scalar one gives dy·scale
        ]),
        edges('selu', {}, 'float64', [
          [0, 0, -2.637149011271065],
          [-0, 0, -2.637149011271065],
          [TINY64, TINY64, -1.5760514810332207],
          [-TINY64, 0, -2.637149011271065],
          [-1e-30, 0, -2.637149011271065],
          [-1, -1.1113307378125625, -0.970152904552221],
          [1, 1.0507009873554805, -1.5760514810332207],
          [-20, -1.758099337223664, -5.435569237491617e-9],
          [-800, -1.7580993408473766, -0],
          [MAX64, Infinity, -1.5760514810332207],
          [-MAX64, -1.7580993408473766, -0],
          [Infinity, Infinity, -1.5760514810332207],
          [-Infinity, -1.7580993408473766, -0],
          [Number.NaN, Number.NaN, Number.NaN], // PyTorch's vectorised kernel; its scalar one gives dy·scale
        ]),
    ],
  });
});

describe('elu package', () => {
  it('should export exactly its three plugins and their config types', () => {
    expect(Object.keys(api).sort()).toEqual(['celu', 'elu', 'selu']);
  });

  it('should register under their names, aliases and display names', () => {
    const registry = createRegistry().use([elu, celu, selu]).freeze();
    expect(registry.create('ELU', { alpha: 0.5 }).config).toEqual({ alpha: 0.5 });
    expect(registry.create('SELU').name).toBe('selu');
    expect([elu, celu, selu].map((p) => p.displayName)).toEqual(['ELU', 'CELU', 'SELU']);
  });

  it('should give the documented gains', () => {
    expect(elu.create().gain()).toBeCloseTo(1.2452, 4);
    expect(elu.create({ alpha: 0.3 }).gain()).toBeCloseTo(1.3961, 4);
    expect(elu.create({ alpha: 0 }).gain()).toBeCloseTo(Math.SQRT2, 8);
    expect(celu.create({ alpha: -0.5 }).gain()).toBe(1);
    expect(selu.create().gain()).toBe(3 / 4);
  });

  it('should reproduce the examples in the docs', () => {
    const e = elu.create({ alpha: 1 }).forward(tensor([-1, 0, 2]));
    expect(Array.from(e.y.data)).toEqual([-0.6321205588285577, 0, 2]);
    expect(Array.from(e.backward(tensor([1, 1, 1])).data)).toEqual([0.36787944117144233, 1, 1]);
    const c = celu.create({ alpha: 2 }).forward(tensor([-2, 0, 3]));
    expect(Array.from(c.y.data)).toEqual([-1.2642411176571153, 0, 3]);
    expect(Array.from(c.backward(tensor([1, 1, 1])).data)).toEqual([0.36787944117144233, 1, 1]);
    const s = selu.create().forward(tensor([-1, 0, 1]));
    expect(Array.from(s.y.data)).toEqual([-1.1113307378125625, 0, 1.0507009873554805]);
    expect(Array.from(s.backward(tensor([1, 1, 1])).data)).toEqual([0.646768603034814, 1.7580993408473766, 1.0507009873554805]);
  });

  it('should map -0 to +0 as PyTorch does, and keep the sign PyTorch gives for a negative or zero alpha', () => {
    for (const Array of [Float32Array, Float64Array]) {
      const x = tensor(Array.from([-0, 0]));
      expect([...elu.create().forward(x).y.data].map((v) => Object.is(v, 0))).toEqual([true, true]);
      expect([...selu.create().forward(x).y.data].map((v) => Object.is(v, 0))).toEqual([true, true]);
      // (exp(±0) − 1)·α = +0·α: −0 for a negative α.
      expect([...elu.create({ alpha: -0.5 }).forward(x).y.data].map((v) => Object.is(v, -0))).toEqual([true, true]);
      // α = 0: (exp(x) − 1)·0 is −0 where exp(x) rounds below 1, +0 where it rounds to 1.
      const zero = elu.create({ alpha: 0 }).forward(tensor(Array.from([-1, -1e-30, -Infinity]))).y.data;
      expect([...zero].map((v) => (Object.is(v, -0) ? '-0' : String(v)))).toEqual(['-0', '0', '-0']);
    }
  });

  it('should use PyTorch 1.13\'s float32 reading of alpha in the float64 gradient of celu', () => {
    // 1/fround(0.3) times 0.3 is 0.99999996...: PyTorch's dx at 0 for dy = 1.
    const dx = celu.create({ alpha: 0.3 }).forward(tensor([0])).backward(tensor([1])).data[0];
    expect(dx).toBe((1 / Math.fround(0.3)) * 0.3);
    expect(dx).not.toBe(1);
  });
});

describe('celu config errors', () => {
  it.each([0, -0, 1e-39, -5e-324])('should refuse alpha %s, naming the field and value', (alpha) => {
    expect(() => celu.create({ alpha })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'alpha', value: alpha }));
    expect(() => celu.validate({ alpha })).toThrow(/celu: config\.alpha must be a finite number other than 0, at least 2\^-126/);
  });

  it('should accept the smallest normal float32 and negative alphas', () => {
    expect(celu.create({ alpha: 2 ** -126 }).config.alpha).toBe(2 ** -126);
    expect(celu.create({ alpha: -0.5 }).config.alpha).toBe(-0.5);
  });

  it.each([Number.NaN, Infinity, -Infinity, '1'])('should refuse a non-finite alpha (%s) for elu and celu', (alpha) => {
    for (const plugin of [elu, celu]) {
      expect(() => plugin.create({ alpha: alpha as number })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'alpha' }));
    }
  });

  it('should leave the input config unchanged when it refuses it', () => {
    const config = { alpha: 0 };
    expect(() => celu.create(config)).toThrow(RectifyError);
    expect(config).toEqual({ alpha: 0 });
  });

  it('should refuse any config key for selu', () => {
    expect(() => selu.create({ alpha: 1 } as never)).toThrow(/unknown config key "alpha"/);
  });
});


describe('lowerings', () => {
  it('should give a backward for each (the kit checks the op set and that it is data)', () => {
    for (const plugin of [elu, celu, selu]) {
      const lowering = plugin.lowering?.(plugin.validate({}) as never, [2, 3]);
      expect(lowering?.backward).toBeDefined();
    }
  });

  it("should carry celu's two input scales, 1/α forward and 1/fround(α) backward", () => {
    const text = JSON.stringify(celu.lowering?.({ alpha: 0.3 }, [3]));
    expect(text).toContain(JSON.stringify({ constant: 1 / 0.3 }));
    expect(text).toContain(JSON.stringify({ constant: 1 / Math.fround(0.3) }));
  });
});
