import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readNumber } from '../src/args.js';
import { displayName, formatExact, formatFixed, formatTicks, tutorialLine, tutorialName } from '../src/format.js';
import { builtInPlugins } from '../src/registry.js';

/**
 * Whether x is exactly halfway between two multiples of 10^-digits (a tie):
 * its decimal expansion stops at the next digit, a 5. Thirty more digits tell
 * a tie from its float64 neighbours for the magnitudes tested here.
 */
function isTie(x: number, digits: number): boolean {
  const expansion = Math.abs(x).toFixed(digits + 30);
  const tail = expansion.slice(expansion.length - 30);
  return /^50*$/.test(tail);
}

describe('formatFixed', () => {
  it('should agree with toFixed on every value that is not an exact tie', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e15, max: 1e15, noNaN: true }), fc.integer({ min: 0, max: 12 }), (x, digits) => {
        fc.pre(!isTie(x, digits));
        const expected = x.toFixed(digits);
        // toFixed drops the sign of a result that rounds to zero from −0 or a tiny negative; %.Nf keeps it.
        const signed = (x < 0 || Object.is(x, -0)) && !expected.startsWith('-') ? `-${expected}` : expected;
        expect(formatFixed(x, digits)).toBe(signed);
      }),
    );
  });

  it('should round exact ties to the even neighbour, as %.Nf does', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), (n) => {
        const text = formatFixed(n + 0.5, 0);
        const rounded = Number(text);
        expect(Math.abs(rounded - (n + 0.5))).toBe(0.5);
        expect(Math.abs(rounded) % 2).toBe(0);
      }),
    );
  });

  it('should print the values Python prints for known cases', () => {
    const cases: [number, number, string][] = [
      [0.25, 1, '0.2'],
      [0.35, 1, '0.3'], // 0.35 is really 0.34999…
      [2.675, 2, '2.67'],
      [0.125, 2, '0.12'],
      [-10, 1, '-10.0'],
      [-0, 1, '-0.0'],
      [-0.01, 1, '-0.0'],
      [1e22, 0, '10000000000000000000000'],
      [5e-324, 3, '0.000'],
      [Number.NaN, 1, 'NaN'],
      [-Infinity, 1, '-Infinity'],
    ];
    for (const [x, digits, text] of cases) expect(formatFixed(x, digits), `${x} with ${digits}`).toBe(text);
  });
});

describe('formatExact and formatTicks', () => {
  it('should read back as the same number, −0 included', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (x) => {
        const text = formatExact(x);
        expect(Object.is(Number(text), x)).toBe(true);
      }),
    );
  });

  it('should give tick labels as many decimals as the step needs, with a true minus sign', () => {
    expect(formatTicks([-1, -0.5, 0, 0.5])).toEqual(['\u22121.0', '\u22120.5', '0.0', '0.5']);
    expect(formatTicks([-10, -5, -0, 5])).toEqual(['\u221210', '\u22125', '0', '5']);
    expect(formatTicks([0, 0.05, 0.1])).toEqual(['0.00', '0.05', '0.10']);
  });
});

describe('displayName', () => {
  it('should title-case snake_case names and keep rectifier prefixes in capitals', () => {
    expect(['relu', 'leaky_relu', 'prelu', 'rrelu', 'maxout', 'swish', 'hard_swish'].map(displayName)).toEqual([
      'Relu',
      'Leaky Relu',
      'PRelu',
      'RRelu',
      'Maxout',
      'Swish',
      'Hard Swish',
    ]);
  });
});

describe('tutorialName and tutorialLine', () => {
  it('should keep the tutorial spelling for the rectifiers and print every other built-in under its display name', () => {
    const rectifiers = ['relu', 'leaky_relu', 'prelu', 'rrelu', 'maxout'];
    for (const plugin of builtInPlugins) {
      const expected = rectifiers.includes(plugin.name) ? displayName(plugin.name) : plugin.displayName;
      expect(tutorialName(plugin), plugin.name).toBe(expected);
      expect(tutorialName(plugin.name), plugin.name).toBe(expected);
    }
    expect(['relu', 'leaky_relu', 'sigmoid', 'tanh', 'gelu', 'silu', 'relu6', 'log_softmax'].map((name) => tutorialName(name))).toEqual([
      'Relu',
      'Leaky Relu',
      'Sigmoid',
      'Tanh',
      'GELU',
      'SiLU',
      'ReLU6',
      'LogSoftmax',
    ]);
  });

  it('should find a built-in by alias, and title-case a name it does not know', () => {
    expect(tutorialName('LeakyReLU')).toBe('Leaky Relu');
    expect(tutorialName('logistic')).toBe('Sigmoid');
    expect(tutorialName('hard_swish_v2')).toBe('Hard Swish V2');
    expect(tutorialName({ name: 'swish', displayName: 'Swish-β' })).toBe('Swish-β');
  });

  it('should print the tutorial lines exactly', () => {
    expect(tutorialLine('relu', 1, 1)).toBe('Applying Relu on (1.0) gives 1.0');
    expect(tutorialLine('leaky_relu', -10, -0.1, 0.01)).toBe('Applying Leaky Relu on (-10.0) gives -0.1  (gradient 0.01)');
    expect(tutorialLine('sigmoid', 0, 0.5)).toBe('Applying Sigmoid on (0.0) gives 0.5');
    expect(tutorialLine('gelu', 1, 0.8413447460685429, 1.0833154705876864, 3)).toBe('Applying GELU on (1.000) gives 0.841  (gradient 1.083)');
  });
});

describe('readNumber', () => {
  it('should read back every finite double from its shortest text, −0 included', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(Object.is(readNumber(formatExact(x)), x)).toBe(true);
      }),
    );
  });

  it('should read NaN and the infinities, and refuse what Number() would wrongly accept', () => {
    expect(readNumber('-Infinity')).toBe(-Infinity);
    expect(readNumber('inf')).toBe(Infinity);
    expect(readNumber('NaN')).toBeNaN();
    for (const text of ['', ' ', '0x10', '1_000', '1e', '--1', 'abc', '1.2.3']) expect(readNumber(text), text).toBeUndefined();
  });
});
