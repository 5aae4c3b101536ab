import { RectifyError, axisLayout, describeValue, type AxisLayout } from '@rectify/core';

/**
 * How an input splits around the grouped axis (core's {@link AxisLayout}):
 * `channels` is k times the number of groups.
 * @internal
 */
export type GroupLayout = AxisLayout;

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
 * @throws {@link @rectify/core!RectifyError} `SHAPE_MISMATCH` for a scalar
 * input or an axis whose size is not a multiple of k (field
 * `inputShape[axis]`); `INVALID_ARGUMENT` for an axis out of range (field `axis`).
 * @internal
 */
export function groupLayout(shape: readonly number[], pieces: number, axis: number): GroupLayout {
  const layout = axisLayout('maxout', shape, axis);
  if (layout.channels % pieces !== 0) {
    throw new RectifyError(
      'SHAPE_MISMATCH',
      `maxout: axis ${layout.axis} of shape ${describeValue(shape)} has size ${layout.channels}, which is not divisible by pieces = ${pieces}`,
      { field: `inputShape[${layout.axis}]`, value: layout.channels },
    );
  }
  return layout;
}
