// @ts-check
/**
 * Puts the playground into the documentation site: copies the built page
 * (apps/playground/dist) to docs/site/playground, after typedoc has written
 * the site (typedoc empties docs/site first), then checks what the site
 * promises: every activation's page links to the playground with that
 * activation selected, the navigation links to it, and the copied page
 * opens in Chromium from a local server with the activation of such a link
 * selected, without a console error or a CSP violation.
 *
 * Run after `typedoc`: `node scripts/docs/playground.mjs`.
 */
import { cpSync, existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../browser/chromium.mjs';
import { activationPackages } from './plots.mjs';
import { PLAYGROUND_PATH, playgroundHref } from './playground-links.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const built = join(root, 'apps', 'playground', 'dist');
const site = join(root, 'docs', 'site');
const target = join(site, 'playground');

/** Copies the built playground into the site. */
export function copyPlayground() {
  if (!existsSync(join(built, 'index.html'))) throw new Error(`the playground is not built: ${built}/index.html is missing (run the build first)`);
  if (!existsSync(join(site, 'index.html'))) throw new Error(`the site is not built: ${site}/index.html is missing (run typedoc first)`);
  rmSync(target, { recursive: true, force: true });
  cpSync(built, target, { recursive: true });
}

/**
 * The site's pages that must link to the playground for an activation: its
 * variable page (typedoc names it `<package slug>.<export>.html`).
 * @returns {Promise<string[]>} Problems found.
 */
async function missingLinks() {
  const problems = [];
  const pages = readdirSync(join(site, 'variables'));
  for (const pkg of await activationPackages()) {
    const slug = pkg.name.replace(/[^\w.-]/g, '_');
    const modulePage = readFileSync(join(site, 'modules', `${slug}.html`), 'utf8');
    for (const plugin of pkg.plugins) {
      const href = playgroundHref(plugin.name).replace(/&/g, '&amp;');
      if (!modulePage.includes(`../${href}`)) problems.push(`modules/${slug}.html does not link to ${href}`);
      const variablePages = pages.filter((file) => file.startsWith(`${slug}.`) && readFileSync(join(site, 'variables', file), 'utf8').includes(`data-activation="${plugin.name}"`));
      if (variablePages.length !== 1) problems.push(`${plugin.name}: ${variablePages.length} variable pages of ${pkg.name} link to the playground, expected 1`);
    }
  }
  if (!readFileSync(join(site, 'index.html'), 'utf8').includes(`href="${PLAYGROUND_PATH}"`)) problems.push('the navigation of index.html does not link to the playground');
  return problems;
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png' };

/**
 * Opens the copied playground from a link of an activation's page and reads
 * what it selected.
 * @returns {Promise<string[]>} Problems found.
 */
async function openInBrowser() {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    // typedoc's pages name no icon, so the browser asks for /favicon.ico, which the site lacks.
    if (path === '/favicon.ico') return void response.writeHead(204).end();
    const file = normalize(join(site, path));
    if (!file.startsWith(site + sep) || !existsSync(file)) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': TYPES[/** @type {keyof typeof TYPES} */ (extname(file))] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const browser = await launchChromium();
  const problems = [];
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${address.port}/variables/_rectify_leaky-relu.leakyRelu.html`);
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} for ${response.url()}`);
    });
    await page.click('a.playground-link');
    await page.waitForSelector('html[data-ready="true"]');
    const selected = await page.inputValue('#explore-fn');
    if (selected !== 'leaky_relu') problems.push(`the link of Leaky ReLU's page opened the playground with ${selected} selected`);
    const readout = await page.$eval('#explore-readout [data-readout="f"]', (node) => /** @type {HTMLElement} */ (node).dataset['value']);
    if (readout !== '1') problems.push(`the playground reads f(1) = ${readout} for Leaky ReLU, expected 1`);
  } finally {
    await browser.close();
    server.close();
  }
  return problems;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  copyPlayground();
  const problems = [...(await missingLinks()), ...(await openInBrowser())];
  if (problems.length > 0) {
    process.stderr.write(`the site's playground is not right:\n- ${problems.join('\n- ')}\n`);
    process.exit(1);
  }
  process.stdout.write(`copied the playground to ${target} and checked its links\n`);
}
