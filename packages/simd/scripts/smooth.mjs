// The float32 kernels of the smooth activations (sigmoid, SiLU, LogSigmoid,
// tanh, the ELU family, Softplus, Mish and GELU), written as WebAssembly text
// from core's float32 definitions (packages/core/src/exp32.ts, log32.ts,
// smooth32.ts, softplus32.ts, mish32.ts and gelu32.ts): each lane does the float32
// operations that core's functions do with Math.fround after each step, in
// the same order, so the kernels give their bits. Constants come from core's
// exports, bit patterns written as integers so that no decimal is re-parsed.
import { EXP32, GELU32, LOG1P32_POLY, MISH32, SOFTPLUS32, TANH32_POLY, TANH32_SMALL } from '@rectify/core';
import { LAYOUTS, UNROLL, elementwiseKernel } from './elementwise-kernel.mjs';

const bits = new DataView(new ArrayBuffer(8));

/** A float32 constant splatted to four lanes, as its bit pattern. */
export function f32(value) {
  bits.setFloat32(0, value);
  if (bits.getFloat32(0) !== value && !Number.isNaN(value)) throw new Error(`${value} is not a float32`);
  const hex = `0x${bits.getUint32(0).toString(16).padStart(8, '0')}`;
  return `(v128.const i32x4 ${hex} ${hex} ${hex} ${hex})`;
}

const ONE = f32(1);
const SIGN = '(v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000)';
const [C2, C3, C4, C5, C6] = EXP32.poly;
const SHIFTER_BITS = '(v128.const i32x4 0x4b400000 0x4b400000 0x4b400000 0x4b400000)';

/** Statements: n of core's reduceN for the argument in local $w; leaves $nf (n) and $ni (n as integers). */
function reduceN() {
  return [
    `(local.set $k (f32x4.add (f32x4.mul (local.get $w) ${f32(EXP32.log2e)}) ${f32(EXP32.shifter)}))`,
    `(local.set $nf (f32x4.sub (local.get $k) ${f32(EXP32.shifter)}))`,
    `(local.set $ni (i32x4.sub (local.get $k) ${SHIFTER_BITS}))`,
  ];
}

/** Statements: n and r of core's reduceN and reduceR for the clamped argument in local $w; leaves $ni (n as integers) and $r. */
function reduce() {
  return [...reduceN(), `(local.set $r (f32x4.sub (f32x4.sub (local.get $w) (f32x4.mul (local.get $nf) ${f32(EXP32.ln2Hi)})) (f32x4.mul (local.get $nf) ${f32(EXP32.ln2Lo)})))`];
}

/** Statements: $q = r + r²·P(r), core's expm1Reduced, from $r. */
function polynomial() {
  return [
    `(local.set $p (f32x4.add (f32x4.mul ${f32(C6)} (local.get $r)) ${f32(C5)}))`,
    `(local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) ${f32(C4)}))`,
    `(local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) ${f32(C3)}))`,
    `(local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) ${f32(C2)}))`,
    `(local.set $q (f32x4.add (local.get $r) (f32x4.mul (f32x4.mul (local.get $r) (local.get $r)) (local.get $p))))`,
  ];
}

/** 2^lanes of an i32x4 expression, as float32 bits: (e + 127) << 23. */
const pow2 = (e) => `(i32x4.shl (i32x4.add ${e} (v128.const i32x4 127 127 127 127)) (i32.const 23))`;

/** Statements: $e = (1 + q)·2^⌊n/2⌋·2^(n−⌊n/2⌋) from $q and $ni, core's scaleExp: the first factor exact, the second rounding once. */
function scale() {
  return [
    `(local.set $h (i32x4.shr_s (local.get $ni) (i32.const 1)))`,
    `(local.set $e (f32x4.mul (f32x4.mul (f32x4.add ${ONE} (local.get $q)) ${pow2('(local.get $h)')}) ${pow2('(i32x4.sub (local.get $ni) (local.get $h))')}))`,
  ];
}

/** Statements: $e = core's expF32 of the expression `arg` (the last two, the scaling, are those of scale()). */
export function exp(arg) {
  return [`(local.set $w (f32x4.pmin (f32x4.pmax ${arg} ${f32(EXP32.expLow)}) ${f32(EXP32.expHigh)}))`, ...reduce(), ...polynomial(), ...scale()];
}

/** Statements: $m = core's expm1F32 of the expression `arg`, for arguments ≤ 88 that are not ±0 (callers fix the zeros). */
function expm1(arg) {
  return [
    `(local.set $w (f32x4.pmax ${arg} ${f32(EXP32.expm1Low)}))`,
    ...reduce(),
    ...polynomial(),
    `(local.set $h ${pow2('(local.get $ni)')})`,
    `(local.set $m (f32x4.add (f32x4.mul (local.get $h) (local.get $q)) (f32x4.sub (local.get $h) ${ONE})))`,
  ];
}

/** Statements: $w = max(arg, −120), then $q and $ni of core's expWide. */
function expWideReduced(arg) {
  return [`(local.set $w (f32x4.pmax ${arg} ${f32(EXP32.wideLow)}))`, ...reduce(), ...polynomial()];
}

const LOW_HALF = (v) => `(local.get ${v})`;
const HIGH_HALF = (v) => `(i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get ${v}) (local.get ${v}))`;
const F64_ONE = '(f64x2.splat (f64.const 1))';

/** Statement: $d = core's expWide as float64, for one half (two lanes), from $q and $ni. */
function wideExp(lo) {
  const half = lo ? LOW_HALF : HIGH_HALF;
  const extend = lo ? 'i64x2.extend_low_i32x4_s' : 'i64x2.extend_high_i32x4_s';
  return `(local.set $d (f64x2.mul (f64x2.add ${F64_ONE} (f64x2.promote_low_f32x4 ${half('$q')})) (i64x2.shl (i64x2.add (${extend} (local.get $ni)) (i64x2.splat (i64.const 1023))) (i32.const 52))))`;
}

/**
 * Statements for one half (two lanes) of a kernel that finishes in float64:
 * $d = core's expWide as float64 from $q and $ni, $xd = x promoted, then
 * `finish` (an f64x2 expression of $d and $xd), rounded to float32 into $lo or $hi.
 */
function wideHalf(lo, finish) {
  const half = lo ? LOW_HALF : HIGH_HALF;
  return [wideExp(lo), `(local.set $xd (f64x2.promote_low_f32x4 ${half('$v')}))`, `(local.set ${lo ? '$lo' : '$hi'} (f32x4.demote_f64x2_zero ${finish}))`];
}

/** Statement: $y = the float32 lanes of $lo and $hi. */
const joinHalves = '(local.set $y (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $lo) (local.get $hi)))';

/**
 * Statements shared by sigmoid and SiLU: with v = max(−|x|, sigmoidLow), $h = s = 2^n,
 * $e = s·q and $d = (1 + s) + s·q (core's sigmoidF32 and siluF32).
 */
function logisticParts() {
  return [
    `(local.set $w (f32x4.pmax (v128.or (local.get $v) ${SIGN}) ${f32(EXP32.sigmoidLow)}))`,
    ...reduce(),
    ...polynomial(),
    `(local.set $h ${pow2('(local.get $ni)')})`,
    `(local.set $e (f32x4.mul (local.get $h) (local.get $q)))`,
    `(local.set $d (f32x4.add (f32x4.add ${ONE} (local.get $h)) (local.get $e)))`,
  ];
}

/** Statements: $y = core's sigmoidF32 of $v. */
function sigmoid() {
  return [
    ...logisticParts(),
    `(local.set $y (f32x4.div (v128.bitselect ${ONE} (f32x4.add (local.get $h) (local.get $e)) (f32x4.ge (local.get $v) (v128.const i32x4 0 0 0 0))) (local.get $d)))`,
    `(local.set $y (v128.andnot (local.get $y) (f32x4.lt (local.get $v) ${f32(EXP32.sigmoidLow)})))`,
  ];
}

/** Statements: $y = core's siluF32 of $v. */
function silu() {
  const negative = `(f32x4.add (f32x4.mul (local.get $v) (local.get $h)) (f32x4.mul (local.get $v) (local.get $e)))`;
  return [
    ...logisticParts(),
    `(local.set $y (f32x4.div (v128.bitselect (local.get $v) ${negative} (f32x4.ge (local.get $v) (v128.const i32x4 0 0 0 0))) (local.get $d)))`,
    `(local.set $y (v128.bitselect ${f32(-0)} (local.get $y) (f32x4.lt (local.get $v) ${f32(EXP32.sigmoidLow)})))`,
    `(local.set $y (v128.bitselect ${f32(Number.NaN)} (local.get $y) (f32x4.eq (local.get $v) ${f32(-Infinity)})))`,
  ];
}

/** Statements: $m = e^(−|arg|) as s + s·q, the argument clamped below at sigmoidLow (core's logsigmoidF32 and softplusF32). */
function expNegAbs(arg) {
  return [
    `(local.set $w (f32x4.pmax (v128.or ${arg} ${SIGN}) ${f32(EXP32.sigmoidLow)}))`,
    ...reduce(),
    ...polynomial(),
    `(local.set $h ${pow2('(local.get $ni)')})`,
    `(local.set $m (f32x4.add (local.get $h) (f32x4.mul (local.get $h) (local.get $q))))`,
  ];
}

/** Statements: $e = core's log1pUnitF32 of $m: 2t + t³·R(t²) with t = m/(2 + m) (uses $z, $a2 and $p). */
export function log1pUnit() {
  const [R3, R5, R7, R9] = LOG1P32_POLY;
  return [
    `(local.set $z (f32x4.div (local.get $m) (f32x4.add ${f32(2)} (local.get $m))))`,
    `(local.set $a2 (f32x4.mul (local.get $z) (local.get $z)))`,
    `(local.set $p (f32x4.add (f32x4.mul ${f32(R9)} (local.get $a2)) ${f32(R7)}))`,
    `(local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $a2)) ${f32(R5)}))`,
    `(local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $a2)) ${f32(R3)}))`,
    `(local.set $e (f32x4.add (f32x4.mul ${f32(2)} (local.get $z)) (f32x4.mul (f32x4.mul (local.get $z) (local.get $a2)) (local.get $p))))`,
  ];
}

/** Statements: $y = core's logsigmoidF32 of $v: min(x, 0) − ln(1 + u), u = s + s·q. */
function logsigmoid() {
  return [
    ...expNegAbs('(local.get $v)'),
    ...log1pUnit(),
    `(local.set $y (f32x4.add (f32x4.sub (f32x4.pmin (local.get $v) (v128.const i32x4 0 0 0 0)) (local.get $e)) (v128.const i32x4 0 0 0 0)))`,
    `(local.set $y (v128.andnot (local.get $y) (f32x4.gt (local.get $v) ${f32(-EXP32.sigmoidLow)})))`,
  ];
}

/** Statements: $y = core's softplusF32 of $v with β = $cb and the threshold $ct; $a = βx. */
function softplus() {
  return [
    `(local.set $a (f32x4.mul (local.get $v) (f32x4.splat (local.get $cb))))`,
    ...expNegAbs('(local.get $a)'),
    ...log1pUnit(),
    `(local.set $y (f32x4.div (f32x4.add (f32x4.pmax (local.get $a) (v128.const i32x4 0 0 0 0)) (local.get $e)) (f32x4.splat (local.get $cb))))`,
    `(local.set $y (v128.andnot (local.get $y) (f32x4.lt (local.get $a) ${f32(EXP32.sigmoidLow)})))`,
    `(local.set $y (v128.bitselect ${f32(Infinity)} (local.get $y) (f32x4.ge (local.get $a) ${f32(SOFTPLUS32.overflow)})))`,
    `(local.set $y (v128.bitselect (local.get $v) (local.get $y) (f32x4.gt (local.get $a) (f32x4.splat (local.get $ct)))))`,
  ];
}

const F64_TWO = '(f64x2.splat (f64.const 2))';

/**
 * Statements for one half (two lanes): $z = core's mishGateWide as float64
 * (from $d = e^(−|x|) of expWide and $xd = x; both forms' numerators and
 * denominators, selected, then one division), then `finish` (an f64x2
 * expression of $z and $xd) rounded to float32 into $lo or $hi.
 */
function mishHalf(lo, finish) {
  const half = lo ? LOW_HALF : HIGH_HALF;
  return [
    wideExp(lo),
    `(local.set $xd (f64x2.promote_low_f32x4 ${half('$v')}))`,
    `(local.set $a (f64x2.mul (local.get $d) (local.get $d)))`,
    `(local.set $a2 (f64x2.add ${F64_ONE} (f64x2.add (local.get $d) (local.get $d))))`,
    `(local.set $a (f64x2.add (local.get $a2) (f64x2.add (local.get $a) (local.get $a))))`,
    `(local.set $z (f64x2.mul (local.get $d) (f64x2.add (local.get $d) ${F64_TWO})))`,
    `(local.set $e (f64x2.ge (local.get $xd) (f64x2.splat (f64.const 0))))`,
    `(local.set $z (f64x2.div (v128.bitselect (local.get $a2) (local.get $z) (local.get $e)) (v128.bitselect (local.get $a) (f64x2.add (local.get $z) ${F64_TWO}) (local.get $e))))`,
    `(local.set $z (v128.andnot (local.get $z) (f64x2.lt (local.get $xd) (f64x2.splat (f64.const ${EXP32.wideLow})))))`,
    `(local.set ${lo ? '$lo' : '$hi'} (f32x4.demote_f64x2_zero ${finish}))`,
  ];
}

/** Statements: $y = the float32 lanes of `finish` of mishHalf: x·t for the forward, t for the backward. */
function mish(finish) {
  return [...expWideReduced(`(v128.or (local.get $v) ${SIGN})`), ...mishHalf(true, finish), ...mishHalf(false, finish), joinHalves];
}

/** Statements: $y = core's tanhF32 of $v (float64 steps in f64x2 halves). */
function tanh() {
  const [T3, T5, T7, T9, T11, T13] = TANH32_POLY;
  const finish = `(f64x2.div (f64x2.sub ${F64_ONE} (local.get $d)) (f64x2.add ${F64_ONE} (local.get $d)))`;
  return [
    `(local.set $a (f32x4.abs (local.get $v)))`,
    `(local.set $a2 (f32x4.mul (local.get $a) (local.get $a)))`,
    `(local.set $p (f32x4.add (f32x4.mul ${f32(T13)} (local.get $a2)) ${f32(T11)}))`,
    ...[T9, T7, T5, T3].map((c) => `(local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $a2)) ${f32(c)}))`),
    `(local.set $z (f32x4.add (local.get $a) (f32x4.mul (f32x4.mul (local.get $a) (local.get $a2)) (local.get $p))))`,
    ...expWideReduced(`(f32x4.mul (local.get $a) ${f32(-2)})`),
    ...wideHalf(true, finish),
    ...wideHalf(false, finish),
    joinHalves,
    `(local.set $y (v128.bitselect (local.get $z) (local.get $y) (f32x4.lt (local.get $a) ${f32(TANH32_SMALL)})))`,
    `(local.set $y (v128.or (local.get $y) (v128.and (local.get $v) ${SIGN})))`,
  ];
}

/** The float64 value 1 − y·y of each lane of $y, rounded to float32 (core's tanhGradF32's inner step). */
function oneMinusSquare() {
  const half = (lo) => {
    const y = lo ? '(local.get $y)' : '(i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $y) (local.get $y))';
    return [
      `(local.set $d (f64x2.promote_low_f32x4 ${y}))`,
      `(local.set ${lo ? '$lo' : '$hi'} (f32x4.demote_f64x2_zero (f64x2.sub (f64x2.splat (f64.const 1)) (f64x2.mul (local.get $d) (local.get $d)))))`,
    ];
  };
  return [...half(true), ...half(false), `(local.set $y (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $lo) (local.get $hi)))`];
}

/**
 * Statements shared by the exact GELU's forward and backward (core's
 * geluF32): $a = min(|x|, 16); $e = e^(−a²/2) from the exact split of its
 * argument (0 below −104); $p = R(a) = t·P(t − 0.6), t = 2/(2 + a).
 */
function geluParts() {
  const tail = [...GELU32.tail].reverse();
  return [
    `(local.set $a (f32x4.pmin (f32x4.abs (local.get $v)) ${f32(GELU32.clamp)}))`,
    `(local.set $k (f32x4.mul (local.get $a) ${f32(GELU32.splitter)}))`,
    `(local.set $h (f32x4.sub (local.get $k) (f32x4.sub (local.get $k) (local.get $a))))`,
    `(local.set $m (f32x4.sub (local.get $a) (local.get $h)))`,
    `(local.set $z (f32x4.mul (f32x4.mul (local.get $h) (local.get $h)) ${f32(-0.5)}))`,
    `(local.set $m (f32x4.mul (f32x4.mul (local.get $m) (f32x4.add (local.get $a) (local.get $h))) ${f32(-0.5)}))`,
    `(local.set $w (f32x4.add (local.get $z) (local.get $m)))`,
    ...reduceN(),
    `(local.set $r (f32x4.sub (f32x4.add (f32x4.sub (local.get $z) (f32x4.mul (local.get $nf) ${f32(EXP32.ln2Hi)})) (local.get $m)) (f32x4.mul (local.get $nf) ${f32(EXP32.ln2Lo)})))`,
    ...polynomial(),
    ...scale(),
    `(local.set $e (v128.andnot (local.get $e) (f32x4.lt (local.get $w) ${f32(GELU32.expLow)})))`,
    `(local.set $t (f32x4.div ${f32(2)} (f32x4.add ${f32(2)} (local.get $a))))`,
    `(local.set $u (f32x4.sub (local.get $t) ${f32(GELU32.centre)}))`,
    `(local.set $p ${f32(tail[0])})`,
    ...tail.slice(1).map((c) => `(local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $u)) ${f32(c)}))`),
    `(local.set $p (f32x4.mul (local.get $p) (local.get $t)))`,
  ];
}

/** Statements: $y = core's geluF32 of $v: (x·R)·e for x \< 0, else x·(1 − e·R). */
function gelu() {
  return [
    ...geluParts(),
    `(local.set $y (v128.bitselect (f32x4.mul (f32x4.mul (local.get $v) (local.get $p)) (local.get $e)) (f32x4.mul (local.get $v) (f32x4.sub ${ONE} (f32x4.mul (local.get $e) (local.get $p)))) (f32x4.lt (local.get $v) (v128.const i32x4 0 0 0 0))))`,
  ];
}

/** Statements: $y = core's geluGradF32 of $v and $g: dy·(Φ + x·(e·density)). */
function geluBackward() {
  return [
    ...geluParts(),
    `(local.set $q (f32x4.mul (local.get $e) (local.get $p)))`,
    `(local.set $q (v128.bitselect (local.get $q) (f32x4.sub ${ONE} (local.get $q)) (f32x4.lt (local.get $v) (v128.const i32x4 0 0 0 0))))`,
    `(local.set $y (f32x4.mul (local.get $g) (f32x4.add (local.get $q) (f32x4.mul (local.get $v) (f32x4.mul (local.get $e) ${f32(GELU32.density)})))))`,
  ];
}

/** Statements: $y = core's geluTanhF32 of $v: x·σ(x·(c₁ + c₂·x²)) (the sigmoid's statements run on $v = w, x kept in $x0). */
function geluTanh() {
  return [
    `(local.set $x0 (local.get $v))`,
    `(local.set $v (f32x4.mul (local.get $v) (f32x4.add ${f32(GELU32.sigmoidLinear)} (f32x4.mul ${f32(GELU32.sigmoidCubic)} (f32x4.mul (local.get $v) (local.get $v))))))`,
    ...sigmoid(),
    `(local.set $y (f32x4.mul (local.get $x0) (local.get $y)))`,
  ];
}

/** Statements: $y = core's geluTanhGradF32 of $v and $g, in PyTorch's order (tanh's statements run on $v = the inner argument, x kept in $x0). */
function geluTanhBackward() {
  return [
    `(local.set $x0 (local.get $v))`,
    `(local.set $t (f32x4.mul (local.get $v) (local.get $v)))`,
    `(local.set $v (f32x4.mul ${f32(GELU32.tanhScale)} (f32x4.add (local.get $x0) (f32x4.mul ${f32(GELU32.tanhCubic)} (f32x4.mul (local.get $t) (local.get $x0))))))`,
    ...tanh(),
    `(local.set $u (f32x4.mul ${f32(0.5)} (f32x4.add ${ONE} (local.get $y))))`,
    ...oneMinusSquare(),
    `(local.set $t (f32x4.mul ${f32(GELU32.tanhScale)} (f32x4.add ${ONE} (f32x4.mul ${f32(GELU32.tanhCubicSlope)} (local.get $t)))))`,
    `(local.set $y (f32x4.mul (local.get $g) (f32x4.add (local.get $u) (f32x4.mul (f32x4.mul (f32x4.mul ${f32(0.5)} (local.get $x0)) (local.get $y)) (local.get $t)))))`,
  ];
}

const ZERO_BELOW = f32(-(2 ** -25));

/** The kernels: name, extra f32 parameters, whether they read dy, and the statements mapping $v (and $g = dy) to $y. */
const KERNELS = [
  { name: 'sigmoid_f32', body: sigmoid },
  {
    name: 'sigmoid_bwd_f32',
    grad: true,
    body: () => [...sigmoid(), `(local.set $y (f32x4.mul (f32x4.mul (local.get $g) (f32x4.sub ${ONE} (local.get $y))) (local.get $y)))`],
  },
  { name: 'silu_f32', body: silu },
  {
    name: 'silu_bwd_f32',
    grad: true,
    body: () => [
      ...exp('(f32x4.neg (local.get $v))'),
      `(local.set $e (f32x4.div ${ONE} (f32x4.add ${ONE} (local.get $e))))`,
      `(local.set $y (f32x4.mul (f32x4.mul (local.get $g) (local.get $e)) (f32x4.add ${ONE} (f32x4.mul (local.get $v) (f32x4.sub ${ONE} (local.get $e))))))`,
    ],
  },
  { name: 'logsigmoid_f32', body: logsigmoid },
  {
    name: 'logsigmoid_bwd_f32',
    grad: true,
    body: () => [`(local.set $v (f32x4.neg (local.get $v)))`, ...sigmoid(), `(local.set $y (f32x4.mul (local.get $g) (local.get $y)))`],
  },
  { name: 'tanh_f32', body: tanh },
  { name: 'tanh_bwd_f32', grad: true, body: () => [...tanh(), ...oneMinusSquare(), `(local.set $y (f32x4.mul (local.get $g) (local.get $y)))`] },
  {
    name: 'elu_f32',
    params: ['$cp', '$ca', '$cs'],
    body: () => [
      `(local.set $z (f32x4.mul (local.get $v) (f32x4.splat (local.get $cs))))`,
      ...expm1('(local.get $z)'),
      `(local.set $m (f32x4.mul (local.get $m) (f32x4.splat (local.get $ca))))`,
      `(local.set $m (v128.bitselect (f32x4.mul (v128.and (f32x4.lt (local.get $z) ${ZERO_BELOW}) ${SIGN}) (f32x4.splat (local.get $ca))) (local.get $m) (f32x4.eq (local.get $m) (v128.const i32x4 0 0 0 0))))`,
      `(local.set $y (v128.bitselect (f32x4.mul (local.get $v) (f32x4.splat (local.get $cp))) (local.get $m) (f32x4.gt (local.get $v) (v128.const i32x4 0 0 0 0))))`,
    ],
  },
  {
    name: 'elu_bwd_f32',
    grad: true,
    params: ['$cp', '$ca', '$cs'],
    body: () => [
      ...exp('(f32x4.mul (local.get $v) (f32x4.splat (local.get $cs)))'),
      `(local.set $m (f32x4.mul (f32x4.mul (f32x4.mul (local.get $g) (f32x4.splat (local.get $cs))) (f32x4.splat (local.get $ca))) (local.get $e)))`,
      `(local.set $y (v128.bitselect (f32x4.mul (local.get $g) (f32x4.splat (local.get $cp))) (local.get $m) (f32x4.gt (local.get $v) (v128.const i32x4 0 0 0 0))))`,
    ],
  },
  { name: 'softplus_f32', params: ['$cb', '$ct'], body: softplus },
  {
    name: 'softplus_bwd_f32',
    grad: true,
    params: ['$cb', '$ct'],
    body: () => [
      `(local.set $a (f32x4.mul (local.get $v) (f32x4.splat (local.get $cb))))`,
      ...exp('(local.get $a)'),
      `(local.set $y (f32x4.div (f32x4.mul (local.get $g) (local.get $e)) (f32x4.add (local.get $e) ${ONE})))`,
      `(local.set $y (v128.bitselect (local.get $g) (local.get $y) (f32x4.gt (local.get $a) (f32x4.splat (local.get $ct)))))`,
    ],
  },
  { name: 'gelu_f32', body: gelu },
  { name: 'gelu_bwd_f32', grad: true, body: geluBackward },
  { name: 'gelu_tanh_f32', body: geluTanh },
  { name: 'gelu_tanh_bwd_f32', grad: true, body: geluTanhBackward },
  { name: 'mish_f32', body: () => mish('(f64x2.mul (local.get $xd) (local.get $z))') },
  {
    name: 'mish_bwd_f32',
    grad: true,
    body: () => [
      ...mish('(local.get $z)'),
      `(local.set $y (v128.bitselect ${ONE} (local.get $y) (f32x4.ge (local.get $v) ${f32(MISH32.saturate)})))`,
      `(local.set $m (local.get $y))`,
      ...exp('(f32x4.neg (local.get $v))'),
      `(local.set $e (f32x4.div ${ONE} (f32x4.add ${ONE} (local.get $e))))`,
      ...oneMinusSquare(),
      `(local.set $y (f32x4.mul (local.get $g) (f32x4.add (local.get $m) (f32x4.mul (f32x4.mul (local.get $v) (local.get $e)) (local.get $y)))))`,
    ],
  },
];

const VECTOR_LOCALS = ['$v', '$g', '$y', '$w', '$k', '$nf', '$ni', '$r', '$p', '$q', '$h', '$e', '$m', '$z', '$a', '$a2', '$d', '$xd', '$lo', '$hi', '$x0', '$t', '$u'];

/**
 * The smooth activations' float32 kernels, as module fields for kernels.wat.
 * @returns WebAssembly text.
 */
export function smoothKernels(unroll = UNROLL) {
  return [';; The smooth activations in float32 (generated by scripts/smooth.mjs from core\'s float32 definitions).', ...KERNELS.map((k) => elementwiseKernel(k, LAYOUTS.f32, VECTOR_LOCALS, unroll))].join('\n');
}
