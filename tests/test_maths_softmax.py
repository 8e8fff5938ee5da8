"""utils.maths.softmax held against TensorFlow/Keras (ordinary and extreme logits, every bad
input)."""
import warnings

import keras
import numpy as np
import pytest
import tensorflow as tf

from utils.labs.lab02.activations import sigmoid
from utils.maths.softmax import (EPSILON, binary_crossentropy, categorical_crossentropy,
                                 log_softmax, logsumexp, softmax, sparse_categorical_crossentropy)

RNG = np.random.default_rng(0)
EXTREME = [
    [1e3, -1e3],
    [1e3, 1e3 + 1, 1e3 - 1],
    [-1e3, -1e3 + 1, -1e3 - 2],
    [1e3, 0.0, -1e3],
    [-1e3, -1e3],
    [1e3, 1e3],
]


def strict(fn, *args, **kwargs):
    """Call fn with every NumPy floating-point problem and every warning turned into an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            return fn(*args, **kwargs)


def tf64(x):
    return tf.constant(np.asarray(x, dtype=np.float64))


def one_hot_rows(y, n_classes):
    """Integer labels as one-hot rows (the tests' own, so that no library code is under test)."""
    return np.eye(n_classes)[np.asarray(y)]


# --- softmax, log-softmax, log-sum-exp ---------------------------------------------------------

@pytest.mark.parametrize("shape,axis", [((5,), -1), ((4, 3), -1), ((4, 3), 0), ((4, 3), 1),
                                        ((2, 3, 4), 1), ((2, 3, 4), -3)])
def test_softmax_matches_tensorflow_on_any_axis(shape, axis):
    z = RNG.normal(scale=3.0, size=shape)
    a = softmax(z, axis=axis)
    np.testing.assert_allclose(a, tf.nn.softmax(tf64(z), axis=axis).numpy(), rtol=1e-12)
    np.testing.assert_allclose(a.sum(axis=axis), 1.0, rtol=1e-12)
    assert a.shape == z.shape and a.dtype == np.float64


@pytest.mark.parametrize("z", EXTREME, ids=str)
def test_softmax_extreme_logits_no_nan_no_warning_and_match_tensorflow(z):
    a = strict(softmax, z)
    assert np.all(np.isfinite(a))
    np.testing.assert_allclose(a, tf.nn.softmax(tf64(z)).numpy(), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(a.sum(), 1.0, rtol=1e-12)
    lsm = strict(log_softmax, z)
    assert np.all(np.isfinite(lsm))
    np.testing.assert_allclose(lsm, tf.nn.log_softmax(tf64(z)).numpy(), rtol=1e-12)
    np.testing.assert_allclose(strict(logsumexp, z), tf.reduce_logsumexp(tf64(z)).numpy(),
                               rtol=1e-12)


def test_softmax_extreme_batch_along_both_axes():
    Z = np.array([[1e3, -1e3, 0.0], [-1e3, -1e3, -1e3], [5.0, 1e3, 1e3]])
    for axis in (0, 1):
        a = strict(softmax, Z, axis=axis)
        np.testing.assert_allclose(a, tf.nn.softmax(tf64(Z), axis=axis).numpy(), atol=1e-300)
        np.testing.assert_allclose(strict(log_softmax, Z, axis=axis),
                                   tf.nn.log_softmax(tf64(Z), axis=axis).numpy())


def test_exact_values_on_extreme_logits():
    np.testing.assert_array_equal(softmax([1e3, -1e3]), [1.0, 0.0])
    np.testing.assert_allclose(softmax([1e3, 1e3]), [0.5, 0.5])
    np.testing.assert_allclose(log_softmax([1e3, -1e3]), [0.0, -2e3])
    np.testing.assert_allclose(logsumexp([1e3, 1e3]), 1e3 + np.log(2))


def test_softmax_properties():
    z = RNG.normal(size=6)
    np.testing.assert_allclose(softmax(z + 123.4), softmax(z), rtol=1e-12)
    zs = np.linspace(-30, 30, 61)
    two = softmax(np.column_stack([zs, np.zeros_like(zs)]), axis=1)[:, 0]
    np.testing.assert_allclose(two, sigmoid(zs), rtol=1e-12)


def test_logsumexp_keepdims_and_axis():
    Z = RNG.normal(size=(3, 4))
    out = logsumexp(Z, axis=0, keepdims=True)
    assert out.shape == (1, 4)
    np.testing.assert_allclose(out[0], tf.reduce_logsumexp(tf64(Z), axis=0).numpy())


def test_softmax_accepts_lists_and_tensors():
    np.testing.assert_allclose(softmax(tf.constant([1.0, 2.0])), softmax([1, 2]), rtol=1e-6)


@pytest.mark.parametrize("fn", [softmax, log_softmax, logsumexp])
def test_bad_logits_are_rejected(fn):
    with pytest.raises(ValueError, match=r"z must be at least 1-D .* single number 3\.0"):
        fn(3.0)
    with pytest.raises(ValueError, match=r"axis must be from -2 to 1 for a 2-D z, got 2"):
        fn(np.zeros((2, 3)), axis=2)
    with pytest.raises(TypeError, match=r"axis must be a whole number \(int\), got float"):
        fn([1.0, 2.0], axis=0.0)
    with pytest.raises(ValueError, match=r"z must contain only finite numbers"):
        fn([1.0, np.nan])
    with pytest.raises(ValueError, match=r"z must contain only finite numbers"):
        fn([np.inf, 0.0])
    with pytest.raises(TypeError, match=r"z must be numbers"):
        fn("1, 2, 3")
    with pytest.raises(ValueError, match=r"z must not be empty"):
        fn([])
    with pytest.raises(ValueError, match=r"z must be a rectangular array"):
        fn([[1.0, 2.0], [3.0]])


def test_logsumexp_keepdims_must_be_bool():
    with pytest.raises(TypeError, match="keepdims must be True or False, got str"):
        logsumexp([1.0, 2.0], keepdims="yes")


# --- cross-entropy losses against Keras --------------------------------------------------------

def keras_loss(cls, y, out, from_logits, reduction="sum_over_batch_size"):
    loss = cls(from_logits=from_logits, reduction=reduction)
    return np.asarray(loss(tf.constant(y), tf.constant(np.asarray(out, dtype=np.float32))))


def test_sparse_and_categorical_match_keras_on_probabilities_and_logits():
    Z = RNG.normal(scale=2.0, size=(8, 4))
    y = RNG.integers(0, 4, 8)
    A = softmax(Z)
    Y = one_hot_rows(y, 4)
    for out, fl in ((A, False), (Z, True)):
        want = keras_loss(keras.losses.SparseCategoricalCrossentropy, y, out, fl)
        np.testing.assert_allclose(sparse_categorical_crossentropy(y, out, from_logits=fl), want,
                                   rtol=1e-5)
        np.testing.assert_allclose(categorical_crossentropy(Y, out, from_logits=fl), want,
                                   rtol=1e-5)
        want_each = keras_loss(keras.losses.CategoricalCrossentropy, Y, out, fl, reduction=None)
        np.testing.assert_allclose(categorical_crossentropy(Y, out, from_logits=fl,
                                                            reduction="none"), want_each,
                                   rtol=1e-5)
        np.testing.assert_allclose(
            sparse_categorical_crossentropy(y, out, from_logits=fl, reduction="none"),
            want_each, rtol=1e-5)


def test_sparse_loss_is_the_indicator_formula():
    Z = RNG.normal(size=(5, 3))
    y = np.array([0, 2, 1, 1, 0])
    A = softmax(Z)
    indicator = (y[:, None] == np.arange(3)).astype(float)
    J = -np.mean(np.sum(indicator * np.log(A), axis=1))
    np.testing.assert_allclose(sparse_categorical_crossentropy(y, A), J, rtol=1e-12)
    np.testing.assert_allclose(sparse_categorical_crossentropy(y, Z, from_logits=True), J,
                               rtol=1e-12)


@pytest.mark.parametrize("z", EXTREME, ids=str)
def test_losses_from_extreme_logits_match_keras_without_nan_or_warning(z):
    Z = np.array([z], dtype=np.float64)
    for label in range(Z.shape[1]):
        y = np.array([label])
        got = strict(sparse_categorical_crossentropy, y, Z, from_logits=True)
        assert np.isfinite(got)
        want = keras_loss(keras.losses.SparseCategoricalCrossentropy, y, Z, True)
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6)
        # exact: logsumexp(z) - z_y
        np.testing.assert_allclose(got, logsumexp(Z[0]) - Z[0, label], rtol=1e-12)
        got_cat = strict(categorical_crossentropy, one_hot_rows(y, Z.shape[1]), Z, from_logits=True)
        np.testing.assert_allclose(got_cat, got, rtol=1e-12)


def test_loss_through_softmax_is_clipped_like_keras_on_a_confident_mistake():
    Z = np.array([[1e3, 0.0, -1e3]])
    A = strict(softmax, Z)
    y = np.array([2])
    through = strict(sparse_categorical_crossentropy, y, A)
    np.testing.assert_allclose(through, -np.log(EPSILON), rtol=1e-12)
    keras_through = keras_loss(keras.losses.SparseCategoricalCrossentropy, y,
                               tf.nn.softmax(tf.constant(Z, tf.float32)).numpy(), False)
    np.testing.assert_allclose(through, keras_through, rtol=1e-5)
    np.testing.assert_allclose(sparse_categorical_crossentropy(y, Z, from_logits=True), 2000.0)


def test_binary_crossentropy_matches_keras():
    Z = np.array([[1e3, -1e3, 0.5], [-2.0, 3.0, -1e3], [0.0, 0.0, 1e3]])
    Y = np.array([[1, 0, 1], [0, 0, 1], [1, 1, 0]], dtype=float)
    got = strict(binary_crossentropy, Y, Z, from_logits=True)
    want = keras_loss(keras.losses.BinaryCrossentropy, Y, Z, True)
    np.testing.assert_allclose(got, want, rtol=1e-5)
    np.testing.assert_allclose(binary_crossentropy(Y, Z, from_logits=True, reduction="none"),
                               keras_loss(keras.losses.BinaryCrossentropy, Y, Z, True, None),
                               rtol=1e-5)
    P = sigmoid(RNG.normal(size=(6, 3)))
    Yp = (RNG.random((6, 3)) < 0.5).astype(float)
    np.testing.assert_allclose(binary_crossentropy(Yp, P),
                               keras_loss(keras.losses.BinaryCrossentropy, Yp, P, False),
                               rtol=1e-5)
    np.testing.assert_allclose(binary_crossentropy(Yp[:, 0], P[:, 0]),
                               keras_loss(keras.losses.BinaryCrossentropy, Yp[:, :1], P[:, :1],
                                          False), rtol=1e-5)


def test_labels_as_a_column_and_as_a_tensor_are_accepted():
    Z = RNG.normal(size=(4, 3))
    y = np.array([0, 1, 2, 1])
    base = sparse_categorical_crossentropy(y, Z, from_logits=True)
    np.testing.assert_allclose(sparse_categorical_crossentropy(y.reshape(-1, 1), Z,
                                                               from_logits=True), base)
    np.testing.assert_allclose(sparse_categorical_crossentropy(tf.constant(y), Z,
                                                               from_logits=True), base)
    np.testing.assert_allclose(sparse_categorical_crossentropy(y.astype(float), Z,
                                                               from_logits=True), base)


def test_bad_loss_inputs_are_rejected_with_clear_errors():
    Z = RNG.normal(size=(4, 3))
    y = np.array([0, 1, 2, 1])
    scce = sparse_categorical_crossentropy
    with pytest.raises(ValueError, match=r"output must be 2-D with shape \(m examples, K classes\) "
                                         r"of logits, got 1-D"):
        scce(y, Z[0], from_logits=True)
    with pytest.raises(ValueError, match=r"output must be 2-D .* got 3-D"):
        scce(y, Z[None], from_logits=True)
    with pytest.raises(ValueError, match=r"output must have at least 2 columns"):
        scce(y, Z[:, :1], from_logits=True)
    with pytest.raises(ValueError, match=r"y must be class indices from 0 to 2, got values from "
                                         r"0 to 3"):
        scce([0, 1, 3, 1], Z, from_logits=True)
    with pytest.raises(ValueError, match=r"y must be class indices from 0 to 2, got values from "
                                         r"-1 to 2"):
        scce([0, -1, 2, 1], Z, from_logits=True)
    with pytest.raises(ValueError, match=r"y must be whole numbers \(class indices\), got "
                                         r"non-integer values such as \[0.5\]"):
        scce([0, 0.5, 2, 1], Z, from_logits=True)
    with pytest.raises(TypeError, match=r"y must be integer class labels, got"):
        scce(np.array([True, False, True, True]), Z, from_logits=True)
    with pytest.raises(TypeError, match=r"y must be integer class labels, got str"):
        scce("0123", Z, from_logits=True)
    with pytest.raises(ValueError, match=r"y must be 1-D integer class labels of shape \(m,\), "
                                         r"got an array of shape \(4, 3\).*"
                                         r"categorical_crossentropy"):
        scce(one_hot_rows(y, 3), Z, from_logits=True)
    with pytest.raises(ValueError, match=r"y must have one label per row of output \(4\), got 3"):
        scce(y[:3], Z, from_logits=True)
    with pytest.raises(ValueError, match=r"output must hold probabilities in \[0, 1\], got values "
                                         r"from -\d.* With from_logits=False .* pass "
                                         r"from_logits=True\."):
        scce(y, Z * 5)
    with pytest.raises(TypeError, match=r"from_logits must be True or False, got str"):
        scce(y, Z, from_logits="yes")
    with pytest.raises(ValueError, match=r"reduction must be 'mean' or 'none', got 'sum'"):
        scce(y, Z, from_logits=True, reduction="sum")
    with pytest.raises(ValueError, match=r"output must contain only finite numbers"):
        scce(y, np.where(Z > 0, np.nan, Z), from_logits=True)


def test_bad_categorical_and_binary_inputs_are_rejected_with_clear_errors():
    Z = RNG.normal(size=(4, 3))
    A = softmax(Z)
    y = np.array([0, 1, 2, 1])
    cce = categorical_crossentropy
    with pytest.raises(ValueError, match=r"Y must have the same shape as output \(4, 3\) "
                                         r"\(one-hot rows\), got shape \(4,\)"):
        cce(y, Z, from_logits=True)
    with pytest.raises(ValueError, match=r"Y rows must be one-hot"):
        cce(np.ones((4, 3)), Z, from_logits=True)
    with pytest.raises(ValueError, match=r"output rows must each sum to 1, got sums from 0.5 to "
                                         r"0.5\. With from_logits=False"):
        cce(one_hot_rows(y, 3), A * 0.5)
    with pytest.raises(ValueError, match=r"output must hold probabilities in \[0, 1\]"):
        cce(one_hot_rows(y, 3), Z * 5)
    bce = binary_crossentropy
    with pytest.raises(ValueError, match=r"Y must hold 0/1 labels, got values such as \[2.0\]"):
        bce(np.array([[0, 2, 1]]), np.array([[0.1, 0.2, 0.3]]))
    with pytest.raises(ValueError, match=r"Y must have the same shape as output \(1, 3\)"):
        bce(np.array([[0, 1]]), np.array([[0.1, 0.2, 0.3]]))
    with pytest.raises(ValueError, match=r"output must be 1-D or 2-D, got 3-D"):
        bce(np.zeros((1, 1, 3)), np.zeros((1, 1, 3)), from_logits=True)
    with pytest.raises(ValueError, match=r"pass from_logits=True"):
        bce(np.array([[0, 1, 1]]), np.array([[-1.0, 2.0, 0.3]]))
