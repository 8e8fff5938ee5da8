"""The four-class toy dataset generated deterministically from a seed (labs 03 and 04), and
:func:`batches`, shuffled mini-batches for ``model.fit``. (Lab 04's street scenes live in
:mod:`utils.labs.lab04.scenes`.)
"""
from __future__ import annotations

import numpy as np

from utils.validation import check_int, check_number

__all__ = ["FOUR_CLASS_CENTERS", "make_four_class_data", "batches"]

FOUR_CLASS_CENTERS = ((-5.0, 2.0), (-1.0, -2.0), (1.0, 2.0), (5.0, -2.0))


def make_four_class_data(m: int = 400, *, std: float = 1.0, seed: int = 1):
    """Four round clusters in the plane, the lectures' multiclass example.

    Returns ``X`` of shape ``(m, 2)`` and integer labels ``y`` of shape ``(m,)`` with values
    0..3: example ``i`` of class ``k`` is ``FOUR_CLASS_CENTERS[k]`` plus Gaussian noise of standard
    deviation ``std`` in each feature. The classes have equal sizes (within one) and come in a
    shuffled order. Generated from a fixed seed: the same numbers on every machine.
    """
    m = check_int(m, "m", low=4, high=1_000_000)
    std = check_number(std, "std", low=0)
    seed = check_int(seed, "seed", low=0)
    rng = np.random.default_rng(seed)
    y = rng.permutation(np.arange(m) % 4)
    X = np.asarray(FOUR_CLASS_CENTERS)[y] + std * rng.standard_normal((m, 2))
    return X, y.astype(np.int64)


def batches(X, y, batch_size: int = 32, *, seed: int = 0):
    """The examples ``(X, y)`` as shuffled mini-batches for ``model.fit``, one pass per epoch.

    Returns a ``tf.data.Dataset``: ``model.fit(batches(X, y), epochs=20, verbose=0)`` trains for
    20 epochs, and each epoch visits every example exactly once, in mini-batches of
    ``batch_size`` (the last one holds the rest when ``m`` is not a multiple of it). The order is
    reshuffled every epoch from ``seed``, so two calls with the same arguments give the same
    sequence of mini-batches: two models trained on them see the examples in the same order.
    (Keras's own shuffling of NumPy arrays draws from the global random state instead, and it
    costs more time per epoch.)

    ``X`` holds one example per row (2-D or more, numbers); ``y`` one target per row of ``X``:
    integer class labels (1-D) or an array of targets such as 0/1 labels, one column each.
    ``X`` is passed on as float32, the precision Keras computes in; integer ``y`` stays integer.
    """
    import tensorflow as tf       # here, so that importing utils.data stays fast

    from utils.validation import as_float_array
    X = as_float_array(X, "X")
    if X.ndim < 2:
        raise ValueError(f"X must have one example per row (at least 2-D), got {X.ndim}-D with "
                         f"shape {X.shape}.")
    y_in = y.numpy() if hasattr(y, "numpy") and callable(y.numpy) else y
    y_float = as_float_array(y_in, "y", ndim=(1, 2))
    if len(y_float) != len(X):
        raise ValueError(f"y must have one target per row of X ({len(X)}), got {len(y_float)}.")
    batch_size = check_int(batch_size, "batch_size", low=1)
    seed = check_int(seed, "seed", low=0)
    y_out = (np.asarray(y_in).astype(np.int64) if np.asarray(y_in).dtype.kind in "iu"
             else y_float.astype(np.float32))
    data = tf.data.Dataset.from_tensor_slices((X.astype(np.float32), y_out))
    return data.shuffle(len(X), seed=seed, reshuffle_each_iteration=True).batch(batch_size)
