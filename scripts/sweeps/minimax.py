"""The linear minimax fit shared by the fit-*.py scripts.

Finds coefficients c that minimise the largest relative error
max_i |(basis_i . c - target_i) / value_i| over the points: a linear program
in c and the bound t (minimise t subject to -t <= error_i <= t), solved with
SciPy's HiGHS. The rows are scaled so that the solver's tolerances sit far
below the error being minimised.
"""
import numpy as np
from scipy.optimize import linprog

SCALE = 1e9


def minimax_relative(basis, target, value):
    """Returns (coefficients, largest relative error) of the best fit.

    basis: points x terms; target: what basis @ c should equal; value: the
    function's value at each point, by which each error is divided.
    """
    a = basis / value[:, None] * SCALE
    b = target / value * SCALE
    n = basis.shape[1]
    objective = np.zeros(n + 1)
    objective[-1] = 1
    bound = -np.ones((len(b), 1))
    a_ub = np.vstack([np.hstack([a, bound]), np.hstack([-a, bound])])
    b_ub = np.concatenate([b, -b])
    result = linprog(objective, A_ub=a_ub, b_ub=b_ub, bounds=[(None, None)] * n + [(0, None)], method="highs")
    return result.x[:n], result.x[-1] / SCALE
