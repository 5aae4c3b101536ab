"""Derives the float32 tanh polynomial of @rectify/core (packages/core/src/smooth32.ts).

tanh(a) = a + a^3 * P(a^2) on 0 <= a < 0.5625, P of degree 5. The fit
minimises the largest relative error of tanh(a): a linear minimax problem in
the six coefficients, solved as a linear program on 4,001 points; then each
coefficient is rounded to float32 and the error measured again with the
rounded coefficients in exact arithmetic (the evaluation's own rounding is
measured by the exhaustive sweep, scripts/sweeps/smooth32.mjs).

Usage: python3 scripts/sweeps/fit-tanh32.py
"""
import numpy as np
import mpmath

from minimax import minimax_relative

mpmath.mp.prec = 120
A_MAX = 0.5625
DEGREE = 5
pts = (np.cos(np.linspace(0, np.pi, 4001)) + 1) / 2 * A_MAX
pts = pts[pts > 1e-4]
exact = [mpmath.tanh(mpmath.mpf(float(p))) for p in pts]
# tanh(a) - a, divided by tanh(a), against a^3 a^(2k) / tanh(a).
tanh64 = np.array([float(t) for t in exact])
target = np.array([float(t - mpmath.mpf(float(p))) for t, p in zip(exact, pts)])
basis = np.stack([pts ** (3 + 2 * k) for k in range(DEGREE + 1)], axis=1)
coeffs, worst = minimax_relative(basis, target, tanh64)
print(f'minimax relative error (float64 coefficients): {worst:.3e}')
c32 = np.float32(coeffs)
err = 0.0
for p in np.linspace(1e-6, A_MAX, 20001):
    mp = mpmath.mpf(float(p))
    approx = mp + mp ** 3 * sum(mpmath.mpf(float(c)) * mp ** (2 * k) for k, c in enumerate(c32))
    err = max(err, abs(float(approx / mpmath.tanh(mp) - 1)))
print(f'relative error with float32 coefficients, exact evaluation: {err:.3e}')
for k, c in enumerate(c32):
    print(f'a^{3 + 2 * k}: {float(c)!r}  (bits 0x{np.float32(c).view(np.uint32):08x})')
