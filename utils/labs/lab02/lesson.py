"""Lab 02's own maths (activation functions): the pieces behind fitting a target with a sum of
ReLU units (the lab joins its linear layers in its own cells, ``W1 @ W2``).

- :func:`relu_units`, :func:`relu_sum`, :func:`fit_error`, :func:`relu_fit_data`,
  :func:`piecewise_linear`: a sum of ReLU units fitted to a piecewise-linear target (the
  lab's slider control, in :mod:`utils.labs.lab02.figures`, draws these).
- :data:`RELU_FIT_SOLUTION`: one exact answer to the lab's ReLU-fitting task (the control's
  "Show a solution" button reveals it, so the lab does not print it).

Only lab 02 uses them (the rule of two: they move to a shared module when a second lab needs
them). The activation functions themselves are in :mod:`utils.labs.lab02.activations`. Every function
checks its arguments and raises ``TypeError``/``ValueError`` with a message that names the
argument, what was expected and what it got.
"""
from __future__ import annotations

import numpy as np

from utils.validation import as_float_array

__all__ = ["relu_units", "relu_sum", "fit_error", "relu_fit_data",
           "piecewise_linear", "RELU_FIT_SOLUTION"]


# --- a sum of ReLU units ------------------------------------------------------------------------

def _unit_params(w, b):
    w = as_float_array(w, "w", ndim=1)
    b = as_float_array(b, "b", ndim=1)
    if w.shape != b.shape:
        raise ValueError(f"w and b must have one entry per unit (the same length), got "
                         f"{len(w)} weights and {len(b)} biases.")
    return w, b


def relu_units(x, w, b) -> np.ndarray:
    """Each unit's output ``a_j(x) = max(0, w_j x + b_j)`` at every point of ``x``.

    ``x`` has shape ``(m,)`` (one input feature), ``w`` and ``b`` shape ``(units,)``.
    Returns shape ``(units, m)``: row ``j`` is unit ``j``'s contribution.
    """
    x = as_float_array(x, "x", ndim=1)
    w, b = _unit_params(w, b)
    return np.maximum(np.outer(w, x) + b[:, None], 0.0)


def relu_sum(x, w, b) -> np.ndarray:
    """The network output :math:`\\hat y(x) = \\sum_j \\max(0, w_j x + b_j)`, shape ``(m,)``.

    This is a ``Dense(units, activation="relu")`` layer followed by an output unit whose weights
    are all 1 and whose bias is 0.
    """
    return relu_units(x, w, b).sum(axis=0)


def fit_error(y_hat, y) -> float:
    """The mean squared error :math:`J = \\frac{1}{m} \\sum_i (\\hat y_i - y_i)^2` of two vectors
    of the same length."""
    y_hat = as_float_array(y_hat, "y_hat", ndim=1)
    y = as_float_array(y, "y", ndim=1)
    if y_hat.shape != y.shape:
        raise ValueError(f"y_hat and y must have the same length, got {len(y_hat)} and {len(y)}.")
    return float(np.mean((y_hat - y) ** 2))


def relu_fit_data(x, y, w, b) -> dict:
    """Everything the ReLU-fitting figure shows, as a dict: ``x``, ``target`` (= ``y``),
    ``units`` (each unit's output, shape ``(units, m)``), ``y_hat`` (their sum) and ``error``
    (the mean squared error of ``y_hat`` against ``y``)."""
    x = as_float_array(x, "x", ndim=1)
    y = as_float_array(y, "y", ndim=1)
    if y.shape != x.shape:
        raise ValueError(f"y must have one value per point of x ({len(x)}), got {len(y)}.")
    units = relu_units(x, w, b)
    y_hat = units.sum(axis=0)
    return {"x": x, "target": y, "units": units, "y_hat": y_hat, "error": fit_error(y_hat, y)}


def piecewise_linear(x, knots_x, knots_y) -> np.ndarray:
    """The function through the corner points ``(knots_x[k], knots_y[k])``, straight between them
    (and continued straight beyond the first and last knot). ``knots_x`` must increase."""
    x = as_float_array(x, "x", ndim=1)
    kx = as_float_array(knots_x, "knots_x", ndim=1)
    ky = as_float_array(knots_y, "knots_y", ndim=1)
    if len(kx) < 2:
        raise ValueError(f"knots_x must have at least 2 points, got {len(kx)}.")
    if ky.shape != kx.shape:
        raise ValueError(f"knots_y must have one value per knot ({len(kx)}), got {len(ky)}.")
    if np.any(np.diff(kx) <= 0):
        raise ValueError(f"knots_x must be strictly increasing, got {kx.tolist()}.")
    y = np.interp(x, kx, ky)
    left, right = x < kx[0], x > kx[-1]
    y[left] = ky[0] + (x[left] - kx[0]) * (ky[1] - ky[0]) / (kx[1] - kx[0])
    y[right] = ky[-1] + (x[right] - kx[-1]) * (ky[-1] - ky[-2]) / (kx[-1] - kx[-2])
    return y


# One exact answer to lab 02's task: fit the target through (-1.5, 4), (-0.5, 2), (0, 1.5),
# (0.5, 2), (1.5, 5) with max(0, w_j x + b_j) summed over three units: (w, b). The kinks
# -b_j / w_j are -0.5, 0 and 0.5; the slopes of the sum are -2, -1, 1 and 3 from left to right.
RELU_FIT_SOLUTION = ([1.0, 2.0, -2.0], [0.5, 0.0, 1.0])
