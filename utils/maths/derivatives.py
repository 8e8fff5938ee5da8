"""Numerical derivatives: one-sided and central differences, and the gradient check.

The informal definition of a derivative: nudge ``w`` by a small ``eps`` and ``J`` changes by
about ``k * eps``; ``k`` is the derivative. Two ways to turn that into a number:

* the **one-sided** (forward) difference ``(J(w + eps) - J(w)) / eps``, whose error shrinks
  like ``eps`` (it is ``J''(w) eps / 2`` plus smaller terms), and
* the **central** difference ``(J(w + eps) - J(w - eps)) / (2 eps)``, whose error shrinks
  like ``eps**2`` (``J'''(w) eps**2 / 6``) because the ``J''`` terms of the two sides cancel.

For very small ``eps`` both get worse again: ``J`` is only known to about 16 significant
digits (round-off), and dividing that error by ``eps`` magnifies it.

:func:`gradient_check` holds an analytic gradient (a backward pass you wrote) against central
differences: the tool to test a backward pass with.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from utils.validation import as_float_array, check_number, describe

__all__ = ["forward_difference", "central_difference", "numerical_gradient", "relative_error",
           "GradientCheck", "gradient_check"]


def _check_function(f, name: str = "f") -> None:
    if not callable(f):
        raise TypeError(f"{name} must be a function of w (like `lambda w: w ** 2`), got "
                        f"{describe(f)}.")


def _scalar(value, what: str) -> float:
    """A function's result as a float, or an error that says what the function returned."""
    if isinstance(value, (bool, str, bytes)) or np.ndim(value) != 0:
        raise TypeError(f"{what} must be one number, got {describe(value)}.")
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{what} must be one number, got {describe(value)}.") from None
    if not np.isfinite(value):
        raise ValueError(f"{what} must be finite, got {value}: is w outside the function's "
                         "domain (like 1/w at w = 0)?")
    return value


def _steps(w, eps):
    w = check_number(w, "w")
    eps = check_number(eps, "eps", low=0.0, low_inclusive=False)
    return w, eps


def forward_difference(f: Callable, w, eps=1e-6) -> float:
    """The one-sided difference ``(f(w + eps) - f(w)) / eps``, an estimate of ``f'(w)``."""
    _check_function(f)
    w, eps = _steps(w, eps)
    return (_scalar(f(w + eps), "f(w + eps)") - _scalar(f(w), "f(w)")) / eps


def central_difference(f: Callable, w, eps=1e-6) -> float:
    """The central difference ``(f(w + eps) - f(w - eps)) / (2 eps)``, an estimate of
    ``f'(w)`` with an error that shrinks like ``eps**2``."""
    _check_function(f)
    w, eps = _steps(w, eps)
    return (_scalar(f(w + eps), "f(w + eps)") - _scalar(f(w - eps), "f(w - eps)")) / (2 * eps)


def numerical_gradient(f: Callable, params, eps=1e-6) -> np.ndarray:
    """The gradient of ``f(params)`` (one number) by central differences, one entry of
    ``params`` at a time: an array of the shape of ``params``. Costs ``2 * params.size``
    calls of ``f``."""
    _check_function(f)
    params = as_float_array(params, "params")
    eps = check_number(eps, "eps", low=0.0, low_inclusive=False)
    grad = np.zeros_like(params)
    nudged = params.copy()
    for i in np.ndindex(params.shape):
        nudged[i] = params[i] + eps
        up = _scalar(f(nudged), "f(params + eps)")
        nudged[i] = params[i] - eps
        down = _scalar(f(nudged), "f(params - eps)")
        nudged[i] = params[i]
        grad[i] = (up - down) / (2 * eps)
    return grad


def relative_error(a, b) -> float:
    """``||a - b|| / max(||a|| + ||b||, 1e-12)``: 0 for equal arrays, 1 for opposite ones."""
    a, b = as_float_array(a, "a"), as_float_array(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}.")
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-12))


class GradientCheck(NamedTuple):
    """The outcome of :func:`gradient_check`."""

    passed: bool
    relative_error: float
    numerical: np.ndarray
    analytic: np.ndarray
    worst: tuple           # the index of the entry where the two differ most

    def __str__(self) -> str:
        verdict = "passed" if self.passed else "FAILED"
        return (f"gradient check {verdict}: relative error {self.relative_error:.3g}; largest "
                f"difference at entry {self.worst}: analytic {self.analytic[self.worst]:.6g}, "
                f"numerical {self.numerical[self.worst]:.6g}")


def gradient_check(f: Callable, grad: Callable, params, *, eps=1e-6,
                   tolerance=1e-6) -> GradientCheck:
    """Hold the analytic gradient ``grad(params)`` against central differences of
    ``f(params)``; ``passed`` when their :func:`relative_error` is at most ``tolerance``."""
    _check_function(f)
    _check_function(grad, "grad")
    params = as_float_array(params, "params")
    tolerance = check_number(tolerance, "tolerance", low=0.0, low_inclusive=False)
    analytic = as_float_array(grad(params.copy()), "grad(params)")
    if analytic.shape != params.shape:
        raise ValueError(f"grad(params) must have the shape of params, {params.shape}, got "
                         f"{analytic.shape}.")
    numerical = numerical_gradient(f, params, eps)
    error = relative_error(analytic, numerical)
    worst = np.unravel_index(np.argmax(np.abs(analytic - numerical)), params.shape)
    return GradientCheck(error <= tolerance, error, numerical, analytic,
                         tuple(int(i) for i in worst))
