import { describe, expect, it } from 'vitest';
import { ActivationBase, parseConfig, tensor, type ComputeContext, type FloatArray, type Tensor } from '../src/index.js';
import { scale } from './fixtures.js';

/** y = |x|, written as the allocation-free pair; its `compute` is the default one built from them. */
class Magnitude extends ActivationBase<object> {
  constructor() {
    super('magnitude', parseConfig('magnitude', {}, undefined));
  }
  gain() {
    return 1;
  }
  protected override computeInto({ x, y }: ComputeContext): void {
    for (let i = 0; i < y.length; i++) y[i] = Math.abs(x.data[i] as number);
  }
  protected override gradientInto(x: Tensor, dy: FloatArray, dx: FloatArray): void {
    for (let i = 0; i < dx.length; i++) dx[i] = (x.data[i] as number) < 0 ? -(dy[i] as number) : (dy[i] as number);
  }
}

/** Overrides neither side. */
class Hollow extends ActivationBase<object> {
  constructor() {
    super('hollow', parseConfig('hollow', {}, undefined));
  }
  gain() {
    return 1;
  }
}

describe('forwardInto and backwardInto', () => {
  it('should give the bits of forward and backward when the plugin writes compute', () => {
    const x = tensor(new Float32Array([1.5, -2, 0.25]));
    const dy = tensor(new Float32Array([1, -3, 0.5]));
    const plain = scale.create({ init: 0.3 });
    const { y, backward } = plain.forward(x);
    const dx = backward(dy);
    const into = scale.create({ init: 0.3 });
    const out = new Float32Array(3);
    const dxOut = new Float32Array(3);
    into.forwardInto(x, out);
    into.backwardInto(dy, dxOut);
    expect(Array.from(out)).toEqual(Array.from(y.data));
    expect(Array.from(dxOut)).toEqual(Array.from(dx.data));
    expect(into.parameters[0]!.grad.data[0]).toBe(plain.parameters[0]!.grad.data[0]);
  });

  it('should build compute from the pair when the plugin writes computeInto and gradientInto', () => {
    const x = tensor([-2, 3, -0.5]);
    const act = new Magnitude();
    const { y, backward } = act.forward(x);
    expect(Array.from(y.data)).toEqual([2, 3, 0.5]);
    expect(Array.from(backward(tensor([1, 1, 1])).data)).toEqual([-1, 1, -1]);
  });

  it('should refuse a subclass that overrides neither compute nor the pair', () => {
    expect(() => new Hollow().forward(tensor([1]))).toThrow(/must override compute, or computeInto and gradientInto/);
    expect(() => new Hollow().forwardInto(tensor([1]), new Float64Array(1))).toThrow(/must override compute/);
  });

  it('should compute the backward of the last forwardInto, read x again, and accumulate parameter gradients', () => {
    const act = scale.create({ init: 2 });
    const dx = new Float64Array(2);
    act.forwardInto(tensor([1, 2]), new Float64Array(2));
    act.forwardInto(tensor([3, 4]), new Float64Array(2));
    act.backwardInto(tensor([1, 1]), dx);
    act.backwardInto(tensor([1, 1]), dx);
    expect(Array.from(dx)).toEqual([2, 2]);
    expect(act.parameters[0]!.grad.data[0]).toBe(14);
  });

  it('should refuse a backwardInto with no forwardInto before it, even after a forward', () => {
    const act = scale.create();
    act.forward(tensor([1]));
    expect(() => act.backwardInto(tensor([1]), new Float64Array(1))).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'dy' }));
  });

  it('should validate its arguments, name the field, and leave the pending call as it was', () => {
    const act = scale.create({ init: 2 });
    const x = tensor(new Float32Array([1, 2, 3]));
    act.forwardInto(x, new Float32Array(3));
    const other = tensor(new Float32Array([5, 6]));
    expect(() => act.forwardInto(other, undefined as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'out' }));
    expect(() => act.forwardInto(other, new Float64Array(2))).toThrow(expect.objectContaining({ code: 'DTYPE_MISMATCH', field: 'out' }));
    expect(() => act.forwardInto(other, new Float32Array(3))).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH', field: 'out' }));
    expect(() => act.forwardInto(other, other.data)).toThrow(/out overlaps an input/);
    expect(() => act.forwardInto(other, new Float32Array(2), { out: new Float32Array(2) } as never)).toThrow(expect.objectContaining({ field: 'options.out' }));
    expect(() => act.forwardInto(other, new Float32Array(2), { training: 'yes' as never })).toThrow(expect.objectContaining({ field: 'options.training' }));
    expect(() => act.forwardInto({ data: [1, 2], shape: [2] } as never, new Float32Array(2))).toThrow(expect.objectContaining({ field: 'x.data' }));

    const dy = tensor(new Float32Array([1, 1, 1]));
    expect(() => act.backwardInto(tensor(new Float32Array([1, 1])), new Float32Array(3))).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH', field: 'dy.shape' }));
    expect(() => act.backwardInto(tensor(new Float64Array(3)), new Float32Array(3))).toThrow(expect.objectContaining({ code: 'DTYPE_MISMATCH', field: 'dy.data' }));
    expect(() => act.backwardInto(dy, undefined as never)).toThrow(expect.objectContaining({ field: 'out' }));
    expect(() => act.backwardInto(dy, dy.data)).toThrow(/out overlaps an input/);
    expect(() => act.backwardInto(dy, x.data)).toThrow(/out overlaps an input/);
    expect(act.parameters[0]!.grad.data[0]).toBe(0);

    const dx = new Float32Array(3);
    act.backwardInto(dy, dx);
    expect(Array.from(dx)).toEqual([2, 2, 2]);
    expect(act.parameters[0]!.grad.data[0]).toBe(6);
  });
});
