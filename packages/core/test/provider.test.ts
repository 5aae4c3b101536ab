import { describe, expect, it } from 'vitest';
import { createKernels, createRegistry, plainKernels, type KernelProvider } from '../src/index.js';

describe('kernel providers', () => {
  it('should ask providers in order, and fall back to undefined', () => {
    const a: KernelProvider = { name: 'a', kernel: ({ op }) => (op === 'forward' ? () => true : undefined) };
    const b: KernelProvider = { name: 'b', kernel: () => () => false };
    const kernels = createKernels([a, b]);
    expect(kernels.find('relu', 'forward', 'float32', {})?.()).toBe(true);
    expect(kernels.find('relu', 'backward', 'float32', {})?.()).toBe(false);
    expect(plainKernels.find('relu', 'forward', 'float32', {})).toBeUndefined();
  });

  it('should allocate beside where a provider places the array, else plainly', () => {
    const home = new Float32Array(8);
    const placed: KernelProvider = { name: 'p', kernel: () => undefined, allocateBeside: (like, n) => (like === home ? home.subarray(0, n) : undefined), isBeside: (array, like) => array.buffer === like.buffer };
    const kernels = createKernels([placed]);
    expect(kernels.allocateBeside(home, 4).buffer).toBe(home.buffer);
    const other = new Float64Array(3);
    const made = kernels.allocateBeside(other, 3);
    expect(made).toBeInstanceOf(Float64Array);
    expect(made.buffer).not.toBe(other.buffer);
    expect(kernels.canReuse(home.subarray(0, 4), home, 4)).toBe(true);
    expect(kernels.canReuse(new Float32Array(4), home, 4)).toBe(false);
    expect(kernels.canReuse(new Float32Array(4), new Float32Array(4), 3)).toBe(false);
    expect(kernels.canReuse(new Float64Array(4), new Float32Array(4), 4)).toBe(false);
  });

  it('should refuse what is not a provider, naming the entry', () => {
    expect(() => createKernels([{ name: 'x' } as never])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'kernels[0]' }));
    expect(() => createKernels('simd' as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'kernels' }));
    expect(() => createRegistry({ kernels: [null as never] })).toThrow(expect.objectContaining({ field: 'kernels[0]' }));
    expect(() => createRegistry({ kernel: [] } as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'options.kernel' }));
    expect(() => createRegistry(7 as never)).toThrow(expect.objectContaining({ field: 'options' }));
  });

  it('should give each registry its own kernels', () => {
    const provider: KernelProvider = { name: 'p', kernel: () => undefined };
    expect(createRegistry({ kernels: [provider] }).kernels.providers).toEqual([provider]);
    expect(createRegistry().kernels.providers).toEqual([]);
  });
});
