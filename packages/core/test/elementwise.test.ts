import { describe, expect, it } from 'vitest';
import { createKernels, createRegistry, defineElementwise, numberField, RectifyError, tensor, type KernelProvider } from '../src/index.js';

/** The README's minimal form, exactly as written there. */
const softsign = defineElementwise({
  name: 'softsign',
  summary: 'x / (1 + |x|)',
  fields: {},
  f: (x) => x / (1 + Math.abs(x)),
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the README's form, y unused
  df: (x, y) => 1 / (1 + Math.abs(x)) ** 2,
});

/** A configured activation: a slope that float32 rounds, and a rule across fields. */
const clamp = defineElementwise({
  name: 'soft_clamp',
  aliases: ['SoftClamp'],
  summary: 'min(hi, max(lo, x)) scaled by s',
  fields: {
    lo: numberField(-1, 'Lower bound.'),
    hi: numberField(1, 'Upper bound.'),
    s: numberField(0.1, 'Scale.', { min: 0 }),
  },
  f: (x, { lo, hi, s }) => s * Math.min(hi, Math.max(lo, x)),
  df: (x, _y, { lo, hi, s }) => (x > lo && x < hi ? s : 0),
  float32: (c) => ({ ...c, s: Math.fround(c.s) }),
  check: ({ lo, hi }) => {
    if (lo > hi) throw new RectifyError('INVALID_CONFIG', `soft_clamp: lo must be ≤ hi, got ${lo} > ${hi}`, { field: 'lo', value: lo });
  },
  traits: { kinks: ({ config }) => [config.lo, config.hi] },
});

describe('defineElementwise', () => {
  it('should make a complete plugin from the minimal form', () => {
    const registry = createRegistry().use(softsign);
    const act = registry.create('softsign');
    const { y, backward } = act.forward(tensor([-3, 0, 1]));
    expect(Array.from(y.data)).toEqual([-0.75, 0, 0.5]);
    expect(Array.from(backward(tensor([1, 1, 2])).data)).toEqual([1 / 16, 1, 0.5]);
    expect(softsign.traits).toMatchObject({ elementwise: true, stochastic: false, propagatesNaN: true });
    expect(softsign.traits.kinks(act)).toEqual([]);
    expect(softsign.defaults).toEqual({});
    expect(act.toJSON()).toEqual({ format: 'rectify.activation', version: 1, name: 'softsign', config: {}, parameters: {} });
    expect(registry.fromJSON(JSON.stringify(act)).name).toBe('softsign');
  });

  it('should round each float32 result once, from the float64 maths', () => {
    const x = new Float32Array([0.1, -7.3, 3e-39]);
    const { y } = softsign.create().forward(tensor(x));
    expect(y.data).toBeInstanceOf(Float32Array);
    expect(Array.from(y.data)).toEqual(Array.from(x, (v) => Math.fround(v / (1 + Math.abs(v)))));
  });

  it('should derive a Lipschitz bound from df and a variance-preserving gain', () => {
    const act = softsign.create();
    expect(softsign.traits.lipschitz(act)).toBe(1);
    // ReLU's variance-preserving gain is √2, which is calculate_gain('relu').
    const rectifier = defineElementwise({ name: 'r', summary: 'max(0, x)', fields: {}, f: (x) => Math.max(0, x), df: (x) => (x > 0 ? 1 : 0) });
    expect(rectifier.create().gain()).toBeCloseTo(Math.SQRT2, 9);
    expect(defineElementwise({ name: 'g', summary: '', fields: {}, f: (x) => x, df: () => 1, gain: 3 }).create().gain()).toBe(3);
  });

  it('should validate the config from the fields, then the cross-field check, naming the field and value', () => {
    expect(clamp.create({ lo: -2 }).config).toEqual({ lo: -2, hi: 1, s: 0.1 });
    expect(() => clamp.create({ s: -1 })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 's', value: -1 }));
    expect(() => clamp.create({ lo: 2 })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'lo', value: 2 }));
    expect(() => clamp.validate({ width: 1 })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'width' }));
    expect(clamp.traits.kinks(clamp.create())).toEqual([-1, 1]);
  });

  it('should give float32 inputs the config float32 rounds', () => {
    const { y } = clamp.create().forward(tensor(new Float32Array([0.5])));
    expect(y.data[0]).toBe(Math.fround(Math.fround(0.1) * 0.5));
    const { y: y64 } = clamp.create().forward(tensor(new Float64Array([0.5])));
    expect(y64.data[0]).toBe(0.05);
  });

  it('should run forwardInto/backwardInto with the bits of forward/backward', () => {
    const act = clamp.create({ s: 3 });
    const x = tensor(new Float64Array([-2, -0.5, 0.25, 4]));
    const dy = tensor(new Float64Array([1, 2, 3, 4]));
    const { y, backward } = act.forward(x);
    const out = new Float64Array(4);
    const dx = new Float64Array(4);
    act.forwardInto(x, out);
    act.backwardInto(dy, dx);
    expect(out).toEqual(y.data);
    expect(dx).toEqual(backward(dy).data);
    expect(Array.from(dx)).toEqual([0, 6, 9, 0]);
  });

  it('should run a provider kernel where one is given, and its own loop where the kernel declines', () => {
    const calls: string[] = [];
    const provider: KernelProvider = {
      name: 'counting',
      kernel: ({ activation, op, dtype }) => {
        if (activation !== 'softsign') return undefined;
        return (x: Float64Array, y: Float64Array) => {
          calls.push(`${op} ${dtype} ${x.length}`);
          if (x.length < 3) return false;
          y.fill(7);
          return true;
        };
      },
    };
    const act = createRegistry({ kernels: [provider] }).use(softsign).create('softsign');
    expect(Array.from(act.forward(tensor([1, 2, 3])).y.data)).toEqual([7, 7, 7]);
    expect(Array.from(act.forward(tensor([1])).y.data)).toEqual([0.5]);
    expect(calls).toEqual(['forward float64 3', 'forward float64 1']);
    // The plain path is untouched by another registry's provider.
    expect(Array.from(softsign.create({}, { kernels: createKernels() }).forward(tensor([1, 2, 3])).y.data)).toEqual([0.5, 2 / 3, 0.75]);
  });

  it('should declare the lowering only where one is given', () => {
    expect(softsign.lowering).toBeUndefined();
  });
});

describe('defineElementwise checks its definition', () => {
  const base = { name: 'ident', summary: 'x', fields: {}, f: (x: number) => x, df: () => 1 };
  it('should refuse a missing or mistyped member, naming it', () => {
    for (const [patch, field] of [
      [{ f: undefined }, 'f'],
      [{ df: 3 }, 'df'],
      [{ name: '' }, 'name'],
      [{ name: 5 }, 'name'],
      [{ fields: null }, 'fields'],
      [{ loops: 5 }, 'loops'],
      [{ aliases: 'ID' }, 'aliases'],
      [{ gain: -1 }, 'gain'],
      [{ lowering: {} }, 'lowering'],
    ] as const) {
      expect(() => defineElementwise({ ...base, ...patch } as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field }));
    }
    expect(() => defineElementwise(null as never)).toThrow(expect.objectContaining({ field: 'definition' }));
  });

  it('should keep its own copy: later changes to the definition change nothing', () => {
    const definition = { ...base, aliases: ['Ident'] };
    const plugin = defineElementwise(definition);
    definition.aliases.push('Other');
    definition.f = () => 42;
    expect(plugin.aliases).toEqual(['Ident']);
    expect(Array.from(plugin.create().forward(tensor([3])).y.data)).toEqual([3]);
  });
});
