/**
 * Opens the documentation site that `pnpm docs` built in docs/site and checks
 * that it covers every published package and every guide, and that each
 * activation package's page embeds its generated plot.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const site = join(root, 'docs', 'site');

/**
 * Published packages that the site does not cover yet, each with the reason.
 * Any other package that is not private must have a page.
 */
const NOT_YET_DOCUMENTED: Readonly<Record<string, string>> = {};

interface Manifest {
  readonly name: string;
  readonly private?: boolean;
}

const packages = readdirSync(join(root, 'packages'))
  .filter((dir) => existsSync(join(root, 'packages', dir, 'package.json')))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) as Manifest }))
  .filter(({ manifest }) => manifest.private !== true && !(manifest.name in NOT_YET_DOCUMENTED));

/** Packages whose entry point defines an activation plugin. */
const activationPackages = packages.filter(({ dir }) => {
  const entry = join(root, 'packages', dir, 'src', 'index.ts');
  return existsSync(entry) && readFileSync(entry, 'utf8').includes('definePlugin({');
});

const guides = readdirSync(join(root, 'docs', 'guides'))
  .filter((file) => file.endsWith('.md'))
  .map((file) => {
    const text = readFileSync(join(root, 'docs', 'guides', file), 'utf8');
    const title = /^---\n(?:.*\n)*?title:\s*(.+)\n(?:.*\n)*?---/m.exec(text)?.[1]?.trim();
    return { file, title };
  });

/** typedoc's file name for a module or document: `@rectify/core` becomes `_rectify_core`. */
function slug(name: string): string {
  return name.replace(/[^\w.-]/g, '_');
}

function page(...parts: string[]): string {
  const file = join(site, ...parts);
  if (!existsSync(file)) throw new Error(`${file} is missing from the site`);
  return readFileSync(file, 'utf8');
}

describe('the documentation site', () => {
  it('should have been built (run `pnpm docs`)', () => {
    expect(existsSync(join(site, 'index.html')), `${site}/index.html is missing: run \`pnpm docs\` first`).toBe(true);
  });

  it('should find the packages and guides it checks', () => {
    expect(packages.map((p) => p.manifest.name)).toEqual(expect.arrayContaining(['@rectify/core', '@rectify/testing', '@rectify/relu']));
    expect(activationPackages.length).toBeGreaterThanOrEqual(1);
    expect(guides.length).toBeGreaterThanOrEqual(5);
  });

  it.each(packages.map((p) => [p.manifest.name, p.dir] as const))('should have a page for %s, with its README', (name, dir) => {
    const html = page('modules', `${slug(name)}.html`);
    expect(html).toContain(`<title>${name}`);
    const heading = readFileSync(join(root, 'packages', dir, 'README.md'), 'utf8').split('\n')[0]?.replace(/^#\s*/, '');
    expect(heading, `packages/${dir}/README.md should start with a heading`).toBeTruthy();
    expect(html).toContain(heading as string);
  });

  it('should link every package from the home page', () => {
    const home = page('index.html');
    for (const { manifest } of packages) expect(home).toContain(`modules/${slug(manifest.name)}.html`);
  });

  it.each(guides.map((g) => [g.file, g.title] as const))('should render the guide %s as a page of its own', (file, title) => {
    expect(title, `docs/guides/${file} needs a front matter title`).toBeTruthy();
    const html = page('documents', `${slug(title as string)}.html`);
    expect(html).toContain(`<title>${title}`);
    expect(page('index.html')).toContain(`documents/${slug(title as string)}.html`);
  });

  it.each(activationPackages.map((p) => [p.manifest.name] as const))('should embed the generated plot on the page of %s', (name) => {
    const html = page('modules', `${slug(name)}.html`);
    const images = [...html.matchAll(/<img src="([^"]+\.svg)"/g)].map((m) => m[1] as string);
    expect(images.length, `${name}'s page embeds no SVG`).toBeGreaterThanOrEqual(1);
    for (const src of images) {
      const file = resolve(site, 'modules', src);
      expect(existsSync(file), `${src} is missing from the site`).toBe(true);
      const svg = readFileSync(file, 'utf8');
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      // Drawn from sampled data: the activation and the derivative are paths
      // with many points, not a placeholder.
      const points = [...svg.matchAll(/<path d="([^"]+)"/g)].map((m) => (m[1] as string).split(/[ML]/).length - 1);
      expect(points.reduce((a, b) => a + b, 0)).toBeGreaterThan(200);
      expect(svg).toMatch(/derivative/i);
    }
  });
});
