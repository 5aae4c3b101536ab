import { describe, expect, it } from 'vitest';
import { RectifyError, createRegistry, tensor } from '@rectify/core';
import { DTYPE_LIMITS, edgeCase } from '@rectify/testing';
import { describeConformance, describeReference } from '@rectify/testing/vitest';
import * as api from '../src/index.js';
import { hardtanh, relu6, softsign, tanh } from '../src/index.js';

describeConformance(tanh);
describeConformance(softsign);
describeConformance(hardtanh);
describeConformance(hardtanh, { config: { minVal: -2.5, maxVal: 0.5 } });
describeConformance(hardtanh, { config: { minVal: 0.25, maxVal: 0.25 } });
describeConformance(relu6);

const { max: MAX32, tiny: TINY32 } = DTYPE_LIMITS.float32;
const { max: MAX64, tiny: TINY64 } = DTYPE_LIMITS.float64;
const edges = edgeCase;

// Each table was computed by PyTorch 1.13.1 (torch.tanh, F.softsign, F.hardtanh, F.relu6 and autograd), one input at a time.
describe('edge cases against PyTorch', () => {
  describeReference(
    [tanh, softsign, hardtanh, relu6],
    {
      generator: 'PyTorch 1.13.1, one input at a time',
      cases: [
        edges('tanh', {}, 'float32', [
          [0, 0, -1.5],
          [-0, -0, -1.5],
          [TINY32, TINY32, -1.5],
          [-TINY32, -TINY32, -1.5],
          [0.5, 0.46211716532707214, -1.1796715259552002],
          [-0.5, -0.46211716532707214, -1.1796715259552002],
          // The first float32 input whose tanh rounds to 1 (9.011004447937012), with its neighbours: dy·(1 − 1) = −0.
          [9.011003494262695, 1, -0],
          [9.011004447937012, 1, -0],
          [-20, -1, -0],
          [MAX32, 1, -0],
          [Infinity, 1, -0],
          [-Infinity, -1, -0],
          [Number.NaN, Number.NaN, Number.NaN],
        ]),
        edges('tanh', {}, 'float64', [
          [0, 0, -1.5],
          [-0, -0, -1.5],
          [TINY64, TINY64, -1.5],
          [-TINY64, -TINY64, -1.5],
          [0.5, 0.46211715726000974, -1.179671599448891],
          [9.011004447937012, 0.9999999702031076, -8.939067586193033e-8],
          [20, 1, -0],
          [-20, -1, -0],
          [-MAX64, -1, -0],
          [Infinity, 1, -0],
          [-Infinity, -1, -0],
          [Number.NaN, Number.NaN, Number.NaN],
        ]),
        edges('softsign', {}, 'float32', [
          [0, 0, -1.5],
          [-0, -0, -1.5],
          [1, 0.5, -0.375],
          [-3, -0.75, -0.09375],
          // |x|/(1 + |x|) rounds to 1 from 2^24 on: the two terms of the gradient cancel to +0.
          [2 ** 24, 1, 0],
          [1.0000000150474662e30, 1, 0],
          [-MAX32, -1, 0],
          [Infinity, Number.NaN, Number.NaN],
          [-Infinity, Number.NaN, Number.NaN],
          [Number.NaN, Number.NaN, Number.NaN],
        ]),
        edges('softsign', {}, 'float64', [
          [0, 0, -1.5],
          [-0, -0, -1.5],
          [1, 0.5, -0.375],
          [-3, -0.75, -0.09375],
          [2 ** 24, 0.9999999403953588, -5.329069882926041e-15],
          [2 ** 53, 1, 0],
          [1e30, 1, -1.7516230804060213e-46],
          [MAX64, 1, 0],
          [Infinity, Number.NaN, Number.NaN],
          [-Infinity, Number.NaN, Number.NaN],
          [Number.NaN, Number.NaN, Number.NaN],
        ]),
        ...(['float32', 'float64'] as const).map((dtype) => {
          const below = dtype === 'float32' ? 1.0000001192092896 : 1.0000000000000002;
          const inside = dtype === 'float32' ? 0.9999999403953552 : 0.9999999999999999;
          return edges('hardtanh', {}, dtype, [
            [0, 0, -1.5],
            [-0, -0, -1.5],
            [-below, -1, 0],
            [-1, -1, 0],
            [-inside, -inside, -1.5],
            [inside, inside, -1.5],
            [1, 1, 0],
            [below, 1, 0],
            [Infinity, 1, 0],
            [-Infinity, -1, 0],
            // PyTorch's scalar kernel: dy (its vectorised one gives 0).
            [Number.NaN, Number.NaN, -1.5],
          ]);
        }),
        // Bounds float32 cannot hold: both are rounded to float32 first, so fround(0.7) is at the bound and its gradient is 0.
        edges('hardtanh', { minVal: 0.1, maxVal: 0.7 }, 'float32', [
          [-0, 0.10000000149011612, 0],
          [0.09999999403953552, 0.10000000149011612, 0],
          [0.10000000149011612, 0.10000000149011612, 0],
          [0.10000000894069672, 0.10000000894069672, -1.5],
          [0.6999999284744263, 0.6999999284744263, -1.5],
          [0.699999988079071, 0.699999988079071, 0],
          [0.7000000476837158, 0.699999988079071, 0],
          [-Infinity, 0.10000000149011612, 0],
          [Number.NaN, Number.NaN, -1.5],
        ]),
        edges('hardtanh', { minVal: 0.1, maxVal: 0.7 }, 'float64', [
          [-0, 0.1, 0],
          [0.09999999999999999, 0.1, 0],
          [0.1, 0.1, 0],
          [0.10000000000000002, 0.10000000000000002, -1.5],
          [0.6999999999999998, 0.6999999999999998, -1.5],
          [0.7, 0.7, 0],
          [0.7000000000000001, 0.7, 0],
          [Infinity, 0.7, 0],
          [Number.NaN, Number.NaN, -1.5],
        ]),
        ...(['float32', 'float64'] as const).map((dtype) => {
          const tiny = dtype === 'float32' ? TINY32 : TINY64;
          const [under, over] = dtype === 'float32' ? [5.999999523162842, 6.000000476837158] : [5.999999999999999, 6.000000000000001];
          return edges('relu6', {}, dtype, [
            [0, 0, 0],
            [-0, -0, 0],
            [tiny, tiny, -1.5],
            [-tiny, 0, 0],
            [under, under, -1.5],
            [6, 6, 0],
            [over, 6, 0],
            [3, 3, -1.5],
            [-1, 0, 0],
            [Infinity, 6, 0],
            [-Infinity, 0, 0],
            // PyTorch's scalar kernel: dy (its vectorised one gives 0).
            [Number.NaN, Number.NaN, -1.5],
          ]);
        }),
      ],
    },
    { exact: ['hardtanh', 'relu6', 'softsign'] },
  );
});

describe.each([
  ['float32', Float32Array],
  ['float64', Float64Array],
] as const)('selected zeros in %s', (_, Array) => {
  it('should give +0 at and beyond the bounds whatever dy holds, -0 and NaN included', () => {
    for (const [act, xs] of [
      [hardtanh.create(), [-1, 1, -2, 2]],
      [relu6.create(), [0, -0, 6, 7]],
    ] as const) {
      const { backward } = act.forward(tensor(Array.from(xs)));
      const dx = backward(tensor(Array.from([Number.NaN, -0, -Infinity, Number.NaN]))).data;
      expect([...dx].map((v) => Object.is(v, 0))).toEqual([true, true, true, true]);
    }
  });
});

describe('tanh package', () => {
  it('should export exactly its four plugins and their config types', () => {
    expect(Object.keys(api).sort()).toEqual(['hardtanh', 'relu6', 'softsign', 'tanh']);
  });

  it('should register under their names, aliases and display names', () => {
    const registry = createRegistry().use([tanh, softsign, hardtanh, relu6]).freeze();
    expect(registry.create('Tanh').name).toBe('tanh');
    expect(registry.create('ReLU6').name).toBe('relu6');
    expect(registry.create('Hardtanh', { minVal: 0, maxVal: 6 }).config).toEqual({ minVal: 0, maxVal: 6 });
    expect([tanh, softsign, hardtanh, relu6].map((p) => p.displayName)).toEqual(['Tanh', 'Softsign', 'Hardtanh', 'ReLU6']);
  });

  it('should give the documented gains', () => {
    expect(tanh.create().gain()).toBe(5 / 3);
    expect(hardtanh.create({ minVal: 0, maxVal: 0 }).gain()).toBe(5 / 3);
    expect(relu6.create().gain()).toBeCloseTo(Math.SQRT2, 8);
    expect(softsign.create().gain()).toBeCloseTo(2.3375, 4);
  });

  it('should reproduce the examples in the docs', () => {
    const t = tanh.create().forward(tensor([-20, -0.5, 0, 0.5, 20]));
    expect(Array.from(t.y.data)).toEqual([-1, -0.4621171572600098, 0, 0.4621171572600098, 1]);
    expect(Array.from(t.backward(tensor([1, 1, 1, 1, 1])).data)).toEqual([0, 0.7864477329659274, 1, 0.7864477329659274, 0]);
    const s = softsign.create().forward(tensor([-3, 0, 1]));
    expect(Array.from(s.y.data)).toEqual([-0.75, 0, 0.5]);
    expect(Array.from(s.backward(tensor([1, 1, 1])).data)).toEqual([0.0625, 1, 0.25]);
    const h = hardtanh.create({ minVal: -1, maxVal: 1 }).forward(tensor([-2, -1, 0.5, 1, 2]));
    expect(Array.from(h.y.data)).toEqual([-1, -1, 0.5, 1, 1]);
    expect(Array.from(h.backward(tensor([1, 1, 1, 1, 1])).data)).toEqual([0, 0, 1, 0, 0]);
    const r = relu6.create().forward(tensor([-1, 0, 3, 6, 8]));
    expect(Array.from(r.y.data)).toEqual([0, 0, 3, 6, 6]);
    expect(Array.from(r.backward(tensor([1, 1, 1, 1, 1])).data)).toEqual([0, 0, 1, 0, 0]);
  });
});

describe('hardtanh config errors', () => {
  it('should refuse minVal > maxVal, naming maxVal and its value', () => {
    expect(() => hardtanh.create({ minVal: 2, maxVal: 1 })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'maxVal', value: 1 }));
    expect(() => hardtanh.validate({ minVal: 2, maxVal: 1 })).toThrow(/hardtanh: config\.maxVal must be at least minVal \(2\), got 1/);
  });

  it('should accept equal bounds, which give a constant with a zero gradient', () => {
    const { y, backward } = hardtanh.create({ minVal: 0.5, maxVal: 0.5 }).forward(tensor([-1, 0.5, 2]));
    expect(Array.from(y.data)).toEqual([0.5, 0.5, 0.5]);
    expect(Array.from(backward(tensor([1, 1, 1])).data)).toEqual([0, 0, 0]);
  });

  it.each([Number.NaN, Infinity, -Infinity, '1'])('should refuse a bound of %s, naming the field', (bad) => {
    expect(() => hardtanh.create({ minVal: bad as number })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'minVal' }));
    expect(() => hardtanh.create({ maxVal: bad as number })).toThrow(RectifyError);
  });

  it('should leave the input config unchanged when it refuses it', () => {
    const config = { minVal: 3, maxVal: -3 };
    expect(() => hardtanh.create(config)).toThrow(RectifyError);
    expect(config).toEqual({ minVal: 3, maxVal: -3 });
  });

  it('should refuse config keys the others do not take', () => {
    expect(() => relu6.create({ maxVal: 6 } as never)).toThrow(/unknown config key "maxVal"/);
    expect(() => tanh.create({ beta: 1 } as never)).toThrow(RectifyError);
  });
});


describe('lowerings', () => {
  it('should give a backward for each (the kit checks the op set and that it is data)', () => {
    for (const plugin of [tanh, softsign, hardtanh, relu6]) {
      const lowering = plugin.lowering?.(plugin.validate({}) as never, [2, 3]);
      expect(lowering?.backward).toBeDefined();
    }
  });

  it('should clamp with Where, so that NaN and the sign of a zero pass through as in PyTorch', () => {
    expect(JSON.stringify(relu6.lowering?.({}, [4])?.forward)).toBe(
      '{"op":"Where","inputs":[{"op":"Less","inputs":[{"input":"x"},{"constant":0}]},{"constant":0},{"op":"Where","inputs":[{"op":"Greater","inputs":[{"input":"x"},{"constant":6}]},{"constant":6},{"input":"x"}]}]}',
    );
  });
});
