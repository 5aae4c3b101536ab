import fc from 'fast-check';
import type { AnyActivationPlugin, ConfigField } from '@rectify/core';

/**
 * A config as the kit draws it: field names to values.
 * @public
 */
export type DrawnConfig = Readonly<Record<string, unknown>>;

/** Half-width of the window most draws come from: small counts, axes and slopes. */
const SMALL = 4;
/** Half-width of the wider window some draws come from, still small enough for counts and seeds. */
const WIDE = 64;
/** Numbers that are simple and often special for a hyperparameter. */
const SIMPLE_NUMBERS: readonly number[] = [0, 1, -1, 0.5, 2, 0.25, -0.5, 1.5];

/**
 * The part of `[−radius, radius]` inside the bounds, or, when the bounds lie
 * wholly outside it, the `2·radius` values nearest 0 within them.
 */
function windowOf(min: number, max: number, radius: number): [number, number] {
  const lo = Math.max(min, -radius);
  const hi = Math.min(max, radius);
  if (lo <= hi) return [lo, hi];
  return min > radius ? [min, Math.min(max, min + 2 * radius)] : [Math.max(min, max - 2 * radius), max];
}

/**
 * Values for one config field. A numeric field gives its default first (so
 * shrinking heads there), then simple values, a small window and a wider one,
 * all within the field's bounds; integers for an `integer` field, finite
 * doubles otherwise. A `choice` field gives one of its `choices`, the default
 * most often (and first, so shrinking heads there), each other choice as often
 * as the others.
 *
 * @remarks
 * Drawing mostly small values keeps shape-dependent configs satisfiable
 * (PReLU's `numParameters` must be 1 or the channel count, Maxout's `pieces`
 * must divide it, and the kit's shapes have axes of 1 to 4 by default) and
 * keeps counts and seeds small, so an instance stays cheap to create.
 *
 * @param field - A field made by `numberField`, `integerField` or `choiceField` (its `kind` set).
 * @returns The arbitrary, or `undefined` for a field without `kind`, which keeps its default.
 * @public
 */
export function fieldArbitrary(field: ConfigField<unknown>): fc.Arbitrary<unknown> | undefined {
  if (field.kind === undefined) return undefined;
  if (field.kind === 'choice') return choiceArbitrary(field);
  const integer = field.kind === 'integer';
  const min = field.bounds?.min ?? -Infinity;
  const max = field.bounds?.max ?? Infinity;
  const inBounds = (v: number) => v >= min && v <= max && (!integer || Number.isInteger(v));
  const range = (radius: number): fc.Arbitrary<number> => {
    const [lo, hi] = windowOf(min, max, radius);
    if (!integer) return fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });
    // Fractional bounds may leave no integer in a window: then its one value is the default.
    return Math.ceil(lo) <= Math.floor(hi) ? fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) }) : fc.constant(field.default as number);
  };
  const simple = SIMPLE_NUMBERS.filter(inBounds);
  const branches: fc.WeightedArbitrary<unknown>[] = [{ weight: 3, arbitrary: fc.constant(field.default) }];
  if (simple.length > 0) branches.push({ weight: 2, arbitrary: fc.constantFrom(...simple) });
  branches.push({ weight: 4, arbitrary: range(SMALL) }, { weight: 1, arbitrary: range(WIDE) });
  // Cross-shrinking lets a shrunk counterexample fall back to the default, so only the fields that matter stay non-default.
  return fc.oneof({ withCrossShrink: true }, ...branches);
}

/**
 * One of a `choice` field's values: the default in half the draws, the other
 * choices evenly in the rest; the default alone when it lists no others.
 */
function choiceArbitrary(field: ConfigField<unknown>): fc.Arbitrary<unknown> {
  const others = (field.choices ?? []).filter((choice) => choice !== field.default);
  if (others.length === 0) return fc.constant(field.default);
  return fc.oneof({ withCrossShrink: true }, { weight: others.length, arbitrary: fc.constant(field.default) }, { weight: others.length, arbitrary: fc.constantFrom(...others) });
}

/**
 * Configs for a plugin, drawn field by field from its `fields` with
 * {@link fieldArbitrary}: every field with a `kind`, except the pinned ones,
 * which stay fixed. Fields without `kind` are left out (they take their
 * default). Combinations the plugin refuses are not filtered here: see
 * {@link validConfig}.
 *
 * @param plugin - The plugin.
 * @param pinned - Fields to keep fixed: a partial config.
 * @public
 */
export function configArbitrary(plugin: AnyActivationPlugin, pinned: object = {}): fc.Arbitrary<DrawnConfig> {
  const fixed = pinned as Record<string, unknown>;
  const drawn: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, field] of Object.entries(plugin.fields as Record<string, ConfigField<unknown>>)) {
    if (fixed[key] !== undefined) continue;
    const arbitrary = fieldArbitrary(field);
    if (arbitrary !== undefined) drawn[key] = arbitrary;
  }
  return fc.record(drawn).map((values) => ({ ...fixed, ...values }));
}

/**
 * The plugin's validated config for a drawn one, or `undefined` when the
 * plugin refuses it (RReLU's lower \> upper).
 *
 * @param plugin - The plugin.
 * @param config - A drawn config.
 * @public
 */
export function validConfig(plugin: AnyActivationPlugin, config: object): DrawnConfig | undefined {
  try {
    return plugin.validate(config) as DrawnConfig;
  } catch {
    return undefined;
  }
}
