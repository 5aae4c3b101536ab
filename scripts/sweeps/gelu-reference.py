"""Writes the reference values of core's float32 GELU tests (packages/core/test/fixtures/gelu32-reference.json).

For 1,200 float32 inputs, drawn with a fixed seed from [-2, 2], [-14.4, 16]
and the negative tail [-14.4, -5], the exact values in 60-digit arithmetic,
rounded to float64:

- the exact form x*Phi(x) and its slope Phi(x) + x*phi(x);
- the tanh form 0.5*x*(1 + tanh(u)), u = sqrt(2/pi)*(x + 0.044715*x^3), and
  its slope, with the constants as PyTorch writes them.

And packages/core/test/fixtures/gelu64-reference.json: 800 float64 inputs
from [-2, 2], [-38.6, 38.6] and [-38.6, -10], with the exact form's value and
slope.

Usage: python3 scripts/sweeps/gelu-reference.py
"""
import json
import pathlib

import mpmath
import numpy as np

mpmath.mp.dps = 60
rng = np.random.default_rng(20261207)
xs = np.concatenate([
    rng.uniform(-2, 2, 400),
    rng.uniform(-14.4, 16, 500),
    rng.uniform(-14.4, -5, 300),
]).astype(np.float32)

SQRT_2_OVER_PI = mpmath.sqrt(2) * (2 / mpmath.sqrt(mpmath.pi)) / 2
KAPPA = mpmath.mpf('0.044715')


def exact(x):
    cdf = mpmath.erfc(-x / mpmath.sqrt(2)) / 2
    pdf = mpmath.exp(-x * x / 2) / mpmath.sqrt(2 * mpmath.pi)
    return x * cdf, cdf + x * pdf


def tanh_form(x):
    u = SQRT_2_OVER_PI * (x + KAPPA * x ** 3)
    t = mpmath.tanh(u)
    du = SQRT_2_OVER_PI * (1 + 3 * KAPPA * x * x)
    return x * (1 + t) / 2, (1 + t) / 2 + x * (1 - t * t) * du / 2


rows = []
for x32 in xs:
    x = mpmath.mpf(float(x32))
    y, dy = exact(x)
    yt, dyt = tanh_form(x)
    rows.append([float(x32), float(y), float(dy), float(yt), float(dyt)])

# Float64 inputs over the exact form's whole range, for its float64 tests.
rows64 = []
for x64 in np.concatenate([rng.uniform(-2, 2, 200), rng.uniform(-38.6, 38.6, 400), rng.uniform(-38.6, -10, 200)]):
    x = mpmath.mpf(float(x64))
    y, dy = exact(x)
    rows64.append([float(x64), float(y), float(dy)])
fixtures = pathlib.Path(__file__).resolve().parents[2] / 'packages' / 'core' / 'test' / 'fixtures'
(fixtures / 'gelu64-reference.json').write_text(json.dumps({
    'generator': 'scripts/sweeps/gelu-reference.py',
    'columns': ['x', 'gelu', 'gelu slope'],
    'rows': rows64,
}, separators=(',', ':')) + '\n')

out = fixtures / 'gelu32-reference.json'
out.write_text(json.dumps({
    'generator': 'scripts/sweeps/gelu-reference.py',
    'columns': ['x', 'gelu', 'gelu slope', 'gelu tanh form', 'gelu tanh form slope'],
    'rows': rows,
}, separators=(',', ':')) + '\n')
print(f'wrote {len(rows)} rows to {out}')
