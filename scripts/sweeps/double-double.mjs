// Double-double arithmetic for the float64 references of the smooth maths: a
// value is [hi, lo] with hi = fl(hi + lo), about 106 bits. Shared by the
// float64 sweep (smooth64.mjs) and core's float64 tests.

export const SPLIT = 134217729;

export function twoSum(a, b) {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

export function quickTwoSum(a, b) {
  const s = a + b;
  return [s, b - (s - a)];
}

export function twoProd(a, b) {
  const p = a * b;
  const as = SPLIT * a;
  const ah = as - (as - a);
  const al = a - ah;
  const bs = SPLIT * b;
  const bh = bs - (bs - b);
  const bl = b - bh;
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

export function add(a, b) {
  const [s, e] = twoSum(a[0], b[0]);
  const [t, f] = twoSum(a[1], b[1]);
  const [s1, e1] = quickTwoSum(s, e + t);
  return quickTwoSum(s1, e1 + f);
}

export const neg = (a) => [-a[0], -a[1]];
export const sub = (a, b) => add(a, neg(b));

export function mul(a, b) {
  // Dekker's split overflows above 2^996: scale such a factor down, and the product back up.
  if (Math.abs(a[0]) > 2 ** 900 && Number.isFinite(a[0])) return scale(mul(scale(a, -200), b), 200);
  if (Math.abs(b[0]) > 2 ** 900 && Number.isFinite(b[0])) return scale(mul(a, scale(b, -200)), 200);
  const [p, e] = twoProd(a[0], b[0]);
  if (!Number.isFinite(p) || p === 0) return [p, 0];
  return quickTwoSum(p, e + (a[0] * b[1] + a[1] * b[0]));
}

/** a·2^k for an integer k, each part scaled exactly where it stays normal. */
export const scale = (a, k) => [ldexp(a[0], k), ldexp(a[1], k)];

export function div(a, b) {
  const q1 = a[0] / b[0];
  if (!Number.isFinite(q1) || q1 === 0 || !Number.isFinite(b[0])) return [q1, 0];
  let r = sub(a, mul(b, [q1, 0]));
  const q2 = r[0] / b[0];
  r = sub(r, mul(b, [q2, 0]));
  const q3 = r[0] / b[0];
  return add(quickTwoSum(q1, q2), [q3, 0]);
}

export const dd = (v) => [v, 0];
export const ONE = dd(1);
export const TWO = dd(2);

/** v·2^n for an integer n, in two exact steps where the result is normal. */
export function ldexp(v, n) {
  const h = Math.trunc(n / 2);
  return v * 2 ** h * 2 ** (n - h);
}

/** ln 2 as a triple: hi + lo + lo2. */
export const LN2 = [0.6931471805599453, 2.3190468138462996e-17, 5.707708438416212e-34];

/** e^r − 1 for |r| ≤ 0.36 in double-double: Taylor on r/256, then m ← m·(2 + m) eight times. */
export function expm1Small(r) {
  const s = [r[0] / 256, r[1] / 256];
  let term = s;
  let sum = s;
  for (let i = 2; i <= 11; i++) {
    term = div(mul(term, s), dd(i));
    sum = add(sum, term);
  }
  for (let j = 0; j < 8; j++) sum = mul(sum, add(TWO, sum));
  return sum;
}

/** n and r = x − n·ln 2 in double-double, n = round(x/ln 2). */
export function reduce(x) {
  const n = Math.round(x / LN2[0]);
  let r = sub(dd(x), twoProd(n, LN2[0]));
  r = sub(r, twoProd(n, LN2[1]));
  r = sub(r, dd(n * LN2[2]));
  return { n, r };
}

/** e^x as { n, m } with e^x = 2^n·(1 + m), m in double-double; undefined beyond [−1100, 710]. */
export function expParts(x) {
  if (!(x >= -1100 && x <= 710)) return undefined;
  const { n, r } = reduce(x);
  return { n, m: expm1Small(r) };
}

/** e^x in double-double (the lower part loses precision in the subnormals, where only absolute errors are counted). */
export function expDD(x) {
  if (x > 710) return dd(Infinity);
  const p = expParts(x);
  if (p === undefined) return dd(0);
  const v = scale(add(ONE, p.m), p.n);
  return Number.isFinite(v[0]) ? v : dd(Infinity);
}

/** e^x − 1 in double-double, keeping its relative precision near 0 (x itself, and x²/2, below 2^−60). */
export function expm1DD(x) {
  if (Math.abs(x) < 2 ** -60) return [x, (x * x) / 2];
  if (x > 710) return dd(Infinity);
  if (x < -1100) return dd(-1);
  const { n, m } = expParts(x);
  if (n === 0) return m;
  const v = scale(add(ONE, m), n);
  return Number.isFinite(v[0]) ? add(v, dd(-1)) : dd(Infinity);
}

/**
 * x·e^x·f for x \< −700, where e^x is subnormal or nearly: (x·(1 + m)·f)·2^n
 * with the bracket in double-double, scaled once at the end, so that the
 * reference does not round e^x into the subnormals before x multiplies it.
 */
export function timesTinyExp(x, f) {
  const p = expParts(x);
  if (p === undefined) return dd(x < 0 ? -0 : 0);
  return scale(mul(mul(dd(x), add(ONE, p.m)), f), p.n);
}

/** ln(1 + u) for u ≥ 0 in double-double: 2·atanh(t), t = u/(2 + u), by its series. */
export function log1pDD(u) {
  if (u[0] === 0) return dd(0);
  const t = div(u, add(TWO, u));
  const z = mul(t, t);
  let term = t;
  let sum = t;
  for (let k = 1; k < 200; k++) {
    term = mul(term, z);
    const next = div(term, dd(2 * k + 1));
    sum = add(sum, next);
    if (Math.abs(next[0]) < Math.abs(sum[0]) * 2 ** -110) break;
  }
  return [2 * sum[0], 2 * sum[1]];
}

/** σ(x) in double-double, without cancellation on either side. */
export function sigmoidDD(x) {
  if (x >= 0) return div(ONE, add(ONE, expDD(-x)));
  const e = expDD(x);
  return div(e, add(ONE, e));
}

/** tanh(x) in double-double: −m/(2 + m) with m = e^(−2|x|) − 1, with the sign of x. */
export function tanhDD(x) {
  const m = expm1DD(-2 * Math.abs(x));
  const t = div(neg(m), add(TWO, m));
  return x < 0 ? neg(t) : t;
}

/** 1 − tanh²(x) = 4e/(1 + e)², e = e^(−2|x|): no cancellation. */
export function sech2DD(x) {
  const e = expDD(-2 * Math.abs(x));
  const d = add(ONE, e);
  return div(mul(dd(4), e), mul(d, d));
}

/** Mish's gate tanh(ln(1 + eˣ)) and 1 − gate², from rational forms in e^(−|x|) that do not cancel. */
export function mishGateDD(x) {
  if (x >= 0) {
    const v = expDD(-x);
    const v2 = mul(v, v);
    const d = add(add(ONE, mul(TWO, v)), mul(TWO, v2));
    const oneMinus = div(mul(TWO, v2), d);
    return { t: sub(ONE, oneMinus), rest: mul(oneMinus, sub(TWO, oneMinus)) };
  }
  const w = expDD(x);
  const n = mul(w, add(w, TWO));
  const d = add(n, TWO);
  return { t: div(n, d), rest: div(mul(dd(4), add(n, ONE)), mul(d, d)) };
}

/** log(1 + e^b) in double-double: max(b, 0) + ln(1 + e^(−|b|)). */
export const softplusDD = (b) => add(dd(Math.max(b, 0)), log1pDD(expDD(-Math.abs(b))));
