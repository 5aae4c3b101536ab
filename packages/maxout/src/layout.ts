import { RectifyError, describeValue } from '@rectify/core';

/**
 * How an input splits around the grouped axis: `outer` blocks before it,
 * `channels` along it, `inner` elements after it (row-major).
 * @internal
 */
export interface GroupLayout {
  /** The grouped axis, resolved to 0 … rank − 1. */
  readonly axis: number;
  /** Product of the sizes before the axis. */
  readonly outer: number;
  /** Size of the axis: k times the number of groups. */
  readonly channels: number;
  /** Product of the sizes after the axis. */
  readonly inner: number;
}

/**
 * Resolves the configured axis against an input shape and checks that the
 * axis can be split into groups of `pieces`.
 *
 * @remarks
 * A rank-1 input always uses axis 0, its only axis. Otherwise a negative axis
 * counts from the end, and an axis outside −rank … rank − 1 is refused.
 *
 * @param shape - A valid input shape.
 * @param pieces - k, the group size.
 * @param axis - The configured axis.
 * @throws {@link @rectify/core#RectifyError} `SHAPE_MISMATCH` for a scalar
 * input, an axis out of range (field `axis`), or an axis whose size is not a
 * multiple of k (field `inputShape[axis]`).
 * @internal
 */
export function groupLayout(shape: readonly number[], pieces: number, axis: number): GroupLayout {
  const rank = shape.length;
  if (rank === 0) {
    throw new RectifyError('SHAPE_MISMATCH', 'maxout: the input is a scalar (shape []); it needs at least one axis to group', {
      field: 'inputShape',
      value: shape,
    });
  }
  let resolved = 0;
  if (rank > 1) {
    if (axis < -rank || axis >= rank) {
      throw new RectifyError(
        'SHAPE_MISMATCH',
        `maxout: axis ${describeValue(axis)} is out of range for an input of rank ${rank} (shape ${describeValue(shape)}); use an axis from ${-rank} to ${rank - 1}`,
        { field: 'axis', value: axis },
      );
    }
    resolved = axis < 0 ? axis + rank : axis;
  }
  const channels = shape[resolved] as number;
  if (channels % pieces !== 0) {
    throw new RectifyError(
      'SHAPE_MISMATCH',
      `maxout: axis ${resolved} of shape ${describeValue(shape)} has size ${channels}, which is not divisible by pieces = ${pieces}`,
      { field: `inputShape[${resolved}]`, value: channels },
    );
  }
  let outer = 1;
  for (let d = 0; d < resolved; d++) outer *= shape[d] as number;
  let inner = 1;
  for (let d = resolved + 1; d < rank; d++) inner *= shape[d] as number;
  return { axis: resolved, outer, channels, inner };
}
