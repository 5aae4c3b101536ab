/**
 * PyTorch's one ELU kernel, which `F.elu`, `F.celu` and `F.selu` all call
 * with coefficients of their own: the maths, loops and lowering this
 * package's three activations share.
 *
 * @internal
 */
import { L, type BackwardLoop, type DType, type ForwardLoop, type LoweredValue, type Lowering } from '@rectify/core';
import { roundingOf } from '@rectify/core';

/**
 * The coefficients of PyTorch's ELU kernel, as one dtype sees them:
 * y = positive·x where x \> 0, else negative·(exp(inputScale·x) − 1).
 * @internal
 */
export interface EluCoefficients {
  /** The slope of the positive side: PyTorch's `poscoef`, the scale (1 for ELU and CELU). */
  readonly positive: number;
  /** The factor of exp(z) − 1 on the other side: `negcoef`, α·scale, computed in the dtype. */
  readonly negative: number;
  /** z = inputScale·x in the forward: `negiptcoef`, 1/α for CELU, 1 otherwise. */
  readonly inputScale: number;
  /**
   * The same in the backward, which for CELU PyTorch 1.13 computes from α
   * read as a float32 (`1.0 / alpha.toFloat()` in its derivatives.yaml).
   */
  readonly gradientInputScale: number;
}

/**
 * The ELU kernel's output at x, each step rounded by `round`.
 *
 * @remarks
 * The positive side is positive·x. The other side (x ≤ 0, and NaN) is
 * negative·expm1(z) for z = inputScale·x: `Math.expm1` keeps its accuracy
 * near 0, where PyTorch's exp(z) − 1 cancels, so values agree with PyTorch's
 * to its own rounding error. Where the result is zero, its sign is PyTorch's:
 * exp(z) − 1 is +0 unless exp(z) rounds below 1, so (±0)·negative, which maps
 * −0 to +0 for a positive α, as PyTorch does (elu(−0) = +0).
 *
 * @param x - The input.
 * @param c - The coefficients for the dtype.
 * @param round - The dtype's rounding.
 * @internal
 */
export function eluAt(x: number, c: EluCoefficients, round: (value: number) => number): number {
  if (x > 0) return round(x * c.positive);
  const z = round(x * c.inputScale);
  const y = round(Math.expm1(z) * c.negative);
  return y !== 0 ? y : (round(Math.exp(z)) < 1 ? -0 : 0) * c.negative;
}

/**
 * The ELU kernel's gradient at x for an output gradient dy, as PyTorch's
 * `elu_backward` computes it: dy·positive where x \> 0, else
 * ((dy·s)·negative)·exp(s·x) with s the gradient input scale, each step
 * rounded by `round`. At NaN it takes the second branch and gives NaN.
 *
 * @param x - The forward input.
 * @param dy - The output gradient.
 * @param c - The coefficients for the dtype.
 * @param round - The dtype's rounding.
 * @internal
 */
export function eluGradientAt(x: number, dy: number, c: EluCoefficients, round: (value: number) => number): number {
  if (x > 0) return round(dy * c.positive);
  const s = c.gradientInputScale;
  return round(round(round(dy * s) * c.negative) * round(Math.exp(round(x * s))));
}

/** float64's rounding: none beyond its own. */
const exact = roundingOf('float64');

/**
 * `f`, `df` and `loops` for `defineElementwise`, from the coefficients a
 * config gives in each dtype.
 *
 * @param coefficientsOf - The coefficients of a config in a dtype.
 * @returns The members to spread into a definition.
 * @internal
 */
export function eluMaths<C>(coefficientsOf: (config: Readonly<C>, dtype: DType) => EluCoefficients): {
  f(x: number, config: Readonly<C>): number;
  df(x: number, y: number, config: Readonly<C>): number;
  loops: { forward(config: Readonly<C>, dtype: DType): ForwardLoop; backward(config: Readonly<C>, dtype: DType): BackwardLoop };
} {
  return {
    f: (x, config) => eluAt(x, coefficientsOf(config, 'float64'), exact),
    df: (x, _y, config) => eluGradientAt(x, 1, coefficientsOf(config, 'float64'), exact),
    loops: {
      forward: (config, dtype) => {
        const c = coefficientsOf(config, dtype);
        const round = roundingOf(dtype);
        return (x, y) => {
          for (let i = 0; i < x.length; i++) y[i] = eluAt(x[i] as number, c, round);
        };
      },
      backward: (config, dtype) => {
        const c = coefficientsOf(config, dtype);
        const round = roundingOf(dtype);
        return (x, dy, dx) => {
          for (let i = 0; i < x.length; i++) dx[i] = eluGradientAt(x[i] as number, dy[i] as number, c, round);
        };
      },
    },
  };
}

/**
 * The coefficients of a lowering, as values in x's dtype: constants, or a
 * product the engine computes in that dtype (SELU's α·scale, which PyTorch
 * multiplies in the dtype too).
 * @internal
 */
export interface LoweredCoefficients {
  /** The positive side's slope. */
  readonly positive: LoweredValue;
  /** The factor of exp(z) − 1. */
  readonly negative: LoweredValue;
  /** The forward's input scale. */
  readonly inputScale: LoweredValue;
  /** The backward's input scale. */
  readonly gradientInputScale: LoweredValue;
}

/**
 * The ELU kernel in other engines' ops, with PyTorch's backward.
 *
 * @remarks
 * Forward `Where(Greater(x, 0), Mul(x, positive), Mul(Add(Expm1(Mul(x,
 * inputScale)), 0), negative))`: adding +0 turns expm1(−0) = −0 into +0, as
 * PyTorch's exp(z) − 1 is. Backward: dy times three factors selected by the
 * same test, (positive or s), (1 or negative) and (1 or exp(s·x)), which is
 * PyTorch's product in PyTorch's order on either side and NaN at NaN; only
 * factors are selected, never dy, so a −0 in dy survives ONNX Runtime's
 * `Where`. One difference remains where α·expm1(x) underflows (x a
 * subnormal): an engine with a float32 `Expm1` (TensorFlow.js) gives −0
 * there for α \> 0, where PyTorch's exp(x) − 1, and Rectify, give +0.
 *
 * @param c - The coefficients as lowered values.
 * @internal
 */
export function eluLowering(c: LoweredCoefficients): Lowering {
  const positive = L.greater(L.x, L.c(0));
  const expm1 = L.op('Expm1', [L.mul(L.x, c.inputScale)]);
  const negativeSide = L.mul(L.op('Add', [expm1, L.c(0)]), c.negative);
  const gradientExp = L.op('Exp', [L.mul(L.x, c.gradientInputScale)]);
  const first = L.mul(L.dy, L.where(positive, c.positive, c.gradientInputScale));
  const second = L.mul(first, L.where(positive, L.c(1), c.negative));
  return {
    forward: L.where(positive, L.mul(L.x, c.positive), negativeSide),
    backward: L.mul(second, L.where(positive, L.c(1), gradientExp)),
  };
}
