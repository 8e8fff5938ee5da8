"""utils.labs.lab07.windows: LocallyConnected1D computes each window with its own kernel (held
against NumPy, one window at a time), equals Conv1D when every window gets the same kernel, has
one kernel per window in its parameter count and its multiplications, and names what is wrong
with an input it cannot take."""
import keras
import numpy as np
import pytest

from utils.labs.lab07 import lesson as lab07
from utils.labs.lab07.windows import LocallyConnected1D


def built(layer, steps, channels):
    layer.build((None, steps, channels))
    return layer


def test_each_window_has_its_own_kernel_and_bias():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 11, 2))
    layer = built(LocallyConnected1D(3, 4, strides=3), 11, 2)      # windows at 0, 3, 6
    kernel, bias = rng.normal(size=(3, 8, 3)), rng.normal(size=(3, 3))
    layer.set_weights([kernel, bias])
    out = keras.ops.convert_to_numpy(layer(x))
    assert out.shape == (2, 3, 3) == layer.compute_output_shape((2, 11, 2))
    for p in range(3):
        window = x[:, 3 * p:3 * p + 4, :].reshape(2, 8)
        np.testing.assert_allclose(out[:, p, :], window @ kernel[p] + bias[p], rtol=1e-5)


def test_the_same_kernel_in_every_window_is_a_conv1d():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(3, 100, 1)).astype("float32")
    conv = built(keras.layers.Conv1D(2, 20, strides=10, activation="relu"), 100, 1)
    windows = built(LocallyConnected1D(2, 20, strides=10, activation="relu"), 100, 1)
    w, b = conv.get_weights()
    windows.set_weights([np.tile(w.reshape(1, 20, 2), (9, 1, 1)), np.tile(b, (9, 1))])
    np.testing.assert_allclose(keras.ops.convert_to_numpy(windows(x)),
                               keras.ops.convert_to_numpy(conv(x)), rtol=1e-5, atol=1e-6)


def test_the_lecture_network_counts():
    def net(layer_type):
        return keras.Sequential([keras.Input((100,)), keras.layers.Reshape((100, 1)),
                                 layer_type(1, 20, strides=10), layer_type(1, 5, strides=2),
                                 keras.layers.Flatten(), keras.layers.Dense(1)])
    windows, shared = net(LocallyConnected1D), net(keras.layers.Conv1D)
    assert windows.layers[1].output.shape[1:] == (9, 1)
    assert windows.count_params() == 9 * 21 + 3 * 6 + 4 and shared.count_params() == 21 + 6 + 4
    assert lab07.multiply_adds(windows) == lab07.multiply_adds(shared) == 9 * 20 + 3 * 5 + 3


def test_the_quiz_distractor_is_a_locally_connected_count():
    # quiz 07, conv-parameters: Conv1D(16, 5) on (160, 2) has 176; one kernel per window, 27456
    layer = built(LocallyConnected1D(16, 5), 160, 2)
    assert layer.count_params() == 156 * (5 * 2 * 16 + 16) == 27_456


def test_it_trains_and_round_trips_through_its_config():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((12, 1)), LocallyConnected1D(2, 4, strides=4),
                              keras.layers.Flatten(), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="mse")
    X = np.random.default_rng(2).normal(size=(32, 12, 1))
    y = X[:, :4, 0].sum(axis=1, keepdims=True)
    before = model.evaluate(X, y, verbose=0)
    model.fit(X, y, epochs=30, batch_size=32, verbose=0)
    assert model.evaluate(X, y, verbose=0) < 0.5 * before
    layer = model.layers[0]
    again = LocallyConnected1D.from_config(layer.get_config())
    assert (again.filters, again.kernel_size, again.strides) == (2, 4, 4)


@pytest.mark.parametrize("make, shape, pattern", [
    (lambda: LocallyConnected1D(1, 5), (None, 4, 1), r"at least kernel_size=5 steps, got 4"),
    (lambda: LocallyConnected1D(1, 3), (None, 10), r"shape \(m, steps, channels\), got \(None, 10\)"),
])
def test_an_input_it_cannot_take_is_named(make, shape, pattern):
    with pytest.raises(ValueError, match=pattern):
        make().build(shape)


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match=r"filters must be >= 1, got 0"):
        LocallyConnected1D(0, 3)
    with pytest.raises(TypeError, match=r"kernel_size"):
        LocallyConnected1D(1, 2.5)
