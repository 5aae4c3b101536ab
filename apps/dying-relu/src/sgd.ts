/**
 * Plain stochastic gradient descent.
 */
import type { Trainable } from './dense.js';

/**
 * One SGD step: θ ← θ − lr·∇θ for every learnable array, computed in
 * float64 and rounded once on store. No momentum, no weight decay.
 *
 * @param parameters - The arrays and their gradients, such as `Mlp.trainables()` gives.
 * @param learningRate - The step size lr.
 * @public
 */
export function sgdStep(parameters: readonly Trainable[], learningRate: number): void {
  for (const { data, grad } of parameters) {
    for (let i = 0; i < data.length; i++) data[i] = (data[i] as number) - learningRate * (grad[i] as number);
  }
}
