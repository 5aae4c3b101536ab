/**
 * The coefficients of PyTorch's ELU kernel for ELU, CELU and SELU, as each
 * dtype sees them: shared by `@rectify/elu`'s loops and the fast kernels of
 * a provider, so that both read the same constants.
 *
 * @packageDocumentation
 */
import type { DType } from './tensor.js';

/**
 * SELU's α: the double nearest PyTorch's `SELU_ALPHA`, 1.6732632423543772848170429916717.
 * @public
 */
export const SELU_ALPHA = 1.6732632423543772;

/**
 * SELU's scale λ: the double nearest PyTorch's `SELU_SCALE`, 1.0507009873554804934193349852946.
 * @public
 */
export const SELU_SCALE = 1.0507009873554805;

/**
 * The coefficients of PyTorch's `elu` kernel, y = x·positive where x \> 0,
 * else (e^(x·inputScale) − 1)·negative, for one dtype.
 * @public
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
 * The ELU family's coefficients for one activation, α and dtype: ELU
 * (1, α, 1, 1), CELU (1, α, 1/α, 1/float32(α)) and SELU (λ, α·λ, 1, 1) with
 * each constant rounded to the dtype and α·λ multiplied in it, as PyTorch
 * computes them.
 *
 * @param name - `elu`, `celu` or `selu`.
 * @param alpha - α (ignored for SELU, whose α is fixed).
 * @param dtype - The dtype the kernel runs in.
 * @public
 */
export function eluCoefficients(name: 'elu' | 'celu' | 'selu', alpha: number, dtype: DType): EluCoefficients {
  const round = dtype === 'float32' ? Math.fround : (v: number) => v;
  if (name === 'selu') {
    const scale = round(SELU_SCALE);
    return { positive: scale, negative: round(round(SELU_ALPHA) * scale), inputScale: 1, gradientInputScale: 1 };
  }
  if (name === 'celu') return { positive: 1, negative: round(alpha), inputScale: round(1 / alpha), gradientInputScale: round(1 / Math.fround(alpha)) };
  return { positive: 1, negative: round(alpha), inputScale: 1, gradientInputScale: 1 };
}
