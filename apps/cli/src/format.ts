/**
 * Every number and name the `rectify` command prints goes through this module,
 * so that text output, plots and tick labels agree.
 *
 * @packageDocumentation
 */
import { encodeNumber, type SerializedParameter } from '@rectify/core';
import { builtInPlugins, designates } from './registry.js';

/**
 * Splits a finite, non-negative float64 into an integer mantissa m and an
 * exponent e with `value = m · 2^e`, exactly.
 */
function decompose(value: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  // Subnormals have no implicit leading 1 and the smallest exponent.
  return biased === 0 ? { mantissa: fraction, exponent: -1074 } : { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}

/**
 * Formats a number with a fixed count of decimals, as C's and Python's
 * `%.Nf` do: from the exact binary value, ties to even.
 *
 * @remarks
 * - Rounding works on the exact value of the float64, so `0.15` (really
 *   0.1499999999999999944…) gives `0.1`, and an exact tie such as `0.25` goes
 *   to the even neighbour, `0.2`. `Number.prototype.toFixed` rounds exact
 *   ties away from zero instead, which would differ from the tutorial's
 *   Python in those cases.
 * - The sign is the number's sign: −0 prints as `-0.0`, and so does a small
 *   negative number that rounds to zero (`-0.01` with one decimal), as
 *   `%.1f` prints them.
 * - NaN and the infinities print as `NaN`, `Infinity` and `-Infinity`, the
 *   spellings the JSON encoding of `@rectify/core` uses.
 * - There is no exponent notation: 1e300 prints all its 301 digits.
 *
 * @param value - Any number.
 * @param digits - Decimals after the point, a non-negative integer.
 * @returns The decimal text.
 * @example
 * ```ts
 * formatFixed(-10, 1); // '-10.0'
 * formatFixed(-0.1, 1); // '-0.1'
 * formatFixed(2.675, 2); // '2.67' (2.675 is really 2.67499999…)
 * ```
 * @internal
 */
export function formatFixed(value: number, digits: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  const negative = value < 0 || Object.is(value, -0);
  const { mantissa, exponent } = decompose(Math.abs(value));
  const scale = 10n ** BigInt(digits);
  let scaled: bigint;
  if (exponent >= 0) {
    scaled = (mantissa << BigInt(exponent)) * scale;
  } else {
    const numerator = mantissa * scale;
    const denominator = 1n << BigInt(-exponent);
    scaled = numerator / denominator;
    const twiceRemainder = (numerator % denominator) * 2n;
    if (twiceRemainder > denominator || (twiceRemainder === denominator && (scaled & 1n) === 1n)) scaled += 1n;
  }
  let text = scaled.toString();
  if (digits > 0) {
    text = text.padStart(digits + 1, '0');
    text = `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  }
  return negative ? `-${text}` : text;
}

/**
 * Formats a number as the shortest text that reads back as the same float64,
 * with −0 kept as `-0`: for gains, defaults and other exact values.
 *
 * @param value - Any number.
 * @internal
 */
export function formatExact(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

/**
 * Encodes a number for `--json` output: a JSON number, or one of the strings
 * `"NaN"`, `"Infinity"`, `"-Infinity"`, `"-0"` for values JSON cannot hold, as
 * serialised activations encode them.
 *
 * @param value - Any number.
 * @internal
 */
export function jsonNumber(value: number): SerializedParameter['data'][number] {
  return encodeNumber(value);
}

/**
 * Labels for evenly spaced axis ticks: as many decimals as the spacing needs
 * (a step of 0.5 gives one, a step of 2 none), and `−` (U+2212) as the minus
 * sign, as typeset figures use it.
 *
 * @param ticks - Tick values in increasing order, evenly spaced.
 * @returns One label per tick.
 * @internal
 */
export function formatTicks(ticks: readonly number[]): string[] {
  const step = ticks.length > 1 ? Math.abs((ticks[1] as number) - (ticks[0] as number)) : 1;
  const digits = step > 0 && Number.isFinite(step) ? Math.min(20, Math.max(0, Math.ceil(-Math.log10(step) - 1e-9))) : 0;
  // A tick at zero may be computed as −0; it is labelled 0.
  return ticks.map((tick) => formatFixed(tick + 0, digits).replace(/^-/, '\u2212'));
}

/**
 * Title-cases a canonical name: each `_`-separated word in title case, and a
 * word that is a rectifier with a one- or two-letter prefix keeps the prefix
 * in capitals.
 *
 * @remarks
 * `relu` → `Relu`, `leaky_relu` → `Leaky Relu` (the spellings the tutorial
 * prints), `prelu` → `PRelu`, `rrelu` → `RRelu`, `maxout` → `Maxout`,
 * `swish` → `Swish`. {@link tutorialName} uses it for names it does not know;
 * a plugin's own `displayName` (`GELU`, `SiLU`) is the better name for any
 * activation outside the tutorial's rectifiers.
 * @param name - A canonical name in snake_case.
 * @internal
 */
export function displayName(name: string): string {
  return name
    .split('_')
    .filter((word) => word !== '')
    .map((word) => {
      const prefixed = /^([a-z]{1,2})relu$/.exec(word);
      if (prefixed !== null) return `${(prefixed[1] as string).toUpperCase()}Relu`;
      return word.charAt(0).toUpperCase() + word.slice(1);
    })
    .join(' ');
}

/**
 * A plugin as {@link tutorialLine} needs it: its canonical name and the name
 * as the field writes it.
 * @public
 */
export interface NamedActivation {
  /** The canonical name, such as `leaky_relu`. */
  readonly name: string;
  /** The display name, such as `Leaky ReLU` or `GELU`. */
  readonly displayName: string;
}

/**
 * The names the tutorial itself prints for the rectifiers it covers
 * (`Applying Relu on …`, `Applying Leaky Relu on …`), and the same spelling
 * for the other three rectifiers.
 */
const TUTORIAL_SPELLINGS: ReadonlyMap<string, string> = new Map(['relu', 'leaky_relu', 'prelu', 'rrelu', 'maxout'].map((name) => [name, displayName(name)]));

/**
 * The name {@link tutorialLine} prints for an activation.
 *
 * @remarks
 * - The five rectifiers keep the tutorial's spelling: `Relu`, `Leaky Relu`,
 *   `PRelu`, `RRelu`, `Maxout`.
 * - Every other activation prints its plugin's `displayName`, the name as
 *   the field writes it: `Sigmoid`, `Tanh`, `GELU`, `SiLU`, `LogSoftmax`.
 * - Given a name rather than a plugin, a built-in activation's name or alias
 *   is looked up among the built-in plugins; any other name is title-cased
 *   by {@link displayName} (`swish` → `Swish`).
 *
 * @param activation - A plugin (or anything with `name` and `displayName`),
 * or a name.
 * @public
 */
export function tutorialName(activation: string | NamedActivation): string {
  const named = typeof activation === 'string' ? builtInPlugins.find((plugin) => designates(activation, plugin)) : activation;
  if (named === undefined) return displayName(activation as string);
  return TUTORIAL_SPELLINGS.get(named.name) ?? named.displayName;
}

/**
 * One line of the tutorial's table, `Applying Relu on (-10.0) gives 0.0`, with
 * the gradient beside it when one is given: values with `digits` decimals
 * (default 1, as the tutorial's `%.1f`), the gradient exact unless `digits`
 * is given.
 *
 * @remarks
 * The name is {@link tutorialName}'s: the tutorial's `Relu` and `Leaky Relu`
 * for the rectifiers, the display name for the rest (`Applying Sigmoid on
 * (0.0) gives 0.5`, `Applying GELU on …`).
 *
 * @param activation - The plugin, or its canonical name (or an alias).
 * @param x - The input.
 * @param y - The output.
 * @param dx - The gradient at x, or `undefined` to leave it out.
 * @param digits - Decimals for values (and gradients, when given).
 * @public
 */
export function tutorialLine(activation: string | NamedActivation, x: number, y: number, dx?: number, digits?: number): string {
  const line = `Applying ${tutorialName(activation)} on (${formatFixed(x, digits ?? 1)}) gives ${formatFixed(y, digits ?? 1)}`;
  if (dx === undefined) return line;
  return `${line}  (gradient ${digits === undefined ? formatExact(dx) : formatFixed(dx, digits)})`;
}
