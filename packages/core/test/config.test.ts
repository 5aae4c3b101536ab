import { describe, expect, it } from 'vitest';
import { integerField, numberField, parseConfig, type ConfigSpec } from '../src/index.js';

interface Config {
  slope: number;
  pieces: number;
}
const spec: ConfigSpec<Config> = {
  slope: numberField(0.01, 'The slope.'),
  pieces: integerField(2, 'Group size.', { min: 1, max: 8 }),
};

describe('parseConfig', () => {
  it('should fill in defaults and freeze the result', () => {
    const config = parseConfig('demo', spec, { slope: 0.5 });
    expect(config).toEqual({ slope: 0.5, pieces: 2 });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('should not change its input', () => {
    const input = { pieces: 3 };
    parseConfig('demo', spec, input);
    expect(input).toEqual({ pieces: 3 });
  });

  it('should reject unknown keys, __proto__ and constructor included, listing the known ones', () => {
    expect(() => parseConfig('demo', spec, { slop: 1 })).toThrow(/demo: unknown config key "slop"; known keys: slope, pieces/);
    expect(() => parseConfig('demo', spec, JSON.parse('{"__proto__": {"x": 1}}'))).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: '__proto__' }));
    expect(() => parseConfig('demo', spec, { constructor: 1 })).toThrow(expect.objectContaining({ field: 'constructor' }));
  });

  it('should name the field and value of a bad value', () => {
    expect(() => parseConfig('demo', spec, { slope: Number.NaN })).toThrow('demo: config.slope must be a finite number, got NaN');
    expect(() => parseConfig('demo', spec, { pieces: 2.5 })).toThrow('demo: config.pieces must be an integer from 1 to 8, got 2.5');
    expect(() => parseConfig('demo', spec, { pieces: '2' })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'pieces', value: '2' }));
  });

  it('should reject configs that are not plain objects', () => {
    for (const bad of [null, 3, 'x', [1], new Map()]) {
      expect(() => parseConfig('demo', spec, bad)).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', field: 'config' }));
    }
  });
});

describe('choiceField', () => {
  it('should accept one of its strings and name the field and value otherwise', async () => {
    const { choiceField, parseConfig } = await import('../src/index.js');
    const fields = { approximate: choiceField('none', ['none', 'tanh'], 'Which GELU.') };
    expect(parseConfig('gelu', fields, undefined)).toEqual({ approximate: 'none' });
    expect(parseConfig('gelu', fields, { approximate: 'tanh' })).toEqual({ approximate: 'tanh' });
    expect(() => parseConfig('gelu', fields, { approximate: 'erf' })).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG', field: 'approximate', value: 'erf', message: 'gelu: config.approximate must be one of "none", "tanh", got "erf"' }),
    );
    expect(fields.approximate.choices).toEqual(['none', 'tanh']);
  });
});

describe('choiceField checks its own arguments', () => {
  it('should refuse a default outside the choices, or choices that are not strings', async () => {
    const { choiceField } = await import('../src/index.js');
    expect(() => choiceField('x' as never, ['a', 'b'], '')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'defaultValue', value: 'x' }));
    expect(() => choiceField('a' as never, [] as never, '')).toThrow(expect.objectContaining({ field: 'choices' }));
    expect(() => choiceField('a' as never, 'ab' as never, '')).toThrow(expect.objectContaining({ field: 'choices' }));
  });
});
