import { describe, expect, it } from 'vitest';
import { L, RectifyError } from '@rectify/core';
import { DIFFERENTIABLE_OPS, derivedBackward, loweredBackward } from '../src/index.js';

describe('derivedBackward', () => {
  it('should refuse an op it has no rule for, asking for the lowering\'s backward', () => {
    expect(() => derivedBackward({ forward: L.op('ReduceMax', [L.x], { axes: [0], keepdims: 1 }) })).toThrow(/no gradient rule for ReduceMax/);
    expect(() => derivedBackward({ forward: L.c(1) })).toThrow(/does not depend on x/);
    expect(() => derivedBackward({ forward: { saved: 'r' } })).toThrow(RectifyError);
  });

  it('should add the gradients of a value read twice, in the order the tape adds them', () => {
    // y = x·σ(x): dx = dy·σ(x) + (dy·x)·(σ·(1 − σ)).
    const s = L.op('Sigmoid', [L.x]);
    expect(derivedBackward({ forward: L.mul(L.x, s) })).toEqual(L.op('Add', [L.mul(L.dy, s), L.mul(L.mul(L.dy, L.x), L.mul(s, L.op('Sub', [L.c(1), s])))]));
  });

  it('should differentiate the elementwise ops', () => {
    expect([...DIFFERENTIABLE_OPS].sort()).toEqual(['Add', 'Div', 'Erf', 'Exp', 'Expm1', 'Log', 'Log1p', 'Mul', 'Neg', 'Sigmoid', 'Sub', 'Tanh']);
  });
});

describe('loweredBackward', () => {
  it('should give the lowering\'s own backward where it has one', () => {
    const backward = L.mul(L.dy, L.c(2));
    expect(loweredBackward({ forward: L.mul(L.x, L.c(2)), backward })).toBe(backward);
  });

  it('should write the native ops\' gradients by hand, selecting the factor rather than dy', () => {
    expect(loweredBackward({ forward: L.native('Relu', [L.x], undefined, L.x) })).toEqual(L.where(L.op('LessOrEqual', [L.x, L.c(0)]), L.c(0), L.dy));
    expect(loweredBackward({ forward: L.native('LeakyRelu', [L.x], { alpha: 0.5 }, L.x) })).toEqual(L.mul(L.dy, L.where(L.greater(L.x, L.c(0)), L.c(1), L.c(0.5))));
    const slope = { parameter: 'weight' };
    expect(loweredBackward({ forward: L.native('PRelu', [L.x, slope], undefined, L.x) })).toEqual(L.mul(L.dy, L.where(L.greater(L.x, L.c(0)), L.c(1), slope)));
  });
});

describe('the public API', () => {
  it('should export these names', async () => {
    const module = await import('../src/index.js');
    expect(Object.keys(module).sort()).toEqual(['DEFAULT_OPSET', 'DIFFERENTIABLE_OPS', 'IR_VERSIONS', 'NATIVE_OPS', 'attributeNumber', 'derivedBackward', 'irVersionOf', 'isDeterministic', 'loweredBackward', 'loweringToOnnx', 'loweringToOnnxBackward', 'toOnnx', 'toOnnxBackward', 'toOnnxSequential']);
  });
});
