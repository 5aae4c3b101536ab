/**
 * Jumping ahead in xoroshiro128+'s stream by any number of steps, so that a
 * call split across threads can start each range of its draws where the
 * draws of the ranges before it end, and give the bits one thread draws.
 *
 * @remarks
 * One step of xoroshiro128+ (Blackman & Vigna) is linear over GF(2): with
 * the 128-bit state as a vector of bits, a step is a 128 × 128 bit matrix T.
 * Jumping d steps applies T^d, the product of T^(2^k) over the set bits k of
 * d; each T^(2^k) is computed once, when first needed, by squaring the one
 * before it. A matrix is kept as its 128 columns (the images of the unit
 * vectors), four 32-bit words each, in the state's word order.
 */

/** Steps below this are taken one by one: cheaper than the matrix products. */
const STEP_BELOW = 64;

/** T^(2^k), by k, as 128 columns of four words. */
const powers: Int32Array[] = [];

/** One xoroshiro128+ step on four words in `pure-rand`'s order (s0 high, s0 low, s1 high, s1 low), in place. */
function step(s: Int32Array, at: number): void {
  const s0h = s[at] as number;
  const s0l = s[at + 1] as number;
  const s1h = (s[at + 2] as number) ^ s0h;
  const s1l = (s[at + 3] as number) ^ s0l;
  // s0 = rotl(s0, 24) ^ s1 ^ (s1 << 16); s1 = rotl(s1, 37).
  s[at] = ((s0h << 24) | (s0l >>> 8)) ^ s1h ^ ((s1h << 16) | (s1l >>> 16));
  s[at + 1] = ((s0l << 24) | (s0h >>> 8)) ^ s1l ^ (s1l << 16);
  s[at + 2] = (s1l << 5) | (s1h >>> 27);
  s[at + 3] = (s1h << 5) | (s1l >>> 27);
}

/** Words of a product in progress, so that a jump allocates nothing. */
const product = new Int32Array(4);

/** Sets the four words of v at `at` to M·v. */
function apply(m: Int32Array, v: Int32Array, at: number): void {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  for (let j = 0; j < 128; j++) {
    const mask = -(((v[at + (j >> 5)] as number) >>> (j & 31)) & 1);
    const col = 4 * j;
    a ^= (m[col] as number) & mask;
    b ^= (m[col + 1] as number) & mask;
    c ^= (m[col + 2] as number) & mask;
    d ^= (m[col + 3] as number) & mask;
  }
  v[at] = a;
  v[at + 1] = b;
  v[at + 2] = c;
  v[at + 3] = d;
}

/** T^(2^k), computed with the powers below it on first use. */
function power(k: number): Int32Array {
  while (powers.length <= k) {
    const next = new Int32Array(512);
    const previous = powers[powers.length - 1];
    for (let j = 0; j < 128; j++) {
      const col = 4 * j;
      if (previous === undefined) {
        next[col + (j >> 5)] = 1 << (j & 31);
        step(next, col);
      } else {
        product.set(previous.subarray(col, col + 4));
        apply(previous, product, 0);
        next.set(product, col);
      }
    }
    powers.push(next);
  }
  return powers[k] as Int32Array;
}

/**
 * Advances the xoroshiro128+ state of four 32-bit words at `state[at]`
 * (`pure-rand`'s order, as `SeededRandom.getState` gives it) by `steps`
 * steps, as that many `next()` calls would, in place.
 *
 * @param state - Holds the state.
 * @param at - Index of its first word.
 * @param steps - A whole number of steps, from 0 to 2^53.
 * @internal
 */
export function jumpXoroshiro(state: Int32Array, at: number, steps: number): void {
  if (steps < STEP_BELOW) {
    for (let i = 0; i < steps; i++) step(state, at);
    return;
  }
  let rest = steps;
  for (let k = 0; rest > 0; k++) {
    if (rest % 2 === 1) apply(power(k), state, at);
    rest = Math.floor(rest / 2);
  }
}
