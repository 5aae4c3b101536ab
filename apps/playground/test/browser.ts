/**
 * The browser the page tests drive: Debian's Chromium through playwright-core
 * (installed when missing by the repository's launcher), the built page on a
 * local server, and pages that record every console error, uncaught
 * exception and Content-Security-Policy violation.
 */
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { serveDirectory, type StaticServer } from './serve.js';

const launcherPath = fileURLToPath(new URL('../../../scripts/browser/chromium.mjs', import.meta.url));
const dist = fileURLToPath(new URL('../dist/', import.meta.url));

/** What a page reported while it ran. */
export interface PageProblems {
  /** Console errors, CSP violations included. */
  readonly errors: string[];
  /** CSP violations alone. */
  readonly violations: string[];
  /** Requests to anywhere but the local server (the page must work offline). */
  readonly elsewhere: string[];
}

/** A page of the playground with what it reported. */
export interface PlaygroundPage {
  readonly page: Page;
  readonly problems: PageProblems;
}

/** The browser and the server. */
export interface Harness {
  readonly browser: Browser;
  readonly server: StaticServer;
  /** Opens the page at a hash, waiting until it has drawn. */
  open(hash?: string, options?: BrowserContextOptions): Promise<PlaygroundPage>;
  /** Closes everything. */
  close(): Promise<void>;
}

/** Reports each CSP violation on the console, where the test listens. */
const REPORT_VIOLATIONS = `document.addEventListener('securitypolicyviolation', (event) => console.error('CSP violation: ' + event.violatedDirective + ' ' + event.blockedURI));`;

/**
 * Launches Chromium and serves the built page.
 */
export async function startHarness(): Promise<Harness> {
  const { launchChromium } = (await import(launcherPath)) as { launchChromium: (options?: { args?: string[] }) => Promise<Browser> };
  const browser = await launchChromium();
  const server = await serveDirectory(dist);
  return {
    browser,
    server,
    async open(hash = '', options = {}) {
      const context = await browser.newContext({ viewport: { width: 1200, height: 1000 }, deviceScaleFactor: 1, reducedMotion: 'reduce', colorScheme: 'light', ...options });
      const page = await context.newPage();
      const problems: PageProblems = { errors: [], violations: [], elsewhere: [] };
      page.on('request', (request) => {
        const url = request.url();
        if (!url.startsWith(server.url) && !url.startsWith('data:') && !url.startsWith('blob:')) problems.elsewhere.push(url);
      });
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        problems.errors.push(message.text());
        if (message.text().startsWith('CSP violation')) problems.violations.push(message.text());
      });
      page.on('pageerror', (error) => problems.errors.push(`uncaught: ${error.message}`));
      await page.addInitScript(REPORT_VIOLATIONS);
      await page.goto(`${server.url}index.html${hash}`);
      await page.waitForSelector('html[data-ready="true"]');
      return { page, problems };
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * The exact numbers of a table of plotted values: one row per position, x then f and f′ of each curve.
 * @param page - The page.
 * @param table - The table's selector.
 */
export function tableValues(page: Page, table: string): Promise<number[][]> {
  return page.$$eval(`${table} tbody tr`, (rows) => rows.map((row) => Array.from((row as HTMLTableRowElement).cells, (cell) => Number(cell.dataset['value']))));
}

/**
 * The readout: x, then f and f′ of each curve, exactly.
 * @param page - The page.
 * @param prefix - The view (`explore`, `formula`).
 */
export async function readout(page: Page, prefix: string): Promise<{ x: number; f: number[]; df: number[] }> {
  return page.$eval(`#${prefix}-readout`, (root) => {
    const numbers = (quantity: string) => Array.from(root.querySelectorAll<HTMLElement>(`[data-readout="${quantity}"]`), (node) => Number(node.dataset['value']));
    return { x: numbers('x')[0] as number, f: numbers('f'), df: numbers('df') };
  });
}
