import { RectifyError, describeValue } from './errors.js';

/**
 * How a row-major shape splits around one axis: `outer` blocks before it,
 * `channels` along it, `inner` contiguous elements after it. Element
 * (o, c, i) sits at index (o·channels + c)·inner + i.
 * @public
 */
export interface AxisLayout {
  /** The axis, resolved to 0 … rank − 1. */
  readonly axis: number;
  /** Product of the sizes before the axis. */
  readonly outer: number;
  /** Size of the axis. */
  readonly channels: number;
  /** Product of the sizes after the axis. */
  readonly inner: number;
}

/**
 * Resolves an axis against a shape and splits the shape around it.
 *
 * @remarks
 * A negative axis counts from the end; a rank-1 shape always uses axis 0, its
 * only axis (as PyTorch's channel-wise activations treat 1-D input).
 *
 * @param owner - The activation's name, for error messages.
 * @param shape - A valid shape of rank ≥ 1.
 * @param axis - The configured axis.
 * @throws {@link RectifyError} `SHAPE_MISMATCH` for a scalar shape (field
 * `inputShape`), `INVALID_ARGUMENT` for an axis outside −rank … rank − 1
 * (field `axis`): the config asks for an axis the input does not have.
 * @public
 */
export function axisLayout(owner: string, shape: readonly number[], axis: number): AxisLayout {
  const rank = shape.length;
  if (rank === 0) {
    throw new RectifyError('SHAPE_MISMATCH', `${owner}: the input is a scalar (shape []); it needs at least one axis`, { field: 'inputShape', value: shape });
  }
  let resolved = 0;
  if (rank > 1) {
    if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
      throw new RectifyError(
        'INVALID_ARGUMENT',
        `${owner}: axis ${describeValue(axis)} is out of range for an input of rank ${rank} (shape ${describeValue(shape)}); use an axis from ${-rank} to ${rank - 1}`,
        { field: 'axis', value: axis },
      );
    }
    resolved = axis < 0 ? axis + rank : axis;
  }
  let outer = 1;
  for (let d = 0; d < resolved; d++) outer *= shape[d] as number;
  let inner = 1;
  for (let d = resolved + 1; d < rank; d++) inner *= shape[d] as number;
  return { axis: resolved, outer, channels: shape[resolved] as number, inner };
}
