import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, describe, it } from 'vitest';
import { rectify } from './cli.js';

type Node = Record<string, unknown>;

const out = mkdtempSync(join(tmpdir(), 'rectify-plot-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Every element named `tag` anywhere under `node`, in document order. */
function find(node: unknown, tag: string): Node[] {
  if (Array.isArray(node)) return node.flatMap((child) => find(child, tag));
  if (typeof node !== 'object' || node === null) return [];
  const found: Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === tag) found.push(...(Array.isArray(value) ? value : [value]).map((v) => (typeof v === 'object' ? (v as Node) : { '#text': v })));
    found.push(...find(value, tag));
  }
  return found;
}

function text(node: Node): string {
  return String(node['#text'] ?? '');
}

/** The points of an SVG path made of M and L commands, one array per subpath. */
function subpaths(d: string): [number, number][][] {
  return d
    .split('M')
    .filter((part) => part !== '')
    .map((part) => part.split('L').map((point) => point.split(',').map(Number) as [number, number]));
}

async function plot(args: readonly string[]): Promise<{ svg: string; document: Node; stdout: string }> {
  const file = join(out, `${args.join('_').replace(/[^\w.-]/g, '')}.svg`);
  const run = await rectify(['plot', ...args, '-o', file]);
  if (run.code !== 0) throw new Error(`rectify plot failed: ${run.stderr}`);
  const svg = readFileSync(file, 'utf8');
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseAttributeValue: false, parseTagValue: false });
  return { svg, document: parser.parse(svg) as Node, stdout: run.stdout };
}

describe.concurrent('rectify plot', () => {
  it('should write a well-formed SVG with title, legend, curves, kinks and dashed zero lines', async ({ expect }) => {
    const { svg, document, stdout } = await plot(['relu', 'leaky_relu', 'rrelu', '--samples', '20']);
    expect(stdout).toMatch(/^wrote .*\.svg \(ReLU, Leaky ReLU, RReLU \(eval\); x from -5 to 5\)\n$/);
    expect(XMLValidator.validate(svg)).toBe(true);
    const root = find(document, 'svg')[0] as Node;
    expect(root['@xmlns']).toBe('http://www.w3.org/2000/svg');
    expect(find(root, 'title').map(text)).toEqual(['ReLU, Leaky ReLU and RReLU (eval) on [-5, 5]']);

    const legend = find(root, 'g').find((g) => g['@class'] === 'legend') as Node;
    expect(find(legend, 'text').map(text)).toEqual(['ReLU', 'Leaky ReLU', 'RReLU (eval)']);

    const curves = find(root, 'path').filter((p) => p['@class'] === 'curve');
    expect(curves.map((p) => p['@data-name'])).toEqual(['relu', 'leaky_relu', 'rrelu', 'relu', 'leaky_relu', 'rrelu']);
    const [reluActivation, , , reluDerivative] = curves.map((p) => subpaths(String(p['@d'])));
    // 20 samples (0 not among them) plus the kink at 0 and its two neighbours, in one stroke.
    expect(reluActivation).toHaveLength(1);
    expect(reluActivation?.[0]).toHaveLength(23);
    const xs = (reluActivation?.[0] ?? []).map(([x]) => x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    // The derivative is broken at the kink: one piece on each side.
    expect(reluDerivative).toHaveLength(2);
    const [left, right] = reluDerivative as [[number, number][], [number, number][]];
    expect(new Set(left.map(([, y]) => y)).size).toBe(1);
    expect(new Set(right.map(([, y]) => y)).size).toBe(1);
    expect((right[0] as [number, number])[1]).toBeLessThan((left[0] as [number, number])[1]);

    expect(find(root, 'circle').filter((c) => c['@class'] === 'kink')).toHaveLength(3);
    const zeros = find(root, 'line').filter((l) => l['@class'] === 'zero');
    expect(zeros).toHaveLength(4);
    expect(svg).toMatch(/\.zero \{[^}]*stroke-dasharray/);
    expect(find(root, 'line').filter((l) => l['@class'] === 'grid').length).toBeGreaterThan(10);
  });

  it('should draw sigmoid and tanh with their derivatives, in a y range that fits [−1, 1] and [0, 1]', async ({ expect }) => {
    const { svg, document, stdout } = await plot(['sigmoid', 'tanh', '--samples', '101']);
    expect(stdout).toMatch(/^wrote .*\.svg \(Sigmoid, Tanh; x from -5 to 5\)\n$/);
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(find(document, 'title').map(text)).toEqual(['Sigmoid and Tanh on [-5, 5]']);
    const legend = find(document, 'g').find((g) => g['@class'] === 'legend') as Node;
    expect(find(legend, 'text').map(text)).toEqual(['Sigmoid', 'Tanh']);

    const panels = find(document, 'g').filter((g) => g['@class'] === 'panel');
    const [activation, derivative] = panels.map((panel) => ({
      curves: find(panel, 'path').filter((p) => p['@class'] === 'curve'),
      ticks: find(panel, 'text').filter((t) => t['@class'] === 'tick').map(text),
      frame: find(panel, 'rect').find((r) => r['@class'] === 'frame') as Node,
    }));
    expect(activation?.curves.map((p) => p['@data-name'])).toEqual(['sigmoid', 'tanh']);
    expect(derivative?.curves.map((p) => p['@data-name'])).toEqual(['sigmoid', 'tanh']);
    // Smooth curves: one unbroken stroke each, no kink dots.
    for (const curve of [...(activation?.curves ?? []), ...(derivative?.curves ?? [])]) expect(subpaths(String(curve['@d']))).toHaveLength(1);
    expect(find(document, 'circle')).toHaveLength(0);
    // f from −1 to 1 and f′ from 0 to 1, labelled at round values, not doubled by padding.
    expect(activation?.ticks[0]).toBe('\u22121.0');
    expect(activation?.ticks.at(-1)).toBe('1.0');
    expect(derivative?.ticks).toEqual(['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']);

    // Each curve fills its panel: tanh reaches near the top and bottom of the upper frame, tanh′ near the top of the lower one.
    const extentOf = (curve: Node | undefined): [number, number] => {
      const ys = subpaths(String(curve?.['@d'])).flat().map(([, y]) => y);
      return [Math.min(...ys), Math.max(...ys)];
    };
    const frameOf = (panel: typeof activation): [number, number] => [Number(panel?.frame['@y']), Number(panel?.frame['@y']) + Number(panel?.frame['@height'])];
    const [top, bottom] = frameOf(activation);
    const [tanhTop, tanhBottom] = extentOf(activation?.curves[1]);
    expect(tanhTop - top).toBeGreaterThan(0);
    expect(tanhTop - top).toBeLessThan(0.06 * (bottom - top));
    expect(bottom - tanhBottom).toBeGreaterThan(0);
    expect(bottom - tanhBottom).toBeLessThan(0.06 * (bottom - top));
    const [dTop, dBottom] = frameOf(derivative);
    const [tanhSlopeTop] = extentOf(derivative?.curves[1]);
    const [sigmoidSlopeTop] = extentOf(derivative?.curves[0]);
    expect(tanhSlopeTop - dTop).toBeLessThan(0.06 * (dBottom - dTop));
    // sigmoid′ peaks at ¼ of tanh′'s peak, both measured from the dashed zero line.
    const zeroLine = find(panels[1], 'line').find((l) => l['@class'] === 'zero' && l['@y1'] === l['@y2']) as Node;
    const zero = Number(zeroLine['@y1']);
    expect(dBottom - zero).toBeGreaterThan(0);
    expect(dBottom - zero).toBeLessThan(0.06 * (dBottom - dTop));
    expect((zero - sigmoidSlopeTop) / (zero - tanhSlopeTop)).toBeCloseTo(0.25, 2);
  });

  it('should label a changed config in the legend and honour the range and title', async ({ expect }) => {
    const { document } = await plot(['leaky_relu', '--set', 'negativeSlope=0.2', '--from', '-2', '--to', '3', '--title', 'A <leaky> one', '--samples', '5']);
    expect(find(document, 'title').map(text)).toEqual(['A <leaky> one']);
    const legend = find(document, 'g').find((g) => g['@class'] === 'legend') as Node;
    expect(find(legend, 'text').map(text)).toEqual(['Leaky ReLU (negativeSlope=0.2)']);
    const ticks = find(document, 'text').filter((t) => t['@class'] === 'tick').map(text);
    expect(ticks).toContain('\u22122.0');
    expect(ticks).toContain('3.0');
  });

  it('should draw a plausible terminal plot with --terminal', async ({ expect }) => {
    const run = await rectify(['plot', 'relu', 'leaky_relu', '--terminal']);
    expect(run.code).toBe(0);
    const output = run.stdout;
    expect(output.split('\n')[0]).toBe('ReLU and Leaky ReLU on [-5, 5]');
    // Piped output has no colour, so each curve gets its own pair of charts.
    expect(output.includes('\u001b[')).toBe(false);
    expect(output.match(/^f\(x\)$/gm)).toHaveLength(2);
    expect(output.match(/^f′\(x\)$/gm)).toHaveLength(2);
    expect(output).toMatch(/^Leaky ReLU$/m);
    expect(output).toMatch(/^ +5\.00 [┤┼]/m);
    expect(output).toMatch(/╭/);
    expect(output).toMatch(/^ +-5\.0 +5\.0$/m);
  });

  it('should refuse maxout, which has no curve, explaining why', async ({ expect }) => {
    const run = await rectify(['plot', 'maxout', '--terminal']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: maxout is not elementwise: .* no curve y = f\(x\) to plot/);
  });

  it('should refuse a call without -o or --terminal, a bad range and a bad number', async ({ expect }) => {
    const [nowhere, range, number] = await Promise.all([
      rectify(['plot', 'relu']),
      rectify(['plot', 'relu', '--from', '2', '--to', '-2', '--terminal']),
      rectify(['plot', 'relu', '--from', 'left', '--terminal']),
    ]);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toBe('error: plot needs somewhere to draw: -o FILE.svg for an SVG figure, or --terminal\n');
    expect(range.code).toBe(2);
    expect(range.stderr).toBe('error: --from must be less than --to, got --from 2 --to -2\n');
    expect(number.code).toBe(2);
    expect(number.stderr).toMatch(/^error: option '--from <x>' argument 'left' is invalid\. expected a finite number\./);
  });

  it('should refuse a --set key that none of the named activations has', async ({ expect }) => {
    const run = await rectify(['plot', 'relu', 'rrelu', '--set', 'negativeSlope=0.1', '--terminal']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('error: --set negativeSlope=0.1: none of relu, rrelu has a config key "negativeSlope"\n');
  });
});

describe('rectify plot -o into a folder that does not exist yet', () => {
  it('should create the folder and write the file', async ({ expect }) => {
    const file = join(out, 'new', 'deeper', 'relu.svg');
    const run = await rectify(['plot', 'relu', '-o', file]);
    expect(run.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^<svg|<\?xml/);
  });
});
