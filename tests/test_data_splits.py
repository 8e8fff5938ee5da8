"""utils.data.splits: the stratified train/test split and the stratified k folds, including the
practice lab's own fixed split."""
import hashlib

import numpy as np
import pytest

from utils.data import load_digits, stratified_split
from utils.labs.lab05.lesson import stratified_kfold

# SHA-256 of the lab's held-out indices (stratified_split(y, 0.2, seed=0)), as int64 bytes:
# the split must never change silently.
TEST_IDX_SHA256 = "0b8160b66cc57cf75b3ef959afafaf6786f0200f482cc22f21b03d0b2407b220"


def test_stratified_split_keeps_class_shares():
    y = np.repeat(np.arange(4), [10, 20, 30, 40])
    train, test = stratified_split(y, 0.2, seed=1)
    assert len(np.intersect1d(train, test)) == 0 and len(train) + len(test) == 100
    np.testing.assert_array_equal(np.bincount(y[test]), [2, 4, 6, 8])
    again = stratified_split(y, 0.2, seed=1)[1]
    np.testing.assert_array_equal(test, again)
    assert not np.array_equal(test, stratified_split(y, 0.2, seed=2)[1])
    with pytest.raises(ValueError, match=r"test_fraction must be < 1, got 1.0"):
        stratified_split(y, 1.0)
    with pytest.raises(TypeError, match="y must be integer class labels"):
        stratified_split(["a", "b"])


def test_a_column_of_labels_is_accepted():
    y = np.repeat(np.arange(2), 5)
    for a, b in zip(stratified_split(y[:, None], 0.4), stratified_split(y, 0.4)):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(stratified_kfold(y[:, None], 5), stratified_kfold(y, 5)):
        np.testing.assert_array_equal(a, b)


def test_the_labs_held_out_split_is_fixed_and_stratified():
    _, y = load_digits(scale=False)
    train, test = stratified_split(y, test_fraction=0.2, seed=0)
    assert len(train) == 4000 and len(test) == 1000
    assert np.all(np.bincount(y[test]) == 100) and np.all(np.bincount(y[train]) == 400)
    assert np.intersect1d(train, test).size == 0
    assert test[:12].tolist() == [2, 5, 15, 18, 19, 27, 39, 41, 54, 55, 63, 71]
    assert hashlib.sha256(test.astype(np.int64).tobytes()).hexdigest() == TEST_IDX_SHA256


def test_stratified_kfold_folds_are_disjoint_balanced_and_fixed():
    _, y = load_digits(scale=False)
    folds = stratified_kfold(y, 5, seed=0)
    assert len(folds) == 5
    allidx = np.concatenate(folds)
    assert len(allidx) == 5000 and len(np.unique(allidx)) == 5000
    for fold in folds:
        assert np.all(np.bincount(y[fold], minlength=10) == 100)
        assert np.all(np.diff(fold) > 0)
    again = stratified_kfold(y, 5, seed=0)
    assert all(np.array_equal(a, b) for a, b in zip(folds, again))
    other = stratified_kfold(y, 5, seed=1)
    assert not np.array_equal(folds[0], other[0])


def test_stratified_kfold_uneven_classes_differ_by_at_most_one():
    y = np.repeat(np.arange(3), [7, 5, 9])
    folds = stratified_kfold(y, 3, seed=0)
    counts = np.array([np.bincount(y[f], minlength=3) for f in folds])
    assert np.all(counts.max(axis=0) - counts.min(axis=0) <= 1)
    assert counts.sum() == len(y)


def test_stratified_kfold_bad_input():
    with pytest.raises(ValueError, match=r"k must be at most the size of the smallest class \(2\)"):
        stratified_kfold([0, 0, 1, 1], 3)
    with pytest.raises(ValueError, match="k must be >= 2, got 1"):
        stratified_kfold([0, 1], 1)
    with pytest.raises(TypeError, match="y must be integer class labels"):
        stratified_kfold(["a", "b"], 2)
    with pytest.raises(TypeError, match=r"k must be a whole number \(int\), got float 2.5"):
        stratified_kfold([0, 1, 0, 1], 2.5)
    with pytest.raises(ValueError, match="seed must be >= 0, got -1"):
        stratified_kfold([0, 1, 0, 1], 2, seed=-1)
