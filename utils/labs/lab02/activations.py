"""Activation functions and their derivatives in NumPy: the one ``sigmoid`` of the library.

The functions match ``keras.activations`` (``tests/test_lab02_activations.py`` holds every value
against Keras and every derivative against TensorFlow's automatic gradient):

=============  ==========================================  ======================================
name           :math:`g(z)`                                :math:`g'(z)`
=============  ==========================================  ======================================
``linear``     :math:`z`                                   :math:`1`
``sigmoid``    :math:`1 / (1 + e^{-z})`                    :math:`g(z)\\,(1 - g(z))`
``tanh``       :math:`\\tanh z`                             :math:`1 - \\tanh^2 z`
``relu``       :math:`\\max(0, z)`                          :math:`1` if :math:`z > 0` else :math:`0`
``leaky_relu`` :math:`z` if :math:`z > 0` else :math:`s z`  :math:`1` if :math:`z > 0` else :math:`s`
``softplus``   :math:`\\ln(1 + e^{z})`                      sigmoid of :math:`z`
``gelu``       :math:`z\\,\\Phi(z)`                          :math:`\\Phi(z) + z\\,\\varphi(z)`
=============  ==========================================  ======================================

:math:`s` is the negative slope (Keras's default 0.2, :data:`LEAKY_SLOPE`); :math:`\\Phi` and
:math:`\\varphi` are the standard normal distribution and density (``gelu`` is Keras's exact form,
``approximate=False``). At :math:`z = 0`, where ReLU and leaky ReLU have a kink, the derivative is
the value TensorFlow's gradient uses (0 for ReLU, ``s`` for leaky ReLU).

:data:`ACTIVATIONS` maps each name to ``(g, g_prime)``; :func:`get_activation` looks one up.
Every function takes a number or an array of any shape (a number gives a float back), checks it
and raises ``TypeError``/``ValueError`` with a message that names the argument, what was expected
and what it got.
"""
from __future__ import annotations

import math

import numpy as np

from utils.validation import as_float_array, check_number, describe

__all__ = ["ACTIVATIONS", "LEAKY_SLOPE", "linear", "linear_derivative", "sigmoid",
           "sigmoid_derivative", "tanh", "tanh_derivative", "relu", "relu_derivative", "leaky_relu",
           "leaky_relu_derivative", "softplus", "softplus_derivative", "gelu", "gelu_derivative",
           "get_activation"]

# Keras's default negative slope of keras.activations.leaky_relu.
LEAKY_SLOPE = 0.2


def _z(z, name: str = "z"):
    """``z`` as a float64 array (any shape, finite numbers), and whether it was a single number."""
    arr = as_float_array(z, name)
    return arr, arr.ndim == 0


def _out(values: np.ndarray, scalar: bool):
    return float(values) if scalar else values


def _slope(negative_slope) -> float:
    return check_number(negative_slope, "negative_slope", low=0, high=1, high_inclusive=False)


def linear(z):
    """The identity :math:`g(z) = z` ("no activation"). Same shape as ``z``; a float for a
    number."""
    z, scalar = _z(z)
    return _out(z.copy(), scalar)


def linear_derivative(z):
    """:math:`g'(z) = 1` everywhere."""
    z, scalar = _z(z)
    return _out(np.ones_like(z), scalar)


def sigmoid(z):
    """The logistic sigmoid :math:`1 / (1 + e^{-z})`, computed as :math:`e^{-\\ln(1 + e^{-z})}` so
    that no ``exp`` overflows for large negative ``z``."""
    z, scalar = _z(z)
    with np.errstate(under="ignore"):          # e**-1000 is 0: that is the right answer
        return _out(np.exp(-np.logaddexp(0.0, -z)), scalar)


def sigmoid_derivative(z):
    """:math:`g'(z) = g(z)(1 - g(z))`: at most 0.25 (at 0), and close to 0 for large ``|z|``."""
    z, scalar = _z(z)
    with np.errstate(under="ignore"):
        s = np.exp(-np.logaddexp(0.0, -z))
        s_minus = np.exp(-np.logaddexp(0.0, z))     # 1 - g(z) without cancellation
        return _out(s * s_minus, scalar)


def tanh(z):
    """The hyperbolic tangent, an S-shape from -1 to 1 (a rescaled sigmoid: 2 g(2z) - 1)."""
    z, scalar = _z(z)
    return _out(np.tanh(z), scalar)


def tanh_derivative(z):
    """:math:`1 - \\tanh^2 z`: 1 at 0, close to 0 for large ``|z|``."""
    z, scalar = _z(z)
    return _out(1.0 - np.tanh(z) ** 2, scalar)


def relu(z):
    """The rectified linear unit :math:`\\max(0, z)`."""
    z, scalar = _z(z)
    return _out(np.maximum(z, 0.0), scalar)


def relu_derivative(z):
    """1 for ``z > 0``, 0 for ``z <= 0`` (TensorFlow's gradient also uses 0 at the kink)."""
    z, scalar = _z(z)
    return _out((z > 0).astype(np.float64), scalar)


def leaky_relu(z, negative_slope: float = LEAKY_SLOPE):
    """:math:`z` for ``z > 0`` and ``negative_slope * z`` otherwise (Keras's default slope 0.2)."""
    z, scalar = _z(z)
    s = _slope(negative_slope)
    return _out(np.where(z > 0, z, s * z), scalar)


def leaky_relu_derivative(z, negative_slope: float = LEAKY_SLOPE):
    """1 for ``z > 0``, ``negative_slope`` for ``z <= 0``: never exactly 0, so a unit never dies."""
    z, scalar = _z(z)
    s = _slope(negative_slope)
    return _out(np.where(z > 0, 1.0, s), scalar)


def softplus(z):
    """:math:`\\ln(1 + e^{z})`, a smooth ReLU (computed with ``logaddexp``: no overflow)."""
    z, scalar = _z(z)
    return _out(np.logaddexp(0.0, z), scalar)


def softplus_derivative(z):
    """The sigmoid of ``z``."""
    return sigmoid(z)


_erf = np.vectorize(math.erf, otypes=[np.float64])


def _normal_cdf(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + _erf(z / math.sqrt(2.0)))


def gelu(z):
    """The Gaussian error linear unit :math:`z \\Phi(z)` (Keras's exact form), used in
    transformers: like ReLU for large ``|z|``, smooth near 0, slightly negative for ``z < 0``."""
    z, scalar = _z(z)
    return _out(z * _normal_cdf(z), scalar)


def gelu_derivative(z):
    """:math:`\\Phi(z) + z\\,\\varphi(z)` with :math:`\\varphi` the standard normal density."""
    z, scalar = _z(z)
    density = np.exp(-0.5 * z ** 2) / math.sqrt(2.0 * math.pi)
    return _out(_normal_cdf(z) + z * density, scalar)


# name -> (function, derivative); the names are those of keras.activations
ACTIVATIONS = {
    "linear": (linear, linear_derivative),
    "sigmoid": (sigmoid, sigmoid_derivative),
    "tanh": (tanh, tanh_derivative),
    "relu": (relu, relu_derivative),
    "leaky_relu": (leaky_relu, leaky_relu_derivative),
    "softplus": (softplus, softplus_derivative),
    "gelu": (gelu, gelu_derivative),
}


def get_activation(name: str):
    """``(g, g_prime)``: the activation called ``name`` (a key of ``ACTIVATIONS``, the same names
    as ``keras.activations``) and its derivative."""
    if not isinstance(name, str):
        raise TypeError(f"name must be an activation name (a str), got {describe(name)}.")
    if name not in ACTIVATIONS:
        raise ValueError(f"name must be one of {sorted(ACTIVATIONS)}, got {name!r}.")
    return ACTIVATIONS[name]
