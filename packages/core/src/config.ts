import { RectifyError, describeValue } from './errors.js';

/**
 * How one config field is documented, defaulted and checked.
 *
 * @typeParam T - The field's type.
 * @public
 */
export interface ConfigField<T> {
  /** The value used when the field is absent. */
  readonly default: T;
  /** One sentence for docs and `rectify list`. */
  readonly description: string;
  /**
   * What kind of value it takes, for tools that generate or display configs
   * (the conformance kit draws configs from it). Absent for a custom check.
   */
  readonly kind?: 'number' | 'integer' | 'choice';
  /** The accepted values of a `'choice'` field, in the order listings show them. */
  readonly choices?: readonly string[];
  /** The accepted range of a numeric field, inclusive; absent where unbounded. */
  readonly bounds?: Bounds;
  /**
   * Returns the checked value, or a phrase saying what was expected
   * (`'a finite number'`), which becomes part of the error message.
   */
  readonly check: (value: unknown) =>
    | {
        /** The value was accepted. */
        readonly ok: true;
        /** The checked value. */
        readonly value: T;
      }
    | {
        /** The value was refused. */
        readonly ok: false;
        /** What was expected, such as `'a finite number'`. */
        readonly expected: string;
      };
}

/**
 * The fields of a config type, each with its {@link ConfigField}.
 * @typeParam C - The config type.
 * @public
 */
export type ConfigSpec<C> = { readonly [K in keyof C]-?: ConfigField<C[K]> };

/**
 * Numeric bounds for {@link numberField} and {@link integerField}.
 * @public
 */
export interface Bounds {
  /** Smallest accepted value, inclusive. */
  readonly min?: number;
  /** Largest accepted value, inclusive. */
  readonly max?: number;
}

function boundsPhrase(kind: string, { min, max }: Bounds): string {
  if (min !== undefined && max !== undefined) return `${kind} from ${min} to ${max}`;
  if (min !== undefined) return `${kind} ≥ ${min}`;
  if (max !== undefined) return `${kind} ≤ ${max}`;
  return kind;
}

/**
 * A field holding a finite number.
 *
 * @param defaultValue - The default.
 * @param description - One sentence on its meaning.
 * @param bounds - Optional inclusive bounds.
 * @public
 */
export function numberField(defaultValue: number, description: string, bounds: Bounds = {}): ConfigField<number> {
  const expected = boundsPhrase('a finite number', bounds);
  return {
    default: defaultValue,
    description,
    kind: 'number',
    bounds: Object.freeze({ ...bounds }),
    check: (value) =>
      typeof value === 'number' &&
      Number.isFinite(value) &&
      (bounds.min === undefined || value >= bounds.min) &&
      (bounds.max === undefined || value <= bounds.max)
        ? { ok: true, value }
        : { ok: false, expected },
  };
}

/**
 * A field holding a safe integer.
 *
 * @param defaultValue - The default.
 * @param description - One sentence on its meaning.
 * @param bounds - Optional inclusive bounds.
 * @public
 */
export function integerField(defaultValue: number, description: string, bounds: Bounds = {}): ConfigField<number> {
  const expected = boundsPhrase('an integer', bounds);
  return {
    default: defaultValue,
    description,
    kind: 'integer',
    bounds: Object.freeze({ ...bounds }),
    check: (value) =>
      typeof value === 'number' &&
      Number.isSafeInteger(value) &&
      (bounds.min === undefined || value >= bounds.min) &&
      (bounds.max === undefined || value <= bounds.max)
        ? { ok: true, value }
        : { ok: false, expected },
  };
}

/**
 * Reads the defaults of a spec into a frozen config.
 *
 * @param spec - The fields.
 * @public
 */
export function defaultsOf<C>(spec: ConfigSpec<C>): Readonly<C> {
  const config: Record<string, unknown> = {};
  for (const key of Object.keys(spec)) config[key] = (spec as Record<string, ConfigField<unknown>>)[key]?.default;
  return Object.freeze(config) as Readonly<C>;
}

/**
 * Validates a user's config against a spec, filling in defaults.
 *
 * @remarks
 * Rejects anything but a plain object, any key the spec does not name
 * (`__proto__` and `constructor` included), and any value its field refuses.
 * A key whose value is `undefined` takes the default. The input is not changed.
 *
 * @param plugin - The plugin's name, for the error message.
 * @param spec - The fields.
 * @param input - The config to check; `undefined` means all defaults.
 * @returns A new, frozen config.
 * @throws {@link RectifyError} `INVALID_CONFIG`, naming the field and value.
 * @public
 */
export function parseConfig<C>(plugin: string, spec: ConfigSpec<C>, input: unknown): Readonly<C> {
  if (input === undefined) return defaultsOf(spec);
  const proto: unknown = typeof input === 'object' && input !== null ? Object.getPrototypeOf(input) : undefined;
  if (typeof input !== 'object' || input === null || Array.isArray(input) || (proto !== Object.prototype && proto !== null)) {
    throw new RectifyError('INVALID_CONFIG', `${plugin}: config must be a plain object, got ${describeValue(input)}`, { field: 'config', value: input });
  }
  const fields = spec as Record<string, ConfigField<unknown>>;
  for (const key of Object.keys(input)) {
    if (!Object.hasOwn(fields, key)) {
      const known = Object.keys(fields);
      throw new RectifyError(
        'INVALID_CONFIG',
        `${plugin}: unknown config key ${JSON.stringify(key)}; ${known.length > 0 ? `known keys: ${known.join(', ')}` : 'it takes no config'}`,
        { field: key, value: (input as Record<string, unknown>)[key] },
      );
    }
  }
  const config: Record<string, unknown> = {};
  for (const key of Object.keys(fields)) {
    const fieldSpec = fields[key] as ConfigField<unknown>;
    const raw = (input as Record<string, unknown>)[key];
    if (raw === undefined) {
      config[key] = fieldSpec.default;
      continue;
    }
    const result = fieldSpec.check(raw);
    if (!result.ok) {
      throw new RectifyError('INVALID_CONFIG', `${plugin}: config.${key} must be ${result.expected}, got ${describeValue(raw)}`, { field: key, value: raw });
    }
    config[key] = result.value;
  }
  return Object.freeze(config) as Readonly<C>;
}

/**
 * A config field that takes one of a few strings, such as GELU's
 * `approximate: 'none' | 'tanh'`.
 *
 * @typeParam T - The union of the accepted strings.
 * @param defaultValue - The value used when the field is absent; one of `choices`.
 * @param choices - The accepted values.
 * @param description - One sentence for docs and listings.
 * @throws {@link RectifyError} `INVALID_ARGUMENT` when `choices` is not a
 * non-empty array of strings or does not hold `defaultValue`.
 * @public
 */
export function choiceField<const T extends string>(defaultValue: NoInfer<T>, choices: readonly T[], description: string): ConfigField<T> {
  if (!Array.isArray(choices) || choices.length === 0 || !choices.every((c) => typeof c === 'string')) {
    throw new RectifyError('INVALID_ARGUMENT', `choices must be a non-empty array of strings, got ${describeValue(choices)}`, { field: 'choices', value: choices });
  }
  if (!choices.includes(defaultValue)) {
    throw new RectifyError('INVALID_ARGUMENT', `defaultValue must be one of the choices (${choices.join(', ')}), got ${describeValue(defaultValue)}`, { field: 'defaultValue', value: defaultValue });
  }
  const list = Object.freeze([...choices]);
  const expected = `one of ${list.map((c) => JSON.stringify(c)).join(', ')}`;
  return {
    default: defaultValue,
    description,
    kind: 'choice',
    choices: list,
    check: (value) => (typeof value === 'string' && (list as readonly string[]).includes(value) ? { ok: true, value: value as T } : { ok: false, expected }),
  };
}
