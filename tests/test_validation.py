"""utils.validation: the argument checks every helper uses."""
import numpy as np
import pytest
import tensorflow as tf

from utils.validation import (as_float_array, check_int, check_label_names, check_label_vector,
                              check_labels, check_number, check_probabilities, describe)


def test_as_float_array_converts_lists_ints_and_tensors():
    np.testing.assert_array_equal(as_float_array([[1, 2], [3, 4]], "X", ndim=2), [[1.0, 2.0], [3.0, 4.0]])
    out = as_float_array(tf.constant([1.5, 2.5]), "z", ndim=1)
    assert out.dtype == np.float64 and out.shape == (2,)


@pytest.mark.parametrize("value, error, match", [
    ("abc", TypeError, r"X must be numbers .* got str 'abc'"),
    ([[1, 2], [3]], ValueError, r"X must be a rectangular array"),
    (np.array(["a", "b"]), TypeError, r"X must hold numbers, got an array of shape \(2,\)"),
    (np.array([True, False]), TypeError, r"X must hold numbers"),
    ([1.0, np.nan], ValueError, r"X must contain only finite numbers"),
    ([], ValueError, r"X must not be empty"),
])
def test_as_float_array_rejects_bad_values(value, error, match):
    with pytest.raises(error, match=match):
        as_float_array(value, "X")


def test_as_float_array_checks_rank_and_shape():
    with pytest.raises(ValueError, match=r"X must be 2-D, got 1-D with shape \(3,\)"):
        as_float_array([1, 2, 3], "X", ndim=2)
    with pytest.raises(ValueError, match=r"X must be 1-D or 2-D, got 3-D"):
        as_float_array(np.zeros((1, 1, 1)), "X", ndim=(1, 2))
    with pytest.raises(ValueError, match=r"X must have shape \(any, 2\), got shape \(4, 3\)"):
        as_float_array(np.zeros((4, 3)), "X", shape=(None, 2))
    assert as_float_array([np.inf], "x", finite=False)[0] == np.inf


def test_check_number_and_int():
    assert check_number(3, "alpha") == 3.0
    with pytest.raises(TypeError, match="alpha must be a number, got str '3'"):
        check_number("3", "alpha")
    with pytest.raises(TypeError, match="alpha must be a number, got bool"):
        check_number(True, "alpha")
    with pytest.raises(ValueError, match=r"alpha must be > 0, got 0.0"):
        check_number(0, "alpha", low=0, low_inclusive=False)
    with pytest.raises(ValueError, match=r"alpha must be <= 1, got 2.0"):
        check_number(2, "alpha", high=1)
    with pytest.raises(ValueError, match="alpha must be finite"):
        check_number(float("nan"), "alpha")
    assert check_int(np.int64(4), "n") == 4
    with pytest.raises(TypeError, match=r"n must be a whole number \(int\), got float 2.5"):
        check_int(2.5, "n")
    with pytest.raises(ValueError, match="n must be >= 1, got 0"):
        check_int(0, "n", low=1)
    with pytest.raises(ValueError, match="n must be <= 3, got 9"):
        check_int(9, "n", high=3)


def test_check_labels():
    np.testing.assert_array_equal(check_labels([0, 2, 1.0], "y", n_classes=3), [0, 2, 1])
    with pytest.raises(ValueError, match=r"y must be whole numbers \(class indices\), got non-integer values such as \[0.5\]"):
        check_labels([0, 0.5], "y")
    with pytest.raises(ValueError, match="y must be class indices from 0 to 2, got values from 0 to 3"):
        check_labels([0, 3], "y", n_classes=3)
    with pytest.raises(ValueError, match="y must be class indices from 0 to n_classes - 1, got values from -1"):
        check_labels([-1, 0], "y")
    with pytest.raises(ValueError, match=r"y must be 1-D, got 2-D with shape \(2, 2\)"):
        check_labels([[0, 1], [1, 0]], "y")
    with pytest.raises(TypeError, match="y must be integer class labels"):
        check_labels(["cat"], "y")
    with pytest.raises(TypeError, match="y must be integer class labels"):
        check_labels([True, False], "y")
    with pytest.raises(ValueError, match="y must not be empty"):
        check_labels([], "y")


def test_describe_is_short_and_informative():
    assert describe(np.zeros((2, 3))) == "an array of shape (2, 3) and dtype float64"
    assert describe([1, 2]) == "a list of length 2"
    assert "TensorFlow" not in describe(tf.zeros((1,))) and "(1,)" in describe(tf.zeros((1,)))
    assert len(describe("x" * 500)) <= 120


def test_check_label_names():
    assert check_label_names(("car", "bus"), 2, "Y") == ["car", "bus"]
    with pytest.raises(ValueError, match=r"label_names must have 3 entries \(one per column of Y\), got 2"):
        check_label_names(["car", "bus"], 3, "Y")
    with pytest.raises(TypeError, match="label_names must be a list of 2 names, got str 'car'"):
        check_label_names("car", 2, "Y")


def test_check_label_vector_accepts_a_column_and_a_tensor_and_nothing_wider():
    np.testing.assert_array_equal(check_label_vector([[1], [0], [2]], "y"), [1, 0, 2])
    out = check_label_vector(tf.constant([[1.0], [0.0]]), "y", n_classes=2)
    assert out.dtype == np.int64 and out.shape == (2,)
    np.testing.assert_array_equal(check_label_vector(np.array([3, 1]), "y"), [3, 1])
    with pytest.raises(ValueError, match=r"y_true must be 1-D, got 2-D with shape \(2, 2\)"):
        check_label_vector([[0, 1], [1, 0]], "y_true")
    with pytest.raises(ValueError, match="y must be class indices from 0 to 1, got values from 0 to 2"):
        check_label_vector([[0], [2]], "y", n_classes=2)
    with pytest.raises(ValueError, match=r"y must be whole numbers \(class indices\)"):
        check_label_vector([[0.5]], "y")
    with pytest.raises(TypeError, match="y must be integer class labels, got str '01'"):
        check_label_vector("01", "y")


def test_check_probabilities_checks_the_range_and_optionally_the_sums():
    P = check_probabilities([[0.2, 0.8], [1, 0]], "P", ndim=2, sums_to_one=True)
    assert P.dtype == np.float64
    np.testing.assert_array_equal(P, [[0.2, 0.8], [1.0, 0.0]])
    assert check_probabilities([0.3, 0.3], "p").tolist() == [0.3, 0.3]      # no sum check asked
    with pytest.raises(ValueError, match=r"^P must hold probabilities in \[0, 1\], got values from "
                                         r"-0\.1 to 1\.2\.$"):
        check_probabilities([[-0.1, 1.2]], "P")
    with pytest.raises(ValueError, match=r"p must hold probabilities .* to 3\. Apply the sigmoid\.$"):
        check_probabilities([0.5, 3.0], "p", hint="Apply the sigmoid.")
    with pytest.raises(ValueError, match=r"^a rows must each sum to 1, got sums from 0\.5 to 1\.$"):
        check_probabilities([[0.25, 0.25], [0.5, 0.5]], "a", sums_to_one=True)
    with pytest.raises(ValueError, match=r"^p must sum to 1, got sums from 0\.9 to 0\.9\.$"):
        check_probabilities([0.4, 0.5], "p", sums_to_one=True, atol=1e-4)
    check_probabilities([0.4, 0.5995], "p", sums_to_one=True)            # within the default 1e-3
    with pytest.raises(ValueError, match=r"P must be 2-D, got 1-D"):
        check_probabilities([0.5], "P", ndim=2)
    with pytest.raises(ValueError, match=r"P must contain only finite numbers"):
        check_probabilities([np.nan], "P")
    with pytest.raises(TypeError, match=r"P must hold numbers"):
        check_probabilities(np.array(["a"]), "P")
