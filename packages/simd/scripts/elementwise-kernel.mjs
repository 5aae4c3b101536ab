// The loop around an elementwise kernel's statements, shared by the float32
// (smooth.mjs) and float64 (smooth64.mjs) generators: UNROLL vectors per
// iteration with the copies' statements interleaved, then single vectors,
// then the last elements as lanes of one more vector, so that every element
// sees the same operations wherever it falls.

/** Vectors per iteration of each kernel's main loop: independent work for the processor to overlap, and one loop test per four vectors. */
export const UNROLL = 4;

/**
 * What the float32 and float64 loops differ in: lanes per vector, the
 * parameters' type, and how the last elements (fewer than a vector) are
 * loaded and stored as lanes.
 */
export const LAYOUTS = {
  f32: {
    lanes: 4,
    shift: 2,
    paramType: 'f32',
    restLocal: '(local $rest i32) ',
    restInit: ['(local.set $rest (i32.and (local.get $n) (i32.const 3)))'],
    tailTest: '(local.get $rest)',
    /** Statements that load lane j of $v (and $g) for j < $rest, from the tail's start. */
    loadTail(grad) {
      const load = (vec, ptr) =>
        [0, 1, 2].map((j) => `(if (i32.gt_u (local.get $rest) (i32.const ${j})) (then (local.set ${vec} (v128.load32_lane offset=${4 * j} ${j} (local.get ${ptr}) (local.get ${vec})))))`);
      return [`(local.set $v (v128.const i32x4 0 0 0 0))`, ...load('$v', '$x'), ...(grad ? [`(local.set $g (v128.const i32x4 0 0 0 0))`, ...load('$g', '$dy')] : [])];
    },
    /** Statements that store lane j of $y for j < $rest. */
    storeTail() {
      return [0, 1, 2].map((j) => `(if (i32.gt_u (local.get $rest) (i32.const ${j})) (then (v128.store32_lane offset=${4 * j} ${j} (local.get $out) (local.get $y))))`);
    },
  },
  f64: {
    lanes: 2,
    shift: 3,
    paramType: 'f64',
    restLocal: '',
    restInit: [],
    tailTest: '(i32.and (local.get $n) (i32.const 1))',
    /** Statements that load a last odd element as lane 0 of $v (and $g). */
    loadTail(grad) {
      const zero = '(v128.const i64x2 0 0)';
      return [`(local.set $v (v128.load64_lane 0 (local.get $x) ${zero}))`, ...(grad ? [`(local.set $g (v128.load64_lane 0 (local.get $dy) ${zero}))`] : [])];
    },
    /** Statement that stores lane 0 of $y. */
    storeTail() {
      return ['(v128.store64_lane 0 (local.get $out) (local.get $y))'];
    },
  },
};

/**
 * Renames a statement's vector locals for copy j of the body in an unrolled
 * loop ($v → $v_1); the i32 locals and parameters are shared.
 * @param {readonly string[]} vectorLocals - The body's vector locals.
 */
export function renamer(vectorLocals) {
  return (statement, j) => (j === 0 ? statement : statement.replace(/\$([a-z0-9]+)\b/g, (m, id) => (vectorLocals.includes(`$${id}`) ? `$${id}_${j}` : m)));
}

/**
 * One kernel as a module field: a forward (x, out, n, params…) or, with
 * `grad`, a backward (x, dy, out, n, params…) whose statements map $v (and
 * $g = dy) to $y.
 *
 * @param {{ name: string, grad?: boolean, params?: readonly string[], body: () => string[] }} spec - The kernel.
 * @param {typeof LAYOUTS.f32} layout - The dtype's loop layout.
 * @param {readonly string[]} vectorLocals - The body's vector locals.
 * @param {number} unroll - Vectors per iteration of the main loop.
 */
export function elementwiseKernel({ name, grad = false, params = [], body }, layout, vectorLocals, unroll = UNROLL) {
  const renamed = renamer(vectorLocals);
  const ptrs = grad ? ['$x', '$dy', '$out'] : ['$x', '$out'];
  const steps = body();
  const advance = (bytes) => ptrs.map((p) => `(local.set ${p} (i32.add (local.get ${p}) (i32.const ${bytes})))`);
  const copies = Array.from({ length: unroll }, (_, j) => j);
  const locals = copies.flatMap((j) => vectorLocals.map((l) => renamed(l, j)));
  const main = [
    ...copies.map((j) => renamed(`(local.set $v (v128.load offset=${16 * j} (local.get $x)))`, j)),
    ...(grad ? copies.map((j) => renamed(`(local.set $g (v128.load offset=${16 * j} (local.get $dy)))`, j)) : []),
    // The copies' statements interleaved, so that independent operations sit side by side.
    ...steps.flatMap((statement) => copies.map((j) => renamed(statement, j))),
    ...copies.map((j) => renamed(`(v128.store offset=${16 * j} (local.get $out) (local.get $y))`, j)),
    ...advance(16 * unroll),
  ];
  const single = [`(local.set $v (v128.load (local.get $x)))`, ...(grad ? [`(local.set $g (v128.load (local.get $dy)))`] : []), ...steps, `(v128.store (local.get $out) (local.get $y))`, ...advance(16)];
  const { lanes, shift } = layout;
  return [
    `  (func (export "${name}") ${ptrs.map((p) => `(param ${p} i32)`).join(' ')} (param $n i32) ${params.map((p) => `(param ${p} ${layout.paramType})`).join(' ')}`,
    `    (local $uend i32) (local $vend i32) ${layout.restLocal}${locals.map((l) => `(local ${l} v128)`).join(' ')}`,
    `    (local.set $uend (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const ${-lanes * unroll})) (i32.const ${shift}))))`,
    `    (local.set $vend (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const ${-lanes})) (i32.const ${shift}))))`,
    ...layout.restInit.map((st) => `    ${st}`),
    `    (block $done`,
    `      (loop $wide`,
    `        (br_if $done (i32.ge_u (local.get $x) (local.get $uend)))`,
    ...main.map((st) => `        ${st}`),
    `        (br $wide)))`,
    `    (block $done`,
    `      (loop $vec`,
    `        (br_if $done (i32.ge_u (local.get $x) (local.get $vend)))`,
    ...single.map((st) => `        ${st}`),
    `        (br $vec)))`,
    `    (if ${layout.tailTest}`,
    `      (then`,
    ...[...layout.loadTail(grad), ...steps, ...layout.storeTail()].map((st) => `        ${st}`),
    `      ))`,
    `  )`,
  ].join('\n');
}
