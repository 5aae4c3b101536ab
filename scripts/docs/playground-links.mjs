// @ts-check
/**
 * A typedoc plugin that links the documentation site to the playground,
 * which `scripts/docs/playground.mjs` copies into docs/site/playground after
 * typedoc has written the site: a "Playground" entry at the top of the
 * navigation on every page, and on the page of each activation (and of each
 * activation package) a "Try it in the playground" link that opens the
 * playground with that activation selected.
 *
 * The activations are found as `scripts/docs/plots.mjs` finds them: the
 * plugins the built packages export. A variable's page gets a link when its
 * name designates one of its package's plugins (names compared as the
 * registry compares them: any case, without `_` and `-`).
 */
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { JSX, ReflectionKind } from 'typedoc';
import { activationPackages } from './plots.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Where the playground lives inside the site. */
export const PLAYGROUND_PATH = 'playground/index.html';

/**
 * The playground's address for an activation, relative to the site's root.
 * @param {string} name The activation's canonical name.
 */
export function playgroundHref(name) {
  return `${PLAYGROUND_PATH}#fn=${encodeURIComponent(name)}`;
}

/**
 * The module (package) a reflection belongs to.
 * @param {import('typedoc').Reflection} reflection
 * @returns {import('typedoc').Reflection | undefined}
 */
function moduleOf(reflection) {
  /** @type {import('typedoc').Reflection | undefined} */
  let current = reflection;
  while (current && !current.kindOf(ReflectionKind.Module)) current = current.parent;
  return current;
}

/**
 * The link paragraph.
 * @param {import('typedoc').DefaultThemeRenderContext} context
 * @param {readonly import('@rectify/core').AnyActivationPlugin[]} plugins
 */
function tryIt(context, plugins) {
  const links = plugins.map((plugin, i) => [
    i === 0 ? '' : ', ',
    JSX.createElement('a', { href: context.relativeURL(playgroundHref(plugin.name)), class: 'playground-link', 'data-activation': plugin.name }, plugins.length === 1 ? 'Try it in the playground' : plugin.displayName),
  ]);
  return JSX.createElement('p', { class: 'tsd-playground' }, plugins.length === 1 ? links : ['Try them in the playground: ', ...links]);
}

/**
 * Registers the hooks.
 * @param {import('typedoc').Application} app
 */
export function load(app) {
  /** @type {Map<string, readonly import('@rectify/core').AnyActivationPlugin[]>} */
  const byPackage = new Map();
  /** @type {(name: string) => string} */
  let normalize = (name) => name;

  app.renderer.preRenderAsyncJobs.push(async () => {
    const core = await import(pathToFileURL(join(root, 'packages', 'core', 'dist', 'index.js')).href);
    normalize = core.normalizeName;
    for (const pkg of await activationPackages()) byPackage.set(pkg.name, pkg.plugins);
  });

  app.renderer.hooks.on('sidebar.begin', (context) =>
    JSX.createElement('nav', { class: 'tsd-navigation', 'aria-label': 'Playground' }, JSX.createElement('a', { href: context.relativeURL(PLAYGROUND_PATH) }, 'Playground: explore, write and train activations')),
  );

  app.renderer.hooks.on('content.begin', (context) => {
    const model = context.page.model;
    const module = moduleOf(model);
    const plugins = module ? byPackage.get(module.name) : undefined;
    if (!plugins) return JSX.createElement(JSX.Fragment, null);
    if (model === module) return tryIt(context, plugins);
    if (!model.kindOf(ReflectionKind.Variable)) return JSX.createElement(JSX.Fragment, null);
    const key = normalize(model.name);
    const plugin = plugins.find((candidate) => [candidate.name, ...candidate.aliases].some((name) => normalize(name) === key));
    return plugin ? tryIt(context, [plugin]) : JSX.createElement(JSX.Fragment, null);
  });
}
