/**
 * The explore view: pick an activation, set its parameters, overlay others,
 * and read f and f′ under the cursor.
 *
 * @packageDocumentation
 */
import { RectifyError, type Activation, type AnyActivationPlugin } from '@rectify/core';
import { byId, element } from '../dom.js';
import { writeHash } from '../hash.js';
import { isPlottable, listedPlugins, registry } from '../registry.js';
import { LIMITS, type PlaygroundState, type StateUpdate } from '../state.js';
import { CurveView } from './curve-view.js';
import { exportJson, exportPng, exportSvg } from './export.js';
import { renderFields, type ConfigValues } from './fields.js';
import { curveLabel } from './label.js';
import { sampleCurves, type CurveSource } from './sample.js';

/** Evenly spaced samples per curve. */
export const SAMPLES = 801;

/**
 * Creates an activation from a registered name and a config, as the plot and readout use it.
 *
 * @param plugin - The plugin.
 * @param config - The config, checked by the plugin.
 */
export function curveSource(plugin: AnyActivationPlugin, config: ConfigValues = {}): CurveSource {
  const activation: Activation = plugin.create(config);
  return { plugin, activation, label: curveLabel(plugin, activation.config as Readonly<Record<string, unknown>>) };
}

function optionFor(plugin: AnyActivationPlugin): HTMLOptionElement {
  const plottable = isPlottable(plugin);
  return element('option', { value: plugin.name, disabled: !plottable }, [plottable ? plugin.displayName : `${plugin.displayName} (not elementwise: no curve)`]);
}

/** The explore view. */
export class ExploreView {
  private readonly fn = byId('explore-fn', HTMLSelectElement);
  private readonly summary = byId('explore-summary', HTMLElement);
  private readonly fields = byId('explore-fields', HTMLElement);
  private readonly overlay = byId('explore-overlay', HTMLSelectElement);
  private readonly overlays = byId('explore-overlays', HTMLElement);
  private readonly diff = byId('explore-diff', HTMLInputElement);
  private readonly from = byId('explore-from', HTMLInputElement);
  private readonly to = byId('explore-to', HTMLInputElement);
  private readonly x = byId('explore-x', HTMLInputElement);
  private readonly viewError = byId('explore-view-error', HTMLElement);
  private readonly error = byId('explore-error', HTMLElement);
  /** What only an elementwise activation has: the plot, its legend and the readout. */
  private readonly curveParts = ['explore-plots', 'explore-legend', 'explore-readout'].map((id) => byId(id, HTMLElement));
  private readonly curves: CurveView;
  private state: PlaygroundState | undefined;
  private fieldsShown = '';
  private main: Activation | undefined;

  /**
   * @param update - Applies a change to the page's state.
   */
  constructor(private readonly update: StateUpdate) {
    this.curves = new CurveView('explore', (x) => this.update({ x }));
    this.fn.replaceChildren(...listedPlugins().map(optionFor));
    this.overlay.replaceChildren(element('option', { value: '' }, ['Choose…']), ...listedPlugins().filter(isPlottable).map(optionFor));
    this.fn.addEventListener('change', () => this.update({ fn: this.fn.value, config: {} }));
    this.overlay.addEventListener('change', () => {
      const name = this.overlay.value;
      const current = this.state?.overlay ?? [];
      this.overlay.value = '';
      if (name === '' || current.includes(name)) return;
      if (current.length >= LIMITS.maxOverlays) {
        this.viewError.textContent = `At most ${LIMITS.maxOverlays} overlays are drawn.`;
        return;
      }
      this.update({ overlay: [...current, name] });
    });
    this.diff.addEventListener('change', () => this.update({ diff: this.diff.checked }));
    this.from.addEventListener('change', () => this.readRange());
    this.to.addEventListener('change', () => this.readRange());
    this.x.addEventListener('change', () => {
      const x = Number(this.x.value);
      if (this.x.value.trim() === '' || !Number.isFinite(x) || Math.abs(x) > LIMITS.maxAbsX) {
        this.viewError.textContent = `x must be a number from ${-LIMITS.maxAbsX} to ${LIMITS.maxAbsX}.`;
        return;
      }
      this.viewError.textContent = '';
      this.update({ x });
    });
    byId('explore-export-svg', HTMLButtonElement).addEventListener('click', () => {
      const { samples, drawn } = this.curves.current;
      if (samples) exportSvg(samples.xs, drawn);
    });
    byId('explore-export-png', HTMLButtonElement).addEventListener('click', () => exportPng(this.curves.current.canvases));
    byId('explore-export-json', HTMLButtonElement).addEventListener('click', () => {
      if (this.main) exportJson(this.main);
    });
  }

  /** The plot and readout, for resizing and theme changes. */
  get view(): CurveView {
    return this.curves;
  }

  /**
   * Shows a state.
   * @param state - The page's state.
   */
  render(state: PlaygroundState): void {
    const previous = this.state;
    this.state = state;
    const plugin = registry.get(state.fn);
    this.fn.value = plugin.name;
    this.summary.textContent = plugin.summary;
    const shown = `${plugin.name} ${JSON.stringify(state.config)}`;
    if (shown !== this.fieldsShown) {
      this.fieldsShown = shown;
      renderFields(this.fields, 'explore-field', plugin, state.config, () => this.state?.config ?? {}, (config) => {
        if (this.state?.fn !== plugin.name) return;
        this.fieldsShown = `${plugin.name} ${JSON.stringify(config)}`;
        this.update({ config });
      });
    }
    this.renderOverlays(state.overlay);
    this.diff.checked = state.diff;
    this.from.value = String(state.from);
    this.to.value = String(state.to);
    this.x.value = String(state.x);
    const onlyCursor = previous !== undefined && previous.x !== state.x && writeHash({ ...previous, x: state.x }) === writeHash(state);
    if (onlyCursor) this.curves.moveCursor(state.x);
    else this.draw(state, plugin);
  }

  private draw(state: PlaygroundState, plugin: AnyActivationPlugin): void {
    this.main = undefined;
    for (const part of this.curveParts) part.hidden = !isPlottable(plugin);
    if (!isPlottable(plugin)) {
      this.error.textContent = `${plugin.displayName} is not elementwise: each output is computed from a group of inputs, so it has no curve y = f(x). Its parameters and JSON are still shown.`;
      try {
        this.main = plugin.create(state.config);
      } catch {
        // The message above already explains what is shown.
      }
      return;
    }
    try {
      const main = curveSource(plugin, state.config);
      this.main = main.activation;
      const sources = [main, ...state.overlay.map((name) => curveSource(registry.get(name)))];
      this.error.textContent = state.diff && sources.length < 2 ? 'Difference mode draws each overlay minus the main activation: add an overlay.' : '';
      this.curves.show(sources, sampleCurves(sources, state.from, state.to, SAMPLES), state.diff, state.x);
    } catch (problem) {
      if (!(problem instanceof RectifyError)) throw problem;
      this.error.textContent = problem.message;
    }
  }

  private renderOverlays(names: readonly string[]): void {
    const chips = names.map((name) => {
      const plugin = registry.get(name);
      const remove = element('button', { type: 'button', 'aria-label': `Remove the overlay ${plugin.displayName}` }, ['×']);
      remove.addEventListener('click', () => this.update({ overlay: (this.state?.overlay ?? []).filter((other) => other !== name) }));
      return element('li', {}, [plugin.displayName, ' ', remove]);
    });
    this.overlays.replaceChildren(...chips);
  }

  private readRange(): void {
    const from = Number(this.from.value);
    const to = Number(this.to.value);
    const ok = this.from.value.trim() !== '' && this.to.value.trim() !== '' && Number.isFinite(from) && Number.isFinite(to) && Math.abs(from) <= LIMITS.maxAbsX && Math.abs(to) <= LIMITS.maxAbsX && from < to;
    if (!ok) {
      this.viewError.textContent = `The range needs two numbers from ${-LIMITS.maxAbsX} to ${LIMITS.maxAbsX}, the first less than the second.`;
      return;
    }
    this.viewError.textContent = '';
    const x = this.state?.x ?? 0;
    this.update({ from, to, x: Math.min(to, Math.max(from, x)) });
  }
}
