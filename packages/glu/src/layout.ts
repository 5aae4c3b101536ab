import { RectifyError, axisLayout, describeValue, type AxisLayout } from '@rectify/core';

/**
 * Resolves the configured axis against an input shape and checks that it
 * splits into two halves.
 *
 * @remarks
 * Core's {@link @rectify/core!axisLayout}: a rank-1 input always uses axis 0,
 * its only axis; otherwise a negative axis counts from the end, and an axis
 * outside −rank … rank − 1 is refused. The axis's size must then be even.
 *
 * @param shape - A valid input shape.
 * @param axis - The configured axis.
 * @returns The layout; `channels` is the full (even) size of the axis.
 * @throws {@link @rectify/core!RectifyError} `SHAPE_MISMATCH` for a scalar
 * input (field `inputShape`), an axis out of range (field `axis`, the value
 * the axis), or an axis of odd size (field `inputShape[axis]`, the value its
 * size).
 * @internal
 */
export function halvesLayout(shape: readonly number[], axis: number): AxisLayout {
  const layout = axisLayout('glu', shape, axis);
  if (layout.channels % 2 !== 0) {
    throw new RectifyError(
      'SHAPE_MISMATCH',
      `glu: axis ${layout.axis} of shape ${describeValue(shape)} has size ${layout.channels}, which is odd; glu splits it into two halves of equal size`,
      { field: `inputShape[${layout.axis}]`, value: layout.channels },
    );
  }
  return layout;
}
