"""Derives the float32 exp polynomial of @rectify/core (packages/core/src/exp32.ts).

e^r = 1 + r + r^2 * P(r) on the reduced range |r| <= 0.3466 (ln 2 / 2, plus
the rounding of n = round(x * log2 e) in float32). P has degree 4. The fit
minimises the largest relative error of e^r: a linear minimax problem in the
five coefficients, solved as a linear program on 4,001 points, then each
coefficient is rounded to float32 and the error measured again with the
rounded coefficients in exact arithmetic (the rounding of the evaluation
itself is measured by the exhaustive sweep, scripts/sweeps/smooth32.mjs).

Usage: python3 scripts/sweeps/fit-exp32.py
"""
import numpy as np
import mpmath

from minimax import minimax_relative

mpmath.mp.prec = 120
R = 0.3466 + 1e-5  # |r| bound
DEGREE = 4
pts = np.cos(np.linspace(0, np.pi, 4001)) * R
pts = pts[np.abs(pts) > 1e-6]

# Target: e^r - 1 - r, in high precision, as float64.
target = np.array([float(mpmath.expm1(mpmath.mpf(p)) - mpmath.mpf(p)) for p in pts])
ex = np.array([float(mpmath.exp(mpmath.mpf(p))) for p in pts])
basis = np.stack([pts ** (2 + k) for k in range(DEGREE + 1)], axis=1)
coeffs, worst = minimax_relative(basis, target, ex)
print(f'minimax relative error (float64 coefficients): {worst:.3e}')
c32 = np.float32(coeffs)
err = 0.0
for p in np.linspace(-R, R, 20001):
    mp = mpmath.mpf(float(p))
    approx = 1 + mp + mp * mp * sum(mpmath.mpf(float(c)) * mp ** k for k, c in enumerate(c32))
    err = max(err, abs(float(approx / mpmath.exp(mp) - 1)))
print(f'relative error with float32 coefficients, exact evaluation: {err:.3e} ({err / 2**-24:.4f} half-ulps of 1)')
for k, c in enumerate(c32):
    print(f'c{k + 2} = {float(c)!r}  (bits 0x{np.float32(c).view(np.uint32):08x})')
