/**
 * The lookup key of a name: lower case, without `_`, `-` or spaces, so that
 * `LeakyReLU`, `leaky_relu` and `leaky-relu` are one name.
 *
 * @param name - A name or alias.
 * @public
 */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '');
}

/** Optimal string alignment distance: edits, with adjacent swaps counted once. */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] as number;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i * cols + j] = best;
    }
  }
  return at(rows - 1, cols - 1);
}

/**
 * The candidate nearest to a misspelt name: the one candidate that contains it
 * (an abbreviation such as `leaky`), or else the nearest by edit distance if
 * it is a plausible typo (at most a third of the name's letters, and at least
 * 2, wrong).
 *
 * @param name - What the user typed.
 * @param candidates - Names and aliases to choose from, in preference order.
 * @returns The nearest candidate, or `undefined`.
 * @public
 */
export function suggestName(name: string, candidates: readonly string[]): string | undefined {
  const key = normalizeName(name);
  // A name that is the start or a part of exactly one candidate (`leaky`) is taken as an abbreviation.
  if (key.length >= 3) {
    const containing = candidates.filter((candidate) => normalizeName(candidate).includes(key));
    const distinct = new Set(containing.map(normalizeName));
    if (distinct.size === 1) return containing[0];
  }
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(key, normalizeName(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
