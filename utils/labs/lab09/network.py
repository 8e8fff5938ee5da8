"""Lab 09's "why backpropagation is efficient": one small network, ``n_inputs -> n_hidden ReLU
-> 1 linear`` with the cost ``J = 1/(2m) sum (a2 - y)^2``, built three ways.

- :func:`network_of_values`: from Values of :mod:`utils.labs.lab09.autodiff`, one number at a
  time, so the lab can count the steps of each pass (:func:`count_steps`) and draw their ratio
  (:func:`plot_step_ratio`).
- :func:`network_cost`, :func:`network_gradient`: in NumPy on a flat parameter array ``theta``
  (W1, b1, w2, b2 in that order); :func:`backprop` the backward pass as the lab derives it;
  :func:`network_cost_tf` in TensorFlow, to hold it against ``tf.GradientTape``.
- :func:`time_gradients`: central differences against :func:`backprop`, both timed the same
  way (the best of a few runs).
"""
from __future__ import annotations

import time

import numpy as np

from utils.figures.alt import alt_note
from utils.figures.style import COLORS, finish, new_figure
from utils.labs.lab09.autodiff import Value
from utils.maths.derivatives import relative_error
from utils.validation import as_float_array, check_int, describe

__all__ = ["init_network", "network_data", "unpack", "network_of_values", "count_steps",
           "plot_step_ratio", "network_cost", "network_cost_tf", "backprop", "network_gradient",
           "time_gradients"]


def init_network(n_inputs: int, n_hidden: int, *, seed: int = 0):
    """Random parameters of ``n_inputs -> n_hidden ReLU -> 1 linear`` as one flat array
    ``theta`` (W1, b1, w2, b2 in that order); returns ``(theta, sizes)``."""
    n_inputs = check_int(n_inputs, "n_inputs", low=1)
    n_hidden = check_int(n_hidden, "n_hidden", low=1)
    rng = np.random.default_rng(seed)
    n_params = n_inputs * n_hidden + 2 * n_hidden + 1
    return rng.normal(0.0, 1.0 / np.sqrt(n_inputs), n_params), (n_inputs, n_hidden)


def network_data(n_inputs: int, m: int, *, seed: int = 0):
    """``m`` random examples ``(X, y)``: ``X`` of shape ``(m, n_inputs)``, ``y`` of ``(m,)``."""
    rng = np.random.default_rng(seed)
    return rng.normal(size=(check_int(m, "m", low=1), n_inputs)), rng.normal(size=m)


def unpack(theta, sizes):
    """``(W1, b1, w2, b2)`` from the flat ``theta``: W1 of shape ``(n_inputs, n_hidden)``."""
    n, h = sizes
    return (theta[:n * h].reshape(n, h), theta[n * h:n * h + h], theta[n * h + h:-1],
            theta[-1])


def network_of_values(n_hidden: int, *, n_inputs: int = 2, m: int = 4, seed: int = 0):
    """The network on ``m`` examples of :func:`network_data`, from Values one number at a
    time: ``(J, parameters)``, the parameters in ``theta``'s order."""
    theta, sizes = init_network(n_inputs, n_hidden, seed=seed)
    X, y = network_data(n_inputs, m, seed=seed)
    params = [Value(t) for t in theta]
    W1, b1, w2, b2 = unpack(np.array(params, dtype=object), sizes)
    J = 0.0
    for x_i, y_i in zip(X, y):
        a1 = [(sum(W1[k, j] * x_i[k] for k in range(n_inputs)) + b1[j]).relu()
              for j in range(n_hidden)]
        a2 = sum(w2[j] * a1[j] for j in range(n_hidden)) + b2
        J = J + (a2 - y_i) ** 2
    return J / (2 * m), params


def count_steps(hidden_sizes, **network) -> list:
    """For each hidden size, the steps of a gradient of :func:`network_of_values`: ``P``
    parameters, ``N`` computed Values (one forward pass), ``E`` arrows (one product each in
    the backward pass); finite differences take ``2 P N`` steps, backpropagation ``N + E``."""
    rows = []
    for h in hidden_sizes:
        J, params = network_of_values(h, **network)
        order = J.topological_order()
        N = sum(1 for v in order if v.op)
        E = sum(len(v.parents) for v in order)
        P = len(params)
        rows.append({"P": P, "N": N, "E": E, "fd_steps": 2 * P * N, "bp_steps": N + E,
                     "ratio": 2 * P * N / (N + E)})
    return rows


@alt_note
def plot_step_ratio(P, ratio, *, title: str = ""):
    """The step ratio against ``P`` on log-log axes, one marker per network, with a dashed
    guide of slope 1 (a ratio that grows in proportion to ``P``) drawn 3 times above the first
    point, so that it stays visible beside the data instead of under it."""
    P, ratio = as_float_array(P, "P", ndim=1), as_float_array(ratio, "ratio", shape=(len(P),))
    fig, ax = new_figure()
    ax.loglog(P, ratio, "o-", color=COLORS["blue"], label="finite differences / backprop")
    ax.loglog(P, 3 * ratio[0] * P / P[0], "--", color=COLORS["orange"], linewidth=2,
              label="slope 1 (in proportion to P), drawn 3 times higher")
    ax.set(xlabel="parameters P", ylabel="steps, finite differences / backprop",
           title=title or "How many times fewer steps backpropagation takes")
    ax.legend()
    return finish(fig)


def _checked(theta, sizes, X, y):
    if (not isinstance(sizes, tuple) or len(sizes) != 2
            or not all(isinstance(s, int) and s > 0 for s in sizes)):
        raise TypeError(f"sizes must be the pair (n_inputs, n_hidden) from init_network, got "
                        f"{describe(sizes)}.")
    n, h = sizes
    theta = as_float_array(theta, "theta", shape=(n * h + 2 * h + 1,))
    X = as_float_array(X, "X", shape=(None, n))
    return theta, X, as_float_array(y, "y", shape=(len(X),))


def _cost(theta, sizes, X, y) -> float:
    W1, b1, w2, b2 = unpack(theta, sizes)
    a2 = np.maximum(X @ W1 + b1, 0.0) @ w2 + b2
    return float(np.mean((a2 - y) ** 2) / 2)


def network_cost(theta, sizes, X, y) -> float:
    """``J = 1/(2m) sum (a2 - y)^2`` with ``a1 = relu(X W1 + b1)``, ``a2 = a1 w2 + b2``."""
    theta, X, y = _checked(theta, sizes, X, y)
    return _cost(theta, sizes, X, y)


def network_cost_tf(theta, sizes, X, y):
    """:func:`network_cost` in TensorFlow ops, for ``tf.GradientTape`` (``theta`` a
    ``tf.Variable`` of float64)."""
    import tensorflow as tf
    n, h = sizes
    W1, b1 = tf.reshape(theta[:n * h], (n, h)), theta[n * h:n * h + h]
    w2, b2 = theta[n * h + h:-1], theta[-1]
    a2 = tf.linalg.matvec(tf.nn.relu(X @ W1 + b1), w2) + b2
    return tf.reduce_mean((a2 - y) ** 2) / 2


def backprop(W1, b1, w2, b2, X, y) -> tuple:
    """``(dJ/dW1, dJ/db1, dJ/dw2, dJ/db2)`` by one forward and one backward pass, for every
    example (a row of X) and every hidden unit (a column of W1) at once."""
    z1 = X @ W1 + b1                            # forward pass
    a1 = np.maximum(z1, 0.0)
    a2 = a1 @ w2 + b2
    dJ_da2 = (a2 - y) / len(y)                  # backward pass: dJ/da2 of each example
    dJ_dz1 = np.outer(dJ_da2, w2) * (z1 > 0)    # back through w2, then through the ReLU
    dJ_dW1 = X.T @ dJ_dz1                       # each sums over the examples
    dJ_db1 = dJ_dz1.sum(axis=0)
    dJ_dw2 = a1.T @ dJ_da2
    dJ_db2 = dJ_da2.sum()
    return dJ_dW1, dJ_db1, dJ_dw2, dJ_db2


def _gradient(theta, sizes, X, y) -> np.ndarray:
    return np.concatenate([g.ravel() for g in backprop(*unpack(theta, sizes), X, y)])


def network_gradient(theta, sizes, X, y) -> np.ndarray:
    """dJ/dtheta, flat like ``theta``, by :func:`backprop`."""
    theta, X, y = _checked(theta, sizes, X, y)
    return _gradient(theta, sizes, X, y)


def _finite_differences(theta, sizes, X, y, eps=1e-6) -> np.ndarray:
    """Central differences, 2 cost evaluations per parameter."""
    grad, nudged = np.empty_like(theta), theta.copy()
    for i in range(theta.size):
        nudged[i] = theta[i] + eps
        up = _cost(nudged, sizes, X, y)
        nudged[i] = theta[i] - eps
        grad[i] = (up - _cost(nudged, sizes, X, y)) / (2 * eps)
        nudged[i] = theta[i]
    return grad


def _seconds(fn, args: tuple, calls: int) -> float:
    """The seconds of ``calls`` calls of ``fn(*args)`` in a row."""
    start = time.perf_counter()
    for _ in range(calls):
        fn(*args)
    return time.perf_counter() - start


def time_gradients(hidden_sizes, *, n_inputs: int = 10, m: int = 256, rounds: int = 3,
                   seed: int = 0) -> list:
    """Central differences against :func:`backprop`, timed the same way: for each hidden size,
    central differences (2P calls of the cost) timed in ``rounds`` rounds, then 2P calls of
    backprop in a row timed in ``rounds`` rounds, both without argument checks; each keeps the
    least seconds of its rounds. Returns, per size, ``P``, ``seconds_fd``, ``seconds_bp`` (one call),
    ``bp_in_J`` (one backprop in evaluations of J: the 2P backprops over the 2P evaluations),
    ``ratio`` = seconds_fd / seconds_bp, and the relative error between the two gradients."""
    rounds = check_int(rounds, "rounds", low=1)
    X, y = network_data(n_inputs, m, seed=seed)
    rows = []
    for h in hidden_sizes:
        theta, sizes = init_network(n_inputs, h, seed=seed)
        args, calls = (theta, sizes, X, y), 2 * theta.size
        t_fd = min(_seconds(_finite_differences, args, 1) for _ in range(rounds))
        t_bp = min(_seconds(_gradient, args, calls) for _ in range(rounds)) / calls
        error = relative_error(_finite_differences(*args), _gradient(*args))
        rows.append({"P": theta.size, "seconds_fd": t_fd, "seconds_bp": t_bp,
                     "bp_in_J": t_bp * calls / t_fd, "ratio": t_fd / t_bp,
                     "relative_error": error})
    return rows
