/**
 * The built playground in headless Chromium: values against the library,
 * the URL round trip, hostile input, the formula badge, training, axe-core
 * and screenshots.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../vite.config.js';
import { evaluate } from '../src/explore/sample.js';
import { registry } from '../src/registry.js';
import { DATASET_DEFAULTS } from '../src/state.js';
import { readout, startHarness, tableValues, type Harness, type PlaygroundPage } from './browser.js';
import { compareScreenshot } from './screenshots.js';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

/** f and f′ of a registered activation at some positions, computed here in Node. */
function library(fn: string, config: object, xs: readonly number[]): { ys: number[]; slopes: number[] } {
  const { ys, slopes } = evaluate(registry.create(fn, config), Float64Array.from(xs));
  return { ys: Array.from(ys), slopes: Array.from(slopes) };
}

/**
 * Whether two float64 results agree: the same bits, or within four ulps.
 * Chromium and Node run different versions of V8, whose Math.exp and
 * Math.log1p may round the last bit differently; every piecewise-linear
 * value is compared bit for bit all the same, since no ulp separates it.
 */
function agree(a: number, b: number): boolean {
  return Object.is(a, b) || Math.abs(a - b) <= 4 * Number.EPSILON * Math.max(Math.abs(a), Math.abs(b));
}

function expectAgree(actual: readonly (number | undefined)[], expected: readonly number[], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  const wrong = actual.flatMap((value, i) => (agree(value as number, expected[i] as number) ? [] : [`${what}[${i}]: ${value} against ${expected[i]}`]));
  expect(wrong).toEqual([]);
}

function expectClean({ problems }: PlaygroundPage): void {
  expect(problems.errors).toEqual([]);
  expect(problems.violations).toEqual([]);
  expect(problems.elsewhere).toEqual([]);
}

describe('the explore view', () => {
  // Piecewise-linear activations are compared bit for bit; those built on exp, log1p or tanh within four ulps.
  it.each([
    ['#fn=relu&x=0', 'relu', {}, 'bits'],
    ['#fn=leaky_relu&negativeSlope=0.2&x=-1', 'leaky_relu', { negativeSlope: 0.2 }, 'bits'],
    ['#fn=hardtanh&minVal=-2&maxVal=0.5&x=0.5', 'hardtanh', { minVal: -2, maxVal: 0.5 }, 'bits'],
    ['#fn=elu&alpha=0.5&x=-0.75', 'elu', { alpha: 0.5 }, 'ulps'],
    ['#fn=gelu&approximate=tanh&x=0.3', 'gelu', { approximate: 'tanh' }, 'ulps'],
    ['#fn=softplus&beta=2&x=1.5', 'softplus', { beta: 2 }, 'ulps'],
  ])('should plot and read out what the library computes for %s', async (hash, fn, config, comparison) => {
    const opened = await harness.open(hash);
    const x = Number(new URLSearchParams(hash.slice(1)).get('x'));
    const values = await tableValues(opened.page, '#explore-values');
    expect(values.length).toBeGreaterThan(15);
    const xs = values.map((row) => row[0] as number);
    const expected = library(fn, config, xs);
    expectAgree(values.map((row) => row[1]), expected.ys, 'f');
    expectAgree(values.map((row) => row[2]), expected.slopes, 'f′');
    if (comparison === 'bits') {
      expect(values.map((row) => row[1])).toEqual(expected.ys);
      expect(values.map((row) => row[2])).toEqual(expected.slopes);
    }
    const shown = await readout(opened.page, 'explore');
    const at = library(fn, config, [x]);
    expect(shown.x).toBe(x);
    expectAgree(shown.f, at.ys, 'readout f');
    expectAgree(shown.df, at.slopes, 'readout f′');
    expectClean(opened);
    await opened.page.context().close();
  });

  it('should show Leaky ReLU with slope 0.2 at x = −1 as f = −0.2, and mark the gradient used at the kink', async () => {
    const opened = await harness.open('#fn=leaky_relu&negativeSlope=0.2&x=-1');
    const shown = await readout(opened.page, 'explore');
    expect(shown.f[0]).toBe(-0.2);
    expect(await opened.page.inputValue('#explore-field-negativeSlope')).toBe('0.2');
    const kinkRows = await opened.page.$$eval('#explore-values tbody tr[data-kink]', (rows) => rows.map((row) => Array.from((row as HTMLTableRowElement).cells, (cell) => Number(cell.dataset['value']))));
    expect(kinkRows).toEqual([[0, 0, 0.2]]);
    await opened.page.context().close();
  });

  it('should move the cursor with the arrow keys and keep the readout equal to the library', async () => {
    const opened = await harness.open('#fn=silu&x=0');
    await opened.page.focus('#explore-plots');
    await opened.page.keyboard.press('ArrowRight');
    await opened.page.keyboard.press('ArrowRight');
    await opened.page.keyboard.press('Shift+ArrowLeft');
    const shown = await readout(opened.page, 'explore');
    expect(shown.x).toBeCloseTo(0.05 + 0.05 - 0.5, 12);
    expectAgree(shown.f, library('silu', {}, [shown.x]).ys, 'readout f');
    expect(new URL(opened.page.url()).hash).toContain(`x=${shown.x}`);
    expect(await opened.page.getAttribute('#explore-plots', 'aria-valuenow')).toBe(String(shown.x));
    expectClean(opened);
    await opened.page.context().close();
  });

  it('should follow the mouse over the plot', async () => {
    const opened = await harness.open('#fn=tanh&x=0');
    const box = await opened.page.locator('#explore-plot-f .u-over').boundingBox();
    if (!box) throw new Error('the plot has no drawing area');
    await opened.page.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2);
    const shown = await readout(opened.page, 'explore');
    expect(shown.x).toBeCloseTo(2.5, 1);
    expectAgree(shown.f, library('tanh', {}, [shown.x]).ys, 'readout f');
    await opened.page.context().close();
  });

  it('should use every control without errors, refusing a bad value with the plugin\'s message', async () => {
    const opened = await harness.open('');
    const { page } = opened;
    const names = await page.$$eval('#explore-fn option:not([disabled])', (options) => options.map((option) => (option as HTMLOptionElement).value));
    expect(names.length).toBe(registry.plugins().filter((plugin) => plugin.traits.elementwise).length);
    expect(await page.$$eval('#explore-fn option', (options) => options.length)).toBe(registry.plugins().length);
    for (const name of names) {
      await page.selectOption('#explore-fn', name);
      const shown = await readout(page, 'explore');
      expectAgree(shown.f, library(name, {}, [shown.x]).ys, name);
    }
    await page.selectOption('#explore-fn', 'hardtanh');
    await page.fill('#explore-field-minVal', '-3');
    await page.dispatchEvent('#explore-field-minVal', 'change');
    await page.fill('#explore-field-maxVal', '-4');
    await page.dispatchEvent('#explore-field-maxVal', 'change');
    expect(await page.textContent('#explore-field-maxVal-error')).toMatch(/minVal/);
    await page.fill('#explore-field-maxVal', '2');
    await page.dispatchEvent('#explore-field-maxVal', 'change');
    expect(new URL(page.url()).hash).toContain('minVal=-3&maxVal=2');
    expect(await page.textContent('#explore-field-maxVal-error')).toBe('');
    await page.selectOption('#explore-fn', 'gelu');
    await page.selectOption('#explore-field-approximate', 'tanh');
    expect(new URL(page.url()).hash).toContain('approximate=tanh');
    await page.selectOption('#explore-fn', 'leaky_relu');
    await page.fill('#explore-field-negativeSlope', '');
    await page.dispatchEvent('#explore-field-negativeSlope', 'change');
    expect(await page.textContent('#explore-field-negativeSlope-error')).toContain('negativeSlope must be a finite number');
    await page.fill('#explore-field-negativeSlope', '0.3');
    await page.dispatchEvent('#explore-field-negativeSlope', 'change');
    await page.selectOption('#explore-overlay', 'relu');
    await page.selectOption('#explore-overlay', 'elu');
    await page.check('#explore-diff');
    await page.fill('#explore-from', '-3');
    await page.fill('#explore-to', '4');
    await page.dispatchEvent('#explore-to', 'change');
    await page.fill('#explore-x', '-2');
    await page.dispatchEvent('#explore-x', 'change');
    const values = await tableValues(page, '#explore-values');
    const xs = values.map((row) => row[0] as number);
    expect(xs[0]).toBe(-3);
    expect(xs[xs.length - 1]).toBe(4);
    expect(values.map((row) => row[3])).toEqual(library('relu', {}, xs).ys);
    const shown = await readout(page, 'explore');
    expectAgree(shown.f, [library('leaky_relu', { negativeSlope: 0.3 }, [-2]).ys[0] as number, 0, library('elu', {}, [-2]).ys[0] as number], 'readout f');
    const downloads = [];
    for (const button of ['#explore-export-svg', '#explore-export-png', '#explore-export-json']) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
      downloads.push(download.suggestedFilename());
      const content = readFileSync(await download.path(), button.endsWith('png') ? null : 'utf8');
      if (button.endsWith('json')) expect(registry.fromJSON(content as string).config).toEqual({ negativeSlope: 0.3 });
      if (button.endsWith('svg')) expect(content).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^]*<path d="M[^]*<\/svg>$/);
      if (button.endsWith('png')) expect((content as Buffer).subarray(1, 4).toString()).toBe('PNG');
    }
    expect(downloads).toEqual(['rectify-plot.svg', 'rectify-plot.png', 'leaky_relu.json']);
    await page.click('button[aria-label="Remove the overlay ReLU"]');
    expect(new URL(page.url()).hash).toContain('overlay=elu');
    expectClean(opened);
    await page.context().close();
  });
  it('should explain, and offer the JSON of, an activation that is not elementwise', async () => {
    const opened = await harness.open('#fn=softmax&axis=0');
    const { page } = opened;
    expect(await page.textContent('#explore-error')).toContain('Softmax is not elementwise');
    expect(await page.isHidden('#explore-plots')).toBe(true);
    expect(await page.inputValue('#explore-field-axis')).toBe('0');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#explore-export-json')]);
    expect(registry.fromJSON(readFileSync(await download.path(), 'utf8')).config).toEqual({ axis: 0 });
    await page.selectOption('#explore-fn', 'relu');
    expect(await page.isVisible('#explore-plots')).toBe(true);
    expectClean(opened);
    await page.context().close();
  });
});

describe('the URL hash', () => {
  it('should reproduce the state from a link', async () => {
    const first = await harness.open('#fn=elu&alpha=0.5&overlay=relu,silu&diff=1&x=-0.5&from=-2&to=3&tab=explore');
    const hash = new URL(first.page.url()).hash;
    const before = { values: await tableValues(first.page, '#explore-values'), readout: await readout(first.page, 'explore') };
    const second = await harness.open(hash);
    expect(new URL(second.page.url()).hash).toBe(hash);
    expect({ values: await tableValues(second.page, '#explore-values'), readout: await readout(second.page, 'explore') }).toEqual(before);
    expect(await second.page.isChecked('#explore-diff')).toBe(true);
    expect(await second.page.textContent('#message')).toBe('');
    await first.page.context().close();
    await second.page.context().close();
  });

  it.each([
    ['#__proto__=1', '#__proto__=1'],
    ['#fn=relu&__proto__[polluted]=1', '#fn=relu&__proto__[polluted]=1'],
    ['#fn=relu&constructor=1', '#fn=relu&constructor=1'],
    ['#fn=%3Cimg%20src%3Dx%20onerror%3D%22window.pwned%3D1%22%3E', '#fn=%3Cimg%20src%3Dx%20onerror%3D%22window.pwned%3D1%22%3E'],
    ['#fn=relu&x=%3Cscript%3Ewindow.pwned%3D1%3C%2Fscript%3E', '#fn=relu&x=%3Cscript%3Ewindow.pwned%3D1%3C%2Fscript%3E'],
    ['#fn=relu&x=1e309', '#fn=relu&x=1e309'],
    ['#fn=relu&x=99999999999999999999999', '#fn=relu&x=99999999999999999999999'],
    ['#fn=leaky_relu&negativeSlope=1e400', '#fn=leaky_relu&negativeSlope=1e400'],
    ['#fn=no_such_activation', '#fn=no_such_activation'],
    ['#fn=relu&overlay=relu,toString', '#fn=relu&overlay=relu,toString'],
    ['#v=2&fn=relu', '#v=2&fn=relu'],
    ['#fn=relu&fn=elu', '#fn=relu&fn=elu'],
    ['#formula=constructor.constructor(%22window.pwned%3D1%22)()', '#formula=constructor.constructor(%22window.pwned%3D1%22)()'],
    ['#formula=__proto__', '#formula=__proto__'],
    ['#formula=x.constructor', '#formula=x.constructor'],
    ['a 3,000-digit x', `#fn=relu&x=${'9'.repeat(3000)}`],
    ['#%E0%A4%A', '#%E0%A4%A'],
  ])('should refuse %s with a message, keep the defaults and leave window alone', async (_label, hash) => {
    const clean = await harness.open('');
    const globals = await clean.page.evaluate(() => Object.getOwnPropertyNames(window).sort());
    await clean.page.context().close();
    const opened = await harness.open(hash);
    const { page } = opened;
    expect(await page.textContent('#message')).toMatch(/showing the defaults/);
    expect(await readout(page, 'explore')).toEqual({ x: 1, f: [1], df: [1] });
    expect(await page.evaluate(() => Object.getOwnPropertyNames(window).sort())).toEqual(globals);
    expect(await page.evaluate(() => (window as unknown as Record<string, unknown>)['pwned'])).toBeUndefined();
    expect(await page.evaluate(() => ({}) as Record<string, unknown>)).toEqual({});
    expect(await page.$$('img, script:not([src]), [onerror]')).toHaveLength(0);
    expectClean(opened);
    await page.context().close();
  });
});

describe('the Content-Security-Policy', () => {
  it('should be the strict policy, without unsafe-eval, and refuse an inline script', async () => {
    const opened = await harness.open('');
    const { page } = opened;
    expect(await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe/);
    expect(await page.$$('script:not([src]), style, [style*="url("]')).toHaveLength(0);
    // An inline script, as injected markup would carry one, is refused by the policy and reported.
    const ran = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'document.documentElement.dataset.inline = "ran"';
      document.body.append(script);
      await new Promise((resolve) => setTimeout(resolve, 50));
      return document.documentElement.dataset['inline'];
    });
    expect(ran).toBeUndefined();
    await page.waitForTimeout(50);
    expect(opened.problems.violations).toEqual([expect.stringMatching(/^CSP violation: script-src-elem inline/)]);
    await page.context().close();
  });
});

describe('the formula view', () => {
  it('should pass x * sigmoid(x), equal to the registry\'s silu', async () => {
    const opened = await harness.open('#tab=formula&formula=x%20*%20sigmoid(x)&x=0.5');
    const { page } = opened;
    await page.waitForSelector('#formula-badge[data-result]');
    expect(await page.getAttribute('#formula-badge', 'data-result')).toBe('pass');
    const values = await tableValues(page, '#formula-values');
    const silu = library('silu', {}, values.map((row) => row[0] as number));
    values.forEach((row, i) => {
      expect(row[1]).toBeCloseTo(silu.ys[i] as number, 13);
      expect(row[2]).toBeCloseTo(silu.slopes[i] as number, 13);
    });
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#formula-export-json')]);
    expect(JSON.parse(readFileSync(await download.path(), 'utf8'))).toMatchObject({ format: 'rectify.activation', name: 'formula', config: { source: 'x * sigmoid(x)' } });
    expectClean(opened);
    await page.context().close();
  });

  it('should fail a formula with a jump, naming the failing point', async () => {
    const opened = await harness.open('#tab=formula');
    const { page } = opened;
    await page.fill('#formula-input', 'x + step(x)');
    await page.waitForSelector('#formula-badge[data-result="fail"]');
    expect(await page.textContent('#formula-badge .badge-reason')).toMatch(/exceeds L·\|x − x′\|/);
    const point = Number(await page.getAttribute('#formula-badge .badge-point', 'data-value'));
    expect(Math.abs(point)).toBeLessThan(2e-3);
    expect(new URL(page.url()).hash).toContain('formula=x+%2B+step%28x%29');
    expectClean(opened);
    await page.context().close();
  });

  it.each(['constructor.constructor("window.pwned=1")()', '__proto__', 'x.__proto__', 'window', 'alert(1)', '<img src=x onerror=window.pwned=1>'])(
    'should refuse the formula %s without running it',
    async (formula) => {
      const opened = await harness.open('#tab=formula');
      const { page } = opened;
      const globals = await page.evaluate(() => Object.getOwnPropertyNames(window).length);
      await page.fill('#formula-input', formula);
      await page.dispatchEvent('#formula-input', 'change');
      expect(await page.textContent('#formula-error')).toMatch(/unexpected|unknown name/);
      expect(await page.getAttribute('#formula-input', 'aria-invalid')).toBe('true');
      expect(new URL(page.url()).hash).not.toContain('formula=');
      expect(await page.evaluate(() => Object.getOwnPropertyNames(window).length)).toBe(globals);
      expect(await page.evaluate(() => (window as unknown as Record<string, unknown>)['pwned'])).toBeUndefined();
      expect(await page.$$('img')).toHaveLength(0);
      expectClean(opened);
      await page.context().close();
    },
  );
});

describe('the training view', () => {
  it('should end the dying-ReLU preset with more dead units for ReLU than for Leaky ReLU, in a worker', async () => {
    const opened = await harness.open('#tab=train');
    const { page } = opened;
    await page.click('#train-preset');
    // The page stays responsive while the worker trains.
    expect(await page.evaluate(() => 1 + 1)).toBe(2);
    await page.waitForSelector('#train-status[data-done="true"]', { timeout: 60_000 });
    const runs = await page.$$eval('#train-runs .run', (sections) => sections.map((section) => ({ ...(section as HTMLElement).dataset })));
    expect(runs.map((run) => run['fn'])).toEqual(['relu', 'leaky_relu']);
    const [relu, leaky] = runs;
    expect(relu?.['diverged']).toBe('false');
    expect(leaky?.['diverged']).toBe('false');
    expect(Number(relu?.['dead'])).toBeGreaterThan(Number(leaky?.['dead']));
    expect(new URL(page.url()).hash).toContain('rate=3');
    expectClean(opened);
    await page.context().close();
  });

  it('should report a diverged run apart from dead units', async () => {
    const opened = await harness.open('#tab=train&fn=leaky_relu&rate=50&steps=200&data=spirals');
    const { page } = opened;
    await page.click('#train-start');
    await page.waitForSelector('#train-status[data-done="true"]', { timeout: 60_000 });
    const run = await page.$eval('#train-runs .run', (section) => ({ ...(section as HTMLElement).dataset }));
    expect(run['diverged']).toBe('true');
    expect(Number(run['nan'])).toBeGreaterThan(0);
    expectClean(opened);
    await page.context().close();
  });
});

describe('training on digits', () => {
  it('should train on the digits chosen with the keyboard, well above chance, and keep them in the link', async () => {
    const opened = await harness.open('#tab=train');
    const { page } = opened;
    await page.focus('#train-data');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    expect(await page.inputValue('#train-data')).toBe('digits');
    expect(await page.inputValue('#train-rate')).toBe(String(DATASET_DEFAULTS.digits.rate));
    expect(await page.inputValue('#train-steps')).toBe(String(DATASET_DEFAULTS.digits.steps));
    expect(await page.textContent('#train-shape')).toBe('196 → 32 → 32 → 10');
    expect(new URL(page.url()).hash).toBe('#v=1&tab=train&fn=relu&x=1&data=digits');
    await page.focus('#train-start');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#train-status[data-done="true"]', { timeout: 60_000 });
    const run = await page.$eval('#train-runs .run', (section) => ({ ...(section as HTMLElement).dataset }));
    expect(run['fn']).toBe('relu');
    expect(run['diverged']).toBe('false');
    expect(Number(run['accuracy'])).toBeGreaterThan(0.8);
    expect(Number(run['testAccuracy'])).toBeGreaterThan(0.75);
    expect(await page.textContent('#train-runs .stats')).toMatch(/^after 100 steps: .*, test accuracy \d/);
    expect(await page.$eval('#train-runs canvas', (canvas) => [(canvas as HTMLCanvasElement).width, (canvas as HTMLCanvasElement).height])).toEqual([100, 64]);
    expectClean(opened);
    const again = await harness.open(new URL(page.url()).hash);
    expect(await again.page.inputValue('#train-data')).toBe('digits');
    expect(await again.page.inputValue('#train-steps')).toBe(String(DATASET_DEFAULTS.digits.steps));
    expect(await again.page.textContent('#message')).toBe('');
    await page.context().close();
    await again.page.context().close();
  });

  it('should stop a run on the digits at once and train again from the start', async () => {
    const opened = await harness.open('#tab=train&fn=leaky_relu&data=digits&steps=400');
    const { page } = opened;
    await page.click('#train-start');
    await page.waitForFunction(() => document.querySelector('#train-runs .stats')?.textContent?.startsWith('step ') === true, undefined, { timeout: 30_000 });
    await page.click('#train-stop');
    expect(await page.textContent('#train-status')).toBe('Stopped.');
    const stopped = await page.textContent('#train-runs .stats');
    await page.waitForTimeout(300);
    expect(await page.textContent('#train-runs .stats')).toBe(stopped);
    await page.fill('#train-steps', '30');
    await page.dispatchEvent('#train-steps', 'change');
    await page.click('#train-start');
    await page.waitForSelector('#train-status[data-done="true"]', { timeout: 60_000 });
    expect(await page.textContent('#train-runs .stats')).toMatch(/^after 30 steps: /);
    expectClean(opened);
    await page.context().close();
  });
});

describe('accessibility and appearance', () => {
  const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

  /** What axe-core finds wrong with the page, one line per violation. */
  async function axeViolations(page: Page): Promise<string[]> {
    await page.evaluate(axeSource);
    const results = await page.evaluate(() => (window as unknown as { axe: { run: (root: Document) => Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe.run(document));
    await page.evaluate(() => delete (window as unknown as { axe?: unknown }).axe);
    return results.violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  }

  it.each([
    ['explore, light', '#fn=leaky_relu&negativeSlope=0.2&overlay=relu&x=-1', 'light'],
    ['explore, dark', '#fn=gelu&overlay=silu,mish&x=0.5', 'dark'],
    ['formula', '#tab=formula&formula=max(0%2C%20x)%20%2B%200.1%20*%20min(0%2C%20x)', 'light'],
    ['train', '#tab=train', 'light'],
  ] as const)('should have no axe-core violations and match the screenshot: %s', async (name, hash, colorScheme) => {
    const opened = await harness.open(hash, { colorScheme, bypassCSP: true });
    const { page } = opened;
    if (hash.includes('tab=formula')) await page.waitForSelector('#formula-badge[data-result]');
    if (hash.includes('tab=train')) {
      await page.click('#train-preset');
      await page.waitForSelector('#train-status[data-done="true"]', { timeout: 60_000 });
    }
    expect(await axeViolations(page)).toEqual([]);
    const shot = await page.screenshot({ fullPage: false, animations: 'disabled', caret: 'hide' });
    expect(await compareScreenshot(harness.browser, name, shot)).toEqual({ withinTolerance: true, name });
    await page.context().close();
  });

  it('should have no axe-core violations after a run on the digits', async () => {
    const { page } = await harness.open('#tab=train&data=digits&steps=20', { bypassCSP: true });
    await page.click('#train-start');
    await page.waitForSelector('#train-status[data-done="true"]', { timeout: 60_000 });
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });
});
