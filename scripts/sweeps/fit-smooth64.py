"""Derives the float64 polynomials of @rectify/core (packages/core/src/exp64.ts, log64.ts, smooth64.ts).

Each is a Chebyshev fit (mpmath.chebyfit, near-minimax) at 200 bits of a
smooth remainder, its coefficients then rounded to float64 and the error
measured again with the rounded coefficients in exact arithmetic (the
rounding of the evaluation itself is measured by scripts/sweeps/smooth64.mjs):

- exp: e^r = 1 + r + r^2 * P(r), |r| <= 0.3466 (ln 2 / 2 and the rounding of
  n), P of degree 10 (c2 ... c12);
- log1p: ln(1 + u) = 2t + t * z * R(z), t = u / (2 + u) in [0, 1/3], z = t^2,
  R of degree 9 (r3 ... r21);
- tanh: tanh(a) = a + a * z * T(z), z = a^2, a in [0, 0.5625), T of degree 11.

Usage: python3 scripts/sweeps/fit-smooth64.py
"""
import mpmath as mp

mp.mp.prec = 200
ULP1 = mp.mpf(2) ** -53


def fit(name, f, lo, hi, degree, scale):
    """Fits f on [lo, hi]; prints the float64 coefficients, lowest degree first, and the error in units of 2^-53 after `scale`."""
    poly, err = mp.chebyfit(f, [lo, hi], degree + 1, error=True)
    coeffs = [float(c) for c in reversed(poly)]
    worst = mp.mpf(0)
    for i in range(4001):
        x = lo + (hi - lo) * i / 4000
        approx = sum(mp.mpf(c) * x ** k for k, c in enumerate(coeffs))
        worst = max(worst, abs(approx - f(x)) * scale(x))
    print(f'{name}: degree {degree}, fit error {mp.nstr(err, 4)}, with float64 coefficients {mp.nstr(worst / ULP1, 4)} x 2^-53 of the result')
    print('  [' + ', '.join(repr(c) for c in coeffs) + ']')


R = mp.mpf('0.3466') + mp.mpf('1e-5')
# (e^r - 1 - r) / r^2; its error times r^2 / e^r is the relative error of e^r.
fit('exp', lambda r: mp.mpf(1) / 2 if r == 0 else (mp.expm1(r) - r) / r**2, -R, R, 10, lambda r: r * r / mp.exp(r))
# (2 atanh t - 2t) / (t z) with t = sqrt z; times t z / (2 atanh t), about z / 2, is the relative error of ln(1 + u).
fit('log1p', lambda z: mp.mpf(2) / 3 if z == 0 else (2 * mp.atanh(mp.sqrt(z)) - 2 * mp.sqrt(z)) / (mp.sqrt(z) * z), mp.mpf(0), mp.mpf(1) / 9, 9, lambda z: z / 2)
# (tanh a - a) / a^3 with a = sqrt z; times a^3 / tanh a, about z, is the relative error of tanh.
A = mp.mpf('0.5625')
fit('tanh', lambda z: -mp.mpf(1) / 3 if z == 0 else (mp.tanh(mp.sqrt(z)) - mp.sqrt(z)) / mp.sqrt(z) ** 3, mp.mpf(0), A * A, 11, lambda z: z)
