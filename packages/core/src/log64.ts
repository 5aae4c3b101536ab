/**
 * ln(1 + u) and LogSigmoid in float64, on the float64 exponential: float64
 * additions, multiplications and divisions in a fixed order, so that the
 * activation packages' float64 loops and `@rectify/simd`'s kernels give the
 * same bits.
 *
 * @packageDocumentation
 */
import { SMOOTH64, expNegAbsF64, sigmoidF64 } from './smooth64.js';

const [R3, R5, R7, R9, R11, R13, R15, R17, R19, R21] = SMOOTH64.log1pPoly as readonly [number, number, number, number, number, number, number, number, number, number];

/**
 * ln(1 + u) for u in [0, 1] in float64 arithmetic: t = u/(2 + u), z = t²,
 * then 2t + (t·z)·R(z) with R of degree 9 (`SMOOTH64.log1pPoly`, Horner's
 * rule), within 2 ulps (the sweep measures it through {@link logsigmoidF64}).
 *
 * @remarks
 * ln(1 + u) = 2·atanh(u/(2 + u)), and 2t keeps the relative precision of u
 * for small u. log1pUnitF64(0) = 0, NaN stays NaN; outside [0, 1] the
 * result is not within the budget.
 *
 * @param u - A number in [0, 1].
 * @returns ln(1 + u).
 * @public
 */
export function log1pUnitF64(u: number): number {
  const t = u / (2 + u);
  const z = t * t;
  let r = R21 * z + R19;
  r = r * z + R17;
  r = r * z + R15;
  r = r * z + R13;
  r = r * z + R11;
  r = r * z + R9;
  r = r * z + R7;
  r = r * z + R5;
  r = r * z + R3;
  return 2 * t + t * z * r;
}

/**
 * log σ(x) in float64 arithmetic: min(x, 0) − ln(1 + u) with u = e^(−|x|)
 * (`expNegAbsF64`, 1 + q never rounded) and {@link log1pUnitF64}, then + 0; within
 * 3 ulps (the budget; the sweep measures it).
 *
 * @remarks
 * Neither overflows nor cancels on either side. Far right the result is
 * −e^(−x) down to the subnormals, then +0 (the + 0 makes any zero +0, as
 * PyTorch's is). logsigmoid(+∞) = +0, logsigmoid(−∞) = −∞, NaN stays NaN.
 *
 * @param x - Any number.
 * @returns log σ(x).
 * @public
 */
export function logsigmoidF64(x: number): number {
  return (0 < x ? 0 : x) - log1pUnitF64(expNegAbsF64(x)) + 0;
}

/**
 * LogSigmoid's gradient in float64: dy·σ(−x) with σ from
 * {@link sigmoidF64}, the product rounded once.
 *
 * @param x - The forward input.
 * @param dy - The output gradient.
 * @returns dx.
 * @public
 */
export function logsigmoidGradF64(x: number, dy: number): number {
  return dy * sigmoidF64(-x);
}
