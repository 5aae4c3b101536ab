/**
 * Softmax cross-entropy over a batch of logits, with its gradient.
 *
 * @packageDocumentation
 */

/** What {@link softmaxCrossEntropy} measures. */
export interface LossReport {
  /** Mean cross-entropy. */
  readonly loss: number;
  /** Examples whose largest logit is their label's. */
  readonly correct: number;
  /** The gradient of the mean loss with respect to each logit. */
  readonly gradient: Float64Array;
}

/**
 * Mean cross-entropy of the softmax of each row of logits against its label,
 * computed stably from the row's largest logit.
 *
 * @param logits - `classes` logits per example.
 * @param labels - The class of each example.
 * @param count - Examples.
 * @param classes - Classes.
 */
export function softmaxCrossEntropy(logits: Float64Array, labels: Uint8Array, count: number, classes: number): LossReport {
  let loss = 0;
  let correct = 0;
  const gradient = new Float64Array(logits.length);
  for (let n = 0; n < count; n++) {
    let max = -Infinity;
    let best = 0;
    for (let c = 0; c < classes; c++) {
      const v = logits[n * classes + c] as number;
      if (v > max) [max, best] = [v, c];
    }
    let total = 0;
    for (let c = 0; c < classes; c++) total += Math.exp((logits[n * classes + c] as number) - max);
    const label = labels[n] as number;
    loss -= (logits[n * classes + label] as number) - max - Math.log(total);
    if (best === label) correct += 1;
    for (let c = 0; c < classes; c++) gradient[n * classes + c] = (Math.exp((logits[n * classes + c] as number) - max) / total - (c === label ? 1 : 0)) / count;
  }
  return { loss: loss / count, correct, gradient };
}
