"""Derives the float32 polynomial of GELU's normal tail in @rectify/core (packages/core/src/gelu32.ts).

With a = |x| and t = 2/(2 + a), R(a) = Q(a)·e^(a²/2), where Q(a) = ½·erfc(a/√2)
is the upper tail of the standard normal distribution, is approximated as
t·P(t − 0.6) with P of degree 11 on 0 <= a <= 14.5: R falls smoothly from ½
to about 1/(a√(2π)), and beyond 14.5 x·Φ(x) is below float32's smallest
subnormal. Centring the polynomial at t = 0.6 keeps its coefficients small,
so that Horner's rule in float32 does not cancel. The fit minimises the
largest relative error: a linear minimax problem in the twelve coefficients,
solved as a linear program on 3,001 points. Each coefficient is then rounded
to float32 and the error measured twice on 40,001 float32 points: with exact
evaluation, and with t and Horner's rule in float32 arithmetic as the library
evaluates them (scripts/sweeps/smooth32.mjs measures the whole function).

Usage: python3 scripts/sweeps/fit-gelu32.py
"""
import numpy as np
import mpmath

from minimax import minimax_relative

mpmath.mp.prec = 120
A_MAX = 14.5
DEGREE = 11
CENTRE = 0.6
f32 = np.float32


def tail_ratio(a):
    a = mpmath.mpf(float(a))
    return mpmath.erfc(a / mpmath.sqrt(2)) / 2 * mpmath.exp(a * a / 2)


pts = np.linspace(0, A_MAX, 3001)
ts = 2 / (2 + pts)
exact = np.array([float(tail_ratio(a)) for a in pts])
basis = np.stack([ts * (ts - CENTRE) ** k for k in range(DEGREE + 1)], axis=1)
coeffs, worst = minimax_relative(basis, exact, exact)
print(f'minimax relative error (float64 coefficients): {worst:.3e}')
c32 = [f32(c) for c in coeffs]

test = f32(np.linspace(0, A_MAX, 40001))
reference = [tail_ratio(a) for a in test]
err = 0.0
for a, ref in zip(test, reference):
    t = 2 / (2 + mpmath.mpf(float(a)))
    approx = t * sum(mpmath.mpf(float(c)) * (t - CENTRE) ** k for k, c in enumerate(c32))
    err = max(err, abs(float(approx / ref - 1)))
print(f'relative error with float32 coefficients, exact evaluation: {err:.3e}')
t = (f32(2) / (f32(2) + test)).astype(f32)
d = (t - f32(CENTRE)).astype(f32)
p = np.full_like(t, c32[-1])
for c in reversed(c32[:-1]):
    p = (p * d + c).astype(f32)
r = (p * t).astype(f32)
worst32 = max(abs(float(mpmath.mpf(float(v)) / ref - 1)) for v, ref in zip(r, reference))
print(f'relative error evaluated in float32: {worst32:.3e} ({worst32 / 2 ** -24:.2f} units of 2^-24)')
for k, c in enumerate(c32):
    print(f'(t - {CENTRE})^{k}: {float(c)!r}  (bits 0x{c.view(np.uint32):08x})')
