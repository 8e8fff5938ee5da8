"""utils.maths.metrics against closed forms, and the error each kind of bad input gets."""
import numpy as np
import pytest
import tensorflow as tf

from utils.maths.metrics import (accuracy, confusion_matrix, f1_score, per_label_accuracy,
                                 per_label_errors)


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


def test_per_label_metrics_closed_form():
    Y = np.array([[1, 0], [1, 1], [0, 0], [0, 1]], dtype=float)
    P = np.array([[0.9, 0.2], [0.4, 0.6], [0.6, 0.1], [0.1, 0.5]])
    np.testing.assert_allclose(per_label_accuracy(Y, P), [0.5, 1.0])
    np.testing.assert_allclose(per_label_accuracy(Y, P, 0.35), [0.75, 1.0])
    fp, fn = per_label_errors(Y, P)
    np.testing.assert_array_equal(fp, [1, 0])
    np.testing.assert_array_equal(fn, [1, 0])
    fp, fn = per_label_errors(Y, P, 0.55)
    np.testing.assert_array_equal(fp, [1, 0])
    np.testing.assert_array_equal(fn, [1, 1])
    with pytest.raises(ValueError, match=r"P must hold probabilities in \[0, 1\], got values from 0.3 "
                                         r"to 2.7\. Apply the sigmoid"):
        per_label_accuracy(Y, P * 3)
    with pytest.raises(ValueError, match=r"Y_true and P must have the same shape"):
        per_label_accuracy(Y[:, :1], P)
    with pytest.raises(ValueError, match=r"Y_true must hold 0/1 labels"):
        per_label_errors(Y * 2, P)
    with pytest.raises(ValueError, match=r"threshold must be <= 1, got 1.5"):
        per_label_accuracy(Y, P, 1.5)


def test_labels_may_come_as_a_column_or_a_tensor_but_not_as_one_hot_rows():
    assert accuracy(tf.constant([[1], [0], [2]]), np.array([1, 0, 0])) == pytest.approx(2 / 3)
    np.testing.assert_array_equal(confusion_matrix(np.array([[0], [1]]), [1, 1]), [[0, 1], [0, 1]])
    with pytest.raises(ValueError, match=r"y_true must be 1-D, got 2-D with shape \(2, 2\)"):
        accuracy(np.eye(2), [0, 1])


def test_f1_score_closed_form_and_bad_input():
    y_true = [1, 1, 1, 0, 0, 0, 0, 1]
    y_pred = [1, 1, 0, 1, 0, 0, 0, 0]         # 2 hits, 1 false alarm, 2 misses
    assert f1_score(y_true, y_pred) == pytest.approx(4 / 7)
    p = np.array([0.9, 0.8, 0.3, 0.6, 0.1, 0.2, 0.4, 0.45])
    assert f1_score(y_true, p >= 0.5) == pytest.approx(4 / 7)        # boolean predictions
    assert f1_score(y_true, np.zeros(8)) == 0.0                      # always "no"
    assert f1_score([0, 0], [0, 0]) == 0.0
    assert f1_score(y_true, y_true) == 1.0
    with pytest.raises(ValueError, match="y_pred must be class indices from 0 to 1"):
        f1_score([0, 1], [0, 2])
    with pytest.raises(ValueError, match="y_true and y_pred must have the same length"):
        f1_score([0, 1], [0, 1, 1])
