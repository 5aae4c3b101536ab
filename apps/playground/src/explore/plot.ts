/**
 * One panel of the plot (f or f′) drawn with uPlot: lines on shared x
 * positions, optional dots (the gradient used at each kink) and a vertical
 * cursor at the readout's x.
 *
 * @packageDocumentation
 */
import uPlot from 'uplot';

/** A line of the panel. */
export interface PanelSeries {
  /** Legend label. */
  readonly label: string;
  /** Colour of the line and dots. */
  readonly colour: string;
  /** One value per shared x position; non-finite values leave a gap. */
  readonly values: ArrayLike<number>;
  /** Positions (indices into x) drawn as dots rather than on the line: the kinks. */
  readonly dots?: readonly number[];
}

/** The colours of axes and grid, from the page's CSS so that dark mode applies. */
function themeColour(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value === '' ? fallback : value;
}

/** Panel data for uPlot: NaN and ±∞ become gaps. */
function finiteOrNull(values: ArrayLike<number>, skip: ReadonlySet<number>): (number | null)[] {
  return Array.from(values, (v, i) => (Number.isFinite(v) && !skip.has(i) ? v : null));
}

/** A uPlot chart of one quantity against x. */
export class Panel {
  private chart: uPlot | undefined;
  private cursorX = 0;
  private series: readonly PanelSeries[] = [];
  private xs: ArrayLike<number> = [];

  /**
   * @param host - The element the chart fills.
   * @param yLabel - The quantity, such as `f(x)`.
   * @param onPointer - Called with x when the pointer moves over the chart.
   */
  constructor(
    private readonly host: HTMLElement,
    private readonly yLabel: string,
    private readonly onPointer: (x: number) => void,
  ) {}

  /** The chart's canvas, for the PNG export; absent before the first draw. */
  get canvas(): HTMLCanvasElement | undefined {
    return this.chart?.ctx.canvas;
  }

  /**
   * Redraws the panel.
   * @param xs - Shared positions, increasing.
   * @param series - The lines.
   * @param cursorX - Where the cursor stands.
   */
  draw(xs: ArrayLike<number>, series: readonly PanelSeries[], cursorX: number): void {
    const sameShape = this.chart !== undefined && series.length === this.series.length && series.every((s, i) => s.label === this.series[i]?.label && s.colour === this.series[i]?.colour && (s.dots !== undefined) === (this.series[i]?.dots !== undefined));
    this.xs = xs;
    this.series = series;
    this.cursorX = cursorX;
    if (!sameShape) this.rebuild();
    else this.chart?.setData(this.data());
  }

  /**
   * Moves the cursor.
   * @param x - Its position.
   */
  moveCursor(x: number): void {
    this.cursorX = x;
    this.chart?.redraw(false, false);
  }

  /** Rebuilds the chart with the current theme, as after a colour scheme change. */
  rebuild(): void {
    this.chart?.destroy();
    this.chart = new uPlot(this.options(), this.data(), this.host);
  }

  /** Resizes to the host's width. */
  resize(): void {
    this.chart?.setSize({ width: this.width(), height: this.height() });
  }

  private width(): number {
    return Math.max(240, Math.floor(this.host.clientWidth || 600));
  }

  private height(): number {
    return Math.max(160, Math.round(this.width() * 0.36));
  }

  private data(): uPlot.AlignedData {
    const columns: (number | null)[][] = [];
    for (const s of this.series) {
      const dots = new Set(s.dots ?? []);
      columns.push(finiteOrNull(s.values, dots));
      if (s.dots !== undefined) columns.push(Array.from(s.values, (v, i) => (dots.has(i) && Number.isFinite(v) ? v : null)));
    }
    return [Array.from(this.xs), ...columns] as uPlot.AlignedData;
  }

  private options(): uPlot.Options {
    const axis = themeColour('--axis', '#666');
    const grid = themeColour('--grid', 'rgba(128,128,128,0.2)');
    const cursor = themeColour('--cursor', '#c00');
    const series: uPlot.Series[] = [{ label: 'x' }];
    for (const s of this.series) {
      series.push({ label: s.label, stroke: s.colour, width: 2, points: { show: false } });
      if (s.dots !== undefined) {
        series.push({ label: `${s.label}, at kinks`, stroke: s.colour, fill: s.colour, paths: () => null, points: { show: true, size: 8, fill: s.colour, stroke: s.colour } });
      }
    }
    return {
      width: this.width(),
      height: this.height(),
      scales: { x: { time: false } },
      legend: { show: false },
      series,
      axes: [
        { stroke: axis, grid: { stroke: grid }, ticks: { stroke: grid }, label: 'x' },
        { stroke: axis, grid: { stroke: grid }, ticks: { stroke: grid }, label: this.yLabel },
      ],
      cursor: { x: false, y: false, points: { show: false }, drag: { x: false, y: false } },
      hooks: {
        setCursor: [
          (chart) => {
            const left = chart.cursor.left;
            if (left !== undefined && left >= 0) this.onPointer(chart.posToVal(left, 'x'));
          },
        ],
        draw: [
          (chart) => {
            const x = chart.valToPos(this.cursorX, 'x', true);
            const { top, height, left, width } = chart.bbox;
            if (!(x >= left && x <= left + width)) return;
            const ctx = chart.ctx;
            ctx.save();
            ctx.strokeStyle = cursor;
            ctx.lineWidth = Math.max(1, devicePixelRatio);
            ctx.setLineDash([4 * devicePixelRatio, 4 * devicePixelRatio]);
            ctx.beginPath();
            ctx.moveTo(x, top);
            ctx.lineTo(x, top + height);
            ctx.stroke();
            ctx.restore();
          },
        ],
      },
    };
  }
}
