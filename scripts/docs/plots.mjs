// @ts-check
/**
 * Draws each activation and its derivative from the built packages' own code
 * (forward and backward, in float64) and writes one SVG per plugin to
 * docs/plots/<plugin name>.svg, which the package READMEs embed and typedoc
 * copies into the site.
 *
 * What is drawn is data: `PLOTS` below holds one entry per activation, with
 * its x range, the config it is drawn with, and for an activation that is not
 * elementwise the slice of input that is drawn. An activation without an
 * entry, an entry without an activation, and a package README that does not
 * embed the plot of each of its activations are errors.
 *
 * The plots are committed, so that the package READMEs show them on a
 * clone and on GitHub. Run after building the packages:
 * `node scripts/docs/plots.mjs` writes them; `--check` (the docs build)
 * writes nothing and fails when a committed plot differs from what the
 * packages draw now, or is missing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { URL, fileURLToPath, pathToFileURL } from 'node:url';
import { renderFigure } from './svg.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const plotsDir = join(root, 'docs', 'plots');

/** Samples per unit of x; the grid holds 0 and every integer exactly. */
const PER_UNIT = 40;
const ACTIVATION_COLOR = '#2563eb';
const DERIVATIVE_COLOR = '#c2410c';
const MUTED = '#6b7280';
const TRAINING_SEED = 7;

/**
 * A slice of input for an activation that is not elementwise: every input of
 * one slice (one group, one softmax row, one GLU pair) is an affine function
 * a·t + b of the plotted variable t, and one output of the slice is drawn
 * against t. Its derivative with respect to t is the backward's dx for
 * dy = 1 at that output (0 at the others), dotted with the inputs' slopes a.
 *
 * @typedef {{
 *   inputs: readonly (readonly [number, number])[],
 *   output?: number,
 *   title: string,
 *   explain: string,
 *   forwardLabel: string,
 *   context?: { of: 'inputs' | 'outputs', label: string },
 *   derivativeTitle: string,
 *   derivativeLabel: string,
 *   partials?: readonly { input: number, label: string }[],
 * }} Slice
 */

/**
 * How each activation is drawn: `x`, the range of x (or t), integers; `config`,
 * when the defaults would hide what the activation does; `slice`, for an
 * activation that is not elementwise.
 *
 * @typedef {{ x: readonly [number, number], config?: object, slice?: Slice }} PlotSpec
 */

/** The three softmax-like activations are drawn on the same row of logits, (t, 0, 1). */
const LOGITS = /** @type {const} */ ([
  [1, 0],
  [0, 0],
  [0, 1],
]);

/** @type {Readonly<Record<string, PlotSpec>>} */
export const PLOTS = {
  // @rectify/relu, leaky-relu, prelu, rrelu, maxout
  relu: { x: [-5, 5] },
  leaky_relu: { x: [-5, 5] },
  prelu: { x: [-5, 5] },
  rrelu: { x: [-5, 5] },
  maxout: {
    x: [-5, 5],
    config: { pieces: 3 },
    slice: {
      inputs: [
        [1, 0],
        [-1, 0],
        [0.25, 1],
      ],
      title: 'maxout: max(t, −t, t/4 + 1)',
      explain: 'One group of 3 pieces, each an affine function of t: max(t, −t, t/4 + 1).',
      forwardLabel: 'forward (the upper envelope)',
      context: { of: 'inputs', label: 'pieces' },
      derivativeTitle: 'derivative with respect to t',
      derivativeLabel: 'slope of the winning piece',
    },
  },
  // @rectify/sigmoid
  sigmoid: { x: [-8, 8] },
  logsigmoid: { x: [-6, 6] },
  hardsigmoid: { x: [-5, 5] },
  silu: { x: [-6, 6] },
  hardswish: { x: [-5, 5] },
  // @rectify/tanh
  tanh: { x: [-4, 4] },
  softsign: { x: [-8, 8] },
  hardtanh: { x: [-3, 3] },
  relu6: { x: [-2, 8] },
  // @rectify/elu
  elu: { x: [-5, 3] },
  celu: { x: [-5, 3] },
  selu: { x: [-5, 3] },
  // @rectify/gelu
  gelu: { x: [-4, 4] },
  mish: { x: [-5, 4] },
  // @rectify/softplus
  softplus: { x: [-5, 5] },
  // @rectify/shrink
  hardshrink: { x: [-2, 2] },
  softshrink: { x: [-2, 2] },
  tanhshrink: { x: [-4, 4] },
  threshold: { x: [-3, 3], config: { threshold: 1, value: -1 } },
  // @rectify/softmax
  softmax: {
    x: [-6, 6],
    slice: {
      inputs: LOGITS,
      title: 'softmax(t, 0, 1): the three outputs',
      explain: 'One row of three logits (t, 0, 1), normalised along it; the first output is drawn solid, the other two dashed.',
      forwardLabel: 'y₁, the probability of t',
      context: { of: 'outputs', label: 'y₂, y₃' },
      derivativeTitle: 'derivative: ∂y₁/∂t = y₁·(1 − y₁)',
      derivativeLabel: '∂y₁/∂t',
      partials: [{ input: 1, label: '∂y₁/∂x₂ = −y₁·y₂' }],
    },
  },
  log_softmax: {
    x: [-6, 6],
    slice: {
      inputs: LOGITS,
      title: 'log_softmax(t, 0, 1): the three outputs',
      explain: 'One row of three logits (t, 0, 1), normalised along it; the first output is drawn solid, the other two dashed.',
      forwardLabel: 'y₁, the log-probability of t',
      context: { of: 'outputs', label: 'y₂, y₃' },
      derivativeTitle: 'derivative: ∂y₁/∂t = 1 − softmax₁',
      derivativeLabel: '∂y₁/∂t',
      partials: [{ input: 1, label: '∂y₁/∂x₂ = −softmax₂' }],
    },
  },
  softmin: {
    x: [-6, 6],
    slice: {
      inputs: LOGITS,
      title: 'softmin(t, 0, 1): the three outputs',
      explain: 'One row of three inputs (t, 0, 1), normalised along it; the first output is drawn solid, the other two dashed.',
      forwardLabel: 'y₁, the probability of t',
      context: { of: 'outputs', label: 'y₂, y₃' },
      derivativeTitle: 'derivative: ∂y₁/∂t = −y₁·(1 − y₁)',
      derivativeLabel: '∂y₁/∂t',
      partials: [{ input: 1, label: '∂y₁/∂x₂ = y₁·y₂' }],
    },
  },
  // @rectify/glu
  glu: {
    x: [-6, 6],
    slice: {
      inputs: [
        [0, 2],
        [1, 0],
      ],
      title: 'glu(a, b) = a·σ(b), with a = 2 and b = t',
      explain: 'One pair of halves, a = 2 and b = t: the output is the value a let through by the gate σ(b).',
      forwardLabel: 'y = 2·σ(t)',
      derivativeTitle: 'derivatives of y',
      derivativeLabel: '∂y/∂b = a·σ(b)·(1 − σ(b))',
      partials: [{ input: 0, label: '∂y/∂a = σ(b)' }],
    },
  },
};

/**
 * @typedef {{ dir: string, name: string, plugins: import('@rectify/core').AnyActivationPlugin[] }} ActivationPackage
 */

/** @param {unknown} value */
function isPlugin(value) {
  if (typeof value !== 'object' || value === null) return false;
  const v = /** @type {Record<string, unknown>} */ (value);
  return typeof v.name === 'string' && typeof v.create === 'function' && typeof v.validate === 'function' && typeof v.traits === 'object';
}

/**
 * The documented packages (the entry points of the root typedoc.json) whose
 * main entry exports at least one plugin, with those plugins. Reads the built
 * `dist/`.
 * @returns {Promise<ActivationPackage[]>}
 */
export async function activationPackages() {
  const found = [];
  /** @type {{ entryPoints: string[] }} */
  const typedoc = JSON.parse(readFileSync(join(root, 'typedoc.json'), 'utf8'));
  for (const dir of typedoc.entryPoints) {
    const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    const entry = join(root, dir, 'dist', 'index.js');
    if (!existsSync(entry)) throw new Error(`${manifest.name} is not built: ${entry} is missing (run the build first)`);
    const module = await import(pathToFileURL(entry).href);
    const plugins = Object.values(module).filter(isPlugin);
    if (plugins.length > 0) found.push({ dir, name: manifest.name, plugins });
  }
  return found;
}

/** @param {readonly [number, number]} range */
function grid([min, max]) {
  if (!Number.isInteger(min) || !Number.isInteger(max) || min >= max) throw new Error(`a plot range must be two increasing integers, got [${min}, ${max}]`);
  const xs = [];
  for (let i = min * PER_UNIT; i <= max * PER_UNIT; i++) xs.push(i / PER_UNIT);
  return xs;
}

/**
 * A number as the plots print it: four significant digits, and a minus sign
 * rather than a hyphen, as on the axes.
 * @param {number} value
 */
function formatNumber(value) {
  return String(Number(value.toPrecision(4))).replace('-', '−');
}

/** @param {unknown} value */
function describeConfig(value) {
  const entries = Object.entries(/** @type {Record<string, unknown>} */ (value));
  return entries.map(([k, v]) => `${k} ${typeof v === 'number' ? formatNumber(v) : String(v)}`).join(', ');
}

/**
 * @param {import('@rectify/core').AnyActivationPlugin} plugin
 * @param {PlotSpec} spec
 * @param {typeof import('@rectify/core')} core
 */
function elementwiseFigure(plugin, spec, core) {
  const [lo, hi] = spec.x;
  const act = plugin.create(spec.config);
  const xs = grid(spec.x);
  const x = core.tensor(Float64Array.from(xs));
  const { y, backward } = act.forward(x);
  const dx = backward(core.tensor(new Float64Array(xs.length).fill(1))).data;
  const stochastic = plugin.traits.stochastic;
  /** @type {(import('./svg.mjs').LineSeries | import('./svg.mjs').PointSeries)[]} */
  const activationSeries = [{ kind: 'line', points: xs.map((v, i) => ({ x: v, y: /** @type {number} */ (y.data[i]) })), color: ACTIVATION_COLOR, label: stochastic ? 'forward, eval mode' : 'forward' }];
  if (stochastic) {
    const sample = act.forward(x, { training: true, rng: core.createRng(TRAINING_SEED) });
    activationSeries.push({
      kind: 'points',
      points: xs.filter((v) => v <= 0).map((v) => ({ x: v, y: /** @type {number} */ (sample.y.data[xs.indexOf(v)]) })),
      color: MUTED,
      label: `forward, training mode (seed ${TRAINING_SEED})`,
    });
  }
  const markers = plugin.traits
    .kinks(act)
    .filter((k) => k >= lo && k <= hi)
    .map((k) => {
      const at = act.forward(core.tensor(new Float64Array([k])));
      const slope = /** @type {number} */ (at.backward(core.tensor(new Float64Array([1]))).data[0]);
      return { x: k, y: slope, label: `f′(${formatNumber(k)}) = ${formatNumber(slope)}`, color: DERIVATIVE_COLOR };
    });
  const config = describeConfig(act.config);
  const kinkNote = markers.length === 0 ? '' : markers.length === 1 ? ' The dot marks the gradient the backward pass uses at the kink.' : ' The dots mark the gradients the backward pass uses at the kinks.';
  return renderFigure({
    title: `${plugin.name} and its derivative`,
    description: `${plugin.summary} Sampled from the package's forward and backward in float64 on [${lo}, ${hi}]${config === '' ? '' : ` with ${config}`}.${kinkNote}`,
    panels: [
      { title: `${plugin.name}(x)${config === '' ? '' : `, ${config}`}`, xDomain: [lo, hi], series: activationSeries },
      {
        title: 'derivative: backward with dy = 1',
        xDomain: [lo, hi],
        series: [{ kind: 'line', points: xs.map((v, i) => ({ x: v, y: /** @type {number} */ (dx[i]) })), color: DERIVATIVE_COLOR, label: stochastic ? 'dx, eval mode' : 'dx' }],
        markers,
      },
    ],
  });
}

/**
 * @param {import('@rectify/core').AnyActivationPlugin} plugin
 * @param {PlotSpec & { slice: Slice }} spec
 * @param {typeof import('@rectify/core')} core
 */
function sliceFigure(plugin, spec, core) {
  const { slice } = spec;
  const [lo, hi] = spec.x;
  const act = plugin.create(spec.config);
  const ts = grid(spec.x);
  const k = slice.inputs.length;
  const z = new Float64Array(ts.length * k);
  ts.forEach((t, i) => slice.inputs.forEach(([a, b], j) => (z[i * k + j] = a * t + b)));
  const { y, backward } = act.forward(core.tensor(z, [ts.length, k]));
  const m = /** @type {number} */ (y.shape[1]);
  const output = slice.output ?? 0;
  const dy = new Float64Array(ts.length * m);
  ts.forEach((_, i) => (dy[i * m + output] = 1));
  const dz = backward(core.tensor(dy, [ts.length, m])).data;
  const dt = ts.map((_, i) => slice.inputs.reduce((sum, [a], j) => sum + a * /** @type {number} */ (dz[i * k + j]), 0));
  /** @type {import('./svg.mjs').LineSeries[]} */
  const context = [];
  if (slice.context?.of === 'inputs') {
    slice.inputs.forEach(([a, b], j) => context.push({ kind: 'line', points: ts.map((t) => ({ x: t, y: a * t + b })), color: MUTED, label: j === 0 ? slice.context?.label ?? '' : '', dashed: true }));
  } else if (slice.context?.of === 'outputs') {
    for (let j = 0, first = true; j < m; j++) {
      if (j === output) continue;
      context.push({ kind: 'line', points: ts.map((t, i) => ({ x: t, y: /** @type {number} */ (y.data[i * m + j]) })), color: MUTED, label: first ? slice.context.label : '', dashed: true });
      first = false;
    }
  }
  const partials = (slice.partials ?? []).map(({ input, label }) => /** @type {import('./svg.mjs').LineSeries} */ ({
    kind: 'line',
    points: ts.map((t, i) => ({ x: t, y: /** @type {number} */ (dz[i * k + input]) })),
    color: MUTED,
    label,
    dashed: true,
  }));
  return renderFigure({
    title: `${plugin.name} and its derivative`,
    description: `${plugin.summary} ${slice.explain} Sampled from the package's forward and backward in float64 on [${lo}, ${hi}]; the derivative with respect to t is the backward's dx dotted with the ${slice.context?.of === 'inputs' ? "pieces'" : "inputs'"} slopes.`,
    panels: [
      {
        title: slice.title,
        xDomain: [lo, hi],
        series: [{ kind: 'line', points: ts.map((t, i) => ({ x: t, y: /** @type {number} */ (y.data[i * m + output]) })), color: ACTIVATION_COLOR, label: slice.forwardLabel }, ...context],
      },
      {
        title: slice.derivativeTitle,
        xDomain: [lo, hi],
        series: [{ kind: 'line', points: ts.map((t, i) => ({ x: t, y: /** @type {number} */ (dt[i]) })), color: DERIVATIVE_COLOR, label: slice.derivativeLabel }, ...partials],
      },
    ],
  });
}

/**
 * The plot's file name as a package README embeds it.
 * @param {string} name
 */
export function plotPath(name) {
  return `docs/plots/${name}.svg`;
}

/**
 * Writes every plot and returns the files written; with `check`, writes
 * nothing and returns the plots whose committed file differs or is missing.
 * Throws, before writing anything, when `PLOTS` and the documented
 * activations disagree or a package README does not embed its activations'
 * plots.
 * @param {{ check?: boolean }} [options]
 * @returns {Promise<string[]>}
 */
export async function writePlots({ check = false } = {}) {
  /** @type {typeof import('@rectify/core')} */
  const core = await import(pathToFileURL(join(root, 'packages', 'core', 'dist', 'index.js')).href);
  const packages = await activationPackages();
  const problems = [];
  const names = new Set(packages.flatMap((pkg) => pkg.plugins.map((p) => p.name)));
  for (const pkg of packages) {
    const readme = readFileSync(join(root, pkg.dir, 'README.md'), 'utf8');
    for (const plugin of pkg.plugins) {
      const spec = PLOTS[plugin.name];
      if (spec === undefined) problems.push(`${plugin.name} (${pkg.name}) has no entry in PLOTS in scripts/docs/plots.mjs`);
      else if (!plugin.traits.elementwise && spec.slice === undefined) problems.push(`${plugin.name} (${pkg.name}) is not elementwise: its PLOTS entry needs a slice`);
      // typedoc copies an image into the site only from a plain `![alt](path)`: no brackets in the alt text.
      const embed = new RegExp(`!\\[[^\\[\\]\\n]*\\]\\(\\.\\./\\.\\./${plotPath(plugin.name).replace(/\./g, '\\.')}\\)`);
      if (!embed.test(readme)) problems.push(`${pkg.dir}/README.md does not embed ../../${plotPath(plugin.name)} as ![alt](../../${plotPath(plugin.name)}), with no brackets in alt`);
    }
  }
  for (const name of Object.keys(PLOTS)) if (!names.has(name)) problems.push(`PLOTS has an entry for ${name}, which no documented package exports`);
  if (problems.length > 0) throw new Error(`cannot draw the plots:\n- ${problems.join('\n- ')}`);

  if (!check) mkdirSync(plotsDir, { recursive: true });
  const written = [];
  for (const pkg of packages) {
    for (const plugin of pkg.plugins) {
      const spec = /** @type {PlotSpec} */ (PLOTS[plugin.name]);
      const svg = spec.slice === undefined ? elementwiseFigure(plugin, spec, core) : sliceFigure(plugin, /** @type {PlotSpec & { slice: Slice }} */ (spec), core);
      const file = join(root, plotPath(plugin.name));
      if (!check) writeFileSync(file, svg);
      if (!check || !existsSync(file) || readFileSync(file, 'utf8') !== svg) written.push(file);
    }
  }
  return written;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--check')) {
    const stale = await writePlots({ check: true });
    if (stale.length > 0) {
      process.stderr.write(`these plots differ from what the packages draw now, or are missing:\n- ${stale.map((f) => f.slice(root.length)).join('\n- ')}\nrun \`node scripts/docs/plots.mjs\` and commit docs/plots\n`);
      process.exit(1);
    }
    process.stdout.write(`the committed plots in ${plotsDir} are what the packages draw\n`);
  } else {
    const files = await writePlots();
    process.stdout.write(`wrote ${files.length} plots to ${plotsDir}\n`);
  }
}
