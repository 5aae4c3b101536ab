import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readHash, STATE_KEYS, writeHash } from '../src/hash.js';
import { registry } from '../src/registry.js';
import { DATASET_DEFAULTS, DATASETS, DEFAULT_STATE, TABS, type PlaygroundState } from '../src/state.js';

const plottable = registry.plugins().filter((plugin) => plugin.traits.elementwise).map((plugin) => plugin.name);

/** States the page can be in: any activation with a config its plugin accepts. */
const stateArbitrary: fc.Arbitrary<PlaygroundState> = fc
  .record({
    tab: fc.constantFrom(...TABS),
    fn: fc.constantFrom('relu', 'leaky_relu', 'elu', 'hardtanh', 'softplus', 'gelu', 'rrelu'),
    slope: fc.double({ min: -10, max: 10, noNaN: true }),
    overlay: fc.uniqueArray(fc.constantFrom(...plottable), { maxLength: 6 }),
    diff: fc.boolean(),
    x: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    span: fc.tuple(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.double({ min: 1e-3, max: 1e3, noNaN: true })),
    formula: fc.constantFrom('x * sigmoid(x)', 'max(0, x) + 0.1 * min(0, x)', 'tanh(x) ^ 2', 'x + 1'),
    data: fc.constantFrom(...DATASETS),
    rate: fc.double({ min: 1e-6, max: 100, noNaN: true }),
    steps: fc.integer({ min: 1, max: 5000 }),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  })
  .map(({ tab, fn, slope, overlay, diff, x, span, formula, data, rate, steps, seed }) => {
    const configs: Record<string, Record<string, number | string>> = {
      leaky_relu: { negativeSlope: slope },
      elu: { alpha: Math.abs(slope) },
      hardtanh: { minVal: -Math.abs(slope) - 1, maxVal: Math.abs(slope) },
      softplus: { beta: Math.abs(slope) + 0.5, threshold: 20 },
      gelu: { approximate: slope > 0 ? 'tanh' : 'none' },
      rrelu: { lower: 0.1, upper: 0.3, seed },
    };
    return { tab, fn, config: configs[fn] ?? {}, overlay, diff, x, from: span[0], to: span[0] + span[1], formula, train: { data, rate, steps, seed } };
  });

describe('the URL hash', () => {
  it('should read back every state it writes', () => {
    fc.assert(
      fc.property(stateArbitrary, (state) => {
        const reading = readHash(writeHash(state), registry);
        expect(reading.problem).toBeUndefined();
        expect(reading.state).toEqual(state);
      }),
    );
  });

  it('should read the short form of the issue: Leaky ReLU with slope 0.2 at x = −1', () => {
    const { state, problem } = readHash('#fn=leaky_relu&negativeSlope=0.2&x=-1', registry);
    expect(problem).toBeUndefined();
    expect(state).toMatchObject({ fn: 'leaky_relu', config: { negativeSlope: 0.2 }, x: -1 });
  });

  it('should accept aliases and any case, writing the canonical name', () => {
    expect(readHash('#fn=LeakyReLU', registry).state.fn).toBe('leaky_relu');
    expect(readHash('#fn=Swish', registry).state.fn).toBe('silu');
  });

  it('should train on digits from a link that names them, with their own rate and steps', () => {
    const { state, problem } = readHash('#tab=train&data=digits', registry);
    expect(problem).toBeUndefined();
    expect(state.train).toEqual({ data: 'digits', ...DATASET_DEFAULTS.digits, seed: 1 });
    expect(DATASET_DEFAULTS.digits).not.toEqual(DATASET_DEFAULTS.spirals);
    expect(writeHash(state)).toBe('#v=1&tab=train&fn=relu&x=1&data=digits');
    expect(writeHash({ ...state, train: { ...state.train, ...DATASET_DEFAULTS.spirals } })).toBe('#v=1&tab=train&fn=relu&x=1&data=digits&rate=0.1&steps=300');
    expect(readHash('#data=circles&rate=0.5&steps=100', registry).state.train).toMatchObject({ rate: 0.5, steps: 100 });
  });

  it('should give the defaults for an empty hash', () => {
    expect(readHash('', registry)).toEqual({ state: DEFAULT_STATE });
    expect(readHash('#', registry)).toEqual({ state: DEFAULT_STATE });
  });

  it.each(([
    ['#__proto__=1', 'unknown key "__proto__"'],
    ['#fn=relu&constructor=1', 'unknown key "constructor"'],
    ['#fn=relu&toString=1', 'unknown key "toString"'],
    ['#fn=__proto__', 'no activation is registered as "__proto__"'],
    ['#fn=constructor', 'no activation is registered'],
    ['#fn=<b>x</b>', 'no activation is registered as "<b>x</b>"'],
    ['#x=1e309', 'x must be a number'],
    ['#x=0x10', 'x must be a number'],
    ['#x=Infinity', 'x must be a number'],
    ['#x=', 'x must be a number'],
    ['#x=1e7', 'x must be a number from -1000000 to 1000000'],
    ['#from=2&to=1', 'from (2) must be less than to (1)'],
    ['#fn=leaky_relu&negativeSlope=NaN', 'negativeSlope must be a number'],
    ['#fn=hardtanh&minVal=2&maxVal=1', 'hardtanh'],
    ['#fn=gelu&approximate=erf', 'approximate'],
    ['#steps=1.5', 'steps must be a whole number'],
    ['#steps=100000', 'steps must be a number from 1 to 5000'],
    ['#data=mnist', 'data must be one of spirals, circles, xor, digits, got "mnist"'],
    ['#tab=admin', 'tab must be one of explore, formula, train'],
    ['#v=2', 'version 1'],
    ['#x=1&x=2', '"x" appears twice'],
    ['#overlay=relu,relu,relu,relu,relu,relu,relu', 'at most 6'],
    ['#formula=constructor.constructor(1)', 'formula: unexpected "."'],
    ['#formula=process', 'formula: unknown name "process"'],
    [`#x=${'1'.repeat(2001)}`, 'longer than 2000'],
  ] as const).map(([hash, message]) => [hash.length > 60 ? `${hash.slice(0, 12)}… (${hash.length} characters)` : hash, hash, message] as const))('should refuse %s with a message and the defaults', (_label, hash, message) => {
    const reading = readHash(hash, registry);
    expect(reading.state).toBe(DEFAULT_STATE);
    expect(reading.problem).toContain(message);
  });

  it('should not let an untrusted key reach a prototype', () => {
    readHash('#fn=leaky_relu&__proto__=1&negativeSlope=0.1', registry);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('negativeSlope');
  });

  it('should keep its own keys apart from every registered config field', () => {
    const fields = registry.plugins().flatMap((plugin) => Object.keys(plugin.fields));
    expect(fields.filter((field) => STATE_KEYS.includes(field))).toEqual([]);
  });
});
