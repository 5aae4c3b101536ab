/**
 * The clamp that Hardtanh and ReLU6 share: PyTorch computes both with one
 * kernel (`relu6` is `hardtanh(x, 0, 6)`, and `hardtanh` is `clamp`).
 *
 * @internal
 */
import { L, type BackwardLoop, type ForwardLoop, type Lowering } from '@rectify/core';

/**
 * x clamped to [lo, hi]: lo below it, hi above it, x itself otherwise.
 *
 * @remarks
 * PyTorch's `clamp` returns x whenever x is not beyond a bound, so NaN passes
 * through and a zero keeps its sign (relu6(−0) = −0); a bound is returned
 * only in place of an input strictly beyond it.
 *
 * @param x - The input.
 * @param lo - The lower bound.
 * @param hi - The upper bound, at least `lo`.
 * @internal
 */
export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/**
 * Whether the clamp passes the gradient at x: strictly inside (lo, hi), or
 * NaN. PyTorch's `hardtanh_backward` zeroes where x ≤ lo or x ≥ hi, so the
 * gradient at either bound is 0.
 *
 * @param x - The forward input.
 * @param lo - The lower bound.
 * @param hi - The upper bound.
 * @internal
 */
export function clampPasses(x: number, lo: number, hi: number): boolean {
  return !(x <= lo || x >= hi);
}

/**
 * The forward loop of a clamp.
 * @param lo - The lower bound, in the dtype of the data.
 * @param hi - The upper bound, in the dtype of the data.
 * @internal
 */
export function clampForward(lo: number, hi: number): ForwardLoop {
  return (x, y) => {
    for (let i = 0; i < x.length; i++) {
      const v = x[i] as number;
      y[i] = v < lo ? lo : v > hi ? hi : v;
    }
  };
}

/**
 * The backward loop of a clamp: dy strictly inside (lo, hi) and at NaN, a
 * selected +0 elsewhere, whatever dy holds (dy·0 would give −0 or NaN).
 * @param lo - The lower bound, in the dtype of the data.
 * @param hi - The upper bound, in the dtype of the data.
 * @internal
 */
export function clampBackward(lo: number, hi: number): BackwardLoop {
  return (x, dy, dx) => {
    for (let i = 0; i < x.length; i++) {
      const v = x[i] as number;
      dx[i] = v <= lo || v >= hi ? 0 : (dy[i] as number);
    }
  };
}

/**
 * A clamp in other engines' ops, with PyTorch's backward.
 *
 * @remarks
 * Forward `Where(Less(x, lo), lo, Where(Greater(x, hi), hi, x))` rather than
 * `Min(Max(x, lo), hi)`: engines' Max and Min differ on NaN and on ±0, where
 * PyTorch's clamp returns x. Backward
 * `Where(LessOrEqual(x, lo), 0, Where(GreaterOrEqual(x, hi), 0, dy))`: an
 * engine's own gradient of the forward would pass dy at x = lo and x = hi,
 * where PyTorch gives 0. dy sits in a `Where`'s third input, where ONNX
 * Runtime keeps a −0; a bound given as −0 is the one value the forward
 * cannot carry there (it comes out +0).
 *
 * @param lo - The lower bound.
 * @param hi - The upper bound.
 * @internal
 */
export function clampLowering(lo: number, hi: number): Lowering {
  return {
    forward: L.where(L.op('Less', [L.x, L.c(lo)]), L.c(lo), L.where(L.greater(L.x, L.c(hi)), L.c(hi), L.x)),
    backward: L.where(L.op('LessOrEqual', [L.x, L.c(lo)]), L.c(0), L.where(L.op('GreaterOrEqual', [L.x, L.c(hi)]), L.c(0), L.dy)),
  };
}
