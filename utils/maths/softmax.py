"""Softmax, log-sum-exp and the cross-entropy losses, written in NumPy.

These are the reference implementations the labs build up to and that
``tests/test_maths_softmax.py`` holds against TensorFlow and Keras:

- :func:`softmax`, :func:`log_softmax`, :func:`logsumexp`: numerically stable (they subtract the
  largest logit first), so logits like 1000 or -1000 give correct numbers, never ``nan`` and never
  an overflow warning.
- :func:`sparse_categorical_crossentropy` (integer labels), :func:`categorical_crossentropy`
  (one-hot labels) and :func:`binary_crossentropy` (one 0/1 label per output): with
  ``from_logits=False`` they take probabilities and, like Keras, clip them to
  ``[EPSILON, 1 - EPSILON]``; with ``from_logits=True`` they take the raw scores ``z`` and use
  log-sum-exp, which is both more accurate and never clipped.

The sigmoid is in :mod:`utils.labs.lab02.activations`. Every function checks its arguments and raises
``TypeError``/``ValueError`` with a message that names the argument, what was expected and what
it got.
"""
from __future__ import annotations

import numpy as np

from utils.validation import (as_float_array, check_int, check_label_vector, check_probabilities,
                              describe)

# Keras's fuzz factor (keras.config.epsilon()): probabilities are clipped to [EPSILON, 1 - EPSILON]
# before the log when a loss is computed from probabilities.
EPSILON = 1e-7

__all__ = ["EPSILON", "softmax", "logsumexp", "log_softmax", "sparse_categorical_crossentropy",
           "categorical_crossentropy", "binary_crossentropy"]


def _check_axis(axis, ndim: int) -> int:
    axis = check_int(axis, "axis")
    if not -ndim <= axis < ndim:
        raise ValueError(f"axis must be from {-ndim} to {ndim - 1} for a {ndim}-D z, got {axis}.")
    return axis


def _check_flag(value, name: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {describe(value)}.")
    return bool(value)


def _logits(z, name: str = "z") -> np.ndarray:
    """``z`` as a float64 array of rank >= 1 with finite entries."""
    arr = as_float_array(z, name)
    if arr.ndim == 0:
        raise ValueError(f"{name} must be at least 1-D (a vector of scores, one per class), got a "
                         f"single number {float(arr)!r}.")
    return arr


def softmax(z, axis: int = -1) -> np.ndarray:
    r"""Softmax of the scores ``z`` along ``axis``: :math:`a_j = e^{z_j} / \sum_k e^{z_k}`.

    ``z`` is a vector (one example) or an array (a batch; ``axis=-1`` is one row per example).
    The largest score is subtracted first, which does not change the result (softmax is invariant
    to adding a constant) but keeps every ``exp`` at most 1, so no overflow is possible.
    Returns a float64 array of the same shape whose entries along ``axis`` sum to 1.
    """
    z = _logits(z)
    axis = _check_axis(axis, z.ndim)
    shifted = z - z.max(axis=axis, keepdims=True)
    with np.errstate(under="ignore"):        # exp(-2000) = 0 is the right answer, not an error
        e = np.exp(shifted)
    return e / e.sum(axis=axis, keepdims=True)


def logsumexp(z, axis: int = -1, keepdims: bool = False) -> np.ndarray:
    r""":math:`\log \sum_k e^{z_k}` along ``axis``, computed as
    :math:`\max z + \log \sum_k e^{z_k - \max z}` so it never overflows."""
    z = _logits(z)
    axis = _check_axis(axis, z.ndim)
    keepdims = _check_flag(keepdims, "keepdims")
    top = z.max(axis=axis, keepdims=True)
    with np.errstate(under="ignore"):
        out = top + np.log(np.exp(z - top).sum(axis=axis, keepdims=True))
    return out if keepdims else np.squeeze(out, axis=axis)


def log_softmax(z, axis: int = -1) -> np.ndarray:
    r""":math:`\log a_j = z_j - \log \sum_k e^{z_k}`, without ever forming ``a`` (stable)."""
    z = _logits(z)
    axis = _check_axis(axis, z.ndim)
    return z - logsumexp(z, axis=axis, keepdims=True)


def _reduce(per_example: np.ndarray, reduction: str):
    if reduction == "mean":
        return float(per_example.mean())
    if reduction == "none":
        return per_example
    raise ValueError(f"reduction must be 'mean' or 'none', got {reduction!r}.")


def _output_2d(output, from_logits: bool) -> np.ndarray:
    name = "logits" if from_logits else "probabilities"
    arr = as_float_array(output, "output")
    if arr.ndim != 2:
        raise ValueError(f"output must be 2-D with shape (m examples, K classes) of {name}, got "
                         f"{arr.ndim}-D with shape {arr.shape}.")
    if arr.shape[1] < 2:
        raise ValueError(f"output must have at least 2 columns (one per class), got shape "
                         f"{arr.shape}.")
    return arr


# What to do when a loss that expects probabilities is given something else.
_PROBABILITIES_HINT = ("With from_logits=False the loss expects probabilities (a softmax or "
                       "sigmoid output); if these are scores from a linear layer, pass "
                       "from_logits=True.")


def _sparse_labels(y, m: int, n_classes: int) -> np.ndarray:
    shape = np.shape(y) if not isinstance(y, (str, bytes)) else ()
    if len(shape) == 2 and shape[1] != 1:
        raise ValueError(f"y must be 1-D integer class labels of shape (m,), got "
                         f"{describe(np.asarray(y))}. For one-hot labels use "
                         "categorical_crossentropy.")
    y = check_label_vector(y, "y", n_classes=n_classes)
    if len(y) != m:
        raise ValueError(f"y must have one label per row of output ({m}), got {len(y)} labels.")
    return y


def sparse_categorical_crossentropy(y, output, *, from_logits: bool = False,
                                    reduction: str = "mean"):
    r"""Cross-entropy with integer labels, as ``keras.losses.SparseCategoricalCrossentropy``.

    .. math:: J = -\frac{1}{m}\sum_{i=1}^{m}\sum_{k=1}^{K} \mathbf{1}\{y^{(i)} = k\}\,
              \log a_k^{(i)}

    ``y``: shape ``(m,)`` (or ``(m, 1)``), whole numbers from 0 to K-1. ``output``: shape
    ``(m, K)``, softmax probabilities (``from_logits=False``, clipped to
    ``[EPSILON, 1 - EPSILON]`` as Keras does) or raw scores ``z`` (``from_logits=True``: the loss
    is then ``logsumexp(z) - z_y``, exact for any finite ``z``). ``reduction="mean"`` returns
    the cost ``J`` as a float, ``"none"`` the ``(m,)`` per-example losses.
    """
    from_logits = _check_flag(from_logits, "from_logits")
    out = _output_2d(output, from_logits)
    y = _sparse_labels(y, out.shape[0], out.shape[1])
    rows = np.arange(out.shape[0])
    if from_logits:
        per_example = -log_softmax(out, axis=1)[rows, y]
    else:
        check_probabilities(out, "output", hint=_PROBABILITIES_HINT)
        per_example = -np.log(np.clip(out[rows, y], EPSILON, 1 - EPSILON))
    return _reduce(per_example, reduction)


def categorical_crossentropy(Y, output, *, from_logits: bool = False, reduction: str = "mean"):
    r"""Cross-entropy with one-hot labels, as ``keras.losses.CategoricalCrossentropy``.

    :math:`J = -\frac{1}{m}\sum_i \sum_k Y_{ik} \log a_k^{(i)}`. ``Y``: shape ``(m, K)``, each row
    one-hot (or any probability distribution). ``output``: shape ``(m, K)`` probabilities
    (``from_logits=False``: each row divided by its sum, then clipped, as Keras does) or scores
    (``from_logits=True``). ``reduction`` as in :func:`sparse_categorical_crossentropy`.
    """
    from_logits = _check_flag(from_logits, "from_logits")
    out = _output_2d(output, from_logits)
    Y = as_float_array(Y, "Y")
    if Y.shape != out.shape:
        raise ValueError(f"Y must have the same shape as output {out.shape} (one-hot rows), got "
                         f"shape {Y.shape}. For integer labels use "
                         "sparse_categorical_crossentropy.")
    if np.any(Y < 0) or not np.allclose(Y.sum(axis=1), 1.0, atol=1e-6):
        raise ValueError("Y rows must be one-hot (non-negative, each row summing to 1), got row "
                         f"sums from {Y.sum(axis=1).min():.4g} to {Y.sum(axis=1).max():.4g}.")
    if from_logits:
        per_example = -(Y * log_softmax(out, axis=1)).sum(axis=1)
    else:
        check_probabilities(out, "output", sums_to_one=True, hint=_PROBABILITIES_HINT)
        a = np.clip(out / out.sum(axis=1, keepdims=True), EPSILON, 1 - EPSILON)
        per_example = -(Y * np.log(a)).sum(axis=1)
    return _reduce(per_example, reduction)


def binary_crossentropy(Y, output, *, from_logits: bool = False, reduction: str = "mean"):
    r"""Binary cross-entropy for one or more independent 0/1 labels per example, as
    ``keras.losses.BinaryCrossentropy`` (the multi-label loss).

    ``Y`` and ``output`` have the same shape ``(m,)`` or ``(m, L)``. Per label,
    :math:`-y\log a - (1-y)\log(1-a)` with ``a`` the sigmoid output (``from_logits=False``,
    clipped to ``[EPSILON, 1 - EPSILON]``) or computed from the score ``z`` directly
    (``from_logits=True``: ``max(z, 0) - z y + log(1 + e^{-|z|})``, stable). ``reduction="mean"``
    averages over labels and examples; ``"none"`` returns one loss per example (the mean over its
    labels), as Keras does.
    """
    from_logits = _check_flag(from_logits, "from_logits")
    out = as_float_array(output, "output", ndim=(1, 2))
    Y = as_float_array(Y, "Y", ndim=(1, 2))
    if Y.shape != out.shape:
        raise ValueError(f"Y must have the same shape as output {out.shape}, got shape {Y.shape}.")
    if not np.all((Y == 0) | (Y == 1)):
        raise ValueError(f"Y must hold 0/1 labels, got values such as "
                         f"{Y[(Y != 0) & (Y != 1)][:3].tolist()}.")
    if from_logits:
        with np.errstate(under="ignore"):
            loss = np.maximum(out, 0) - out * Y + np.log1p(np.exp(-np.abs(out)))
    else:
        check_probabilities(out, "output", hint=_PROBABILITIES_HINT)
        a = np.clip(out, EPSILON, 1 - EPSILON)
        loss = -(Y * np.log(a) + (1 - Y) * np.log(1 - a))
    per_example = loss.mean(axis=-1) if loss.ndim == 2 else loss
    return _reduce(per_example, reduction)
