/**
 * Softmax cross-entropy over a batch of logits.
 */
import type { FloatArray } from '@rectify/core';

/**
 * The mean softmax cross-entropy of a batch and its gradient.
 *
 * @remarks
 * For each row, p = softmax(z) computed as exp(z − max z) / Σ exp(z − max z)
 * so that no exponential overflows, and loss = −ln p[label] =
 * ln Σ exp(z − max z) − (z[label] − max z). The result is the mean over the
 * batch, and dz = (p − onehot(label)) / batch. Everything is computed in
 * float64; `dz` is rounded once on store.
 *
 * @param logits - `[batch, classes]`.
 * @param labels - The true class of each row.
 * @param batch - Number of rows.
 * @param classes - Number of classes.
 * @param dz - Where to write the gradient, `[batch, classes]`; omit it when
 * only the loss is wanted.
 * @returns The mean loss.
 * @public
 */
export function softmaxCrossEntropy(logits: FloatArray, labels: Uint8Array, batch: number, classes: number, dz?: FloatArray): number {
  let total = 0;
  for (let b = 0; b < batch; b++) {
    const row = b * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[row + c] as number);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp((logits[row + c] as number) - max);
    const label = labels[b] as number;
    const logSum = Math.log(sum);
    total += logSum - ((logits[row + label] as number) - max);
    if (dz === undefined) continue;
    for (let c = 0; c < classes; c++) {
      const p = Math.exp((logits[row + c] as number) - max - logSum);
      dz[row + c] = (p - (c === label ? 1 : 0)) / batch;
    }
  }
  return total / batch;
}

/**
 * The predicted class of each row: the index of its largest logit (the
 * first largest, on ties), or −1 for a row holding NaN.
 *
 * @param logits - `[batch, classes]`.
 * @param batch - Number of rows.
 * @param classes - Number of classes.
 * @returns One class per row.
 * @public
 */
export function predictedClasses(logits: ArrayLike<number>, batch: number, classes: number): Int8Array {
  const out = new Int8Array(batch);
  for (let b = 0; b < batch; b++) {
    const row = b * classes;
    let best = 0;
    let bestValue = logits[row] as number;
    let hasNaN = Number.isNaN(bestValue);
    for (let c = 1; c < classes; c++) {
      const v = logits[row + c] as number;
      if (Number.isNaN(v)) hasNaN = true;
      if (v > bestValue) {
        best = c;
        bestValue = v;
      }
    }
    out[b] = hasNaN ? -1 : best;
  }
  return out;
}

/**
 * The number of rows whose largest logit is at the true label (the first
 * largest, on ties; a row with NaN counts as wrong).
 *
 * @param logits - `[batch, classes]`.
 * @param labels - The true class of each row.
 * @param batch - Number of rows.
 * @param classes - Number of classes.
 * @public
 */
export function countCorrect(logits: ArrayLike<number>, labels: Uint8Array, batch: number, classes: number): number {
  const predicted = predictedClasses(logits, batch, classes);
  let correct = 0;
  for (let b = 0; b < batch; b++) if (predicted[b] === labels[b]) correct++;
  return correct;
}
