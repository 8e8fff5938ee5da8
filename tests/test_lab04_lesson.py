"""utils/labs/lab04/lesson.py, and the stated answer of lab 04's rare-labels question, executed."""
import numpy as np
import pytest

from utils.data import FOUR_CLASS_CENTERS, make_four_class_data
from utils.labs.lab04.lesson import nearest_centre
from utils.labs.lab04.scenes import make_street_scenes
from utils.maths.metrics import f1_score, per_label_accuracy


def test_nearest_centre_gives_each_centre_its_own_class():
    centres = np.array(FOUR_CLASS_CENTERS)
    np.testing.assert_array_equal(nearest_centre(centres), [0, 1, 2, 3])
    np.testing.assert_array_equal(nearest_centre(centres + 0.4), [0, 1, 2, 3])
    # halfway between classes 1 (-1, -2) and 2 (1, 2), nudged towards 2
    assert nearest_centre([[0.1, 0.2]])[0] == 2
    assert nearest_centre([[0.0, 0.0], [9.0, 9.0]], centres=[[1.0, 1.0], [8.0, 8.0]]).tolist() == [0, 1]
    assert nearest_centre(centres).dtype == np.int64


def test_nearest_centre_is_nearly_always_right_on_the_lab_data():
    X, y = make_four_class_data(400)
    assert np.mean(nearest_centre(X) == y) > 0.97


def test_nearest_centre_rejects_bad_input():
    with pytest.raises(ValueError, match=r"X must have shape \(any, 2\)"):
        nearest_centre(np.zeros((3, 3)))
    with pytest.raises(ValueError, match=r"centres must have shape \(any, 2\)"):
        nearest_centre(np.zeros((3, 2)), centres=[1.0, 2.0])


def test_the_rare_labels_answer():
    """Lab 04, "A question: rare labels": with p_present=0.1, always answering "no" scores about
    0.9 per label, and F1 0."""
    _, Y = make_street_scenes(2000, p_present=0.1)
    always_no = np.zeros_like(Y)
    acc = per_label_accuracy(Y, always_no, threshold=0.5)
    np.testing.assert_allclose(acc, 0.9, atol=0.02)
    np.testing.assert_allclose(acc, 1 - Y.mean(axis=0))          # the share without the object
    assert all(f1_score(Y[:, j], always_no[:, j]) == 0.0 for j in range(3))


def test_f1_score_takes_boolean_labels_too():
    """Exercise 1's learners write f1_score(y == 1, p >= t): both arguments boolean."""
    y, pred = np.array([1, 0, 1, 1]), np.array([1, 1, 0, 1])
    assert f1_score(y == 1, pred == 1) == f1_score(y, pred) == pytest.approx(2 * 2 / (2 * 2 + 2))
