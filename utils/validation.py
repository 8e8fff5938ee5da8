"""Argument checks shared by every helper in ``utils``.

Each check raises ``TypeError`` or ``ValueError`` whose message names the argument, says what was
expected and what was given, so a beginner sees *their* mistake instead of a traceback from deep
inside NumPy, matplotlib or TensorFlow.
"""
from __future__ import annotations

import numbers

import numpy as np

__all__ = ["as_float_array", "check_int", "check_number", "check_labels", "check_label_vector",
           "check_label_names", "check_probabilities", "describe"]


def describe(value) -> str:
    """A short description of ``value`` for error messages: type, and shape for arrays."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    if hasattr(value, "shape") and hasattr(value, "dtype"):  # tensors
        return f"a {type(value).__name__} of shape {tuple(value.shape)} and dtype {value.dtype}"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of length {len(value)}"
    return f"{type(value).__name__} {value!r}"[:120]


def _shape_text(ndim) -> str:
    if isinstance(ndim, tuple):
        return " or ".join(f"{d}-D" for d in ndim)
    return f"{ndim}-D"


def as_float_array(value, name: str, *, ndim=None, shape=None, allow_empty: bool = False,
                   finite: bool = True) -> np.ndarray:
    """Convert ``value`` to a float64 NumPy array, or raise a clear error naming ``name``.

    ``ndim`` is an int or a tuple of allowed ranks. ``shape`` is a tuple whose entries are ints or
    ``None`` (any size). Booleans, strings and objects are rejected with ``TypeError``; NaN or
    infinite entries with ``ValueError`` unless ``finite=False``.
    """
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be numbers (a number, list or array), got {describe(value)}.")
    if hasattr(value, "numpy") and callable(value.numpy):  # a TensorFlow tensor or variable
        value = value.numpy()
    try:
        arr = np.asarray(value)
    except Exception as exc:  # ragged lists and the like
        raise ValueError(f"{name} must be a rectangular array of numbers, got {describe(value)} "
                         f"({exc}).") from None
    if arr.dtype == object:
        raise TypeError(f"{name} must be a rectangular array of numbers, got {describe(value)} "
                        "(ragged or non-numeric entries).")
    if arr.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold numbers, got {describe(value)} with dtype "
                        f"{arr.dtype} (kind '{arr.dtype.kind}').")
    arr = arr.astype(np.float64)
    if ndim is not None:
        allowed = ndim if isinstance(ndim, tuple) else (ndim,)
        if arr.ndim not in allowed:
            raise ValueError(f"{name} must be {_shape_text(ndim)}, got {arr.ndim}-D with shape "
                             f"{arr.shape}.")
    if shape is not None:
        wrong = any(s is not None and s != a for s, a in zip(shape, arr.shape))
        if arr.ndim != len(shape) or wrong:
            want = "(" + ", ".join("any" if s is None else str(s) for s in shape) + ")"
            raise ValueError(f"{name} must have shape {want}, got shape {arr.shape}.")
    if not allow_empty and arr.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}.")
    if finite and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite numbers, got NaN or inf at "
                         f"{int(np.sum(~np.isfinite(arr)))} position(s).")
    return arr


def check_number(value, name: str, *, low=None, high=None, low_inclusive: bool = True,
                 high_inclusive: bool = True) -> float:
    """Return ``value`` as a float if it is a real number within the given bounds."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {describe(value)}.")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}.")
    if low is not None and (value < low or (value == low and not low_inclusive)):
        op = ">=" if low_inclusive else ">"
        raise ValueError(f"{name} must be {op} {low}, got {value}.")
    if high is not None and (value > high or (value == high and not high_inclusive)):
        op = "<=" if high_inclusive else "<"
        raise ValueError(f"{name} must be {op} {high}, got {value}.")
    return value


def check_int(value, name: str, *, low=None, high=None) -> int:
    """Return ``value`` as an int if it is a whole number (not a bool) within [low, high]."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number (int), got {describe(value)}.")
    value = int(value)
    if low is not None and value < low:
        raise ValueError(f"{name} must be >= {low}, got {value}.")
    if high is not None and value > high:
        raise ValueError(f"{name} must be <= {high}, got {value}.")
    return value


def check_labels(value, name: str, *, n_classes: int | None = None, ndim: int = 1) -> np.ndarray:
    """Integer class labels 0..n_classes-1 as an int64 array; floats must be whole numbers."""
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be integer class labels, got {describe(value)}.")
    if hasattr(value, "numpy") and callable(value.numpy):
        value = value.numpy()
    arr = np.asarray(value)
    if arr.dtype.kind == "b" or arr.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be integer class labels, got {describe(value)}.")
    if arr.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D, got {arr.ndim}-D with shape {arr.shape}.")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}.")
    if arr.dtype.kind == "f":
        if not np.all(np.isfinite(arr)) or not np.all(arr == np.round(arr)):
            bad = arr[~(np.isfinite(arr) & (arr == np.round(arr)))].ravel()[:3]
            raise ValueError(f"{name} must be whole numbers (class indices), got non-integer "
                             f"values such as {bad.tolist()}.")
    arr = arr.astype(np.int64)
    if arr.min() < 0 or (n_classes is not None and arr.max() >= n_classes):
        hi = "n_classes - 1" if n_classes is None else str(n_classes - 1)
        raise ValueError(f"{name} must be class indices from 0 to {hi}, got values from "
                         f"{arr.min()} to {arr.max()}.")
    return arr


def check_label_vector(value, name: str, *, n_classes: int | None = None) -> np.ndarray:
    """Integer class labels of shape ``(m,)``, or the column ``(m, 1)`` that Keras and
    ``load_coffee_data`` give, as a ``(m,)`` int64 array (checked as :func:`check_labels` does)."""
    if hasattr(value, "numpy") and callable(value.numpy):
        value = value.numpy()
    if not isinstance(value, (str, bytes)) and np.ndim(value) == 2 and np.shape(value)[1] == 1:
        value = np.reshape(value, -1)
    return check_labels(value, name, n_classes=n_classes)


def check_probabilities(value, name: str, *, ndim=None, sums_to_one: bool = False,
                        atol: float = 1e-3, hint: str = "") -> np.ndarray:
    """``value`` as a float64 array of probabilities: every entry in [0, 1] and, with
    ``sums_to_one``, the last axis summing to 1 (within ``atol``). ``ndim`` is as in
    :func:`as_float_array`; ``hint`` is a sentence added to the error, saying what to do."""
    arr = as_float_array(value, name, ndim=ndim)
    tail = f" {hint}" if hint else ""
    if np.any(arr < 0) or np.any(arr > 1):
        raise ValueError(f"{name} must hold probabilities in [0, 1], got values from "
                         f"{arr.min():.4g} to {arr.max():.4g}.{tail}")
    if sums_to_one:
        sums = np.atleast_1d(arr).sum(axis=-1)
        if not np.allclose(sums, 1.0, atol=atol):
            what = "must sum to 1" if arr.ndim <= 1 else "rows must each sum to 1"
            raise ValueError(f"{name} {what}, got sums from {sums.min():.4g} to "
                             f"{sums.max():.4g}.{tail}")
    return arr


def check_label_names(label_names, n: int, of: str) -> list:
    """``label_names`` as a list, checked to have one name per column of the array ``of``."""
    if isinstance(label_names, (str, bytes)) or not hasattr(label_names, "__len__"):
        raise TypeError(f"label_names must be a list of {n} names, got {describe(label_names)}.")
    names = list(label_names)
    if len(names) != n:
        raise ValueError(f"label_names must have {n} entries (one per column of {of}), got "
                         f"{len(names)}.")
    return names
