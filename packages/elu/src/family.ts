/**
 * PyTorch's one ELU kernel, which `F.elu`, `F.celu` and `F.selu` all call
 * with coefficients of their own: the maths, loops and lowering this
 * package's three activations share.
 *
 * @internal
 */
import { L, eluF32, eluF64, eluGradF32, eluGradF64, type BackwardLoop, type DType, type EluCoefficients, type ForwardLoop, type LoweredValue, type Lowering } from '@rectify/core';

/**
 * The ELU kernel's output at x in float64, with `Math.expm1`: the
 * activations' `f` (their float64 loops run core's `eluF64`, the same steps
 * on `expm1F64`).
 *
 * @remarks
 * The positive side is positive·x. The other side (x ≤ 0, and NaN) is
 * negative·expm1(z) for z = inputScale·x: `Math.expm1` keeps its accuracy
 * near 0, where PyTorch's exp(z) − 1 cancels, so values agree with PyTorch's
 * to its own rounding error. Where the result is zero, its sign is PyTorch's:
 * exp(z) − 1 is +0 unless exp(z) rounds below 1, so (±0)·negative, which maps
 * −0 to +0 for a positive α, as PyTorch does (elu(−0) = +0). Float32 runs
 * core's `eluF32`, the same steps in float32 arithmetic with core's `expm1F32`.
 *
 * @param x - The input.
 * @param c - The float64 coefficients.
 * @internal
 */
export function eluAt(x: number, c: EluCoefficients): number {
  if (x > 0) return x * c.positive;
  const z = x * c.inputScale;
  const y = Math.expm1(z) * c.negative;
  return y !== 0 ? y : (Math.exp(z) < 1 ? -0 : 0) * c.negative;
}

/**
 * The ELU kernel's gradient at x for an output gradient dy in float64 (the
 * activations' `df`; their float64 loops run core's `eluGradF64`), as
 * PyTorch's `elu_backward` computes it: dy·positive where x \> 0, else
 * ((dy·s)·negative)·exp(s·x) with s the gradient input scale. At NaN it takes
 * the second branch and gives NaN. Float32 runs core's `eluGradF32`.
 *
 * @param x - The forward input.
 * @param dy - The output gradient.
 * @param c - The float64 coefficients.
 * @internal
 */
export function eluGradientAt(x: number, dy: number, c: EluCoefficients): number {
  if (x > 0) return dy * c.positive;
  const s = c.gradientInputScale;
  return dy * s * c.negative * Math.exp(x * s);
}

/**
 * `f`, `df` and `loops` for `defineElementwise`, from the coefficients a
 * config gives in each dtype. The loops call core's `eluF32` and
 * `eluGradF32` in float32, `eluF64` and `eluGradF64` in float64 (the bits of
 * `@rectify/simd`'s kernels; {@link eluAt} and {@link eluGradientAt} remain
 * `f` and `df`): one loop per dtype, so that each call site sees one function.
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
    f: (x, config) => eluAt(x, coefficientsOf(config, 'float64')),
    df: (x, _y, config) => eluGradientAt(x, 1, coefficientsOf(config, 'float64')),
    loops: {
      forward: (config, dtype) => {
        const c = coefficientsOf(config, dtype);
        if (dtype === 'float32') {
          const { positive: p, negative: a, inputScale: s } = c;
          return (x, y) => {
            for (let i = 0; i < x.length; i++) y[i] = eluF32(x[i] as number, p, a, s);
          };
        }
        const { positive: p, negative: a, inputScale: s } = c;
        return (x, y) => {
          for (let i = 0; i < x.length; i++) y[i] = eluF64(x[i] as number, p, a, s);
        };
      },
      backward: (config, dtype) => {
        const c = coefficientsOf(config, dtype);
        if (dtype === 'float32') {
          const { positive: p, negative: a, gradientInputScale: s } = c;
          return (x, dy, dx) => {
            for (let i = 0; i < x.length; i++) dx[i] = eluGradF32(x[i] as number, dy[i] as number, p, a, s);
          };
        }
        const { positive: p, negative: a, gradientInputScale: s } = c;
        return (x, dy, dx) => {
          for (let i = 0; i < x.length; i++) dx[i] = eluGradF64(x[i] as number, dy[i] as number, p, a, s);
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
