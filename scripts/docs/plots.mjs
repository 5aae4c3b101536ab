// @ts-check
/**
 * Draws each activation and its derivative from the built packages' own code
 * (forward and backward, in float64) and writes one SVG per plugin to
 * docs/plots/<plugin name>.svg, which the package READMEs embed and typedoc
 * copies into the site.
 *
 * Run after building the packages: `node scripts/docs/plots.mjs`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { URL, fileURLToPath, pathToFileURL } from 'node:url';
import { renderFigure } from './svg.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const plotsDir = join(root, 'docs', 'plots');

const X_MIN = -5;
const X_MAX = 5;
/** Samples per unit of x; the grid holds 0 and every integer exactly. */
const PER_UNIT = 40;
const ACTIVATION_COLOR = '#2563eb';
const DERIVATIVE_COLOR = '#c2410c';
const MUTED = '#6b7280';
const TRAINING_SEED = 7;

/**
 * How to draw activations that are not elementwise: the config, and the group
 * members as affine functions a·t + b of the plotted variable t.
 * @type {Record<string, { config: object, pieces: readonly (readonly [number, number])[], caption: string }>}
 */
const GROUPED = {
  maxout: {
    config: { pieces: 3 },
    pieces: [
      [1, 0],
      [-1, 0],
      [0.25, 1],
    ],
    caption: 'max(t, −t, t/4 + 1)',
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

function grid() {
  const xs = [];
  for (let i = X_MIN * PER_UNIT; i <= X_MAX * PER_UNIT; i++) xs.push(i / PER_UNIT);
  return xs;
}

/** @param {unknown} value */
function describeConfig(value) {
  const entries = Object.entries(/** @type {Record<string, unknown>} */ (value));
  return entries.map(([k, v]) => `${k} ${typeof v === 'number' ? Number(v.toPrecision(4)) : String(v)}`).join(', ');
}

/**
 * @param {import('@rectify/core').AnyActivationPlugin} plugin
 * @param {typeof import('@rectify/core')} core
 */
function elementwiseFigure(plugin, core) {
  const act = plugin.create();
  const xs = grid();
  const x = core.tensor(Float64Array.from(xs));
  const { y, backward } = act.forward(x);
  const dx = backward(core.tensor(new Float64Array(xs.length).fill(1))).data;
  /** @type {(import('./svg.mjs').LineSeries | import('./svg.mjs').PointSeries)[]} */
  const activationSeries = [{ kind: 'line', points: xs.map((v, i) => ({ x: v, y: /** @type {number} */ (y.data[i]) })), color: ACTIVATION_COLOR, label: 'forward, eval mode' }];
  if (plugin.traits.stochastic) {
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
    .filter((k) => k >= X_MIN && k <= X_MAX)
    .map((k) => {
      const at = act.forward(core.tensor(new Float64Array([k])));
      const slope = /** @type {number} */ (at.backward(core.tensor(new Float64Array([1]))).data[0]);
      return { x: k, y: slope, label: `f′(${k}) = ${Number(slope.toPrecision(4))}`, color: DERIVATIVE_COLOR };
    });
  const config = describeConfig(act.config);
  return renderFigure({
    title: `${plugin.name} and its derivative`,
    description: `${plugin.summary} Sampled from the package's forward and backward in float64 on [${X_MIN}, ${X_MAX}]${config === '' ? '' : ` with ${config}`}. The dot marks the gradient the backward pass uses at the kink.`,
    panels: [
      { title: `${plugin.name}(x)${config === '' ? '' : `, ${config}`}`, xDomain: [X_MIN, X_MAX], series: activationSeries },
      {
        title: 'derivative: backward with dy = 1',
        xDomain: [X_MIN, X_MAX],
        series: [{ kind: 'line', points: xs.map((v, i) => ({ x: v, y: /** @type {number} */ (dx[i]) })), color: DERIVATIVE_COLOR, label: plugin.traits.stochastic ? 'dx, eval mode' : 'dx' }],
        markers,
      },
    ],
  });
}

/**
 * @param {import('@rectify/core').AnyActivationPlugin} plugin
 * @param {typeof import('@rectify/core')} core
 */
function groupedFigure(plugin, core) {
  const spec = GROUPED[plugin.name];
  if (spec === undefined) throw new Error(`${plugin.name} is not elementwise and has no plot layout in scripts/docs/plots.mjs`);
  const act = plugin.create(spec.config);
  const ts = grid();
  const k = spec.pieces.length;
  const z = new Float64Array(ts.length * k);
  ts.forEach((t, i) => spec.pieces.forEach(([a, b], j) => (z[i * k + j] = a * t + b)));
  const { y, backward } = act.forward(core.tensor(z, [ts.length, k]));
  const dz = backward(core.tensor(new Float64Array(ts.length).fill(1), [ts.length, 1])).data;
  const dt = ts.map((_, i) => spec.pieces.reduce((sum, [a], j) => sum + a * /** @type {number} */ (dz[i * k + j]), 0));
  return renderFigure({
    title: `${plugin.name} and its derivative`,
    description: `${plugin.summary} One group of ${k} pieces, each an affine function of t: ${spec.caption}. Sampled from the package's forward and backward in float64 on [${X_MIN}, ${X_MAX}]; the derivative with respect to t is the backward's dx dotted with the pieces' slopes.`,
    panels: [
      {
        title: `${plugin.name}: ${spec.caption}`,
        xDomain: [X_MIN, X_MAX],
        series: [
          { kind: 'line', points: ts.map((t, i) => ({ x: t, y: /** @type {number} */ (y.data[i]) })), color: ACTIVATION_COLOR, label: 'forward (the upper envelope)' },
          ...spec.pieces.map(([a, b], j) => /** @type {import('./svg.mjs').LineSeries} */ ({
            kind: 'line',
            points: ts.map((t) => ({ x: t, y: a * t + b })),
            color: MUTED,
            label: j === 0 ? 'pieces' : '',
            dashed: true,
          })),
        ],
      },
      {
        title: 'derivative with respect to t',
        xDomain: [X_MIN, X_MAX],
        series: [{ kind: 'line', points: ts.map((t, i) => ({ x: t, y: /** @type {number} */ (dt[i]) })), color: DERIVATIVE_COLOR, label: 'slope of the winning piece' }],
      },
    ],
  });
}

/**
 * Writes every plot and returns the files written.
 * @returns {Promise<string[]>}
 */
export async function writePlots() {
  /** @type {typeof import('@rectify/core')} */
  const core = await import(pathToFileURL(join(root, 'packages', 'core', 'dist', 'index.js')).href);
  mkdirSync(plotsDir, { recursive: true });
  const written = [];
  for (const pkg of await activationPackages()) {
    for (const plugin of pkg.plugins) {
      const svg = plugin.traits.elementwise ? elementwiseFigure(plugin, core) : groupedFigure(plugin, core);
      const file = join(plotsDir, `${plugin.name}.svg`);
      writeFileSync(file, svg);
      written.push(file);
    }
  }
  return written;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const files = await writePlots();
  process.stdout.write(`wrote ${files.length} plots to ${plotsDir}\n`);
}
