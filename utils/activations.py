"""Activation functions and their derivatives in NumPy, and the small pieces of maths lab 02 uses.

The functions match ``keras.activations`` (``tests/test_activations.py`` holds every value
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

:math:`s` is the negative slope (Keras's default 0.2); :math:`\\Phi` and :math:`\\varphi` are the
standard normal distribution and density (``gelu`` is Keras's exact form, ``approximate=False``).
At :math:`z = 0`, where ReLU and leaky ReLU have a kink, the derivative is the value TensorFlow's
gradient uses (0 for ReLU, ``s`` for leaky ReLU).

The rest of the module is the maths behind the lab's other claims:

- :func:`compose_linear_layers`: the single ``(W, b)`` that a stack of linear ``Dense`` layers
  equals (Keras's convention ``a = x @ W + b``).
- :func:`relu_units`, :func:`relu_sum`, :func:`fit_error`, :func:`relu_fit_data`,
  :func:`piecewise_linear`: a sum of ReLU units fitted to a piecewise-linear target (the
  slider control :func:`utils.widgets.relu_fit_control` draws these).
- :data:`RELU_FIT_SOLUTION`: one exact answer to the lab's ReLU-fitting task (the control's
  "Show a solution" button reveals it, so the lab does not print it).
- :func:`epochs_to_reach`: the first epoch at which a loss curve reaches a target value.
- :func:`train_full_batch`: train a compiled Keras model with one full-batch gradient step per
  epoch (what ``model.fit(X, y, batch_size=len(X), epochs=...)`` does), returning every epoch's
  loss, fast enough for thousands of steps on tiny data sets.
- :func:`hidden_z`: the values ``z`` each hidden ``Dense`` layer of a model computes.

Every function checks its arguments and raises ``TypeError``/``ValueError`` with a message that
names the argument, what was expected and what it got.
"""
from __future__ import annotations

import math
import weakref

import numpy as np

from utils.validation import as_float_array, check_int, check_number, describe

__all__ = ["ACTIVATIONS", "linear", "linear_derivative", "sigmoid", "sigmoid_derivative", "tanh",
           "tanh_derivative", "relu", "relu_derivative", "leaky_relu", "leaky_relu_derivative",
           "softplus", "softplus_derivative", "gelu", "gelu_derivative", "get_activation",
           "compose_linear_layers", "relu_units", "relu_sum", "fit_error", "relu_fit_data",
           "piecewise_linear", "RELU_FIT_SOLUTION", "epochs_to_reach", "train_full_batch",
           "hidden_z"]

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
    """The identity :math:`g(z) = z` ("no activation"). Same shape as ``z``; a float for a number."""
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


# --- a stack of linear layers is one linear layer ----------------------------------------------

def compose_linear_layers(layers):
    """The single layer ``(W, b)`` equal to a stack of linear layers ``[(W1, b1), (W2, b2), ...]``.

    Each layer computes ``a = x @ W + b`` (Keras's convention: ``W`` has shape
    ``(inputs, units)``, ``b`` shape ``(units,)``), so two layers give
    ``(x @ W1 + b1) @ W2 + b2 = x @ (W1 @ W2) + (b1 @ W2 + b2)``, and so on down the stack.
    ``layers`` can be the list ``model.get_weights()`` returns, paired up. Returns float64 arrays.
    """
    if not isinstance(layers, (list, tuple)) or len(layers) == 0:
        raise TypeError(f"layers must be a non-empty list of (W, b) pairs, got {describe(layers)}.")
    W = b = None
    for i, layer in enumerate(layers):
        if not isinstance(layer, (list, tuple)) or len(layer) != 2:
            raise TypeError(f"layers[{i}] must be a pair (W, b), got {describe(layer)}.")
        Wi = as_float_array(layer[0], f"layers[{i}] W", ndim=2)
        bi = as_float_array(layer[1], f"layers[{i}] b", ndim=1)
        if bi.shape[0] != Wi.shape[1]:
            raise ValueError(f"layers[{i}] b must have one entry per column of W "
                             f"({Wi.shape[1]}), got shape {bi.shape}.")
        if W is None:
            W, b = Wi, bi
            continue
        if Wi.shape[0] != W.shape[1]:
            raise ValueError(f"layers[{i}] W must have {W.shape[1]} rows (the units of layer "
                             f"{i - 1}), got shape {Wi.shape}.")
        W, b = W @ Wi, b @ Wi + bi
    return W, b


# --- a sum of ReLU units ---------------------------------------------------------------------

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


# --- reading loss curves -----------------------------------------------------------------------

def epochs_to_reach(losses, target: float):
    """The first epoch (counting from 1) whose loss is at most ``target``, or ``None`` if the
    curve never gets there. ``losses`` holds one loss per epoch."""
    losses = as_float_array(losses, "losses", ndim=1)
    target = check_number(target, "target")
    hits = np.flatnonzero(losses <= target)
    return int(hits[0]) + 1 if hits.size else None


# --- training tiny models with many full-batch steps ------------------------------------------

_LOOPS = weakref.WeakKeyDictionary()      # model -> its compiled training loop (traced once)


def _check_compiled_model(model, name: str = "model"):
    import keras
    if not isinstance(model, keras.Model):
        raise TypeError(f"{name} must be a Keras model (for example keras.Sequential), "
                        f"got {describe(model)}.")
    if getattr(model, "optimizer", None) is None or not getattr(model, "compiled", False):
        raise ValueError(f"{name} must be compiled first: call {name}.compile(optimizer=..., "
                         f"loss=...) before training it.")
    return model


def _training_loop(model):
    import tensorflow as tf
    if model not in _LOOPS:
        if not model.optimizer.built:
            model.optimizer.build(model.trainable_variables)
        model_ref = weakref.ref(model)     # the loop must not keep the model alive

        @tf.function
        def loop(X, y, epochs):
            net = model_ref()
            variables = net.trainable_variables
            losses = tf.TensorArray(tf.float32, size=epochs)
            for epoch in tf.range(epochs):
                with tf.GradientTape() as tape:
                    J = net.compute_loss(x=X, y=y, y_pred=net(X, training=True))
                net.optimizer.apply_gradients(zip(tape.gradient(J, variables), variables))
                losses = losses.write(epoch, tf.cast(J, tf.float32))
            return losses.stack()
        _LOOPS[model] = loop
    return _LOOPS[model]


def train_full_batch(model, X, y, epochs: int) -> np.ndarray:
    """Train ``model`` for ``epochs`` epochs of one gradient step each, on all examples at once,
    and return the loss of every epoch (shape ``(epochs,)``, float64).

    This is what ``model.fit(X, y, batch_size=len(X), epochs=epochs, verbose=0)`` does (the
    loss of an epoch is the one computed in its step, before the weights change, as ``fit`` and
    ``train_on_batch`` report it), with the optimizer and loss given to ``model.compile``. The
    steps run inside one compiled TensorFlow function instead of one Python call per epoch, so
    thousands of epochs on a tiny data set take about a second. Calling it again continues
    training from where the model is.
    """
    import tensorflow as tf
    model = _check_compiled_model(model)
    X = as_float_array(X, "X", ndim=2)
    y = as_float_array(y, "y", ndim=(1, 2))
    if len(y) != len(X):
        raise ValueError(f"y must have one row per example of X ({len(X)}), got {len(y)}.")
    n_inputs = model.inputs[0].shape[-1] if model.inputs else None
    if n_inputs is not None and X.shape[1] != n_inputs:
        raise ValueError(f"X must have {n_inputs} columns (the model's inputs), got shape "
                         f"{X.shape}.")
    epochs = check_int(epochs, "epochs", low=1)
    losses = _training_loop(model)(tf.constant(X, tf.float32), tf.constant(y, tf.float32),
                                   tf.constant(epochs))
    return losses.numpy().astype(np.float64)


def hidden_z(model, X) -> list:
    """The values ``z = a_prev @ W + b`` that each hidden ``Dense`` layer of ``model`` computes
    for the examples ``X`` (every layer but the last): a list of arrays of shape
    ``(len(X), units)``. ``a_prev`` is ``X`` for the first layer and the previous layer's
    activations after that. Float32 weights, computed in float64.
    """
    import keras
    if not isinstance(model, keras.Model):
        raise TypeError(f"model must be a Keras model (for example keras.Sequential), "
                        f"got {describe(model)}.")
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    if len(dense) != len(model.layers) or len(dense) < 2:
        raise ValueError(f"model must be a stack of at least 2 Dense layers, got layers "
                         f"{[type(layer).__name__ for layer in model.layers]}.")
    a = as_float_array(X, "X", ndim=2)
    if a.shape[1] != dense[0].kernel.shape[0]:
        raise ValueError(f"X must have {dense[0].kernel.shape[0]} columns (the model's inputs), "
                         f"got shape {a.shape}.")
    zs = []
    for layer in dense[:-1]:
        weights = layer.get_weights()
        W = np.asarray(weights[0], dtype=np.float64)
        b = np.asarray(weights[1], dtype=np.float64) if layer.use_bias else 0.0
        z = a @ W + b
        zs.append(z)
        a = keras.ops.convert_to_numpy(layer.activation(z)).astype(np.float64)
    return zs
