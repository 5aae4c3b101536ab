import { L, RectifyError, axisLayout, describeValue, sizeOf, type Lowering, type LoweredValue } from '@rectify/core';
import type { PreluConfig } from './index.js';

/**
 * Where PReLU's channels lie in an input shape: the resolved channel axis
 * (`undefined` when the input has one channel because its rank is below 2)
 * and the channel count.
 */
interface ChannelAxis {
  readonly axis: number | undefined;
  readonly channels: number;
}

/**
 * Finds the channel axis of `shape` and checks `numParameters` against it,
 * with the errors `Prelu.outputShape` gives for the same shape.
 *
 * @param config - A validated config.
 * @param shape - The input shape.
 * @throws {@link @rectify/core!RectifyError} `INVALID_ARGUMENT` for a malformed
 * shape or an axis out of range; `SHAPE_MISMATCH` for a `numParameters` that
 * is neither 1 nor the channel count.
 */
function channelAxisOf(config: Readonly<PreluConfig>, shape: readonly number[]): ChannelAxis {
  sizeOf(shape, 'inputShape');
  const rank = shape.length;
  if (rank < 2) {
    if (config.numParameters !== 1) {
      throw new RectifyError(
        'SHAPE_MISMATCH',
        `prelu: numParameters is ${config.numParameters} but an input of rank ${rank} (shape ${describeValue(shape)}) has 1 channel; numParameters must be 1`,
        { field: 'inputShape', value: shape },
      );
    }
    return { axis: undefined, channels: 1 };
  }
  const { axis, channels } = axisLayout('prelu', shape, config.axis);
  if (config.numParameters !== 1 && config.numParameters !== channels) {
    throw new RectifyError(
      'SHAPE_MISMATCH',
      `prelu: numParameters is ${config.numParameters} but the input has ${channels} channels along axis ${axis} (shape ${describeValue(shape)}); numParameters must be 1 or ${channels}`,
      { field: `inputShape[${axis}]`, value: channels },
    );
  }
  return { axis, channels };
}

/**
 * PReLU in the ops of other engines: ONNX `PRelu`, with its backward and the
 * gradient of the slopes.
 *
 * @remarks
 * With w the `weight` parameter, read as a scalar (shape `[]`) when it is
 * shared (`numParameters` 1) and otherwise as `[C, 1, …, 1]`, so that it
 * broadcasts along the channel axis (one 1 per axis after it: `[C]` for
 * `[N, C]` or channels last, `[C, 1, 1]` for `[N, C, H, W]`):
 *
 * - forward: `PRelu(x, w)`, falling back to
 *   `Where(Greater(x, 0), x, Mul(x, w))`. ONNX's `PRelu` is x where x ≥ 0,
 *   else w·x; it equals Rectify's y except in the sign of a zero input times
 *   the slope (x = ±0 with w ≤ 0 or NaN), which only the fallback gets right.
 * - backward: dx = `Mul(dy, Where(Greater(x, 0), 1, w))`: dy where x \> 0,
 *   else w·dy (at x = 0 and at NaN too), as PyTorch's `prelu` backward gives
 *   it; dy·1 is dy exactly, −0 and NaN included. The factor is selected
 *   rather than dy itself because ONNX Runtime's `Where` returns +0 where it
 *   selects a −0 from its second input (it merges the two selections by
 *   testing for nonzero values), so a value that may be −0 is never taken
 *   from there.
 * - `parameterGradients.weight`: `Where(Greater(x, 0), 0, Mul(x, dy))`
 *   summed with `ReduceSum` (keepdims 0) over every axis but the channel
 *   axis, giving shape `[C]`; for a shared slope, over every axis, then
 *   `Reshape` to `[1]`. The terms are zero where x \> 0 and x·dy elsewhere
 *   (NaN where x is NaN), as `Prelu`'s backward adds them.
 *
 * The engine sums in its own order and precision, so the slope gradient
 * agrees with Rectify's float64 sum to within the rounding of that sum; y
 * and dx are the same products, bit for bit.
 *
 * @param config - A validated PReLU config.
 * @param inputShape - The input's shape.
 * @returns The lowering, plain data.
 * @throws {@link @rectify/core!RectifyError} for the shapes `Prelu.outputShape`
 * refuses: `SHAPE_MISMATCH` naming `axis` or the channel count, or
 * `INVALID_ARGUMENT` for a malformed shape.
 * @public
 */
export function preluLowering(config: Readonly<PreluConfig>, inputShape: readonly number[]): Lowering {
  const { axis, channels } = channelAxisOf(config, inputShape);
  const rank = inputShape.length;
  const shared = config.numParameters === 1;
  const slopeShape = shared || axis === undefined ? [] : [channels, ...new Array<number>(rank - 1 - axis).fill(1)];
  const w: LoweredValue = { parameter: 'weight', shape: slopeShape };
  const positive = L.greater(L.x, L.c(0));
  const terms = L.where(positive, L.c(0), L.mul(L.x, L.dy));
  const reduced = Array.from({ length: rank }, (_, d) => d).filter((d) => shared || d !== axis);
  const summed = reduced.length === 0 ? terms : L.op('ReduceSum', [terms], { axes: reduced, keepdims: 0 });
  return {
    forward: L.native('PRelu', [L.x, w], undefined, L.where(positive, L.x, L.mul(L.x, w))),
    backward: L.mul(L.dy, L.where(positive, L.c(1), w)),
    parameterGradients: { weight: shared ? L.op('Reshape', [summed], { shape: [1] }) : summed },
  };
}
