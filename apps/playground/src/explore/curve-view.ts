/**
 * The plot of f and f′ with its legend, cursor, readout and table of values.
 * The explore view and the formula view each have one.
 *
 * @packageDocumentation
 */
import { byId, element, formatNumber } from '../dom.js';
import { drawnSeries, type DrawnSeries } from './drawn.js';
import { Panel } from './plot.js';
import { evaluate, type CurveSource, type Samples } from './sample.js';

/** Rows of the table of values: about this many evenly spaced positions, plus the kinks. */
const TABLE_ROWS = 21;

/** The ids of one view's elements, all with the same prefix. */
function idOf(prefix: string, part: string): string {
  return `${prefix}-${part}`;
}

/** A number cell or span carrying the exact value for tools, and a short one for readers. */
function numberNode<K extends 'td' | 'span'>(tag: K, value: number): HTMLElementTagNameMap[K] {
  return element(tag, { 'data-value': String(value) }, [formatNumber(value)]);
}

/** The plot, readout and table of one view. */
export class CurveView {
  private readonly f: Panel;
  private readonly df: Panel;
  private readonly slider: HTMLElement;
  private readonly readout: HTMLElement;
  private readonly legend: HTMLElement;
  private readonly table: HTMLTableElement;
  private sources: readonly CurveSource[] = [];
  private samples: Samples | undefined;
  private drawn: DrawnSeries = { f: [], df: [] };
  private x = 0;
  private range: readonly [number, number] = [-5, 5];

  /**
   * @param prefix - The prefix of the view's element ids (`explore`, `formula`).
   * @param onMove - Called with the new x when the pointer or the arrow keys move the cursor.
   */
  constructor(
    prefix: string,
    private readonly onMove: (x: number) => void,
  ) {
    this.slider = byId(idOf(prefix, 'plots'), HTMLElement);
    this.readout = byId(idOf(prefix, 'readout'), HTMLElement);
    this.legend = byId(idOf(prefix, 'legend'), HTMLElement);
    this.table = byId(idOf(prefix, 'values'), HTMLTableElement);
    const pointer = (x: number): void => this.onMove(this.clamp(x));
    this.f = new Panel(byId(idOf(prefix, 'plot-f'), HTMLElement), 'f(x)', pointer);
    this.df = new Panel(byId(idOf(prefix, 'plot-df'), HTMLElement), 'f′(x)', pointer);
    this.slider.addEventListener('keydown', (event) => this.onKey(event));
  }

  /** What is drawn, for the exports. */
  get current(): { readonly samples: Samples | undefined; readonly drawn: DrawnSeries; readonly canvases: readonly HTMLCanvasElement[] } {
    return { samples: this.samples, drawn: this.drawn, canvases: [this.f.canvas, this.df.canvas].filter((c): c is HTMLCanvasElement => c !== undefined) };
  }

  /**
   * Draws curves.
   * @param sources - The activations; the first is the main one.
   * @param samples - Their samples.
   * @param difference - Difference mode.
   * @param x - The cursor's position.
   */
  show(sources: readonly CurveSource[], samples: Samples, difference: boolean, x: number): void {
    this.sources = sources;
    this.samples = samples;
    this.range = [samples.xs[0] as number, samples.xs[samples.xs.length - 1] as number];
    this.drawn = drawnSeries(samples, difference);
    this.x = x;
    this.f.draw(samples.xs, this.drawn.f, x);
    this.df.draw(samples.xs, this.drawn.df, x);
    this.renderLegend();
    this.renderTable();
    this.moveCursor(x);
  }

  /**
   * Moves the cursor and updates the readout.
   * @param x - The new position.
   */
  moveCursor(x: number): void {
    this.x = x;
    this.f.moveCursor(x);
    this.df.moveCursor(x);
    const rows = this.sources.map(({ activation, label }) => {
      const { ys, slopes } = evaluate(activation, Float64Array.of(x));
      return { label, y: ys[0] as number, slope: slopes[0] as number };
    });
    const [low, high] = this.range;
    this.slider.setAttribute('aria-valuemin', String(low));
    this.slider.setAttribute('aria-valuemax', String(high));
    this.slider.setAttribute('aria-valuenow', String(x));
    const main = rows[0];
    this.slider.setAttribute('aria-valuetext', main ? `x = ${formatNumber(x)}, f(x) = ${formatNumber(main.y)}, f′(x) = ${formatNumber(main.slope)}` : `x = ${formatNumber(x)}`);
    const lines = rows.map((row, i) =>
      element('li', { 'data-curve': String(i) }, [
        element('span', { class: 'readout-label' }, [`${row.label}: `]),
        'f(x) = ',
        element('span', { 'data-readout': 'f', 'data-value': String(row.y) }, [formatNumber(row.y)]),
        ', f′(x) = ',
        element('span', { 'data-readout': 'df', 'data-value': String(row.slope) }, [formatNumber(row.slope)]),
      ]),
    );
    this.readout.replaceChildren(element('p', {}, ['x = ', element('span', { 'data-readout': 'x', 'data-value': String(x) }, [formatNumber(x)])]), element('ul', {}, lines));
  }

  /** Rebuilds both panels, after a change of colour scheme. */
  rebuild(): void {
    this.f.rebuild();
    this.df.rebuild();
  }

  /** Fits both panels to their width. */
  resize(): void {
    this.f.resize();
    this.df.resize();
  }

  private clamp(x: number): number {
    const [low, high] = this.range;
    return Math.min(high, Math.max(low, x));
  }

  private onKey(event: KeyboardEvent): void {
    const [low, high] = this.range;
    const step = (high - low) / (event.shiftKey ? 20 : 200);
    const moves: Readonly<Record<string, number>> = { ArrowLeft: this.x - step, ArrowDown: this.x - step, ArrowRight: this.x + step, ArrowUp: this.x + step, Home: low, End: high };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    this.onMove(this.clamp(Number(target.toPrecision(12))));
  }

  private renderLegend(): void {
    const items = this.drawn.f.map((series) => element('li', {}, [element('span', { class: 'swatch', 'data-colour': series.colour, 'aria-hidden': 'true' }), series.label]));
    this.legend.replaceChildren(...items);
    this.legend.querySelectorAll<HTMLElement>('.swatch').forEach((swatch) => {
      swatch.style.backgroundColor = swatch.dataset['colour'] ?? '';
    });
  }

  private renderTable(): void {
    const samples = this.samples;
    if (!samples) return;
    const { xs, curves } = samples;
    const every = Math.max(1, Math.floor((xs.length - 1) / (TABLE_ROWS - 1)));
    const kinks = new Set(curves.flatMap((curve) => curve.kinks));
    const rows: number[] = [];
    xs.forEach((x, i) => {
      if (i % every === 0 || i === xs.length - 1 || kinks.has(x)) rows.push(i);
    });
    const head = element('tr', {}, [element('th', { scope: 'col' }, ['x']), ...curves.flatMap((curve) => [element('th', { scope: 'col' }, [`${curve.label}: f(x)`]), element('th', { scope: 'col' }, [`${curve.label}: f′(x)`])])]);
    const body = rows.map((i) =>
      element('tr', { 'data-kink': kinks.has(xs[i] as number) }, [numberNode('td', xs[i] as number), ...curves.flatMap((curve) => [numberNode('td', curve.ys[i] as number), numberNode('td', curve.slopes[i] as number)])]),
    );
    this.table.replaceChildren(element('caption', {}, ['Plotted values: every kink and evenly spaced positions']), element('thead', {}, [head]), element('tbody', {}, body));
  }
}
