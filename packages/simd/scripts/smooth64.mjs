// The float64 kernels of the smooth activations (sigmoid, SiLU, LogSigmoid,
// tanh, the ELU family, Softplus and Mish), written as WebAssembly text from
// core's float64 definitions (packages/core/src/exp64.ts and smooth64.ts):
// each f64x2 lane does the float64 operations that core's functions do, in
// the same order and with no fused multiply-add, so the kernels give their
// bits. Constants come from core's exports, written as bit patterns so that
// no decimal is re-parsed.
import { EXP64, GELU64, SMOOTH64 } from '@rectify/core';
import { LAYOUTS, UNROLL, elementwiseKernel } from './elementwise-kernel.mjs';

const bits = new DataView(new ArrayBuffer(8));

/** The bit pattern of a float64 value, as a hexadecimal integer literal. */
export function hex64(value) {
  bits.setFloat64(0, value);
  return `0x${bits.getBigUint64(0).toString(16).padStart(16, '0')}`;
}

/** A float64 constant splatted to two lanes, as its bit pattern. */
export function f64(value) {
  const h = hex64(value);
  return `(v128.const i64x2 ${h} ${h})`;
}

const ZERO = '(v128.const i64x2 0 0)';
const ONE = f64(1);
const TWO = f64(2);
const SIGN = f64(-0);
const NAN = f64(Number.NaN);
const splat = (param) => `(f64x2.splat (local.get ${param}))`;

/** Statements: n and r of core's expF64 reduction for the clamped argument in $w; leaves $nf (n), $ni (n as i64 lanes) and $r. */
function reduce() {
  return [
    `(local.set $k (f64x2.add (f64x2.mul (local.get $w) ${f64(EXP64.log2e)}) ${f64(EXP64.shifter)}))`,
    `(local.set $nf (f64x2.sub (local.get $k) ${f64(EXP64.shifter)}))`,
    // k = 1.5·2⁵² + n exactly, so its bits are the shifter's plus n.
    `(local.set $ni (i64x2.sub (local.get $k) ${f64(EXP64.shifter)}))`,
    `(local.set $r (f64x2.sub (f64x2.sub (local.get $w) (f64x2.mul (local.get $nf) ${f64(EXP64.ln2Hi)})) (f64x2.mul (local.get $nf) ${f64(EXP64.ln2Lo)})))`,
  ];
}

/** Statements: $q = r + r²·P(r), core's expm1Reduced64, from $r. */
function polynomial() {
  const c = [...EXP64.poly].reverse();
  return [
    `(local.set $p (f64x2.add (f64x2.mul ${f64(c[0])} (local.get $r)) ${f64(c[1])}))`,
    ...c.slice(2).map((k) => `(local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $r)) ${f64(k)}))`),
    `(local.set $q (f64x2.add (local.get $r) (f64x2.mul (f64x2.mul (local.get $r) (local.get $r)) (local.get $p))))`,
  ];
}

/** 2^lanes of an i64x2 expression, as float64 bits: (e + 1023) << 52, for e in [−1022, 1023]. */
const pow2 = (e) => `(i64x2.shl (i64x2.add ${e} (v128.const i64x2 1023 1023)) (i32.const 52))`;

/** Statements: $s1 = 2^⌊n/2⌋ and $s2 = 2^(n−⌊n/2⌋) from $ni. */
function halves() {
  return [`(local.set $h (i64x2.shr_s (local.get $ni) (i32.const 1)))`, `(local.set $s1 ${pow2('(local.get $h)')})`, `(local.set $s2 ${pow2('(i64x2.sub (local.get $ni) (local.get $h))')})`];
}

/**
 * Statements: $e = core's expF64 of the expression `arg`. The last two
 * statements are the scaling, (1 + q)·2^⌊n/2⌋·2^(n−⌊n/2⌋), which the softmax
 * kernels replace by one factor where they can.
 */
export function exp(arg) {
  return [
    `(local.set $w (f64x2.pmin (f64x2.pmax ${arg} ${f64(EXP64.expLow)}) ${f64(EXP64.expHigh)}))`,
    ...reduce(),
    ...polynomial(),
    `(local.set $h (i64x2.shr_s (local.get $ni) (i32.const 1)))`,
    `(local.set $e (f64x2.mul (f64x2.mul (f64x2.add ${ONE} (local.get $q)) ${pow2('(local.get $h)')}) ${pow2('(i64x2.sub (local.get $ni) (local.get $h))')}))`,
  ];
}

/** Statements: $m = core's expm1F64 of the expression `arg`, for arguments ≤ 0 that are not ±0 (callers fix the zeros). */
function expm1(arg) {
  return [
    `(local.set $w (f64x2.pmax ${arg} ${f64(EXP64.expm1Low)}))`,
    ...reduce(),
    ...polynomial(),
    `(local.set $h ${pow2('(local.get $ni)')})`,
    `(local.set $m (f64x2.add (f64x2.mul (local.get $h) (local.get $q)) (f64x2.sub (local.get $h) ${ONE})))`,
  ];
}

/** Statements: with v = max(−|arg|, negLow): $q, $s1, $s2 of its reduction (core's sigmoidF64, siluF64 and expNegAbsF64). */
function negAbsParts(arg) {
  return [`(local.set $w (f64x2.pmax (v128.or ${arg} ${SIGN}) ${f64(SMOOTH64.negLow)}))`, ...reduce(), ...polynomial(), ...halves()];
}

/** Statements: $m = core's expNegAbsF64 of the expression `arg`: (s₂ + s₂·q)·s₁. */
function expNegAbs(arg) {
  return [...negAbsParts(arg), `(local.set $m (f64x2.mul (f64x2.add (local.get $s2) (f64x2.mul (local.get $s2) (local.get $q))) (local.get $s1)))`];
}

/** Statements: $d = (1 + s) + s·q with s = s₁·s₂, the denominator of core's sigmoidF64 and siluF64. */
function logisticDenominator() {
  return [`(local.set $h (f64x2.mul (local.get $s1) (local.get $s2)))`, `(local.set $d (f64x2.add (f64x2.add ${ONE} (local.get $h)) (f64x2.mul (local.get $h) (local.get $q))))`];
}

/**
 * Statements shared by the exact GELU's float64 forward and backward (core's
 * geluF64): $a = min(|x|, 40); $e = e^(−a²/2) from the exact split of its
 * argument (0 below −746); $p = R(a) = t·P(t), P by Clenshaw's recurrence.
 */
function geluParts() {
  const tail = GELU64.tail;
  const clenshaw = [];
  for (let k = tail.length - 1; k >= 1; k--) {
    clenshaw.push(
      `(local.set $p (f64x2.add (f64x2.sub (f64x2.mul (local.get $u) (local.get $c)) (local.get $d)) ${f64(tail[k])}))`,
      `(local.set $d (local.get $c))`,
      `(local.set $c (local.get $p))`,
    );
  }
  return [
    `(local.set $a (f64x2.pmin (f64x2.abs (local.get $v)) ${f64(GELU64.clamp)}))`,
    `(local.set $k (f64x2.mul (local.get $a) ${f64(GELU64.splitter)}))`,
    `(local.set $h (f64x2.sub (local.get $k) (f64x2.sub (local.get $k) (local.get $a))))`,
    `(local.set $m (f64x2.sub (local.get $a) (local.get $h)))`,
    `(local.set $z (f64x2.mul (f64x2.mul (local.get $h) (local.get $h)) ${f64(-0.5)}))`,
    `(local.set $m (f64x2.mul (f64x2.mul (local.get $m) (f64x2.add (local.get $a) (local.get $h))) ${f64(-0.5)}))`,
    `(local.set $w (f64x2.add (local.get $z) (local.get $m)))`,
    `(local.set $k (f64x2.add (f64x2.mul (local.get $w) ${f64(EXP64.log2e)}) ${f64(EXP64.shifter)}))`,
    `(local.set $nf (f64x2.sub (local.get $k) ${f64(EXP64.shifter)}))`,
    `(local.set $ni (i64x2.sub (local.get $k) ${f64(EXP64.shifter)}))`,
    `(local.set $r (f64x2.sub (f64x2.add (f64x2.sub (local.get $z) (f64x2.mul (local.get $nf) ${f64(EXP64.ln2Hi)})) (local.get $m)) (f64x2.mul (local.get $nf) ${f64(EXP64.ln2Lo)})))`,
    ...polynomial(),
    ...halves(),
    `(local.set $e (f64x2.mul (f64x2.mul (f64x2.add ${ONE} (local.get $q)) (local.get $s1)) (local.get $s2)))`,
    `(local.set $e (v128.andnot (local.get $e) (f64x2.lt (local.get $w) ${f64(EXP64.expLow)})))`,
    `(local.set $t (f64x2.div ${TWO} (f64x2.add ${TWO} (local.get $a))))`,
    `(local.set $u (f64x2.mul ${TWO} (f64x2.sub (f64x2.mul (local.get $t) ${f64(GELU64.tailScale)}) ${f64(GELU64.tailCentre)})))`,
    `(local.set $c ${ZERO})`,
    `(local.set $d ${ZERO})`,
    ...clenshaw,
    `(local.set $p (f64x2.mul (local.get $t) (f64x2.add (f64x2.sub (f64x2.mul (f64x2.mul ${f64(0.5)} (local.get $u)) (local.get $c)) (local.get $d)) ${f64(tail[0])})))`,
  ];
}

/** Statements: $y = core's sigmoidF64 of $v. */
function sigmoid() {
  return [
    ...negAbsParts('(local.get $v)'),
    ...logisticDenominator(),
    `(local.set $e (f64x2.mul (f64x2.add (local.get $s2) (f64x2.mul (local.get $s2) (local.get $q))) (local.get $s1)))`,
    `(local.set $y (f64x2.div (v128.bitselect ${ONE} (local.get $e) (f64x2.ge (local.get $v) ${ZERO})) (local.get $d)))`,
  ];
}

/** Statements: $y = core's siluF64 of $v. */
function silu() {
  return [
    ...negAbsParts('(local.get $v)'),
    ...logisticDenominator(),
    `(local.set $a (f64x2.mul (local.get $v) (local.get $s2)))`,
    `(local.set $e (f64x2.mul (f64x2.add (local.get $a) (f64x2.mul (local.get $a) (local.get $q))) (local.get $s1)))`,
    `(local.set $y (f64x2.div (v128.bitselect (local.get $v) (local.get $e) (f64x2.ge (local.get $v) ${ZERO})) (local.get $d)))`,
    `(local.set $y (v128.bitselect ${f64(-0)} (local.get $y) (f64x2.lt (local.get $v) ${f64(SMOOTH64.negLow)})))`,
    `(local.set $y (v128.bitselect ${NAN} (local.get $y) (f64x2.eq (local.get $v) ${f64(-Infinity)})))`,
  ];
}

/** Statements: $e = core's log1pUnitF64 of $m: 2t + (t·z)·R(z) with t = m/(2 + m), z = t² (uses $t, $z and $p). */
export function log1pUnit() {
  const c = [...SMOOTH64.log1pPoly].reverse();
  return [
    `(local.set $t (f64x2.div (local.get $m) (f64x2.add ${TWO} (local.get $m))))`,
    `(local.set $z (f64x2.mul (local.get $t) (local.get $t)))`,
    `(local.set $p (f64x2.add (f64x2.mul ${f64(c[0])} (local.get $z)) ${f64(c[1])}))`,
    ...c.slice(2).map((k) => `(local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $z)) ${f64(k)}))`),
    `(local.set $e (f64x2.add (f64x2.mul ${TWO} (local.get $t)) (f64x2.mul (f64x2.mul (local.get $t) (local.get $z)) (local.get $p))))`,
  ];
}

/** Statements: $y = core's logsigmoidF64 of $v: (min(x, 0) − ln(1 + u)) + 0. */
function logsigmoid() {
  return [...expNegAbs('(local.get $v)'), ...log1pUnit(), `(local.set $y (f64x2.add (f64x2.sub (f64x2.pmin (local.get $v) ${ZERO}) (local.get $e)) ${ZERO}))`];
}

/** Statements: $y = core's tanhF64 of $v. */
function tanh() {
  const c = [...SMOOTH64.tanhPoly].reverse();
  return [
    `(local.set $a (f64x2.abs (local.get $v)))`,
    `(local.set $z (f64x2.mul (local.get $a) (local.get $a)))`,
    `(local.set $p (f64x2.add (f64x2.mul ${f64(c[0])} (local.get $z)) ${f64(c[1])}))`,
    ...c.slice(2).map((k) => `(local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $z)) ${f64(k)}))`),
    `(local.set $t (f64x2.add (local.get $a) (f64x2.mul (f64x2.mul (local.get $a) (local.get $z)) (local.get $p))))`,
    `(local.set $w (f64x2.pmax (f64x2.mul ${f64(-2)} (local.get $a)) ${f64(SMOOTH64.tanhLow)}))`,
    ...reduce(),
    ...polynomial(),
    `(local.set $h ${pow2('(local.get $ni)')})`,
    `(local.set $e (f64x2.add (local.get $h) (f64x2.mul (local.get $h) (local.get $q))))`,
    `(local.set $y (f64x2.sub ${ONE} (f64x2.div (f64x2.add (local.get $e) (local.get $e)) (f64x2.add ${ONE} (local.get $e)))))`,
    `(local.set $y (v128.bitselect (local.get $t) (local.get $y) (f64x2.lt (local.get $a) ${f64(SMOOTH64.tanhSmall)})))`,
    `(local.set $y (v128.or (local.get $y) (v128.and (local.get $v) ${SIGN})))`,
  ];
}

/** Statements: $z = 1 − t² of the lanes of `t` as a fused multiply-add gives it, core's oneMinusSquareF64 (Dekker's product, then Fast2Sum; uses $k, $h and $r). */
function oneMinusSquare(t) {
  return [
    `(local.set $z (f64x2.mul ${t} ${t}))`,
    `(local.set $k (f64x2.mul ${f64(SMOOTH64.splitter)} ${t}))`,
    `(local.set $h (f64x2.sub (local.get $k) (f64x2.sub (local.get $k) ${t})))`,
    `(local.set $r (f64x2.sub ${t} (local.get $h)))`,
    `(local.set $k (f64x2.add (f64x2.add (f64x2.sub (f64x2.mul (local.get $h) (local.get $h)) (local.get $z)) (f64x2.mul (f64x2.mul ${TWO} (local.get $h)) (local.get $r))) (f64x2.mul (local.get $r) (local.get $r))))`,
    `(local.set $h (f64x2.sub ${ONE} (local.get $z)))`,
    `(local.set $z (f64x2.add (local.get $h) (f64x2.sub (f64x2.sub (f64x2.sub ${ONE} (local.get $h)) (local.get $z)) (local.get $k))))`,
  ];
}

/**
 * Statements shared by Mish's forward and gate: $m = u = e^(−|x|) (with $s1,
 * $s2 and $q of its reduction), $e the x ≥ 0 mask, $a = 2p with p = u², and
 * $d = (1 + 2u) + 2p.
 */
function mishParts() {
  return [
    ...expNegAbs('(local.get $v)'),
    `(local.set $e (f64x2.ge (local.get $v) ${ZERO}))`,
    `(local.set $a (f64x2.mul (local.get $m) (local.get $m)))`,
    `(local.set $a (f64x2.add (local.get $a) (local.get $a)))`,
    `(local.set $d (f64x2.add (f64x2.add ${ONE} (f64x2.add (local.get $m) (local.get $m))) (local.get $a)))`,
  ];
}

/**
 * Statements: $t = core's mishGateF64 of $v from $m = e^(−|x|), one division:
 * for x ≥ 0 its quotient 2p/((1 + 2u) + 2p) is subtracted from 1, for x \< 0
 * n/(n + 2) is the gate; $e is the x ≥ 0 mask.
 */
function mishGate() {
  return [
    ...mishParts(),
    `(local.set $z (f64x2.mul (local.get $m) (f64x2.add (local.get $m) ${TWO})))`,
    `(local.set $t (f64x2.div (v128.bitselect (local.get $a) (local.get $z) (local.get $e)) (v128.bitselect (local.get $d) (f64x2.add (local.get $z) ${TWO}) (local.get $e))))`,
    `(local.set $t (v128.bitselect (f64x2.sub ${ONE} (local.get $t)) (local.get $t) (local.get $e)))`,
  ];
}

/**
 * Statements: $y = core's mishF64 of $v, one division: x·(1 − 2p/((1 + 2u) + 2p))
 * for x ≥ 0; below, with n = u·(u + 2), (x·n)/(n + 2) from x = −1 up and
 * (w·u + (w + w))/(n + 2) further left, w = ((x·s₂) + (x·s₂)·q)·s₁.
 */
function mishForward() {
  return [
    ...mishParts(),
    `(local.set $t (f64x2.mul (local.get $v) (local.get $s2)))`,
    `(local.set $t (f64x2.mul (f64x2.add (local.get $t) (f64x2.mul (local.get $t) (local.get $q))) (local.get $s1)))`,
    `(local.set $t (f64x2.add (f64x2.mul (local.get $t) (local.get $m)) (f64x2.add (local.get $t) (local.get $t))))`,
    `(local.set $z (f64x2.mul (local.get $m) (f64x2.add (local.get $m) ${TWO})))`,
    `(local.set $t (v128.bitselect (local.get $t) (f64x2.mul (local.get $v) (local.get $z)) (f64x2.lt (local.get $v) ${f64(SMOOTH64.mishNear)})))`,
    `(local.set $t (f64x2.div (v128.bitselect (local.get $a) (local.get $t) (local.get $e)) (v128.bitselect (local.get $d) (f64x2.add (local.get $z) ${TWO}) (local.get $e))))`,
    `(local.set $y (v128.bitselect (f64x2.mul (local.get $v) (f64x2.sub ${ONE} (local.get $t))) (local.get $t) (local.get $e)))`,
    `(local.set $y (v128.bitselect ${f64(-0)} (local.get $y) (f64x2.lt (local.get $v) ${f64(SMOOTH64.negLow)})))`,
    `(local.set $y (v128.bitselect ${NAN} (local.get $y) (f64x2.eq (local.get $v) ${f64(-Infinity)})))`,
  ];
}

const BELOW_ONE = f64(SMOOTH64.expBelowOne);

/** The kernels: name, extra f64 parameters, whether they read dy, and the statements mapping $v (and $g = dy) to $y. */
const KERNELS = [
  { name: 'sigmoid_f64', body: sigmoid },
  {
    name: 'sigmoid_bwd_f64',
    grad: true,
    body: () => [...sigmoid(), `(local.set $y (f64x2.mul (f64x2.mul (local.get $g) (f64x2.sub ${ONE} (local.get $y))) (local.get $y)))`],
  },
  { name: 'silu_f64', body: silu },
  {
    name: 'silu_bwd_f64',
    grad: true,
    body: () => [
      ...exp('(f64x2.neg (local.get $v))'),
      `(local.set $e (f64x2.div ${ONE} (f64x2.add ${ONE} (local.get $e))))`,
      `(local.set $y (f64x2.mul (f64x2.mul (local.get $g) (local.get $e)) (f64x2.add ${ONE} (f64x2.mul (local.get $v) (f64x2.sub ${ONE} (local.get $e))))))`,
    ],
  },
  { name: 'logsigmoid_f64', body: logsigmoid },
  {
    name: 'logsigmoid_bwd_f64',
    grad: true,
    body: () => [`(local.set $v (f64x2.neg (local.get $v)))`, ...sigmoid(), `(local.set $y (f64x2.mul (local.get $g) (local.get $y)))`],
  },
  { name: 'tanh_f64', body: tanh },
  { name: 'tanh_bwd_f64', grad: true, body: () => [...tanh(), ...oneMinusSquare('(local.get $y)'), `(local.set $y (f64x2.mul (local.get $g) (local.get $z)))`] },
  {
    name: 'elu_f64',
    params: ['$cp', '$ca', '$cs'],
    body: () => [
      `(local.set $z (f64x2.mul (local.get $v) ${splat('$cs')}))`,
      ...expm1('(local.get $z)'),
      `(local.set $m (f64x2.mul (local.get $m) ${splat('$ca')}))`,
      `(local.set $m (v128.bitselect (f64x2.mul (v128.and (f64x2.lt (local.get $z) ${BELOW_ONE}) ${SIGN}) ${splat('$ca')}) (local.get $m) (f64x2.eq (local.get $m) ${ZERO})))`,
      `(local.set $y (v128.bitselect (f64x2.mul (local.get $v) ${splat('$cp')}) (local.get $m) (f64x2.gt (local.get $v) ${ZERO})))`,
    ],
  },
  {
    name: 'elu_bwd_f64',
    grad: true,
    params: ['$cp', '$ca', '$cs'],
    body: () => [
      ...exp(`(f64x2.mul (local.get $v) ${splat('$cs')})`),
      `(local.set $m (f64x2.mul (f64x2.mul (f64x2.mul (local.get $g) ${splat('$cs')}) ${splat('$ca')}) (local.get $e)))`,
      `(local.set $y (v128.bitselect (f64x2.mul (local.get $g) ${splat('$cp')}) (local.get $m) (f64x2.gt (local.get $v) ${ZERO})))`,
    ],
  },
  {
    name: 'softplus_f64',
    params: ['$cb', '$ct'],
    body: () => [
      `(local.set $a (f64x2.mul (local.get $v) ${splat('$cb')}))`,
      ...expNegAbs('(local.get $a)'),
      ...log1pUnit(),
      `(local.set $y (f64x2.div (f64x2.add (f64x2.pmax ${ZERO} (local.get $a)) (local.get $e)) ${splat('$cb')}))`,
      `(local.set $y (v128.bitselect ${f64(Infinity)} (local.get $y) (f64x2.ge (local.get $a) ${f64(SMOOTH64.softplusOverflow)})))`,
      `(local.set $y (v128.bitselect (local.get $v) (local.get $y) (f64x2.gt (local.get $a) ${splat('$ct')})))`,
    ],
  },
  {
    name: 'softplus_bwd_f64',
    grad: true,
    params: ['$cb', '$ct'],
    body: () => [
      `(local.set $a (f64x2.mul (local.get $v) ${splat('$cb')}))`,
      ...exp('(local.get $a)'),
      `(local.set $y (f64x2.div (f64x2.mul (local.get $g) (local.get $e)) (f64x2.add (local.get $e) ${ONE})))`,
      `(local.set $y (v128.bitselect (local.get $g) (local.get $y) (f64x2.gt (local.get $a) ${splat('$ct')})))`,
    ],
  },
  {
    // core's geluF64: (x·R)·e for x < 0, else x·(1 − e·R).
    name: 'gelu_f64',
    body: () => [
      ...geluParts(),
      `(local.set $y (v128.bitselect (f64x2.mul (f64x2.mul (local.get $v) (local.get $p)) (local.get $e)) (f64x2.mul (local.get $v) (f64x2.sub ${ONE} (f64x2.mul (local.get $e) (local.get $p)))) (f64x2.lt (local.get $v) ${ZERO})))`,
    ],
  },
  {
    // core's geluGradF64: dy·(Φ + x·(e·density)).
    name: 'gelu_bwd_f64',
    grad: true,
    body: () => [
      ...geluParts(),
      `(local.set $q (f64x2.mul (local.get $e) (local.get $p)))`,
      `(local.set $q (v128.bitselect (local.get $q) (f64x2.sub ${ONE} (local.get $q)) (f64x2.lt (local.get $v) ${ZERO})))`,
      `(local.set $y (f64x2.mul (local.get $g) (f64x2.add (local.get $q) (f64x2.mul (local.get $v) (f64x2.mul (local.get $e) ${f64(GELU64.density)})))))`,
    ],
  },
  {
    // core's geluTanhF64: x·σ(x·(c₁ + c₂·x²)), the sigmoid's statements on $v = w with x kept in $x0.
    name: 'gelu_tanh_f64',
    body: () => [
      `(local.set $x0 (local.get $v))`,
      `(local.set $v (f64x2.mul (local.get $v) (f64x2.add ${f64(GELU64.sigmoidLinear)} (f64x2.mul ${f64(GELU64.sigmoidCubic)} (f64x2.mul (local.get $v) (local.get $v))))))`,
      ...sigmoid(),
      `(local.set $y (f64x2.mul (local.get $x0) (local.get $y)))`,
    ],
  },
  {
    // core's geluTanhGradF64, PyTorch's order: tanh's statements on $v = the inner argument, x kept in $x0 and x² in $u.
    name: 'gelu_tanh_bwd_f64',
    grad: true,
    body: () => [
      `(local.set $x0 (local.get $v))`,
      `(local.set $u (f64x2.mul (local.get $x0) (local.get $x0)))`,
      `(local.set $v (f64x2.mul ${f64(GELU64.tanhScale)} (f64x2.add (local.get $x0) (f64x2.mul ${f64(GELU64.tanhCubic)} (f64x2.mul (local.get $u) (local.get $x0))))))`,
      ...tanh(),
      `(local.set $m (f64x2.mul ${f64(0.5)} (f64x2.add ${ONE} (local.get $y))))`,
      ...oneMinusSquare('(local.get $y)'),
      `(local.set $c (f64x2.mul ${f64(GELU64.tanhScale)} (f64x2.add ${ONE} (f64x2.mul ${f64(GELU64.tanhCubicSlope)} (local.get $u)))))`,
      `(local.set $y (f64x2.mul (local.get $g) (f64x2.add (local.get $m) (f64x2.mul (f64x2.mul (f64x2.mul ${f64(0.5)} (local.get $x0)) (local.get $z)) (local.get $c)))))`,
    ],
  },
  { name: 'mish_f64', body: mishForward },
  {
    name: 'mish_bwd_f64',
    grad: true,
    body: () => [
      ...mishGate(),
      // σ = 1/(1 + u) for x ≥ 0, u/(1 + u) below, from the same u.
      `(local.set $a (f64x2.div (v128.bitselect ${ONE} (local.get $m) (local.get $e)) (f64x2.add ${ONE} (local.get $m))))`,
      ...oneMinusSquare('(local.get $t)'),
      `(local.set $y (f64x2.mul (local.get $g) (f64x2.add (local.get $t) (f64x2.mul (f64x2.mul (local.get $v) (local.get $a)) (local.get $z)))))`,
    ],
  },
];

const VECTOR_LOCALS = ['$v', '$g', '$y', '$w', '$k', '$nf', '$ni', '$r', '$p', '$q', '$h', '$s1', '$s2', '$e', '$m', '$t', '$z', '$a', '$d', '$x0', '$u', '$c'];

/**
 * The smooth activations' float64 kernels, as module fields for kernels.wat.
 * @returns WebAssembly text.
 */
export function smooth64Kernels(unroll = UNROLL) {
  return [";; The smooth activations in float64 (generated by scripts/smooth64.mjs from core's float64 definitions).", ...KERNELS.map((k) => elementwiseKernel(k, LAYOUTS.f64, VECTOR_LOCALS, unroll))].join('\n');
}
