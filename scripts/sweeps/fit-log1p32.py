"""Derives the float32 log1p polynomial of @rectify/core (packages/core/src/log32.ts).

For u in [0, 1], s = u / (2 + u) is in [0, 1/3] and
ln(1 + u) = 2 atanh(s) = 2s + s^3 * R(s^2), R of degree 3 in s^2 (the
default; 5.4e-9 with float32 coefficients, and degree 4 gives 5.4e-10). The fit
minimises the largest relative error of ln(1 + u) over s: a linear minimax
problem in R's coefficients, solved as a linear program on 4,001 points; each
coefficient is then rounded to float32 and the error measured again in exact
arithmetic (the evaluation's own rounding is measured by the sweep,
scripts/sweeps/smooth32.mjs).

Usage: python3 scripts/sweeps/fit-log1p32.py [degree]
"""
import sys
import numpy as np
import mpmath

from minimax import minimax_relative

mpmath.mp.prec = 120
S_MAX = 1 / 3 + 1e-6
DEGREE = int(sys.argv[1]) if len(sys.argv) > 1 else 3
pts = (np.cos(np.linspace(0, np.pi, 4001)) + 1) / 2 * S_MAX
pts = pts[pts > 1e-4]
exact = [2 * mpmath.atanh(mpmath.mpf(float(p))) for p in pts]
value = np.array([float(t) for t in exact])
target = np.array([float(t - 2 * mpmath.mpf(float(p))) for t, p in zip(exact, pts)])
basis = np.stack([pts ** (3 + 2 * k) for k in range(DEGREE + 1)], axis=1)
coeffs, worst = minimax_relative(basis, target, value)
print(f'degree {DEGREE}: minimax relative error (float64 coefficients): {worst:.3e}')
c32 = np.float32(coeffs)
err = 0.0
for p in np.linspace(1e-6, S_MAX, 20001):
    mp = mpmath.mpf(float(p))
    approx = 2 * mp + mp ** 3 * sum(mpmath.mpf(float(c)) * mp ** (2 * k) for k, c in enumerate(c32))
    err = max(err, abs(float(approx / (2 * mpmath.atanh(mp)) - 1)))
print(f'relative error with float32 coefficients, exact evaluation: {err:.3e}')
for k, c in enumerate(c32):
    print(f's^{3 + 2 * k}: {float(c)!r}  (bits 0x{np.float32(c).view(np.uint32):08x})')
