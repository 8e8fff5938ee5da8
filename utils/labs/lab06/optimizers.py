"""One update step of gradient descent, momentum, RMSprop and Adam, in NumPy.

Each step is a plain function: it takes the parameters ``w``, the gradient ``grad`` of the cost
at ``w``, the optimizer's state (the moments it carries from step to step) and its
hyperparameters, and returns the new parameters and the new state. Nothing is changed in place.

``convention`` picks one of two ways of writing the same idea:

- ``"keras"`` (the default) is what ``keras.optimizers.SGD``, ``RMSprop`` and ``Adam`` compute
  in Keras 3, step for step (``tests/test_lab06_optimizers.py`` holds every step against Keras);
- ``"lecture"`` is the form of the lecture and of the Adam paper (Kingma and Ba, 2015,
  Algorithm 1). The two differ in three places:

  * momentum: Keras keeps ``velocity = momentum * velocity - learning_rate * grad`` and adds it
    to ``w``; the lecture keeps a running mean ``v = beta * v + (1 - beta) * grad`` and subtracts
    ``learning_rate * v``. They give the same steps when Keras's learning rate is the lecture's
    times ``1 - beta``.
  * RMSprop: Keras divides by ``sqrt(s + epsilon)``, the lecture by ``sqrt(s) + epsilon``.
  * Adam: Keras folds both bias corrections into the step size and divides by
    ``sqrt(v) + epsilon``; the paper divides by ``sqrt(v_hat) + epsilon``. Keras's epsilon acts
    like the paper's ``epsilon / sqrt(1 - beta_2**t)``: 31.6 times larger at step 1.

  Keras 3 also rounds the hyperparameters to float32 even for float64 variables: the learning
  rate lives in a float32 variable, and ``momentum`` and the betas of Adam's bias correction
  pass through float32 (``keras.ops.cast(0.999, "float64")`` is 0.9990000128...). To compare
  float64 paths to 1e-15, give both sides :func:`keras_rounded` hyperparameters.

:func:`optimize` runs many steps of one optimizer from a start point and returns the path.
Every function checks its arguments and raises ``TypeError``/``ValueError`` whose message names
the argument, what was expected and what was given.
"""
from __future__ import annotations

import numpy as np

from utils.validation import as_float_array, check_int, check_number, describe

__all__ = ["OPTIMIZERS", "CONVENTIONS", "gd_step", "momentum_step", "rmsprop_step", "adam_step",
           "optimize", "keras_rounded"]

OPTIMIZERS = ("gd", "momentum", "rmsprop", "adam")
CONVENTIONS = ("keras", "lecture")


def _parameters(w) -> np.ndarray:
    return as_float_array(w, "w")


def _like(value, name: str, w: np.ndarray, what: str) -> np.ndarray:
    """``value`` as a float64 array of the shape of ``w`` (``what`` says what it is)."""
    arr = as_float_array(value, name)
    if arr.shape != w.shape:
        raise ValueError(f"{name} ({what}) must have the shape of w, {w.shape}, got shape "
                         f"{arr.shape}.")
    return arr


def _squares(value, name: str, w: np.ndarray, what: str) -> np.ndarray:
    arr = _like(value, name, w, what)
    if np.any(arr < 0):
        raise ValueError(f"{name} ({what}) must be >= 0 everywhere, got a smallest entry of "
                         f"{arr.min():.4g}.")
    return arr


def _rate(learning_rate) -> float:
    return check_number(learning_rate, "learning_rate", low=0, low_inclusive=False)


def _beta(value, name: str) -> float:
    return check_number(value, name, low=0, high=1, high_inclusive=False)


def _epsilon(epsilon) -> float:
    return check_number(epsilon, "epsilon", low=0, low_inclusive=False)


def _convention(convention) -> str:
    if convention not in CONVENTIONS:
        raise ValueError(f"convention must be one of {CONVENTIONS}, got {describe(convention)}.")
    return convention


def _gd(w, g, state, t, learning_rate):
    return w - learning_rate * g, state


def _momentum(w, g, state, t, learning_rate, momentum, keras):
    (velocity,) = state
    if keras:
        velocity = momentum * velocity - learning_rate * g
        return w + velocity, (velocity,)
    velocity = momentum * velocity + (1 - momentum) * g
    return w - learning_rate * velocity, (velocity,)


def _rmsprop(w, g, state, t, learning_rate, rho, epsilon, keras):
    s = rho * state[0] + (1 - rho) * g**2
    if keras:
        return w - learning_rate * g / np.sqrt(s + epsilon), (s,)
    return w - learning_rate * g / (np.sqrt(s) + epsilon), (s,)


def _adam(w, g, state, t, learning_rate, beta_1, beta_2, epsilon, keras):
    m = beta_1 * state[0] + (1 - beta_1) * g
    v = beta_2 * state[1] + (1 - beta_2) * g**2
    if keras:
        alpha = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        return w - alpha * m / (np.sqrt(v) + epsilon), (m, v)
    m_hat, v_hat = m / (1 - beta_1**t), v / (1 - beta_2**t)
    return w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), (m, v)


def _hyper(name: str, hyper: dict, convention) -> dict:
    """The checked hyperparameters of optimizer ``name`` (Keras's defaults where not given),
    with ``keras=True/False`` for the convention."""
    given = dict(hyper)
    if "learning_rate" not in given:
        raise TypeError(f"learning_rate is required (a number > 0), got the arguments "
                        f"{sorted(given)}.")
    checked = {"learning_rate": _rate(given.pop("learning_rate"))}
    for key, default in _DEFAULTS[name].items():
        value = given.pop(key, default)
        checked[key] = _epsilon(value) if key == "epsilon" else _beta(value, key)
    if given:
        raise TypeError(f"{name} takes the hyperparameters {_NAMES[name]}, got also "
                        f"{sorted(given)}.")
    if name != "gd":
        checked["keras"] = _convention(convention) == "keras"
    return checked


_KERNELS = {"gd": _gd, "momentum": _momentum, "rmsprop": _rmsprop, "adam": _adam}
_DEFAULTS = {"gd": {}, "momentum": {"momentum": 0.9}, "rmsprop": {"rho": 0.9, "epsilon": 1e-7},
             "adam": {"beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7}}
_NAMES = {name: ("learning_rate", *defaults) for name, defaults in _DEFAULTS.items()}
_STATE = {"gd": (), "momentum": (("velocity", "the momentum carried from the last step"),),
          "rmsprop": (("s", "the running mean of squared gradients"),),
          "adam": (("m", "the running mean of the gradient"),
                   ("v", "the running mean of the squared gradient"))}


def _step(name: str, w, grad, state: tuple, t: int, hyper: dict, convention):
    """Check every argument of one step of optimizer ``name``, then take the step."""
    w = _parameters(w)
    grad = _like(grad, "grad", w, "the gradient at w")
    arrays = []
    for (label, what), value in zip(_STATE[name], state):
        check = _squares if label in ("s", "v") else _like
        arrays.append(check(value, label, w, what))
    t = check_int(t, "t (the step number, 1 for the first step)", low=1)
    w, new_state = _KERNELS[name](w, grad, tuple(arrays), t, **_hyper(name, hyper, convention))
    return (w, *new_state)


def gd_step(w, grad, learning_rate):
    """Gradient descent: ``w - learning_rate * grad`` (``keras.optimizers.SGD(learning_rate)``)."""
    return _step("gd", w, grad, (), 1, {"learning_rate": learning_rate}, None)[0]


def momentum_step(w, grad, velocity, learning_rate, momentum=0.9, *, convention="keras"):
    """Gradient descent with momentum; returns ``(w, velocity)``.

    ``"keras"`` (``SGD(learning_rate, momentum=momentum)``)::

        velocity = momentum * velocity - learning_rate * grad;   w = w + velocity

    ``"lecture"`` (``momentum`` is the lecture's beta)::

        velocity = momentum * velocity + (1 - momentum) * grad;  w = w - learning_rate * velocity

    ``velocity`` starts at zeros of the shape of ``w``.
    """
    return _step("momentum", w, grad, (velocity,), 1,
                 {"learning_rate": learning_rate, "momentum": momentum}, convention)


def rmsprop_step(w, grad, s, learning_rate, rho=0.9, epsilon=1e-7, *, convention="keras"):
    """RMSprop; returns ``(w, s)``. ``s`` is the running mean of squared gradients (zeros at
    the start): ``s = rho * s + (1 - rho) * grad**2``, then

    ``"keras"`` (``RMSprop(learning_rate, rho, epsilon=epsilon)``):
    ``w - learning_rate * grad / sqrt(s + epsilon)``;
    ``"lecture"``: ``w - learning_rate * grad / (sqrt(s) + epsilon)``.
    """
    return _step("rmsprop", w, grad, (s,), 1,
                 {"learning_rate": learning_rate, "rho": rho, "epsilon": epsilon}, convention)


def adam_step(w, grad, m, v, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
              *, convention="keras"):
    """Adam, step number ``t`` (1 for the first step); returns ``(w, m, v)``.

    ``m`` and ``v`` are the running means of the gradient and of its square (zeros at the
    start): ``m = beta_1 * m + (1 - beta_1) * grad``, ``v = beta_2 * v + (1 - beta_2) * grad**2``.

    ``"keras"`` (``Adam(learning_rate, beta_1, beta_2, epsilon)``)::

        alpha = learning_rate * sqrt(1 - beta_2**t) / (1 - beta_1**t)
        w = w - alpha * m / (sqrt(v) + epsilon)

    ``"lecture"`` (the paper's Algorithm 1)::

        m_hat = m / (1 - beta_1**t);   v_hat = v / (1 - beta_2**t)
        w = w - learning_rate * m_hat / (sqrt(v_hat) + epsilon)
    """
    return _step("adam", w, grad, (m, v), t,
                 {"learning_rate": learning_rate, "beta_1": beta_1, "beta_2": beta_2,
                  "epsilon": epsilon}, convention)


def optimize(name: str, grad, w0, steps: int, *, convention: str = "keras",
             limit: float = 1e6, **hyper) -> np.ndarray:
    """Run ``steps`` steps of optimizer ``name`` (one of :data:`OPTIMIZERS`) from ``w0`` and
    return the path: an array of shape ``(steps + 1, *w0.shape)`` whose row ``k`` is ``w``
    after ``k`` steps (row 0 is ``w0``).

    ``grad(w)`` returns the gradient of the cost at ``w``. ``hyper`` holds the step function's
    hyperparameters: ``learning_rate=...`` always, and ``momentum``, ``rho``, ``beta_1``,
    ``beta_2``, ``epsilon`` where the optimizer has them (Keras's defaults otherwise). The
    arguments are checked once, then every step runs without the checks, except that each
    gradient must have the shape of ``w`` and be finite. When the parameters grow beyond
    ``limit`` in size (the steps diverge) the remaining rows are ``inf``.
    """
    if name not in OPTIMIZERS:
        raise ValueError(f"name must be one of {OPTIMIZERS}, got {describe(name)}.")
    if not callable(grad):
        raise TypeError(f"grad must be a function w -> the gradient at w, got {describe(grad)}.")
    kernel, checked = _KERNELS[name], _hyper(name, hyper, convention)
    w = _parameters(w0)
    steps = check_int(steps, "steps", low=1)
    limit = check_number(limit, "limit", low=0, low_inclusive=False)
    path = np.full((steps + 1, *w.shape), np.inf)
    path[0] = w
    state = tuple(np.zeros_like(w) for _ in _STATE[name])
    for t in range(1, steps + 1):
        g = np.asarray(grad(w), dtype=np.float64)
        if g.shape != w.shape or not np.all(np.isfinite(g)):
            _like(g, f"grad(w) at step {t}", w, "the gradient at w")
        w, state = kernel(w, g, state, t, **checked)
        if not np.max(np.abs(w)) <= limit:
            break
        path[t] = w
    return path


def keras_rounded(hyper: dict) -> dict:
    """``hyper`` (name -> number) with every number rounded to float32 and back, the values
    Keras 3 uses: then NumPy and Keras do the same float64 arithmetic on the same numbers."""
    if not isinstance(hyper, dict):
        raise TypeError(f"hyper must be a dict of hyperparameters (name -> number), got "
                        f"{describe(hyper)}.")
    return {key: float(np.float32(check_number(value, key))) for key, value in hyper.items()}
