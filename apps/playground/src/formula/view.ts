/**
 * The formula view: a formula typed by the user becomes an activation, is
 * plotted with its dual-number derivative, and is checked by the
 * conformance kit, the verdict shown as a badge.
 *
 * @packageDocumentation
 */
import { createRegistry, type Activation } from '@rectify/core';
import { byId, element } from '../dom.js';
import { CurveView } from '../explore/curve-view.js';
import { exportJson } from '../explore/export.js';
import { sampleCurves } from '../explore/sample.js';
import { SAMPLES } from '../explore/view.js';
import type { PlaygroundState, StateUpdate } from '../state.js';
import { checkFormula, type BadgeResult } from './check.js';
import { CONSTANTS, FUNCTIONS } from './functions.js';
import { formulaPlugin } from './plugin.js';

/** Milliseconds of quiet typing before a formula is applied and checked. */
const QUIET = 400;

/** The formula view. */
export class FormulaView {
  private readonly input = byId('formula-input', HTMLInputElement);
  private readonly error = byId('formula-error', HTMLElement);
  private readonly badge = byId('formula-badge', HTMLElement);
  private readonly curves: CurveView;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private checking: ReturnType<typeof setTimeout> | undefined;
  private shown: string | undefined;
  private formula: string | undefined;
  private checked: string | undefined;
  private activation: Activation | undefined;
  private visible = false;

  /**
   * @param update - Applies a change to the page's state.
   */
  constructor(private readonly update: StateUpdate) {
    this.curves = new CurveView('formula', (x) => this.update({ x }));
    const names = [...FUNCTIONS.keys()].join(', ');
    byId('formula-help', HTMLElement).textContent = `Use x, numbers, + − * / ^ (or **), parentheses, the constants ${[...CONSTANTS.keys()].join(' and ')}, and ${names}. Nothing else is read: the formula is parsed, never run as code.`;
    this.input.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.apply(), QUIET);
    });
    this.input.addEventListener('change', () => {
      clearTimeout(this.timer);
      this.apply();
    });
    byId('formula-check', HTMLButtonElement).addEventListener('click', () => this.check(true));
    byId('formula-export-json', HTMLButtonElement).addEventListener('click', () => {
      if (this.activation) exportJson(this.activation);
    });
  }

  /** The plot and readout, for resizing and theme changes. */
  get view(): CurveView {
    return this.curves;
  }

  /**
   * Shows a state.
   * @param state - The page's state.
   * @param visible - Whether the view is on top (the kit runs only then).
   */
  render(state: PlaygroundState, visible: boolean): void {
    this.visible = visible;
    if (document.activeElement !== this.input) this.input.value = state.formula;
    this.formula = state.formula;
    const key = JSON.stringify([state.formula, state.from, state.to]);
    if (key !== this.shown) {
      this.shown = key;
      this.draw(state);
    } else {
      this.curves.moveCursor(state.x);
    }
    if (visible) this.check(false);
  }

  private apply(): void {
    const made = formulaPlugin(this.input.value);
    if (!made.ok) {
      this.error.textContent = made.error;
      this.input.setAttribute('aria-invalid', 'true');
      return;
    }
    this.update({ formula: this.input.value });
  }

  private draw(state: PlaygroundState): void {
    const made = formulaPlugin(state.formula);
    if (!made.ok) {
      this.error.textContent = made.error;
      this.input.setAttribute('aria-invalid', 'true');
      return;
    }
    this.error.textContent = '';
    this.input.removeAttribute('aria-invalid');
    // Registered like any plugin, then created through the registry.
    const registry = createRegistry().use(made.plugin).freeze();
    this.activation = registry.create(made.plugin.name);
    const source = { plugin: made.plugin, activation: this.activation, label: `f(x) = ${state.formula}` };
    this.curves.show([source], sampleCurves([source], state.from, state.to, SAMPLES), false, state.x);
  }

  private check(force: boolean): void {
    const formula = this.formula;
    if (formula === undefined || (!force && formula === this.checked) || !this.visible) return;
    const made = formulaPlugin(formula);
    if (!made.ok) return;
    this.checked = formula;
    delete this.badge.dataset['result'];
    this.badge.replaceChildren('Checking with the conformance kit…');
    // The kit runs a few hundred cases: let the page show the formula and this note first.
    clearTimeout(this.checking);
    this.checking = setTimeout(() => this.showBadge(checkFormula(made.plugin)), 0);
  }

  private showBadge(result: BadgeResult): void {
    if (result.passed) {
      this.badge.dataset['result'] = 'pass';
      this.badge.replaceChildren(element('strong', {}, ['Pass: ']), `f′ matches finite differences and f is continuous (${result.properties.join('; ')}).`);
    } else {
      this.badge.dataset['result'] = 'fail';
      this.badge.replaceChildren(
        element('strong', {}, ['Fail: ']),
        `${result.property}. `,
        element('span', { class: 'badge-reason' }, [result.reason]),
        ...(result.point === undefined ? [] : ['. Failing point: x = ', element('span', { class: 'badge-point', 'data-value': String(result.point) }, [String(result.point)])]),
        element('details', {}, [element('summary', {}, ['The kit’s report']), element('pre', {}, [result.report])]),
      );
    }
  }
}
