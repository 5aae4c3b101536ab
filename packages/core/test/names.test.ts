import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeName, suggestName } from '../src/index.js';

describe('names', () => {
  it('should normalise case, underscores and hyphens away', () => {
    expect(normalizeName('Leaky_ReLU')).toBe('leakyrelu');
    expect(normalizeName('leaky-relu')).toBe('leakyrelu');
  });

  it('should be idempotent', () => {
    fc.assert(fc.property(fc.string(), (s) => normalizeName(normalizeName(s)) === normalizeName(s)));
  });

  it('should suggest a candidate one typo away, and nothing for far-off names', () => {
    const names = ['relu', 'leaky_relu', 'prelu', 'rrelu', 'maxout'];
    expect(suggestName('rleu', names)).toBe('relu');
    expect(suggestName('leaky_rel', names)).toBe('leaky_relu');
    expect(suggestName('maxuot', names)).toBe('maxout');
    expect(suggestName('softmax', names)).toBeUndefined();
  });

  it('should always suggest a name to itself when misspelt by one edit', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{4,12}$/), fc.nat(), (name, at) => {
        const i = at % name.length;
        const typo = name.slice(0, i) + name.slice(i + 1);
        expect(suggestName(typo, [name, 'zzzzzzzzzzzzzzzzzz'])).toBe(name);
      }),
    );
  });
});

describe('suggestName for abbreviations', () => {
  it('should suggest the one candidate that contains the name', () => {
    expect(suggestName('leaky', ['relu', 'leaky_relu', 'LeakyReLU'])).toBe('leaky_relu');
    expect(suggestName('xyz', ['relu', 'leaky_relu'])).toBeUndefined();
  });
});
