"""Stratified splits: every part holds the same share of every class.

:func:`stratified_split` cuts the examples into a training and a test part (the labs' held-out
sets); :func:`stratified_kfold` cuts them into ``k`` folds for cross-validation. Both draw from
a fixed seed, so the same labels always give the same indices.
"""
from __future__ import annotations

import numpy as np

from utils.validation import check_int, check_label_vector, check_number

__all__ = ["stratified_split", "stratified_kfold"]


def _labels_and_rng(y, seed):
    """The labels as a 1-D integer array (a column (m, 1) is accepted) and a seeded generator."""
    y = check_label_vector(y, "y")
    return y, np.random.default_rng(check_int(seed, "seed", low=0))


def stratified_split(y, test_fraction: float = 0.2, *, seed: int = 0):
    """Indices ``(train_idx, test_idx)`` with the same share of every class in each part.

    Within each class, a fixed-seed permutation puts ``round(test_fraction * count)`` examples in
    the test part. Both index arrays are sorted.
    """
    y, rng = _labels_and_rng(y, seed)
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


def stratified_kfold(y, k: int = 5, *, seed: int = 0):
    """``k`` disjoint folds of indices (sorted arrays) that together cover every example once,
    each with (within one) the same number of every class.

    Within each class a fixed-seed permutation is dealt round-robin into the folds.
    """
    y, rng = _labels_and_rng(y, seed)
    k = check_int(k, "k", low=2)
    smallest = np.bincount(y)[np.unique(y)].min()
    if smallest < k:
        raise ValueError(f"k must be at most the size of the smallest class ({smallest}), "
                         f"got k={k}.")
    folds = [[] for _ in range(k)]
    for c in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == c))
        for f in range(k):
            folds[f].append(members[f::k])
    return [np.sort(np.concatenate(parts)) for parts in folds]
