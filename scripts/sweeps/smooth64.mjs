// Accuracy sweep of Rectify's float64 smooth maths on dense random samples.
//
// For each function, a seeded random sample of float64 inputs (a mixture of
// uniform draws on [−2, 2], [−40, 40] and [−800, 800] and of log-uniform
// magnitudes over the whole float64 range, both signs, plus edge values) goes
// through Rectify and through a double-double reference computed here (about
// 100 bits: e^x by range reduction, a Taylor series on r/256 and eight
// squarings of e^r − 1; ln(1 + u) by the atanh series), and the largest error
// is reported in float64 ulps of the reference (ulp = 2^(e − 52) for a
// reference in [2^e, 2^(e+1))). Subnormal results are counted apart, with
// their largest absolute error in units of 2^−1074; so are results in
// [2^−1022, 2^−1000), where the reference's lower part is itself subnormal
// (held to the budget plus half an ulp).
// Non-finite inputs are not measured here (the tests pin them), but take
// part in the bit comparison.
//
// Gradients are measured against the exact derivative. Those PyTorch computes
// from a rounded σ or tanh (sigmoid's and tanh's from y, SiLU's and Mish's),
// whose formulas lose everything where the derivative is below an ulp of 1,
// are measured in ulps of max(|dx|, 1), PyTorch's mixed measure.
//
// The activations run through the public API: a registry with the `simd`
// provider on tensors in WebAssembly memory, so the sweep measures the
// WebAssembly SIMD kernels, forward and backward (dy = 1, so dx is the
// slope); every input also runs through the activation's own float64 loop
// (a plain registry) and must give the same bits. exp, expm1 and ln(1 + u),
// which no kernel exposes alone, run through core's expF64, expm1F64 and
// log1pUnitF64.
//
// Usage (after `pnpm build`):
//   node scripts/sweeps/smooth64.mjs                  2^21 inputs per function (a few minutes)
//   node scripts/sweeps/smooth64.mjs --quick          2^13 inputs per function (CI's fast subset, seconds)
//   node scripts/sweeps/smooth64.mjs --count 100000 --seed 7 --only tanh,exp
// Exit status 1 when a function exceeds its error budget or a path differs.
/* global console */
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { SELU_ALPHA, SELU_SCALE, createKernels, eluCoefficients, expF64, expm1F64, log1pUnitF64, tensor } from '../../packages/core/dist/index.js';
import { allocateTensor, simd } from '../../packages/simd/dist/index.js';
import { logsigmoid, sigmoid, silu } from '../../packages/sigmoid/dist/index.js';
import { tanh } from '../../packages/tanh/dist/index.js';
import { celu, elu, selu } from '../../packages/elu/dist/index.js';
import { softplus } from '../../packages/softplus/dist/index.js';
import { mish } from '../../packages/gelu/dist/index.js';
import { ONE, TWO, add, dd, div, expDD, expm1DD, log1pDD, mishGateDD, mul, sech2DD, sigmoidDD, softplusDD, sub, tanhDD, timesTinyExp } from './double-double.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? fallback : args[i + 1];
};
const count = Number(option('count', args.includes('--quick') ? String(2 ** 13) : String(2 ** 21)));
const seed = Number(option('seed', '1'));
const only = option('only', undefined)?.split(',');
if (!Number.isInteger(count) || count < 1) throw new Error(`--count must be a positive integer, got ${option('count')}`);

// ---------------------------------------------------------------------------
// Errors.

/**
 * Below this the double-double reference's lower part is itself subnormal, so the reference is only within
 * 2^−1075 (half an ulp at 2^−1022, much less above): results from 2^−1022 up to here are counted apart, and
 * held to their budget plus that half ulp.
 */
const NEAR = 2 ** -1000;

/** A float64 ulp at |v|: 2^(e − 52) for |v| in [2^e, 2^(e+1)), 2^−1074 below 2^−1022. */
function ulpAt(v) {
  const a = Math.abs(v);
  if (a < 2 ** -1022) return 2 ** -1074;
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  return 2 ** (e - 52);
}

/**
 * The error of `got` against a double-double reference: ulps of max(|want|, floor), or `subnormal`
 * units of 2^−1074 below 2^−1022 (with no floor); Infinity for a wrong special value.
 */
function errorOf(got, want, floor = 0) {
  const w = want[0] + want[1];
  if (Number.isNaN(w)) return { ulps: Number.isNaN(got) ? 0 : Infinity };
  if (!Number.isFinite(w)) return { ulps: got === w ? 0 : Infinity };
  if (!Number.isFinite(got)) {
    // A result that overflowed where the reference rounds to ±∞ is right.
    return { ulps: Math.abs(w) >= 2 ** 1023 * (2 - 2 ** -53) && got === Math.sign(w) * Infinity ? 0 : Infinity };
  }
  const d = Math.abs(got - want[0] - want[1]);
  if (Math.abs(w) < 2 ** -1022 && floor === 0) return { subnormal: d / 2 ** -1074 };
  const ulps = d / ulpAt(Math.max(Math.abs(w), floor));
  return Math.abs(w) < NEAR && floor === 0 ? { near: ulps } : { ulps };
}

// ---------------------------------------------------------------------------
// The sample: a seeded xorshift generator, a mixture of ranges, and edge values.

function generator(s) {
  let a = (s * 0x9e3779b9) >>> 0 || 1;
  return () => {
    a ^= a << 13;
    a >>>= 0;
    a ^= a >>> 17;
    a ^= a << 5;
    a >>>= 0;
    return a / 2 ** 32;
  };
}

const EDGES = [
  0, -0, 5e-324, -5e-324, 1e-300, -1e-300, 2 ** -1022, 1e-8, -1e-8, 0.5625, -0.5625, 0.5624999999999999, 1, -1, 2, -2, 18.7, -18.7, 20, -20, 20.000000000000004, 36, -36, 40, -40,
  708.4, -708.4, 709.78, 709.7827128933841, -709.7827128933841, 710, -710, 745.1, -745.1, 745.2, -745.2, 750, -750, 760, -760, 761, -761, 1e300, -1e300, 1.7976931348623157e308,
  -1.7976931348623157e308, Infinity, -Infinity, NaN,
];

/** `n` inputs: edge values, then draws from the mixture; `unit` draws u in [0, 1] instead (for ln(1 + u)). */
function sample(n, s, unit = false) {
  const random = generator(s);
  const out = new Float64Array(n);
  let i = 0;
  if (!unit) for (; i < Math.min(n, EDGES.length); i++) out[i] = EDGES[i];
  for (; i < n; i++) {
    const k = random();
    const u = random();
    const sign = random() < 0.5 ? -1 : 1;
    if (unit) out[i] = k < 0.5 ? u : 2 ** (-1074 * u * u);
    else if (k < 0.2) out[i] = (u - 0.5) * 4;
    else if (k < 0.5) out[i] = (u - 0.5) * 80;
    else if (k < 0.75) out[i] = (u - 0.5) * 1600;
    else out[i] = sign * 2 ** (u * 2097 - 1074) * (1 + random());
  }
  return out;
}

// ---------------------------------------------------------------------------
// The functions: the reference of y (and of dy/dx at dy = 1), the budgets in ulps, and how Rectify computes them.

const SELU = eluCoefficients('selu', 0, 'float64');
const CELU = eluCoefficients('celu', 0.5, 'float64');

/** Softplus's reference for β and a threshold, with βx rounded as the function rounds it; +∞ where e^(βx) overflows below the threshold, as in PyTorch. */
function softplusReference(beta, threshold) {
  return {
    y: (x) => {
      const b = x * beta;
      if (b > threshold) return dd(x);
      if (b >= 709.7827128933841) return dd(Infinity);
      return div(softplusDD(b), dd(beta));
    },
    dx: (x) => {
      const b = x * beta;
      if (b > threshold) return ONE;
      if (b >= 709.7827128933841) return dd(Number.NaN);
      return sigmoidDD(b);
    },
  };
}

const FUNCTIONS = [
  { name: 'exp', budget: 1, y: expDD, scalar: expF64 },
  { name: 'expm1', budget: 2, y: expm1DD, scalar: expm1F64 },
  { name: 'log1pUnit', budget: 2, y: (u) => log1pDD(dd(u)), scalar: log1pUnitF64, unit: true },
  // The gradients from y (sigmoid, tanh) inherit the forward's error too; SiLU's is PyTorch's (dy·s)·(1 + x·(1 − s)) with
  // s rounded, whose 1 − s cancels for large x and which x multiplies: up to x/2 ulps near x = 37 by design.
  { name: 'sigmoid', budget: 2.5, dxBudget: 2, dxFloor: 1, plugin: sigmoid, y: sigmoidDD, dx: (x) => mul(sigmoidDD(x), sigmoidDD(-x)) },
  {
    name: 'silu',
    budget: 3,
    dxBudget: 24,
    dxFloor: 1,
    plugin: silu,
    // x·σ(x) = x·eˣ/(1 + eˣ); far left, with eˣ kept unrounded.
    y: (x) => (x < -700 ? timesTinyExp(x, div(ONE, add(ONE, expDD(x)))) : mul(dd(x), sigmoidDD(x))),
    dx: (x) => mul(sigmoidDD(x), add(ONE, mul(dd(x), sigmoidDD(-x)))),
  },
  {
    name: 'logsigmoid',
    budget: 3,
    dxBudget: 3,
    plugin: logsigmoid,
    y: (x) => sub(dd(Math.min(x, 0)), log1pDD(expDD(-Math.abs(x)))),
    dx: (x) => sigmoidDD(-x),
  },
  { name: 'tanh', budget: 2, dxBudget: 2, dxFloor: 1, plugin: tanh, y: tanhDD, dx: sech2DD },
  { name: 'elu', budget: 2.5, dxBudget: 2, plugin: elu, config: { alpha: 1 }, y: (x) => (x > 0 ? dd(x) : expm1DD(x)), dx: (x) => (x > 0 ? ONE : expDD(x)) },
  {
    name: 'celu',
    budget: 2.5,
    dxBudget: 3,
    plugin: celu,
    config: { alpha: 0.5 },
    // z = x/α rounded as the function rounds it; the backward's scale is 1/float32(α), exactly 2 here.
    y: (x) => (x > 0 ? dd(x) : mul(dd(CELU.negative), expm1DD(x * CELU.inputScale))),
    dx: (x) => (x > 0 ? ONE : mul(dd(CELU.negative * CELU.gradientInputScale), expDD(x * CELU.gradientInputScale))),
  },
  {
    name: 'selu',
    budget: 2.5,
    dxBudget: 3,
    plugin: selu,
    y: (x) => (x > 0 ? mul(dd(SELU.positive), dd(x)) : mul(dd(SELU.negative), expm1DD(x))),
    dx: (x) => (x > 0 ? dd(SELU.positive) : mul(dd(SELU.negative), expDD(x))),
  },
  { name: 'softplus', budget: 3, dxBudget: 3, plugin: softplus, config: { beta: 1, threshold: 20 }, ...softplusReference(1, 20) },
  { name: 'softplus_b2', budget: 4, dxBudget: 3, plugin: softplus, config: { beta: 2, threshold: 800 }, ...softplusReference(2, 800) },
  // Mish's gradient is PyTorch's t + (x·σ)·(1 − t²): t rounded, 1 − t² from it, which x·σ multiplies where it cancels.
  {
    name: 'mish',
    budget: 3.5,
    dxBudget: 12,
    dxFloor: 1,
    plugin: mish,
    // Far left the gate is w(w + 2)/(w(w + 2) + 2) with w = eˣ: x·eˣ·(w + 2)/(w(w + 2) + 2), eˣ kept unrounded.
    y: (x) => {
      if (x >= -700) return mul(dd(x), mishGateDD(x).t);
      const w = expDD(x);
      return timesTinyExp(x, div(add(w, TWO), add(mul(w, add(w, TWO)), TWO)));
    },
    dx: (x) => {
      const { t, rest } = mishGateDD(x);
      return add(t, mul(mul(dd(x), sigmoidDD(x)), rest));
    },
  },
].filter((f) => only === undefined || only.includes(f.name));

// Sanity of the reference constants used above.
if (SELU_ALPHA * SELU_SCALE !== SELU.negative || SELU.positive !== SELU_SCALE) throw new Error('SELU coefficients moved');

/** An empty report: the worst error in ulps and where, how many over budget, the results near and in the subnormals apart. */
const report = () => ({ worst: 0, worstAt: 0, over: 0, subnormals: 0, subnormalWorst: 0, near: 0, nearWorst: 0, measured: 0 });

/** Adds one error to a report. */
function accumulate(r, x, e, budget) {
  if (e.subnormal !== undefined) {
    r.subnormals++;
    r.subnormalWorst = Math.max(r.subnormalWorst, e.subnormal);
    return;
  }
  if (e.near !== undefined) {
    r.near++;
    r.nearWorst = Math.max(r.nearWorst, e.near);
    if (!(e.near <= budget + 0.5)) r.over++;
    return;
  }
  r.measured++;
  if (e.ulps > budget) r.over++;
  if (e.ulps > r.worst || Number.isNaN(e.ulps)) {
    r.worst = Number.isNaN(e.ulps) ? Infinity : e.ulps;
    r.worstAt = x;
  }
}

/** Runs one function over its sample; returns its report for y (and dx). */
function sweep(f, index) {
  const start = performance.now();
  const xs = sample(count, seed * 1000 + index, f.unit === true);
  const n = xs.length;
  const y = report();
  const dx = report();
  let differ = 0;
  let out;
  let slope;
  if (f.plugin !== undefined) {
    const fast = f.plugin.create(f.config ?? {}, { kernels: createKernels([simd]) });
    const plain = f.plugin.create(f.config ?? {}, { kernels: createKernels([]) });
    const x = allocateTensor([n], 'float64');
    const ones = allocateTensor([n], 'float64');
    x.data.set(xs);
    ones.data.fill(1);
    const fy = allocateTensor([n], 'float64').data;
    const fdx = allocateTensor([n], 'float64').data;
    fast.forwardInto(x, fy);
    fast.backwardInto(ones, fdx);
    const py = new Float64Array(n);
    const pdx = new Float64Array(n);
    plain.forwardInto(tensor(Float64Array.from(xs), [n]), py);
    plain.backwardInto(tensor(new Float64Array(n).fill(1), [n]), pdx);
    for (let i = 0; i < n; i++) if (!Object.is(fy[i], py[i]) || !Object.is(fdx[i], pdx[i])) differ++;
    out = Float64Array.from(fy);
    slope = Float64Array.from(fdx);
  } else {
    out = xs.map((v) => f.scalar(v));
  }
  for (let i = 0; i < n; i++) {
    const v = xs[i];
    if (!Number.isFinite(v)) continue;
    accumulate(y, v, errorOf(out[i], f.y(v)), f.budget);
    if (slope !== undefined) accumulate(dx, v, errorOf(slope[i], f.dx(v), f.dxFloor), f.dxBudget);
  }
  return { y, dx: slope === undefined ? undefined : dx, differ, seconds: (performance.now() - start) / 1000 };
}

const describe = (r, budget) =>
  `max error ${r.worst.toFixed(3)} ulp at x = ${r.worstAt} (budget ${budget}); ${r.over} over budget` +
  (r.near > 0 ? `; ${r.near} in [2^-1022, 2^-1000): max ${r.nearWorst.toFixed(3)} ulp` : '') +
  (r.subnormals > 0 ? `; ${r.subnormals} subnormal: max |error| ${r.subnormalWorst.toFixed(1)}·2^-1074` : '');

let failed = false;
console.log(`float64 sweep: ${count.toLocaleString('en')} inputs per function (seed ${seed}), double-double reference`);
FUNCTIONS.forEach((f, index) => {
  const r = sweep(f, index);
  const ok = r.y.worst <= f.budget && r.y.over === 0 && r.differ === 0 && (r.dx === undefined || (r.dx.worst <= f.dxBudget && r.dx.over === 0));
  failed ||= !ok;
  const paths = f.plugin === undefined ? 'core scalar' : `simd kernels; ${r.differ} differ from the plain loops`;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${f.name.padEnd(11)} y: ${describe(r.y, f.budget)}`);
  if (r.dx !== undefined) console.log(`     ${''.padEnd(11)} dx: ${describe(r.dx, f.dxBudget)}`);
  console.log(`     ${''.padEnd(11)} ${paths}; ${r.seconds.toFixed(1)} s`);
});
process.exit(failed ? 1 : 0);
