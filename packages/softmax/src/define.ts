import { definePlugin, type Activation, type ActivationPlugin, type CreateContext } from '@rectify/core';
import { SoftmaxFamilyActivation } from './activation.js';
import { softmaxFields, type SoftmaxConfig } from './config.js';
import { softmaxFamilyLowering } from './lowering.js';
import type { SoftmaxVariant } from './slices.js';

/**
 * What one of the three activations declares beyond what they share.
 * @internal
 */
export interface SoftmaxFamilyDefinition<Name extends SoftmaxVariant['name']> {
  /** The variant, its name the plugin's canonical name. */
  readonly variant: SoftmaxVariant & { readonly name: Name };
  /** The name as the field writes it. */
  readonly displayName: string;
  /** Other names it answers to. */
  readonly aliases: readonly string[];
  /** One line: what it computes. */
  readonly summary: string;
  /** The paper, when there is one. */
  readonly reference?: string;
  /** The Lipschitz bound in the max norm (derived in each plugin's documentation). */
  readonly lipschitz: number;
  /** The closed interval every output lies in. */
  readonly range: readonly [number, number];
  /** What each slice along the axis is. */
  readonly distribution: 'probabilities' | 'log-probabilities';
}

/**
 * Makes the plugin of one of the three activations: the shared `axis`
 * field, class, traits and lowering, with what sets it apart.
 *
 * @remarks
 * Traits: not elementwise, not stochastic, NaN propagates (a NaN makes its
 * whole slice NaN), smooth (no kinks: `distanceToKink` is +∞), and each
 * slice along `axis` a distribution of the declared kind.
 *
 * @param definition - The variant and what it declares.
 * @returns The frozen plugin.
 * @internal
 */
export function defineSoftmaxFamily<const Name extends SoftmaxVariant['name']>(definition: SoftmaxFamilyDefinition<Name>): ActivationPlugin<Name, SoftmaxConfig> {
  const { variant, lipschitz, range, distribution } = definition;
  return definePlugin<Name, SoftmaxConfig>({
    name: variant.name,
    displayName: definition.displayName,
    aliases: definition.aliases,
    summary: definition.summary,
    ...(definition.reference === undefined ? {} : { reference: definition.reference }),
    fields: softmaxFields,
    traits: {
      elementwise: false,
      stochastic: false,
      propagatesNaN: true,
      lipschitz: () => lipschitz,
      kinks: () => [],
      distanceToKink: () => Number.POSITIVE_INFINITY,
      range: () => range,
      distribution: (activation: Activation<SoftmaxConfig>) => ({ kind: distribution, axis: activation.config.axis }),
    },
    lowering: (config, inputShape) => softmaxFamilyLowering(variant, config, inputShape),
    create: (config?: Partial<SoftmaxConfig>, context?: CreateContext) => new SoftmaxFamilyActivation(variant, config, context?.kernels),
  });
}
