/**
 * The registry the study draws its activations from, and how each is built.
 */
import { RectifyError, createRegistry, type AnyActivationPlugin, type Registry } from '@rectify/core';
import { builtInPlugins } from '@rectify/cli/registry';
import { simd } from '@rectify/simd';
import type { ActivationSpec } from './mlp.js';

/**
 * Every built-in activation plugin, the five rectifiers first: the list the
 * `rectify` command registers (`@rectify/cli/registry`).
 * @public
 */
export const STUDY_PLUGINS: readonly AnyActivationPlugin[] = builtInPlugins;

/**
 * A frozen registry with every built-in activation, running `@rectify/simd`'s
 * kernels where it has them (the same bits as the activations' own loops,
 * faster on a training run's large batches).
 *
 * @remarks
 * Every name resolves, so a mistyped one gets the nearest suggestion; the
 * ones a hidden layer of this MLP cannot use are refused by
 * {@link checkHiddenActivation} with the reason.
 * @public
 */
export function createStudyRegistry(): Registry {
  return createRegistry({ kernels: [simd] }).use(STUDY_PLUGINS).freeze();
}

/** Why each activation that is not elementwise, other than Maxout, is refused. */
const REFUSALS: Readonly<Record<string, string>> = {
  softmax:
    'it normalises a whole layer (every output depends on every pre-activation of its row), so it has no per-unit nonlinearity to study; ' +
    'it belongs on the output, where the model already applies softmax cross-entropy to the logits',
  log_softmax:
    'it normalises a whole layer (every output depends on every pre-activation of its row), so it has no per-unit nonlinearity to study; ' +
    'it belongs on the output, where the model already applies softmax cross-entropy to the logits',
  softmin:
    'it normalises a whole layer (every output depends on every pre-activation of its row), so it has no per-unit nonlinearity to study; ' +
    'it belongs on the output, where the model already applies softmax cross-entropy to the logits',
  glu:
    'it gates one half of a layer with the other (a·σ(b) over the two halves), so each unit reads two pre-activations half a layer apart, ' +
    "and the study's per-unit measures (never active, zero gradient) are defined for one pre-activation per unit or for Maxout's runs of consecutive pieces",
};

/**
 * Refuses an activation that cannot be a hidden-layer activation of the
 * study's MLP: the softmax family and GLU, and any other activation that is
 * neither elementwise nor Maxout.
 *
 * @param plugin - A registered plugin.
 * @throws {@link RectifyError} `INVALID_ARGUMENT` for `activations`, naming
 * the value and the reason.
 * @public
 */
export function checkHiddenActivation(plugin: AnyActivationPlugin): void {
  if (plugin.traits.elementwise || plugin.name === 'maxout') return;
  const reason = REFUSALS[plugin.name] ?? 'it is not elementwise, and the study runs only elementwise activations and Maxout';
  throw new RectifyError('INVALID_ARGUMENT', `activations: ${plugin.name} cannot be a hidden-layer activation of this MLP: ${reason}`, {
    field: 'activations',
    value: plugin.name,
  });
}

/**
 * How the study builds a registered activation, by canonical name.
 *
 * @remarks
 * Every activation takes its default config, except Maxout, which runs with
 * k = 2 pieces on a dense layer twice as wide, so that each hidden layer
 * still has the same number of outputs. PReLU learns one slope per hidden unit
 * (He et al.'s channel-wise form, `numParameters` = layer width), initialised
 * to 0.25.
 * @param name - A canonical name from the registry.
 * @public
 */
export function activationSpec(name: string): ActivationSpec {
  if (name === 'maxout') return { name, config: { pieces: 2 }, widthFactor: 2 };
  if (name === 'prelu') return { name, config: (width: number) => ({ numParameters: width }) };
  return { name };
}
