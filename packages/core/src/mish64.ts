/**
 * Mish in float64, on the float64 exponential: float64 operations in a fixed
 * order, so that the gelu package's float64 Mish loops and `@rectify/simd`'s
 * kernels give the same bits.
 *
 * @packageDocumentation
 */
import { EXP64, expm1Reduced64, pow2F64 } from './exp64.js';
import { SMOOTH64, expNegAbsF64, oneMinusSquareF64 } from './smooth64.js';

const { log2e: LOG2E, shifter: SHIFTER, ln2Hi: LN2_HI, ln2Lo: LN2_LO } = EXP64;
const { negLow: NEG_LOW, mishNear: MISH_NEAR } = SMOOTH64;

/**
 * tanh(softplus(x)) = tanh(ln(1 + eˣ)) in float64: a rational function of
 * u = e^(−|x|) (`expNegAbsF64`), with one division: for x ≥ 0,
 * 1 − (p + p)/((1 + (u + u)) + (p + p)) with p = u·u; otherwise n/(n + 2)
 * with n = u·(u + 2).
 *
 * @remarks
 * With w = eˣ, tanh(ln(1 + w)) = w(w + 2)/(w(w + 2) + 2), and dividing by w²,
 * 1 − 2v²/(1 + 2v + 2v²) with v = e^(−x): neither form overflows, and on the
 * right the small quotient is subtracted from 1, so that the gate is
 * correctly rounded but in rare ties where it nears 1 (the gradient's
 * 1 − t² cancels there, and x·σ multiplies the rounding of t). 0 where u
 * underflows on the left; NaN stays NaN.
 *
 * @param x - Any number.
 * @returns tanh(softplus(x)).
 * @internal
 */
export function mishGateF64(x: number): number {
  const u = expNegAbsF64(x);
  if (x >= 0) {
    const p = u * u;
    return 1 - (p + p) / (1 + (u + u) + (p + p));
  }
  const n = u * (u + 2);
  return n / (n + 2);
}

/**
 * Mish in float64, within 3.5 ulps (the budget; the sweep measures it): for
 * x ≥ 0, x·t with t = tanh(softplus(x)) from u = e^(−|x|) (see
 * `mishGateF64`); below, with u = eˣ as in `expNegAbsF64` and
 * g = u·(u + 2), (x·g)/(g + 2) down to x = −1, and (w·u + (w + w))/(g + 2)
 * further left, with w = x·u = ((x·s₂) + (x·s₂)·q)·s₁ rounded once.
 *
 * @remarks
 * The two numerators are x·u·(u + 2), each rounded on the side where it
 * measured best (3.2 ulps at most together in the sweep, against 3.5 and
 * more for either alone). w is formed like SiLU's x·eˣ, so that where u is subnormal but x·u is
 * not (x between −745 and −708) the result keeps its precision. Far left the
 * result is a tiny negative number, then −0 (below −760 without computing
 * it). mish(+∞) = +∞, mish(−∞) = NaN (−∞·0, as in PyTorch), mish(±0) = ±0,
 * NaN stays NaN.
 *
 * @param x - Any number.
 * @returns x·tanh(softplus(x)).
 * @public
 */
export function mishF64(x: number): number {
  if (x >= 0) return x * mishGateF64(x);
  if (x < NEG_LOW) return x === -Infinity ? Number.NaN : -0;
  const n = x * LOG2E + SHIFTER - SHIFTER;
  const k = n | 0;
  const h = k >> 1;
  const s1 = pow2F64(h);
  const s2 = pow2F64(k - h);
  const q = expm1Reduced64(x - n * LN2_HI - n * LN2_LO);
  const u = (s2 + s2 * q) * s1;
  const g = u * (u + 2);
  if (x >= MISH_NEAR) return (x * g) / (g + 2);
  const x2 = x * s2;
  const w = (x2 + x2 * q) * s1;
  return (w * u + (w + w)) / (g + 2);
}

/**
 * Mish's gradient in PyTorch's float64 form, dy·(t + (x·σ)·(1 − t·t)), with
 * t and σ from one u = e^(−|x|): t as in {@link mishF64}, σ = 1/(1 + u) for
 * x ≥ 0 and u/(1 + u) below, and 1 − t·t rounded once (PyTorch's compiler
 * fuses it; see `oneMinusSquareF64`).
 *
 * @remarks
 * NaN at ±∞ (∞·0), as in PyTorch; dy·(+0) far left.
 *
 * @param x - The forward input.
 * @param dy - The output gradient.
 * @returns dx.
 * @public
 */
export function mishGradF64(x: number, dy: number): number {
  const u = expNegAbsF64(x);
  let t: number;
  let sigma: number;
  if (x >= 0) {
    const p = u * u;
    t = 1 - (p + p) / (1 + (u + u) + (p + p));
    sigma = 1 / (1 + u);
  } else {
    const n = u * (u + 2);
    t = n / (n + 2);
    sigma = u / (1 + u);
  }
  return dy * (t + x * sigma * oneMinusSquareF64(t));
}
