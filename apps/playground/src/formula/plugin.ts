/**
 * A user's formula as an activation plugin, registered and used exactly as a
 * built-in one: `defineElementwise` with f and f′ from dual numbers and the
 * formula's kinks declared. The formula is the plugin's one config field,
 * `source`, so the activation's JSON carries it and a registry holding this
 * plugin rebuilds the same activation from that JSON; the field's check is
 * the parser, so a config is validated, never evaluated.
 *
 * @packageDocumentation
 */
import { defineElementwise, type AnyActivationPlugin, type ConfigField } from '@rectify/core';
import type { Dual } from './dual.js';
import { compileFormula } from './evaluate.js';
import { formulaKinks } from './kinks.js';
import { parseFormula } from './parse.js';

/** The name the custom activation is registered under. */
export const FORMULA_NAME = 'formula';

/** A formula turned into a plugin, or the reason it could not be. */
export type FormulaPlugin = { readonly ok: true; readonly plugin: AnyActivationPlugin } | { readonly ok: false; readonly error: string };

/** A compiled formula with its kinks. */
interface Compiled {
  readonly evaluate: (x: Dual) => Dual;
  readonly kinks: readonly number[];
}

/** The `source` field: a formula the parser accepts. */
function sourceField(source: string): ConfigField<string> {
  return {
    default: source,
    description: 'The formula in x, as the playground reads it.',
    check: (value) => {
      if (typeof value !== 'string') return { ok: false, expected: 'a formula in x, as text' };
      const parsed = parseFormula(value);
      return parsed.ok ? { ok: true, value } : { ok: false, expected: `a formula the playground reads (${parsed.error})` };
    },
  };
}

/**
 * Parses a formula and defines an elementwise activation computing it.
 *
 * @param source - The formula in x: the default of the plugin's `source` field.
 */
export function formulaPlugin(source: string): FormulaPlugin {
  const parsed = parseFormula(source);
  if (!parsed.ok) return parsed;
  const cache = new Map<string, Compiled>();
  const compiled = (text: string): Compiled => {
    let entry = cache.get(text);
    if (entry === undefined) {
      const result = parseFormula(text);
      if (!result.ok) throw new Error(`formula refused after validation: ${result.error}`);
      entry = { evaluate: compileFormula(result.tree), kinks: Object.freeze(formulaKinks(result.tree)) };
      cache.set(text, entry);
    }
    return entry;
  };
  const plugin = defineElementwise({
    name: FORMULA_NAME,
    displayName: 'Your formula',
    summary: 'An activation written as a formula in x, with its derivative from dual numbers.',
    fields: { source: sourceField(source) },
    f: (x, { source: text }) => compiled(text).evaluate({ v: x, d: 0 }).v,
    df: (x, _y, { source: text }) => compiled(text).evaluate({ v: x, d: 1 }).d,
    traits: { kinks: (activation) => compiled(activation.config.source).kinks },
  });
  return { ok: true, plugin };
}
