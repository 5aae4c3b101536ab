import { RectifyError, createKernels, decodeNumber, tensor, type AnyActivationPlugin, type DType, type KernelProvider } from '@rectify/core';
import { toArray } from './arbitraries.js';
import { decodeAll, parseReferenceFixture, type ReferenceCase, type ReferenceFixture } from './fixture.js';

/**
 * The largest mixed error |got − want| / max(|want|, 1) a value may have
 * against the reference outside `exact` mode, per dtype: about PyTorch's own
 * disagreement between its code paths. In the fixtures of PyTorch 1.13 its
 * vectorised and scalar kernels (different exp, log and erf approximations)
 * give outputs that differ by up to 2.7e-7 in float32 (GELU) and 3.3e-16 in
 * float64 (Mish); 6e-7 and 1e-15 allow two or three times that. Where the
 * paths part further (GELU's float32 gradient, by up to 1.2e-6), the fixture
 * lists both answers.
 * @public
 */
export const REFERENCE_TOLERANCE: Readonly<Record<DType, number>> = Object.freeze({ float32: 6e-7, float64: 1e-15 });

/**
 * Options for {@link checkReference}.
 * @public
 */
export interface ReferenceOptions {
  /** Require PyTorch's bits: a mixed error of 0, besides the NaNs, infinities and signs of zero always required. @defaultValue false */
  readonly exact?: boolean;
  /** Most mismatches the report lists as examples (all are counted). @defaultValue 20 */
  readonly maxExamples?: number;
  /**
   * Kernel providers the activation is created with (`plugin.create(config,
   * { kernels })`), to check a provider's path against the reference too.
   * @defaultValue none: the activation's own loops
   */
  readonly providers?: readonly KernelProvider[];
}

/**
 * One value that differs from the reference.
 * @public
 */
export interface ReferenceMismatch {
  /** The case's index in the fixture's `cases`. */
  readonly case: number;
  /** The case's activation name. */
  readonly name: string;
  /** The case's config. */
  readonly config: Readonly<Record<string, unknown>>;
  /** The case's dtype. */
  readonly dtype: DType;
  /** Which result differs. */
  readonly output: 'y' | 'dx';
  /** The index in that result. */
  readonly index: number;
  /** The input at that index, where the input has one (always for an elementwise activation). */
  readonly x: number | undefined;
  /** What the plugin computed. */
  readonly got: number;
  /** What PyTorch computed. */
  readonly want: number;
  /** The other accepted value there, if the fixture gives one. */
  readonly alternative?: number;
  /** The mixed error |got − want| / max(|want|, 1): NaN where one side is NaN, 0 for a zero of the wrong sign. */
  readonly error: number;
  /** Why it fails, in a few words: `NaN expected`, `sign of zero`, `error above 6e-7`. */
  readonly reason: string;
}

/**
 * How one case went.
 * @public
 */
export interface ReferenceCaseResult {
  /** The case's index in the fixture's `cases`. */
  readonly case: number;
  /** The case's activation name. */
  readonly name: string;
  /** The case's config. */
  readonly config: Readonly<Record<string, unknown>>;
  /** The case's dtype. */
  readonly dtype: DType;
  /** Whether every value matched. */
  readonly passed: boolean;
  /** Values compared, in y and dx together. */
  readonly compared: number;
  /** Values that did not match. */
  readonly mismatches: number;
  /** The largest mixed error seen in y and in dx (against the nearer accepted value; NaN mismatches aside). */
  readonly largestError: {
    /** In y. */
    readonly y: number;
    /** In dx. */
    readonly dx: number;
  };
  /** Why the case could not be compared: create, forward or backward threw, or y has another length. */
  readonly failure?: string;
}

/**
 * The outcome of {@link checkReference}.
 * @public
 */
export interface ReferenceReport {
  /** The plugin's canonical name. */
  readonly plugin: string;
  /** Whether bit-exactness was required. */
  readonly exact: boolean;
  /** Whether every case passed. */
  readonly passed: boolean;
  /** One entry per case of the plugin, in fixture order. */
  readonly cases: readonly ReferenceCaseResult[];
  /** Every mismatch, up to `maxExamples`, in fixture order. */
  readonly examples: readonly ReferenceMismatch[];
}

/** The verdict on one value. */
interface Verdict {
  readonly ok: boolean;
  readonly error: number;
  readonly reason: string;
}

/**
 * Compares a value with one accepted value: NaN where NaN, the same infinity,
 * the same sign of a zero, else a mixed error within the tolerance.
 */
function verdict(got: number, want: number, tolerance: number): Verdict {
  if (Number.isNaN(want)) return { ok: Number.isNaN(got), error: Number.isNaN(got) ? 0 : Number.NaN, reason: 'NaN expected' };
  if (Number.isNaN(got)) return { ok: false, error: Number.NaN, reason: 'NaN where a number is expected' };
  if (!Number.isFinite(want) || !Number.isFinite(got)) return { ok: got === want, error: got === want ? 0 : Infinity, reason: 'infinity differs' };
  if (got === 0 && want === 0) return { ok: Object.is(got, want), error: 0, reason: 'sign of zero' };
  const error = Math.abs(got - want) / Math.max(Math.abs(want), 1);
  return { ok: error <= tolerance, error, reason: tolerance === 0 ? 'bits differ' : `error above ${tolerance}` };
}

/**
 * The error against the nearer accepted value: the smaller error among the
 * verdicts that pass, or among all when none passes (NaN when none has a number).
 */
function nearer(first: Verdict, second: Verdict | undefined): number {
  const verdicts = second === undefined ? [first] : [first, second];
  const pool = verdicts.some((v) => v.ok) ? verdicts.filter((v) => v.ok) : verdicts;
  const errors = pool.map((v) => v.error).filter((e) => !Number.isNaN(e));
  return errors.length === 0 ? Number.NaN : Math.min(...errors);
}

/**
 * The cases of a fixture for a plugin: those whose name is its canonical name.
 * @param plugin - The plugin.
 * @param fixture - A checked fixture.
 * @throws `RectifyError` `INVALID_ARGUMENT` when there is none, so that a misspelt name cannot skip a check.
 * @internal
 */
export function referenceCasesOf(plugin: AnyActivationPlugin, fixture: ReferenceFixture): { readonly index: number; readonly reference: ReferenceCase }[] {
  const cases = fixture.cases.flatMap((reference, index) => (reference.name === plugin.name ? [{ index, reference }] : []));
  if (cases.length === 0) {
    const names = [...new Set(fixture.cases.map((c) => c.name))].join(', ') || 'none';
    throw new RectifyError('INVALID_ARGUMENT', `${plugin.name}: the reference fixture has no case named "${plugin.name}" (its cases are named: ${names})`, { field: 'fixture', value: plugin.name });
  }
  return cases;
}

/**
 * Runs one case: forward on x (eval mode), backward with dy, and every value
 * of y and dx against the reference. Mismatches go to `sink`, up to `room`.
 * @internal
 */
export function checkReferenceCase(plugin: AnyActivationPlugin, reference: ReferenceCase, index: number, options: ReferenceOptions, sink: ReferenceMismatch[], room: number): ReferenceCaseResult {
  const { name, config, dtype } = reference;
  const base = { case: index, name, config, dtype };
  const tolerance = options.exact === true ? 0 : REFERENCE_TOLERANCE[dtype];
  const x = decodeAll(reference.x);
  let got: { readonly y: ArrayLike<number>; readonly dx: ArrayLike<number> };
  try {
    const activation = plugin.create(config, { kernels: createKernels(options.providers ?? []) });
    const { y, backward } = activation.forward(tensor(toArray(dtype, x), reference.shape), { training: false });
    if (y.data.length !== reference.y.length) throw new Error(`y has ${y.data.length} elements; the reference has ${reference.y.length}`);
    got = { y: y.data, dx: backward(tensor(toArray(dtype, decodeAll(reference.dy)), y.shape)).data };
  } catch (error) {
    const failure = error instanceof Error ? error.message : String(error);
    return { ...base, passed: false, compared: 0, mismatches: 1, largestError: { y: Number.NaN, dx: Number.NaN }, failure };
  }
  let mismatches = 0;
  const largest = { y: 0, dx: 0 };
  for (const output of ['y', 'dx'] as const) {
    const want = decodeAll(reference[output]);
    const alternatives = (output === 'y' ? reference.alternativeY : reference.alternativeDx) ?? {};
    for (let i = 0; i < want.length; i++) {
      const value = got[output][i] as number;
      const first = verdict(value, want[i] as number, tolerance);
      const alternative = decodeNumber(alternatives[String(i)]);
      const second = alternative === undefined ? undefined : verdict(value, alternative, tolerance);
      const seen = nearer(first, second);
      if (!Number.isNaN(seen)) largest[output] = Math.max(largest[output], seen);
      if (first.ok || second?.ok === true) continue;
      mismatches++;
      if (sink.length < room) {
        const mismatch = { ...base, output, index: i, x: i < x.length ? x[i] : undefined, got: value, want: want[i] as number, error: first.error, reason: first.reason };
        sink.push(alternative === undefined ? mismatch : { ...mismatch, alternative });
      }
    }
  }
  return { ...base, passed: mismatches === 0, compared: got.y.length + got.dx.length, mismatches, largestError: largest };
}

/**
 * Checks a plugin against reference values, such as PyTorch's in
 * `test/fixtures/pytorch.json`: for every case named with the plugin's
 * canonical name, `plugin.create(case.config)` runs forward on `x` (the
 * case's dtype and shape, eval mode) and backward with `dy`, and every value
 * of y and dx is compared with the reference's (or its alternative).
 *
 * @remarks
 * Where the reference is NaN the result must be NaN; an infinity must be the
 * same infinity; where both are zeros their signs must match. Otherwise the
 * mixed error |got − want| / max(|want|, 1) must be at most
 * {@link REFERENCE_TOLERANCE} (6e-7 in float32, 1e-15 in float64), or 0 with
 * `exact`.
 *
 * @example
 * ```ts
 * const fixture = JSON.parse(readFileSync('test/fixtures/pytorch.json', 'utf8'));
 * const report = checkReference(leakyRelu, fixture, { exact: true });
 * if (!report.passed) console.error(formatReference(report));
 * ```
 *
 * @param plugin - The plugin under test.
 * @param fixture - The fixture document, as `JSON.parse` gives it; see {@link ReferenceFixture}.
 * @param options - Bit-exactness and the number of examples; see {@link ReferenceOptions}.
 * @returns A report: each case with its largest errors, and the first mismatches.
 * @throws `RectifyError` `INVALID_JSON` for a malformed fixture, `INVALID_ARGUMENT` when it has no case for the plugin.
 * @public
 */
export function checkReference(plugin: AnyActivationPlugin, fixture: unknown, options: ReferenceOptions = {}): ReferenceReport {
  const checked = parseReferenceFixture(fixture);
  const examples: ReferenceMismatch[] = [];
  const room = options.maxExamples ?? 20;
  const cases = referenceCasesOf(plugin, checked).map(({ index, reference }) => checkReferenceCase(plugin, reference, index, options, examples, room));
  return { plugin: plugin.name, exact: options.exact === true, passed: cases.every((c) => c.passed), cases, examples };
}

/** `relu {"slope":0.1} float32`: a case as a reader names it. */
function caseLabel(c: { readonly name: string; readonly config: object; readonly dtype: DType; readonly case: number }): string {
  return `${c.name} ${JSON.stringify(c.config)} ${c.dtype} (case ${c.case})`;
}

/** A number as a reader wants it: −0 and NaN included. */
function show(v: number | undefined): string {
  return v === undefined ? '—' : Object.is(v, -0) ? '-0' : String(v);
}

/**
 * Renders one mismatch on a line: the case, the result and index, the input
 * there, what was computed and what was wanted, and why it fails.
 * @param m - A mismatch from a {@link ReferenceReport}.
 * @public
 */
export function formatMismatch(m: ReferenceMismatch): string {
  const alternative = m.alternative === undefined ? '' : ` or ${show(m.alternative)}`;
  return `${caseLabel(m)}: ${m.output}[${m.index}] at x = ${show(m.x)}: got ${show(m.got)}, want ${show(m.want)}${alternative} (${m.reason}; error ${show(m.error)})`;
}

/**
 * Renders a report as text: one line per case, then the examples.
 * @param report - From {@link checkReference}.
 * @public
 */
export function formatReference(report: ReferenceReport): string {
  const lines = report.cases.map((c) => {
    const status = c.passed ? 'pass' : 'FAIL';
    const detail = c.failure ?? `${c.compared} values, ${c.mismatches} ${c.mismatches === 1 ? 'mismatch' : 'mismatches'}, largest error y ${show(c.largestError.y)}, dx ${show(c.largestError.dx)}`;
    return `${status}  ${caseLabel(c)}: ${detail}`;
  });
  if (report.examples.length > 0) lines.push('', ...report.examples.map(formatMismatch));
  const failed = report.cases.filter((c) => !c.passed).length;
  const count = `${report.cases.length} ${report.cases.length === 1 ? 'case' : 'cases'}`;
  lines.push('', `${report.plugin}${report.exact ? ' (bit-exact)' : ''}: ${count}, ${failed === 0 ? 'all match the reference' : `${failed} differ from the reference`}`);
  return lines.join('\n');
}
