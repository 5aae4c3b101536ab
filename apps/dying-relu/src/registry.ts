/**
 * The registry the study draws its activations from, and how each is built.
 */
import { createRegistry, type Registry } from '@rectify/core';
import { leakyRelu } from '@rectify/leaky-relu';
import { maxout } from '@rectify/maxout';
import { prelu } from '@rectify/prelu';
import { relu } from '@rectify/relu';
import { rrelu } from '@rectify/rrelu';
import { simd } from '@rectify/simd';
import type { ActivationSpec } from './mlp.js';

/**
 * A frozen registry with the five rectifiers: ReLU, Leaky ReLU, PReLU, RReLU
 * and Maxout, running `@rectify/simd`'s kernels (the same bits as their own
 * loops, faster on a training run's large batches).
 * @public
 */
export function createStudyRegistry(): Registry {
  return createRegistry({ kernels: [simd] }).use([relu, leakyRelu, prelu, rrelu, maxout]).freeze();
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
