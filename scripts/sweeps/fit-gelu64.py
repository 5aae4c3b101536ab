"""Derives the float64 tail of GELU's exact form in @rectify/core (packages/core/src/gelu64.ts).

With a = |x| and t = 2/(2 + a), R(a) = Q(a)·e^(a²/2), where Q(a) = ½·erfc(a/√2)
is the upper tail of the standard normal distribution, is written
R(a) = t·P(t) on 0 <= a <= 38.6 (beyond, x·Φ(x) is below float64's smallest
subnormal), with P a Chebyshev series in u = (2t − (t_hi + t_lo))/(t_hi − t_lo)
of degree 30, interpolated at Chebyshev points in 60-digit arithmetic (near
the minimax polynomial), evaluated by Clenshaw's recurrence, which does not
cancel as a power series of that degree would. The coefficients are rounded
to float64 and the relative error of t·P(t) measured in 60-digit arithmetic on
4,001 points.

Usage: python3 scripts/sweeps/fit-gelu64.py
"""
import mpmath

mpmath.mp.dps = 60
A_MAX = 38.6
DEGREE = 30
T_LO = 2 / (2 + mpmath.mpf(A_MAX))
T_HI = mpmath.mpf(1)


def tail_ratio(a):
    a = mpmath.mpf(a)
    return mpmath.erfc(a / mpmath.sqrt(2)) / 2 * mpmath.exp(a * a / 2)


def p_of_t(t):
    return tail_ratio(2 / t - 2) / t


coeffs = mpmath.chebyfit(p_of_t, [T_LO, T_HI], DEGREE + 1)
# chebyfit returns power-series coefficients (highest first); convert to a Chebyshev series by sampling instead.
nodes = [mpmath.cos(mpmath.pi * (k + mpmath.mpf(1) / 2) / (DEGREE + 1)) for k in range(DEGREE + 1)]
values = [p_of_t((T_HI + T_LO) / 2 + (T_HI - T_LO) / 2 * u) for u in nodes]
cheb = []
for j in range(DEGREE + 1):
    s = sum(v * mpmath.cos(j * mpmath.pi * (k + mpmath.mpf(1) / 2) / (DEGREE + 1)) for k, v in enumerate(values))
    cheb.append(2 * s / (DEGREE + 1))
cheb[0] /= 2
c64 = [float(c) for c in cheb]


def clenshaw(u, cs):
    b1 = b2 = mpmath.mpf(0)
    for c in reversed(cs[1:]):
        b1, b2 = 2 * u * b1 - b2 + mpmath.mpf(c), b1
    return u * b1 - b2 + mpmath.mpf(cs[0])


worst = 0
for i in range(4001):
    a = mpmath.mpf(A_MAX) * i / 4000
    t = 2 / (2 + a)
    u = (2 * t - (T_HI + T_LO)) / (T_HI - T_LO)
    approx = t * clenshaw(u, c64)
    worst = max(worst, abs(approx / tail_ratio(a) - 1))
print(f'relative error with float64 coefficients, exact evaluation: {mpmath.nstr(worst, 3)}')
print(f't_lo = {float(T_LO)!r}, scale 2/(t_hi − t_lo) = {float(2 / (T_HI - T_LO))!r}, centre (t_hi + t_lo)/(t_hi − t_lo) = {float((T_HI + T_LO) / (T_HI - T_LO))!r}')
print('coefficients, T_0 first:')
print(', '.join(repr(c) for c in c64))
