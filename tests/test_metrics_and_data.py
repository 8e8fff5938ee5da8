"""utils.metrics and utils.data (the generic parts; each lab's datasets have their own tests)."""
import numpy as np
import pytest

from utils import data
from utils.metrics import accuracy, confusion_matrix


def test_accuracy_and_confusion_matrix_closed_form():
    y_true = [0, 1, 2, 2, 1, 0]
    y_pred = [0, 2, 2, 2, 1, 1]
    assert accuracy(y_true, y_pred) == pytest.approx(4 / 6)
    cm = confusion_matrix(y_true, y_pred)
    np.testing.assert_array_equal(cm, [[1, 1, 0], [0, 1, 1], [0, 0, 2]])
    assert cm.sum() == 6 and np.trace(cm) == 4
    assert confusion_matrix([0], [0], n_classes=4).shape == (4, 4)
    # column vectors, as Keras gives them, are accepted
    assert accuracy(np.array([[1], [0]]), np.array([[1], [1]])) == 0.5


def test_metrics_reject_bad_input():
    with pytest.raises(ValueError, match="y_true and y_pred must have the same length, got 2 and 3"):
        accuracy([0, 1], [0, 1, 1])
    with pytest.raises(ValueError, match="y_pred must be class indices from 0 to 1, got values from 0 to 2"):
        confusion_matrix([0, 1], [0, 2], n_classes=2)
    with pytest.raises(ValueError, match="y_pred must be whole numbers"):
        accuracy([0, 1], [0.2, 0.9])
    with pytest.raises(TypeError, match="n_classes must be a whole number"):
        confusion_matrix([0], [0], n_classes=2.0)


def test_coffee_data_is_deterministic_and_follows_its_rule():
    X, y = data.load_coffee_data()
    X2, y2 = data.load_coffee_data()
    np.testing.assert_array_equal(X, X2)
    assert X.shape == (200, 2) and y.shape == (200, 1)
    assert 150 <= X[:, 0].min() and X[:, 0].max() <= 285
    assert 11.5 <= X[:, 1].min() and X[:, 1].max() <= 15.5
    T, d = X[:, 0], X[:, 1]
    rule = (T > 175) & (T < 260) & (d > 12) & (d < 15) & (d <= 21 - 3 * T / 85)
    np.testing.assert_array_equal(y.ravel() == 1, rule)
    assert int(y.sum()) == 43
    assert data.load_coffee_data(10, seed=5)[0].shape == (10, 2)


def test_coffee_data_rejects_bad_arguments():
    with pytest.raises(ValueError, match="m must be >= 1, got 0"):
        data.load_coffee_data(0)
    with pytest.raises(TypeError, match="m must be a whole number"):
        data.load_coffee_data(20.5)
    with pytest.raises(TypeError, match="seed must be a whole number"):
        data.load_coffee_data(seed="2")


def test_stratified_split_keeps_class_shares():
    y = np.repeat(np.arange(4), [10, 20, 30, 40])
    train, test = data.stratified_split(y, 0.2, seed=1)
    assert len(np.intersect1d(train, test)) == 0 and len(train) + len(test) == 100
    np.testing.assert_array_equal(np.bincount(y[test]), [2, 4, 6, 8])
    again = data.stratified_split(y, 0.2, seed=1)[1]
    np.testing.assert_array_equal(test, again)
    assert not np.array_equal(test, data.stratified_split(y, 0.2, seed=2)[1])
    with pytest.raises(ValueError, match=r"test_fraction must be < 1, got 1.0"):
        data.stratified_split(y, 1.0)
    with pytest.raises(TypeError, match="y must be integer class labels"):
        data.stratified_split(["a", "b"])


def test_verified_path_finds_missing_and_changed_files(tmp_path):
    good = tmp_path / "numbers.bin"
    good.write_bytes(b"0123456789")
    sums = {"numbers.bin": data.sha256_of(good), "gone.bin": "0" * 64}
    assert data.verified_path("numbers.bin", data_dir=tmp_path, checksums=sums) == good
    with pytest.raises(FileNotFoundError, match=r"data/gone.bin is missing\. Restore it with `git checkout -- data/gone.bin`"):
        data.verified_path("gone.bin", data_dir=tmp_path, checksums=sums)
    good.write_bytes(b"0123456780")
    with pytest.raises(ValueError, match=r"data/numbers.bin is corrupted or changed: its SHA-256 is [0-9a-f]{16}\.\.\., expected"):
        data.verified_path("numbers.bin", data_dir=tmp_path, checksums=sums)
    with pytest.raises(ValueError, match=r"name must be one of the data files \['gone.bin', 'numbers.bin'\], got 'x'"):
        data.verified_path("x", data_dir=tmp_path, checksums=sums)


def test_every_registered_data_file_matches_its_checksum():
    for name in data.CHECKSUMS:
        assert data.verified_path(name).is_file()
