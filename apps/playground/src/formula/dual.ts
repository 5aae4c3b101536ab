/**
 * Dual numbers, v + d·ε with ε² = 0: evaluating a formula on x + 1·ε gives
 * f(x) in `v` and f′(x) in `d`, exactly as the chain rule composes them.
 *
 * @packageDocumentation
 */

/** A value and its derivative with respect to x. */
export interface Dual {
  /** The value. */
  readonly v: number;
  /** The derivative. */
  readonly d: number;
}

/** A constant: derivative 0. */
export function constant(v: number): Dual {
  return { v, d: 0 };
}

/** The sum. */
export function add(a: Dual, b: Dual): Dual {
  return { v: a.v + b.v, d: a.d + b.d };
}

/** The difference. */
export function subtract(a: Dual, b: Dual): Dual {
  return { v: a.v - b.v, d: a.d - b.d };
}

/** The product. */
export function multiply(a: Dual, b: Dual): Dual {
  return { v: a.v * b.v, d: a.d * b.v + a.v * b.d };
}

/** The quotient. */
export function divide(a: Dual, b: Dual): Dual {
  return { v: a.v / b.v, d: (a.d * b.v - a.v * b.d) / (b.v * b.v) };
}

/** a raised to b: the power rule when b is constant, the general rule otherwise. */
export function power(a: Dual, b: Dual): Dual {
  const v = a.v ** b.v;
  if (b.d === 0) return { v, d: b.v === 0 ? 0 : b.v * a.v ** (b.v - 1) * a.d };
  return { v, d: v * (b.d * Math.log(a.v) + (b.v * a.d) / a.v) };
}

/**
 * Applies a scalar function with a known derivative.
 *
 * @param a - The argument.
 * @param f - The function.
 * @param df - Its derivative, given the argument and f's value.
 */
export function chain(a: Dual, f: (v: number) => number, df: (v: number, fv: number) => number): Dual {
  const v = f(a.v);
  return { v, d: a.d === 0 ? 0 : df(a.v, v) * a.d };
}
