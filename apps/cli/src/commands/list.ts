import type { AnyActivationPlugin, ConfigField } from '@rectify/core';
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { formatExact, jsonNumber } from '../format.js';
import { builtInPlugins, packageOf } from '../registry.js';

/** What `rectify list` reports about one plugin. */
interface Entry {
  readonly name: string;
  readonly displayName: string;
  readonly package: string | null;
  readonly aliases: readonly string[];
  readonly summary: string;
  readonly reference: string | null;
  readonly elementwise: boolean;
  readonly stochastic: boolean;
  readonly defaults: Readonly<Record<string, unknown>>;
  readonly fields: Readonly<Record<string, { readonly default: unknown; readonly description: string }>>;
  readonly parameters: readonly { readonly name: string; readonly shape: readonly number[] }[];
  readonly gain: number;
}

function describe(plugin: AnyActivationPlugin): Entry {
  const activation = plugin.create();
  const fields = plugin.fields as Readonly<Record<string, ConfigField<unknown>>>;
  return {
    name: plugin.name,
    displayName: plugin.displayName,
    package: packageOf.get(plugin.name) ?? null,
    aliases: plugin.aliases,
    summary: plugin.summary,
    reference: plugin.reference ?? null,
    elementwise: plugin.traits.elementwise,
    stochastic: plugin.traits.stochastic,
    defaults: plugin.defaults as Readonly<Record<string, unknown>>,
    fields: Object.fromEntries(Object.entries(fields).map(([key, field]) => [key, { default: field.default, description: field.description }])),
    parameters: activation.parameters.map((p) => ({ name: p.name, shape: [...p.shape] })),
    gain: activation.gain(),
  };
}

function valueText(value: unknown): string {
  return typeof value === 'number' ? formatExact(value) : String(value);
}

function text(entry: Entry): string {
  const defaults = Object.entries(entry.defaults);
  const lines = [
    `${entry.name} (${entry.displayName})`,
    `  ${entry.summary}`,
    ...(entry.package === null ? [] : [`  package:     ${entry.package}`]),
    `  aliases:     ${entry.aliases.length > 0 ? entry.aliases.join(', ') : 'none'}`,
    `  defaults:    ${defaults.length > 0 ? defaults.map(([key, value]) => `${key}=${valueText(value)}`).join(', ') : 'none (no config)'}`,
    `  parameters:  ${entry.parameters.length > 0 ? entry.parameters.map((p) => `${p.name} [${p.shape.join(', ')}]`).join(', ') : 'none'}`,
    `  gain:        ${formatExact(entry.gain)}`,
  ];
  if (entry.reference !== null) lines.push(`  reference:   ${entry.reference}`);
  if (!entry.elementwise || entry.stochastic) {
    lines.push(`  kind:        ${[entry.elementwise ? 'elementwise' : 'not elementwise', entry.stochastic ? 'stochastic in training mode' : ''].filter(Boolean).join(', ')}`);
  }
  return lines.join('\n');
}

/**
 * The registry's plugins in the order `rectify` registers them (the
 * rectifiers, then each family as its package exports it); any other plugin
 * after them, by name.
 */
function inRegistrationOrder(plugins: readonly AnyActivationPlugin[]): AnyActivationPlugin[] {
  const rank = (plugin: AnyActivationPlugin): number => {
    const index = builtInPlugins.findIndex((builtIn) => builtIn.name === plugin.name);
    return index === -1 ? builtInPlugins.length : index;
  };
  return [...plugins].sort((a, b) => rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Adds `rectify list`: every registered activation with its display name,
 * package, aliases, defaults, learnable parameters (of an instance with the
 * defaults), gain and summary, as text or JSON, the rectifiers first and
 * then each family.
 *
 * @param program - The root command.
 * @param context - Registry, output, exit code.
 * @internal
 */
export function addListCommand(program: Command, context: CommandContext): void {
  program
    .command('list')
    .description('list the registered activations with their display names, packages, aliases, defaults, learnable parameters and gain')
    .option('--json', 'print a JSON array instead of text')
    .action((options: { json?: true }) => {
      const entries = inRegistrationOrder(context.registry.plugins()).map(describe);
      if (options.json === true) {
        const document = entries.map((entry) => ({ ...entry, gain: jsonNumber(entry.gain) }));
        context.io.out(`${JSON.stringify(document, null, 2)}\n`);
        return;
      }
      context.io.out(`${entries.map(text).join('\n\n')}\n`);
    });
}
