// Accuracy sweep of Rectify's float32 smooth maths over every float32 input.
//
// For each function, every float32 bit pattern (or every stride-th, with
// --stride) goes through Rectify and through a float64 reference (Math.exp,
// Math.expm1, Math.tanh and the formulas below, each within an ulp of float64,
// 2^-29 of a float32 ulp); the largest error is reported in float32 ulps of
// the reference (ulp = 2^(e − 23) for a reference in [2^e, 2^(e+1)), 2^-149
// below 2^-126), with the input where it occurs. NaN must give NaN, an
// infinite or zero reference the same float32 value with its sign.
//
// The activations run through the public API: a registry with the `simd`
// provider on tensors in WebAssembly memory, so the sweep measures the
// WebAssembly SIMD kernels; every stride-th input (all of them with --both)
// also runs through the activation's own float32 loop (a plain registry) and
// must give the same bits. exp and expm1, which no kernel exposes alone, run
// through core's expF32 and expm1F32.
//
// Usage (after `pnpm build`):
//   node scripts/sweeps/smooth32.mjs                 every float32, every function (minutes per function)
//   node scripts/sweeps/smooth32.mjs --stride 4099   every 4,099th bit pattern (CI's fast subset)
//   node scripts/sweeps/smooth32.mjs --only tanh,exp --budget tanh=1.1
// Exit status 1 when a function exceeds its error budget or a path differs.
/* global console */
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { EXP32, createKernels, expF32, expm1F32, tensor } from '../../packages/core/dist/index.js';
import { allocateTensor, simd } from '../../packages/simd/dist/index.js';
import { logsigmoid, sigmoid, silu } from '../../packages/sigmoid/dist/index.js';
import { tanh } from '../../packages/tanh/dist/index.js';
import { elu, selu } from '../../packages/elu/dist/index.js';
import { softplus } from '../../packages/softplus/dist/index.js';
import { gelu, mish } from '../../packages/gelu/dist/index.js';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? fallback : args[i + 1];
};
const stride = Number(option('stride', '1'));
const only = option('only', undefined)?.split(',');
const both = args.includes('--both');
if (!Number.isInteger(stride) || stride < 1) throw new Error(`--stride must be a positive integer, got ${option('stride')}`);

const SELU_SCALE = 1.0507009873554805;
const SELU_ALPHA = 1.6732632423543772;

/** e^x − 1 with PyTorch's zero, that of e^x − 1: +0 at x = −0, where Math.expm1 gives −0 (ELU's zero). */
function expm1PyTorchZero(x) {
  const e = Math.expm1(x);
  return e === 0 ? 0 : e;
}

/** Mish's float64 reference: x·tanh(log1p(eˣ)) as a rational function of e^(−|x|), which neither overflows nor cancels. */
function mishReference(x) {
  if (x >= 0) {
    const v = Math.exp(-x);
    return x * (1 - (2 * v * v) / (1 + 2 * v + 2 * v * v));
  }
  const w = Math.exp(x);
  const n = w * (w + 2);
  return (x * n) / (n + 2);
}

/**
 * The functions: the float64 reference, the budget in float32 ulps, and how
 * Rectify computes a chunk (an activation through the provider, or a scalar
 * function of core).
 */
const FUNCTIONS = [
  { name: 'exp', budget: 1, reference: Math.exp, scalar: expF32 },
  { name: 'expm1', budget: 2, reference: Math.expm1, scalar: expm1F32 },
  // Below EXP32.sigmoidLow (−87.33654) sigmoid and SiLU flush to +0 and −0 by design: counted apart, not as errors.
  { name: 'sigmoid', budget: 2.5, reference: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))), plugin: sigmoid, flush: 0 },
  { name: 'silu', budget: 3, reference: (x) => (x >= 0 ? x / (1 + Math.exp(-x)) : (x * Math.exp(x)) / (1 + Math.exp(x))), plugin: silu, flush: -0 },
  { name: 'logsigmoid', budget: 3, reference: (x) => Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x))), plugin: logsigmoid, flushAbove: -EXP32.sigmoidLow },
  { name: 'tanh', budget: 1, reference: Math.tanh, plugin: tanh },
  { name: 'elu', budget: 1, reference: (x) => (x > 0 ? x : expm1PyTorchZero(x)), plugin: elu },
  // Softplus with PyTorch's defaults (β = 1, threshold 20): x above 20; below −87.33654 flushed to +0 by design, as sigmoid.
  { name: 'softplus', budget: 3, reference: (x) => (x > 20 ? x : Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)))), plugin: softplus, flush: 0 },
  { name: 'mish', budget: 2, reference: mishReference, plugin: mish },
  // GELU against the gelu plugin's own float64 loops (erfc to about an ulp of float64; the tanh form in float64 without cancellation).
  { name: 'gelu', budget: 6, reference: 'float64', plugin: gelu },
  // The tanh form is x·σ(w) with w rounded three times: its relative error grows with |w| in the negative tail, where y is tiny,
  // so its error is counted in ulps of max(|y|, 1), PyTorch's mixed measure.
  { name: 'gelu_tanh', budget: 3, reference: 'float64', plugin: gelu, config: { approximate: 'tanh' }, floor: 1 },
  { name: 'selu', budget: 2, reference: (x) => (x > 0 ? Math.fround(SELU_SCALE) * x : Math.fround(Math.fround(SELU_ALPHA) * Math.fround(SELU_SCALE)) * expm1PyTorchZero(x)), plugin: selu },
].filter((f) => only === undefined || only.includes(f.name));
for (const part of (option('budget', '') || '').split(',').filter(Boolean)) {
  const [name, value] = part.split('=');
  const f = FUNCTIONS.find((g) => g.name === name);
  if (f === undefined || !(Number(value) > 0)) throw new Error(`--budget takes name=ulps for a swept function, got ${part}`);
  f.budget = Number(value);
}

const CHUNK = 1 << 20;
const bits = new Uint32Array(CHUNK);
const values = new Float32Array(bits.buffer);
const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

/** A float32 ulp at |v|: 2^(e − 23) for |v| in [2^e, 2^(e+1)), 2^-149 in the subnormals. */
function ulpAt(v) {
  scratch[0] = Math.abs(v);
  const e = (scratchBits[0] >>> 23) & 255;
  return e <= 1 ? 2 ** -149 : 2 ** (e - 150);
}

/** The error of `got` against the float64 reference `want`, in float32 ulps of max(|want|, floor); Infinity for a wrong special value. */
function errorOf(got, want, floor = 0) {
  if (Number.isNaN(want)) return Number.isNaN(got) ? 0 : Infinity;
  const rounded = Math.fround(want);
  if (!Number.isFinite(rounded) || rounded === 0) return Object.is(got, rounded) ? 0 : Number.isFinite(got) && Math.abs(got) <= 2 ** -149 && rounded === 0 ? 1 : Infinity;
  if (Number.isNaN(got) || !Number.isFinite(got)) return Infinity;
  return Math.abs(got - want) / ulpAt(Math.max(Math.abs(want), floor));
}

/** Runs one function over its share of the bit patterns; returns its report. */
function sweep(f) {
  const fast = f.plugin?.create(f.config ?? {}, { kernels: createKernels([simd]) });
  const plain = f.plugin?.create(f.config ?? {}, { kernels: createKernels([]) });
  const wide = f.reference === 'float64' ? new Float64Array(CHUNK) : undefined;
  const x = fast === undefined ? undefined : allocateTensor([CHUNK], 'float32');
  const y = fast === undefined ? undefined : allocateTensor([CHUNK], 'float32');
  const yPlain = new Float32Array(CHUNK);
  let worst = 0;
  let worstAt = 0;
  let count = 0;
  let differ = 0;
  let over = 0;
  let flushed = 0;
  const start = performance.now();
  const total = Math.ceil(2 ** 32 / stride);
  for (let done = 0; done < total; ) {
    const m = Math.min(CHUNK, total - done);
    for (let i = 0; i < m; i++) bits[i] = (done + i) * stride;
    const xs = m === CHUNK ? values : values.subarray(0, m);
    let out;
    if (fast !== undefined) {
      const xt = m === CHUNK ? x : tensor(x.data.subarray(0, m), [m]);
      const yt = m === CHUNK ? y.data : y.data.subarray(0, m);
      xt.data.set(xs);
      fast.forwardInto(xt, yt);
      out = yt;
      // The activation's own loop, on a stride of the chunk (all of it with --both): the same bits.
      const check = both ? xs : xs.filter((_, i) => i % 61 === 0);
      const ours = yPlain.subarray(0, check.length);
      plain.forwardInto(tensor(check, [check.length]), ours);
      for (let i = 0; i < check.length; i++) {
        const k = both ? i : i * 61;
        if (!Object.is(ours[i], out[k])) differ++;
      }
    } else {
      out = yPlain.subarray(0, m);
      for (let i = 0; i < m; i++) out[i] = f.scalar(xs[i]);
    }
    // A float64 reference from the activation's own float64 loop, a chunk at a time.
    if (wide !== undefined) plain.forwardInto(tensor(Float64Array.from(xs), [m]), wide.subarray(0, m));
    for (let i = 0; i < m; i++) {
      const v = xs[i];
      if ((f.flush !== undefined && v < EXP32.sigmoidLow && v !== -Infinity) || (f.flushAbove !== undefined && v > f.flushAbove && v !== Infinity)) {
        if (Object.is(out[i], f.flush ?? 0)) flushed++;
        else over++;
        continue;
      }
      const want = wide === undefined ? f.reference(v) : wide[i];
      const e = errorOf(out[i], want, f.floor);
      if (e > f.budget) over++;
      if (e > worst || Number.isNaN(e)) {
        worst = Number.isNaN(e) ? Infinity : e;
        worstAt = v;
      }
    }
    count += m;
    done += m;
  }
  return { name: f.name, budget: f.budget, count, worst, worstAt, over, flushed, differ, seconds: (performance.now() - start) / 1000 };
}

let failed = false;
console.log(`float32 sweep, every ${stride === 1 ? '' : `${stride}th `}bit pattern (${Math.ceil(2 ** 32 / stride).toLocaleString('en')} inputs per function)`);
for (const f of FUNCTIONS) {
  const r = sweep(f);
  const ok = r.worst <= r.budget && r.over === 0 && r.differ === 0;
  failed ||= !ok;
  const paths = f.plugin === undefined ? 'core scalar' : `simd kernel; ${r.differ} differ from the plain loop`;
  console.log(
    `${ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(10)} max error ${r.worst.toFixed(3)} ulp at x = ${r.worstAt} (budget ${r.budget}); ${r.over} over budget; ${r.flushed > 0 ? `${r.flushed} flushed to ±0 beyond |x| = ${-EXP32.sigmoidLow}; ` : ''}${paths}; ${r.count.toLocaleString('en')} inputs in ${r.seconds.toFixed(1)} s`,
  );
}
process.exit(failed ? 1 : 0);
