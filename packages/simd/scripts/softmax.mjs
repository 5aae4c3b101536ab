// The kernels of softmax, log_softmax and softmin along rows (the last axis
// contiguous), float32 and float64, written as WebAssembly text from core's
// slice definitions (packages/core/src/softmax-rows.ts and
// softmax-rows64.ts): each row takes the passes of core's functions (max;
// exponentials and their float64 sums in the order of SOFTMAX_SUM_LANES;
// scaling), each lane doing the operations core does, in the same order, so
// the kernels give core's bits. The exponential and ln(1 + u) are the
// statements of smooth.mjs (float32) and smooth64.mjs (float64).
import { EXP32, EXP64 } from '@rectify/core';
import { exp, f32, log1pUnit } from './smooth.mjs';
import { exp as exp64, f64, hex64, log1pUnit as log1pUnit64 } from './smooth64.mjs';

const bits = new DataView(new ArrayBuffer(8));

/** A scalar float32 constant, as its bit pattern. */
function scalar(value) {
  bits.setFloat32(0, value);
  return `(f32.reinterpret_i32 (i32.const 0x${bits.getUint32(0).toString(16).padStart(8, '0')}))`;
}

/** A scalar float64 constant, as its bit pattern. */
const scalar64 = (value) => `(f64.reinterpret_i64 (i64.const ${hex64(value)}))`;

/** What the float32 and float64 kernels differ in. */
const DTYPES = {
  f32: {
    t: 'f32', v: 'f32x4', lanes: 4, shift: 2, bytes: 4, negInf: f32(-Infinity), one: f32(1), exp, lane: 'v128.load32_lane', storeLane: 'v128.store32_lane',
    // 2^n in one factor, and the lanes where that factor would not keep (1 + q)·2^n normal (n < −125).
    pow2: (e) => `(i32x4.shl (i32x4.add ${e} (v128.const i32x4 127 127 127 127)) (i32.const 23))`,
    low: (ni) => `(i32x4.lt_s ${ni} (v128.const i32x4 -125 -125 -125 -125))`,
  },
  f64: {
    t: 'f64', v: 'f64x2', lanes: 2, shift: 3, bytes: 8, negInf: f64(-Infinity), one: f64(1), exp: exp64, lane: 'v128.load64_lane', storeLane: 'v128.store64_lane',
    pow2: (e) => `(i64x2.shl (i64x2.add ${e} (v128.const i64x2 1023 1023)) (i32.const 52))`,
    low: (ni) => `(i64x2.lt_s ${ni} (v128.const i64x2 -1021 -1021))`,
  },
};

/** Vectors per iteration of the exponential pass's main loop: 16 float32 or 8 float64 elements. */
const UNROLL = 4;

/** The vector locals of one copy of the exponential pass's body; copy j renames them with the suffix _j. */
const COPY_LOCALS = ['$v', '$d', '$w', '$k', '$nf', '$ni', '$r', '$p', '$q', '$h', '$e'];

/** Renames a statement's copy locals for copy j ($v → $v_1). */
function renamed(statement, j) {
  return j === 0 ? statement : statement.replace(/\$([a-z0-9]+)\b/g, (m, id) => (COPY_LOCALS.includes(`$${id}`) ? `$${id}_${j}` : m));
}

/** The high two lanes of a float32 vector expression, moved to the low two. */
const high = (e) => `(i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 ${e} ${e})`;

/**
 * Statements adding the lanes of vector j of a group of eight elements (local
 * `e`) in float64 to the accumulators `${acc}0` … `${acc}3`, which hold the
 * partial sums (S₀, S₁), (S₂, S₃), (S₄, S₅), (S₆, S₇): a float32 vector (four
 * elements) goes to two of them, promoted; a float64 vector to one.
 */
function accumulate(d, acc, e, j) {
  if (d.t === 'f64') {
    const a = `${acc}${j % 4}`;
    return [`(local.set ${a} (f64x2.add (local.get ${a}) (local.get ${e})))`];
  }
  const lo = j % 2 === 0 ? 0 : 2;
  return [
    `(local.set ${acc}${lo} (f64x2.add (local.get ${acc}${lo}) (f64x2.promote_low_f32x4 (local.get ${e}))))`,
    `(local.set ${acc}${lo + 1} (f64x2.add (local.get ${acc}${lo + 1}) (f64x2.promote_low_f32x4 ${high(`(local.get ${e})`)})))`,
  ];
}

/** Statements: the scalar float64 sum of four accumulators in core's order, ((S₀ + S₄) + (S₂ + S₆)) + ((S₁ + S₅) + (S₃ + S₇)), into `target`. */
function combine(acc, target) {
  return [
    `(local.set $t (f64x2.add (f64x2.add (local.get ${acc}0) (local.get ${acc}2)) (f64x2.add (local.get ${acc}1) (local.get ${acc}3))))`,
    `(local.set ${target} (f64.add (f64x2.extract_lane 0 (local.get $t)) (f64x2.extract_lane 1 (local.get $t))))`,
  ];
}

/** Statements zeroing four accumulators. */
const zero = (acc) => [0, 1, 2, 3].map((i) => `(local.set ${acc}${i} (v128.const i64x2 0 0))`);

/** A loop over `ptr` up to `end` in steps of `step` bytes, running `body` and advancing every pointer in `ptrs`. */
function loop(label, ptr, end, step, ptrs, body) {
  return [
    `(block $${label}_done`,
    `  (loop $${label}`,
    `    (br_if $${label}_done (i32.ge_u (local.get ${ptr}) (local.get ${end})))`,
    ...body.map((s) => `    ${s}`),
    ...ptrs.map((p) => `    (local.set ${p} (i32.add (local.get ${p}) (i32.const ${step})))`),
    `    (br $${label})))`,
  ];
}

/**
 * One kernel over `rows` rows of `n` ≥ 1 elements, each row as core's slice
 * function (`softmaxSliceF32`, `logSoftmaxSliceF32`, `softmaxSliceGradF32`,
 * `logSoftmaxSliceGradF32`, or their float64 forms).
 *
 * @param name - The export's name.
 * @param d - The dtype's description (`DTYPES`).
 * @param log - log_softmax rather than softmax.
 * @param grad - The backward (reads dy, writes dx).
 */
function rowsKernel({ name, d, log, grad }) {
  const { t, v: V, lanes, bytes } = d;
  const wide = t === 'f64';
  const negatable = !log;
  const group = 8 / lanes;
  // Sets `target` to `base` plus the bytes of the row's first elements, a multiple of `multiple` of them.
  const limit = (target, base, multiple) => `(local.set ${target} (i32.add (local.get ${base}) (i32.shl (i32.and (local.get $n) (i32.const ${-multiple})) (i32.const ${d.shift}))))`;
  // v = x, or −x for softmin: the sign bit flipped with $sign (0 or the sign bit in each lane).
  const xv = (ptr, offset = 0) => (negatable ? `(v128.xor (v128.load offset=${offset} (local.get ${ptr})) (local.get $sign))` : `(v128.load offset=${offset} (local.get ${ptr}))`);
  const ix = wide ? 'i64' : 'i32';
  const xs = (ptr) => (negatable ? `(${t}.reinterpret_${ix} (${ix}.xor (${ix}.load (local.get ${ptr})) (local.get $sb)))` : `(${t}.load (local.get ${ptr}))`);
  const params = ['(param $x i32)', ...(grad ? ['(param $dy i32)'] : []), '(param $out i32)', '(param $rows i32)', '(param $n i32)', ...(negatable ? ['(param $neg i32)'] : [])];
  const ptrs = ['$px', '$po', ...(grad ? ['$pg'] : [])];
  // The exponentials are stored (in y, or in dx as scratch) except by log_softmax's forward.
  const storesE = !(log && !grad);
  // log_softmax's backward sums dy beside the exponentials.
  const sumsDy = log && grad;
  const laneIf = (index, then) => `(if (i32.gt_u (local.get $rest) (i32.const ${index})) (then ${then}))`;
  const laneLoads = (vec, ptr, j) =>
    Array.from({ length: lanes }, (_, l) => laneIf(lanes * j + l, `(local.set ${vec} (${d.lane} offset=${bytes * (lanes * j + l)} ${l} (local.get ${ptr}) (local.get ${vec})))`));
  const laneStores = (ptr, vec, j) => Array.from({ length: lanes }, (_, l) => laneIf(lanes * j + l, `(${d.storeLane} offset=${bytes * (lanes * j + l)} ${l} (local.get ${ptr}) (local.get ${vec}))`));
  // Lanes of vector j of the tail that lie before the row's end.
  const inRow = (j) =>
    wide
      ? `(i64x2.gt_s (i64x2.splat (i64.extend_i32_u (local.get $rest))) (v128.const i64x2 ${2 * j} ${2 * j + 1}))`
      : `(i32x4.gt_s (i32x4.splat (local.get $rest)) (v128.const i32x4 ${4 * j} ${4 * j + 1} ${4 * j + 2} ${4 * j + 3}))`;

  /** The exponential's statements up to q and n (the scaling by 2^n left out), the argument v − m ≤ 0 (or NaN): no upper clamp needed. */
  const expReduced = () => {
    const [clamp, ...rest] = d.exp('(local.get $v)').slice(0, -2);
    return [clamp.replace(/^\(local\.set \$w \((?:f32x4|f64x2)\.pmin (.*) \(v128\.const [^()]*\)\)\)$/, '(local.set $w $1)'), ...rest];
  };
  /** The exponential's own scaling, (1 + q)·2^⌊n/2⌋·2^(n−⌊n/2⌋), and the one-factor form, equal wherever (1 + q)·2^n is normal. */
  const expScaled = () => d.exp('(local.get $v)').slice(-2);
  const expOneFactor = [`(local.set $e (${V}.mul (${V}.add ${d.one} (local.get $q)) ${d.pow2('(local.get $ni)')}))`];
  /** Statements of copy j of the exponential pass after e (offset 16·(j mod UNROLL) bytes from the pointers). */
  const afterExp = (j) => {
    const off = 16 * (j % UNROLL);
    return [
      ...(storesE ? [`(v128.store offset=${off} (local.get $po) (local.get $e))`] : []),
      ...accumulate(d, '$acc', '$e', j),
      ...(sumsDy ? [`(local.set $d (v128.load offset=${off} (local.get $pg)))`, ...accumulate(d, '$dys', '$d', j)] : []),
    ];
  };
  /** Statements of copy j of the exponential pass (offset 16·(j mod UNROLL) bytes from the pointers). */
  const expCopy = (j) => [`(local.set $v (${V}.sub ${xv('$px', 16 * (j % UNROLL))} (local.get $mx)))`, ...d.exp('(local.get $v)'), ...afterExp(j)];
  /** The statements of `make(j)` for copies 0 … count − 1, interleaved statement by statement (so each accumulator is added to in element order). */
  const interleave = (count, make) => {
    const copies = Array.from({ length: count }, (_, j) => make(j).map((s) => renamed(s, j)));
    return (copies[0] ?? []).flatMap((_, i) => copies.map((c) => c[i]));
  };
  const interleaved = (count) => interleave(count, expCopy);
  /**
   * The main loop's body: the exponential in one factor 2^n unless a lane of
   * the iteration needs n \< −125 (a subnormal e^(v − m)), where it takes
   * core's two factors; both give the same bits wherever both apply.
   */
  const mainBody = () => {
    const copies = Array.from({ length: UNROLL }, (_, j) => j);
    const anyLow = copies.map((j) => d.low(renamed('(local.get $ni)', j))).reduce((a, b) => `(v128.or ${a} ${b})`);
    return [
      ...interleave(UNROLL, (j) => [`(local.set $v (${V}.sub ${xv('$px', 16 * j)} (local.get $mx)))`, ...expReduced()]),
      `(if (v128.any_true ${anyLow})`,
      `  (then`,
      ...interleave(UNROLL, expScaled).map((st) => `    ${st}`),
      `  )`,
      `  (else`,
      ...interleave(UNROLL, () => expOneFactor).map((st) => `    ${st}`),
      `  ))`,
      ...interleave(UNROLL, afterExp),
    ];
  };

  /** The last n mod 8 elements: one group of vectors whose lanes past the row's end hold −∞ (e = +0) and dy = 0, stored lane by lane. */
  const tail = () => {
    const out = [];
    for (let j = 0; j < group; j++) {
      const statements = [
        `(local.set $v (v128.const i32x4 0 0 0 0))`,
        ...laneLoads('$v', '$px', j),
        ...(negatable ? [`(local.set $v (v128.xor (local.get $v) (local.get $sign)))`] : []),
        `(local.set $v (${V}.sub (v128.bitselect (local.get $v) ${d.negInf} ${inRow(j)}) (local.get $mx)))`,
        ...d.exp('(local.get $v)'),
        ...(storesE ? laneStores('$po', '$e', j) : []),
        ...accumulate(d, '$acc', '$e', j),
        ...(sumsDy ? [`(local.set $d (v128.const i32x4 0 0 0 0))`, ...laneLoads('$d', '$pg', j), ...accumulate(d, '$dys', '$d', j)] : []),
      ];
      out.push(...statements.map((s) => renamed(s, j % UNROLL)));
    }
    return out;
  };

  /** Pass 1: $ms = the row's largest v (max), splatted into $mx. */
  const horizontal = wide
    ? `(f64.max (f64x2.extract_lane 0 (local.get $m0)) (f64x2.extract_lane 1 (local.get $m0)))`
    : `(f32.max (f32.max (f32x4.extract_lane 0 (local.get $m0)) (f32x4.extract_lane 1 (local.get $m0))) (f32.max (f32x4.extract_lane 2 (local.get $m0)) (f32x4.extract_lane 3 (local.get $m0))))`;
  const maxPass = [
    ...[0, 1, 2, 3].map((j) => `(local.set $m${j} ${d.negInf})`),
    `(local.set $px (local.get $x))`,
    limit('$uend', '$x', 4 * lanes),
    ...loop('max4', '$px', '$uend', 64, ['$px'], [0, 1, 2, 3].map((j) => `(local.set $m${j} (${V}.max (local.get $m${j}) ${xv('$px', 16 * j)}))`)),
    limit('$vend', '$x', lanes),
    ...loop('max1', '$px', '$vend', 16, ['$px'], [`(local.set $m0 (${V}.max (local.get $m0) ${xv('$px')}))`]),
    `(local.set $m0 (${V}.max (${V}.max (local.get $m0) (local.get $m1)) (${V}.max (local.get $m2) (local.get $m3))))`,
    `(local.set $ms ${horizontal})`,
    `(local.set $end (i32.add (local.get $x) (local.get $bytes)))`,
    ...loop('max0', '$px', '$end', bytes, ['$px'], [`(local.set $ms (${t}.max (local.get $ms) ${xs('$px')}))`]),
    `(local.set $mx (${V}.splat (local.get $ms)))`,
  ];

  /** Pass 2: the exponentials (stored where needed) and their float64 sums into $sum (and dy's into $sumd). */
  const expPass = [
    ...zero('$acc'),
    ...(sumsDy ? zero('$dys') : []),
    `(local.set $px (local.get $x))`,
    `(local.set $po (local.get $out))`,
    ...(grad ? [`(local.set $pg (local.get $dy))`] : []),
    limit('$uend', '$x', UNROLL * lanes),
    ...loop('exp4', '$px', '$uend', 16 * UNROLL, ptrs, mainBody()),
    // Float32: the groups of eight left after the 16-element iterations.
    ...(group < UNROLL ? [limit('$vend', '$x', 8), ...loop('exp2', '$px', '$vend', 16 * group, ptrs, interleaved(group))] : []),
    `(if (local.get $rest) (then`,
    ...tail().map((s) => `  ${s}`),
    `))`,
    ...combine('$acc', '$sum'),
    ...(sumsDy ? combine('$dys', '$sumd') : []),
  ];

  /** A loop over whole vectors of the row from $po (and $px, $pg) with `body`, then a scalar loop over the last elements with `last`. */
  const scalePass = (label, withX, body, last) => {
    const moving = ['$po', ...(withX ? ['$px'] : []), ...(grad ? ['$pg'] : [])];
    return [
      `(local.set $po (local.get $out))`,
      ...(withX ? [`(local.set $px (local.get $x))`] : []),
      ...(grad ? [`(local.set $pg (local.get $dy))`] : []),
      limit('$vend', '$out', lanes),
      `(local.set $end (i32.add (local.get $out) (local.get $bytes)))`,
      ...loop(`${label}4`, '$po', '$vend', 16, moving, body),
      ...loop(`${label}1`, '$po', '$end', bytes, moving, last),
    ];
  };

  // r = 1/S (rounded to float32 for float32), and D or T rounded likewise.
  const narrow = (e) => (wide ? e : `(f32.demote_f64 ${e})`);
  const reciprocal = `(local.set $rs ${narrow('(f64.div (f64.const 1) (local.get $sum))')})`;
  let finish;
  if (!log && !grad) {
    // y = e·r.
    finish = [
      reciprocal,
      `(local.set $c (${V}.splat (local.get $rs)))`,
      ...scalePass('scale', false, [`(v128.store (local.get $po) (${V}.mul (v128.load (local.get $po)) (local.get $c)))`], [`(${t}.store (local.get $po) (${t}.mul (${t}.load (local.get $po)) (local.get $rs)))`]),
    ];
  } else if (log && !grad) {
    // L = k·ln2_hi + (k·ln2_lo + ln(1 + (f − 1))) of S (rounded to float32 for float32) = 2^k·f; y = (v − m) − L.
    const logSum = wide
      ? [
          `(local.set $ls (local.get $sum))`,
          `(local.set $bits64 (i64.reinterpret_f64 (local.get $ls)))`,
          `(local.set $kd (f64.convert_i64_s (i64.sub (i64.shr_u (local.get $bits64) (i64.const 52)) (i64.const 1023))))`,
          `(local.set $m (f64x2.splat (f64.sub (f64.reinterpret_i64 (i64.or (i64.and (local.get $bits64) (i64.const 0xfffffffffffff)) (i64.const 0x3ff0000000000000))) (f64.const 1))))`,
          ...log1pUnit64(),
          `(local.set $rs (f64.add (f64.mul (local.get $kd) ${scalar64(EXP64.ln2Hi)}) (f64.add (f64.mul (local.get $kd) ${scalar64(EXP64.ln2Lo)}) (f64x2.extract_lane 0 (local.get $e)))))`,
        ]
      : [
          `(local.set $ls (f32.demote_f64 (local.get $sum)))`,
          `(local.set $bits (i32.reinterpret_f32 (local.get $ls)))`,
          `(local.set $kf (f32.convert_i32_s (i32.sub (i32.shr_u (local.get $bits) (i32.const 23)) (i32.const 127))))`,
          `(local.set $m (f32x4.splat (f32.sub (f32.reinterpret_i32 (i32.or (i32.and (local.get $bits) (i32.const 0x7fffff)) (i32.const 0x3f800000))) (f32.const 1))))`,
          ...log1pUnit(),
          `(local.set $rs (f32.add (f32.mul (local.get $kf) ${scalar(EXP32.ln2Hi)}) (f32.add (f32.mul (local.get $kf) ${scalar(EXP32.ln2Lo)}) (f32x4.extract_lane 0 (local.get $e)))))`,
        ];
    finish = [
      ...logSum,
      // A NaN sum gives NaN.
      `(local.set $rs (select (local.get $rs) (local.get $ls) (${t}.eq (local.get $ls) (local.get $ls))))`,
      `(local.set $c (${V}.splat (local.get $rs)))`,
      ...scalePass(
        'logs',
        true,
        [`(v128.store (local.get $po) (${V}.sub (${V}.sub ${xv('$px')} (local.get $mx)) (local.get $c)))`],
        [`(${t}.store (local.get $po) (${t}.sub (${t}.sub ${xs('$px')} (local.get $ms)) (local.get $rs)))`],
      ),
    ];
  } else if (!log && grad) {
    // y = e·r into dx and T = Σ dy·y (products in the dtype, float64 sums in core's order), then dx = ±(dy − T)·y.
    const probGroup = (j) => [
      `(local.set $v (${V}.mul (v128.load offset=${16 * j} (local.get $po)) (local.get $c)))`,
      `(v128.store offset=${16 * j} (local.get $po) (local.get $v))`,
      `(local.set $d (${V}.mul (v128.load offset=${16 * j} (local.get $pg)) (local.get $v)))`,
      ...accumulate(d, '$dys', '$d', j),
    ];
    const tailGroup = (j) =>
      [
        `(local.set $v (v128.const i32x4 0 0 0 0))`,
        `(local.set $d (v128.const i32x4 0 0 0 0))`,
        ...laneLoads('$v', '$po', j),
        ...laneLoads('$d', '$pg', j),
        `(local.set $v (${V}.mul (local.get $v) (local.get $c)))`,
        ...laneStores('$po', '$v', j),
        `(local.set $d (${V}.mul (local.get $d) (local.get $v)))`,
        ...accumulate(d, '$dys', '$d', j),
      ].map((s) => renamed(s, j));
    const groups = Array.from({ length: group }, (_, j) => j);
    finish = [
      reciprocal,
      `(local.set $c (${V}.splat (local.get $rs)))`,
      ...zero('$dys'),
      `(local.set $po (local.get $out))`,
      `(local.set $pg (local.get $dy))`,
      limit('$vend', '$out', 8),
      ...loop('prob', '$po', '$vend', 32 * (group / 2), ['$po', '$pg'], groups.flatMap((j) => probGroup(j).map((s) => renamed(s, j)))),
      `(if (local.get $rest) (then`,
      ...groups.flatMap(tailGroup).map((s) => `  ${s}`),
      `))`,
      ...combine('$dys', '$sumd'),
      `(local.set $ts ${narrow('(local.get $sumd)')})`,
      `(local.set $c (${V}.splat (local.get $ts)))`,
      ...scalePass(
        'grad',
        false,
        [`(v128.store (local.get $po) (v128.xor (${V}.mul (${V}.sub (v128.load (local.get $pg)) (local.get $c)) (v128.load (local.get $po))) (local.get $sign)))`],
        [`(${t}.store (local.get $po) (${t}.reinterpret_${ix} (${ix}.xor (${ix}.reinterpret_${t} (${t}.mul (${t}.sub (${t}.load (local.get $pg)) (local.get $ts)) (${t}.load (local.get $po)))) (local.get $sb))))`],
      ),
    ];
  } else {
    // dx = dy − (e·r)·D, D = Σ dy (rounded to float32 for float32).
    finish = [
      reciprocal,
      `(local.set $ts ${narrow('(local.get $sumd)')})`,
      `(local.set $c (${V}.splat (local.get $rs)))`,
      `(local.set $c2 (${V}.splat (local.get $ts)))`,
      ...scalePass(
        'lgrad',
        false,
        [`(v128.store (local.get $po) (${V}.sub (v128.load (local.get $pg)) (${V}.mul (${V}.mul (v128.load (local.get $po)) (local.get $c)) (local.get $c2))))`],
        [`(${t}.store (local.get $po) (${t}.sub (${t}.load (local.get $pg)) (${t}.mul (${t}.mul (${t}.load (local.get $po)) (local.get $rs)) (local.get $ts))))`],
      ),
    ];
  }

  const copies = Array.from({ length: UNROLL }, (_, j) => j);
  const vectorLocals = [
    ...copies.flatMap((j) => COPY_LOCALS.map((l) => renamed(l, j))),
    '$sign', '$mx', '$m0', '$m1', '$m2', '$m3', '$acc0', '$acc1', '$acc2', '$acc3', '$dys0', '$dys1', '$dys2', '$dys3', '$a2', '$t', '$c', '$c2', '$m', '$z',
  ];
  const signBit = wide ? `(i64.shl (i64.extend_i32_u (local.get $neg)) (i64.const 63))` : `(i32.shl (local.get $neg) (i32.const 31))`;
  return [
    `  (func (export "${name}") ${params.join(' ')}`,
    `    (local $px i32) (local $po i32) (local $pg i32) (local $end i32) (local $uend i32) (local $vend i32) (local $rest i32) (local $bytes i32) (local $bits i32) (local $bits64 i64) (local $sb ${ix})`,
    `    (local $ms ${t}) (local $rs ${t}) (local $ls ${t}) (local $ts ${t}) (local $kf f32) (local $kd f64) (local $sum f64) (local $sumd f64)`,
    `    ${vectorLocals.map((l) => `(local ${l} v128)`).join(' ')}`,
    ...(negatable ? [`    (local.set $sb ${signBit})`, `    (local.set $sign (${wide ? 'i64x2' : 'i32x4'}.splat (local.get $sb)))`] : []),
    `    (local.set $bytes (i32.shl (local.get $n) (i32.const ${d.shift})))`,
    `    (local.set $rest (i32.and (local.get $n) (i32.const 7)))`,
    `    (block $rows_done`,
    `      (loop $row`,
    `        (br_if $rows_done (i32.eqz (local.get $rows)))`,
    ...[...maxPass, ...expPass, ...finish].map((s) => `        ${s}`),
    `        (local.set $x (i32.add (local.get $x) (local.get $bytes)))`,
    `        (local.set $out (i32.add (local.get $out) (local.get $bytes)))`,
    ...(grad ? [`        (local.set $dy (i32.add (local.get $dy) (local.get $bytes)))`] : []),
    `        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))`,
    `        (br $row)))`,
    `  )`,
  ].join('\n');
}

/** The kernels: softmax (and softmin, with $neg = 1) and log_softmax, forward and backward, float32 and float64. */
const KERNELS = ['f32', 'f64'].flatMap((t) => [
  { name: `softmax_rows_${t}`, d: DTYPES[t], log: false, grad: false },
  { name: `softmax_rows_bwd_${t}`, d: DTYPES[t], log: false, grad: true },
  { name: `log_softmax_rows_${t}`, d: DTYPES[t], log: true, grad: false },
  { name: `log_softmax_rows_bwd_${t}`, d: DTYPES[t], log: true, grad: true },
]);

/**
 * The softmax family's row kernels, as module fields for kernels.wat.
 * @returns WebAssembly text.
 */
export function softmaxKernels() {
  return [";; Softmax, log_softmax and softmin along rows in float32 and float64 (generated by scripts/softmax.mjs from core's slice definitions).", ...KERNELS.map(rowsKernel)].join('\n');
}
