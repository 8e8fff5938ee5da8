"""The toy data generators of utils.data (coffee roasting, four classes) and the tf.data
mini-batches of labs 03 and 04 (on lab 04's street scenes too)."""
import keras
import numpy as np
import pytest
import tensorflow as tf

from utils.data import FOUR_CLASS_CENTERS, batches, make_four_class_data
from utils.labs.lab01.data import load_coffee_data
from utils.labs.lab04.scenes import make_street_scenes


def test_coffee_data_is_deterministic_and_follows_its_rule():
    X, y = load_coffee_data()
    X2, y2 = load_coffee_data()
    np.testing.assert_array_equal(X, X2)
    assert X.shape == (200, 2) and y.shape == (200, 1)
    assert 150 <= X[:, 0].min() and X[:, 0].max() <= 285
    assert 11.5 <= X[:, 1].min() and X[:, 1].max() <= 15.5
    T, d = X[:, 0], X[:, 1]
    rule = (T > 175) & (T < 260) & (d > 12) & (d < 15) & (d <= 21 - 3 * T / 85)
    np.testing.assert_array_equal(y.ravel() == 1, rule)
    assert int(y.sum()) == 43
    assert load_coffee_data(10, seed=5)[0].shape == (10, 2)


def test_coffee_data_rejects_bad_arguments():
    with pytest.raises(ValueError, match="m must be >= 1, got 0"):
        load_coffee_data(0)
    with pytest.raises(TypeError, match="m must be a whole number"):
        load_coffee_data(20.5)
    with pytest.raises(TypeError, match="seed must be a whole number"):
        load_coffee_data(seed="2")


def test_four_class_data_is_deterministic_balanced_and_near_its_centres():
    X, y = make_four_class_data(400)
    X2, y2 = make_four_class_data(400)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    assert X.shape == (400, 2) and y.shape == (400,) and y.dtype == np.int64
    np.testing.assert_array_equal(np.bincount(y), [100, 100, 100, 100])
    for k, centre in enumerate(FOUR_CLASS_CENTERS):
        np.testing.assert_allclose(X[y == k].mean(axis=0), centre, atol=0.3)
    assert not np.array_equal(make_four_class_data(400, seed=2)[0], X)
    with pytest.raises(ValueError, match=r"m must be >= 4, got 2"):
        make_four_class_data(2)
    with pytest.raises(ValueError, match=r"std must be >= 0, got -1.0"):
        make_four_class_data(8, std=-1.0)


# --- batches: the tf.data mini-batches of labs 03 and 04 ---------------------------------------

def epoch_labels(dataset):
    return [b[1].numpy().tolist() for b in dataset]


def test_batches_visit_every_example_once_per_epoch_in_mini_batches():
    X = np.arange(20.0).reshape(10, 2)
    y = np.arange(10)
    data = batches(X, y, batch_size=4)
    first, second = epoch_labels(data), epoch_labels(data)
    assert [len(b) for b in first] == [4, 4, 2]                     # the last batch holds the rest
    for epoch in (first, second):
        assert sorted(sum(epoch, [])) == list(range(10))           # every example exactly once
    assert first != second                                          # reshuffled each epoch
    for xb, yb in data:                                            # rows stay with their labels
        np.testing.assert_array_equal(xb.numpy(), X[yb.numpy()])
        assert xb.dtype == tf.float32 and yb.dtype == tf.int64


def test_batches_give_the_same_sequence_for_the_same_seed_and_another_for_another():
    X, y = make_four_class_data(40)
    a, b = batches(X, y, 8, seed=3), batches(X, y, 8, seed=3)
    assert [epoch_labels(a), epoch_labels(a)] == [epoch_labels(b), epoch_labels(b)]
    assert epoch_labels(batches(X, y, 8, seed=4)) != epoch_labels(batches(X, y, 8, seed=3))


@pytest.mark.filterwarnings("ignore::UserWarning")   # Keras: fit's shuffle=True is moot for a Dataset
def test_batches_of_multi_label_targets_train_a_keras_model():
    X, Y = make_street_scenes(64)
    X = X.reshape(64, -1)
    data = batches(X, Y, 16)
    xb, yb = next(iter(data))
    assert xb.shape == (16, 96) and yb.shape == (16, 3) and yb.dtype == tf.float32
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(96,)), keras.layers.Dense(3)])
    model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))
    history = model.fit(data, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2


def test_batches_reject_bad_arguments():
    X, y = np.zeros((6, 2)), np.arange(6)
    with pytest.raises(ValueError, match=r"X must have one example per row \(at least 2-D\), got "
                                         r"1-D with shape \(6,\)"):
        batches(np.zeros(6), y)
    with pytest.raises(ValueError, match=r"y must have one target per row of X \(6\), got 5"):
        batches(X, y[:5])
    with pytest.raises(ValueError, match=r"y must be 1-D or 2-D, got 3-D"):
        batches(X, np.zeros((6, 1, 1)))
    with pytest.raises(ValueError, match=r"X must contain only finite numbers"):
        batches(np.full((6, 2), np.nan), y)
    with pytest.raises(TypeError, match=r"y must hold numbers"):
        batches(X, np.array(list("abcdef")))
    with pytest.raises(ValueError, match=r"batch_size must be >= 1, got 0"):
        batches(X, y, 0)
    with pytest.raises(TypeError, match=r"batch_size must be a whole number \(int\), got float"):
        batches(X, y, 32.0)
    with pytest.raises(ValueError, match=r"seed must be >= 0, got -1"):
        batches(X, y, seed=-1)
