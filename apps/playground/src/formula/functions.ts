/**
 * The functions a formula may call, each with its derivative. This list is
 * the whole vocabulary: a name that is not here (nor `x`, `pi` or `e`) is
 * refused, so nothing a formula says can reach the page's objects.
 *
 * @packageDocumentation
 */
import { chain, constant, type Dual } from './dual.js';

/** A callable of the formula language. */
export interface FormulaFunction {
  /** How many arguments it takes. */
  readonly arity: number;
  /** One line for the help text. */
  readonly description: string;
  /** Evaluates it on dual numbers. */
  readonly apply: (args: readonly Dual[]) => Dual;
}

const sigmoid = (v: number): number => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));
const softplus = (v: number): number => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));

function unary(description: string, f: (v: number) => number, df: (v: number, fv: number) => number): FormulaFunction {
  return { arity: 1, description, apply: ([a]) => chain(a as Dual, f, df) };
}

/** Picks one of two arguments, value and derivative, by a rule on their values. */
function pick(description: string, first: (a: number, b: number) => boolean): FormulaFunction {
  return { arity: 2, description, apply: ([a, b]) => (first((a as Dual).v, (b as Dual).v) ? (a as Dual) : (b as Dual)) };
}

/** The functions, by name; a `Map`, so that no inherited property is ever a name. */
export const FUNCTIONS: ReadonlyMap<string, FormulaFunction> = new Map<string, FormulaFunction>([
  ['exp', unary('eˣ', Math.exp, (_v, fv) => fv)],
  ['log', unary('natural logarithm', Math.log, (v) => 1 / v)],
  ['log1p', unary('log(1 + x)', Math.log1p, (v) => 1 / (1 + v))],
  ['sqrt', unary('square root', Math.sqrt, (_v, fv) => 0.5 / fv)],
  ['abs', unary('|x|; derivative 0 at 0', Math.abs, (v) => Math.sign(v))],
  ['sign', unary('−1, 0 or 1; derivative 0', Math.sign, () => 0)],
  ['step', unary('1 for x > 0, else 0; derivative 0', (v) => (v > 0 ? 1 : v <= 0 ? 0 : Number.NaN), () => 0)],
  ['sigmoid', unary('1 / (1 + e⁻ˣ)', sigmoid, (_v, fv) => fv * (1 - fv))],
  ['tanh', unary('hyperbolic tangent', Math.tanh, (_v, fv) => 1 - fv * fv)],
  ['softplus', unary('log(1 + eˣ)', softplus, sigmoid)],
  ['sin', unary('sine', Math.sin, Math.cos)],
  ['cos', unary('cosine', Math.cos, (v) => -Math.sin(v))],
  ['max', pick('the larger; the first on a tie', (a, b) => a >= b || Number.isNaN(a))],
  ['min', pick('the smaller; the first on a tie', (a, b) => a <= b || Number.isNaN(a))],
]);

/** The constants a formula may name. */
export const CONSTANTS: ReadonlyMap<string, Dual> = new Map([
  ['pi', constant(Math.PI)],
  ['e', constant(Math.E)],
]);
