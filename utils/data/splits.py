"""Stratified splits: every part holds the same share of every class.

:func:`stratified_split` cuts the examples into a training and a test part (the labs' held-out
sets), from a fixed seed, so the same labels always give the same indices. (The practice lab's
``k``-fold split, ``stratified_kfold``, lives in its home, ``utils.labs.lab05.lesson``.)
"""
from __future__ import annotations

import numpy as np

from utils.validation import check_int, check_label_vector, check_number

__all__ = ["labels_and_rng", "stratified_split"]


def labels_and_rng(y, seed):
    """The labels as a 1-D integer array (a column (m, 1) is accepted) and a seeded generator."""
    y = check_label_vector(y, "y")
    return y, np.random.default_rng(check_int(seed, "seed", low=0))


def stratified_split(y, test_fraction: float = 0.2, *, seed: int = 0):
    """Indices ``(train_idx, test_idx)`` with the same share of every class in each part.

    Within each class, a fixed-seed permutation puts ``round(test_fraction * count)`` examples in
    the test part. Both index arrays are sorted.
    """
    y, rng = labels_and_rng(y, seed)
    test_fraction = check_number(test_fraction, "test_fraction", low=0, high=1,
                                 low_inclusive=False, high_inclusive=False)
    test = []
    for k in np.unique(y):
        members = np.flatnonzero(y == k)
        n_test = int(round(test_fraction * len(members)))
        test.append(rng.permutation(members)[:n_test])
    test_idx = np.sort(np.concatenate(test))
    train_idx = np.setdiff1d(np.arange(len(y)), test_idx)
    return train_idx, test_idx
