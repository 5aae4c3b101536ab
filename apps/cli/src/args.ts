/**
 * Turns command-line text into checked values. Every error names the
 * argument it comes from.
 *
 * @packageDocumentation
 */
import type { AnyActivationPlugin } from '@rectify/core';
import { InvalidArgumentError } from 'commander';
import { UsageError, isRectifyError } from './errors.js';

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const SPECIAL: Readonly<Record<string, number>> = {
  nan: Number.NaN,
  '+nan': Number.NaN,
  '-nan': Number.NaN,
  inf: Infinity,
  '+inf': Infinity,
  '-inf': -Infinity,
  infinity: Infinity,
  '+infinity': Infinity,
  '-infinity': -Infinity,
};

/**
 * Reads a decimal number: `1`, `-10`, `2.5`, `.5`, `1e-3`, and `NaN`, `inf`,
 * `Infinity` with an optional sign, in any case. Hexadecimal, empty text and
 * trailing garbage are refused (unlike `Number()`, which reads `''` as 0).
 *
 * @param text - The argument as typed.
 * @returns The number, or `undefined` when the text is not one.
 * @internal
 */
export function readNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (DECIMAL.test(trimmed)) return Number(trimmed);
  const special = SPECIAL[trimmed.toLowerCase()];
  return special;
}

/**
 * Parses the input values of `rectify eval`, naming the first bad one by its
 * position. Text that starts with `-` and is not a number is reported as an
 * unknown option, since the parser passes unknown options through as inputs.
 *
 * @param texts - The values as typed.
 * @throws {@link UsageError} naming `x[i]` and the text, or the unknown option.
 * @internal
 */
export function parseInputs(texts: readonly string[]): number[] {
  return texts.map((text, i) => {
    const value = readNumber(text);
    if (value === undefined) {
      if (/^-[-a-z]/i.test(text)) throw new UsageError(`unknown option ${JSON.stringify(text)} (see rectify eval --help)`);
      throw new UsageError(`input x[${i}] must be a number (such as 1.5, -10, 2e-3, NaN or Infinity), got ${JSON.stringify(text)}`);
    }
    return value;
  });
}

/**
 * A commander option parser for a finite number.
 *
 * @param text - The option's value.
 * @throws `InvalidArgumentError`, which commander reports with the option's name.
 * @internal
 */
export function finiteOption(text: string): number {
  const value = readNumber(text);
  if (value === undefined || !Number.isFinite(value)) throw new InvalidArgumentError('expected a finite number.');
  return value;
}

/**
 * A commander option parser for an integer from `min` to `max`.
 *
 * @param min - Smallest accepted value.
 * @param max - Largest accepted value.
 * @internal
 */
export function integerOption(min: number, max: number): (text: string) => number {
  return (text) => {
    const value = /^[+-]?\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}.`);
    return value;
  };
}

/**
 * One `--set` argument, read.
 * @internal
 */
export interface Setting {
  /** The argument as typed, for error messages. */
  readonly text: string;
  /** The activation it is restricted to (`leaky_relu.negativeSlope=0.2`), if any. */
  readonly target: string | undefined;
  /** The config key. */
  readonly key: string;
  /** The value: a JSON number or boolean. */
  readonly value: number | boolean;
}

/**
 * A commander option parser that collects `--set key=value` arguments; the
 * value must be a JSON number or boolean (`0.2`, `-1e-3`, `true`).
 *
 * @param text - One `--set` value.
 * @param previous - The settings collected so far (none for the first).
 * @internal
 */
export function collectSetting(text: string, previous: readonly Setting[] = []): Setting[] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`expected key=value, such as negativeSlope=0.2.`);
  const left = text.slice(0, eq).trim();
  const raw = text.slice(eq + 1).trim();
  const dot = left.lastIndexOf('.');
  const target = dot > 0 ? left.slice(0, dot) : undefined;
  const key = dot > 0 ? left.slice(dot + 1) : left;
  if (key === '') throw new InvalidArgumentError(`expected key=value, such as negativeSlope=0.2.`);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = undefined;
  }
  if (typeof value !== 'number' && typeof value !== 'boolean') {
    throw new InvalidArgumentError(`the value of ${key} must be a JSON number or boolean (such as 0.2, -1e-3 or true), got ${JSON.stringify(raw)}.`);
  }
  if (previous.some((s) => s.key === key && s.target === target)) {
    throw new InvalidArgumentError(`${left} is set twice.`);
  }
  return [...previous, { text, target, key, value }];
}

/**
 * Builds and validates the config of each named plugin from `--set`
 * arguments.
 *
 * @remarks
 * A setting with a target (`leaky_relu.negativeSlope=0.2`) applies to that
 * plugin only. A plain setting applies to every plugin that has the key; with
 * a single plugin it always applies, so that the plugin's own error names an
 * unknown key. A plain key that none of several plugins has is refused.
 *
 * @param plugins - The plugins, in command-line order.
 * @param settings - The collected `--set` arguments.
 * @param matches - Whether a target names a plugin (lookup rules of the registry).
 * @returns One validated config per plugin.
 * @throws {@link UsageError} naming the `--set` argument.
 * @internal
 */
export function configsFor(
  plugins: readonly AnyActivationPlugin[],
  settings: readonly Setting[],
  matches: (target: string, plugin: AnyActivationPlugin) => boolean,
): Readonly<Record<string, unknown>>[] {
  for (const setting of settings) {
    if (setting.target !== undefined) {
      const target = setting.target;
      if (!plugins.some((plugin) => matches(target, plugin))) {
        throw new UsageError(`--set ${setting.text}: ${JSON.stringify(target)} is not one of the activations named (${plugins.map((p) => p.name).join(', ')})`);
      }
    } else if (plugins.length > 1 && !plugins.some((plugin) => Object.hasOwn(plugin.fields, setting.key))) {
      throw new UsageError(`--set ${setting.text}: none of ${plugins.map((p) => p.name).join(', ')} has a config key ${JSON.stringify(setting.key)}`);
    }
  }
  return plugins.map((plugin) => {
    const mine = settings.filter((s) =>
      s.target !== undefined ? matches(s.target, plugin) : plugins.length === 1 || Object.hasOwn(plugin.fields, s.key),
    );
    // A null prototype makes `__proto__` an ordinary key, which the plugin then rejects as unknown.
    const config: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const setting of mine) config[setting.key] = setting.value;
    try {
      return plugin.validate(config) as Readonly<Record<string, unknown>>;
    } catch (error) {
      if (!isRectifyError(error)) throw error;
      const culprit = mine.find((s) => s.key === error.field);
      throw new UsageError(culprit === undefined ? error.message : `--set ${culprit.text}: ${error.message}`);
    }
  });
}
