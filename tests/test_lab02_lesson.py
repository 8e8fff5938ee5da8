"""utils.labs.lab02.lesson (lab 02's own maths) held against Keras and hand-computed values, the
error each kind of bad input gets, and the answers to lab 02's questions 3 to 5."""
import keras
import numpy as np
import pytest

from utils.labs.lab02 import lesson as lab02
from utils.training import epochs_to_reach, train_full_batch


# --- a sum of ReLU units -----------------------------------------------------------------------

def test_relu_units_and_sum_by_hand():
    x = np.array([-1.0, 0.0, 2.0])
    units = lab02.relu_units(x, w=[1.0, -2.0], b=[0.5, 1.0])
    np.testing.assert_allclose(units, [[0.0, 0.5, 2.5], [3.0, 1.0, 0.0]])
    np.testing.assert_allclose(lab02.relu_sum(x, [1.0, -2.0], [0.5, 1.0]), [3.0, 1.5, 2.5])


def test_relu_sum_matches_a_keras_model_with_unit_output_weights():
    w, b = np.array([1.0, 2.0, -2.0]), np.array([0.5, 0.0, 1.0])
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(3, activation="relu"),
                              keras.layers.Dense(1, use_bias=False, kernel_initializer="ones")])
    model.layers[0].set_weights([w.reshape(1, 3), b])
    x = np.linspace(-2, 2, 41)
    np.testing.assert_allclose(lab02.relu_sum(x, w, b), model.predict(x.reshape(-1, 1), verbose=0).ravel(),
                               rtol=1e-6, atol=1e-6)


def test_fit_error_matches_a_hand_computed_value():
    # (1-1)^2 + (2-0)^2 + (3-0)^2 = 13, over 3 points
    assert lab02.fit_error([1.0, 2.0, 3.0], [1.0, 0.0, 0.0]) == pytest.approx(13 / 3)
    assert lab02.fit_error([0.5], [0.5]) == 0.0


def test_relu_fit_data_holds_what_the_figure_shows():
    x = np.array([-1.0, 0.0, 1.0])
    data = lab02.relu_fit_data(x, [1.0, 1.0, 1.0], w=[1.0], b=[0.0])
    np.testing.assert_allclose(data["units"], [[0.0, 0.0, 1.0]])
    np.testing.assert_allclose(data["y_hat"], [0.0, 0.0, 1.0])
    assert data["error"] == pytest.approx(2 / 3)
    assert set(data) == {"x", "target", "units", "y_hat", "error"}


def test_piecewise_linear_target_of_the_lab_is_a_sum_of_three_relus():
    x = np.linspace(-1.5, 1.5, 61)
    y = lab02.piecewise_linear(x, [-1.5, -0.5, 0.0, 0.5, 1.5], [4.0, 2.0, 1.5, 2.0, 5.0])
    np.testing.assert_allclose(y, lab02.relu_sum(x, [1.0, 2.0, -2.0], [0.5, 0.0, 1.0]), atol=1e-12)
    # beyond the knots the end pieces continue straight
    np.testing.assert_allclose(lab02.piecewise_linear([-1.0, 3.0], [0.0, 1.0, 2.0], [0.0, 1.0, 3.0]),
                               [-1.0, 5.0])


def test_relu_and_fit_functions_reject_bad_input():
    x = np.linspace(0, 1, 5)
    with pytest.raises(ValueError, match=r"w and b must have one entry per unit .* got 2 weights and 3 biases"):
        lab02.relu_units(x, [1.0, 2.0], [0.0, 0.0, 0.0])
    with pytest.raises(ValueError, match=r"x must be 1-D, got 2-D with shape \(5, 1\)"):
        lab02.relu_sum(x.reshape(-1, 1), [1.0], [0.0])
    with pytest.raises(TypeError, match=r"w must hold numbers"):
        lab02.relu_sum(x, ["a"], [0.0])
    with pytest.raises(ValueError, match=r"y_hat and y must have the same length, got 3 and 2"):
        lab02.fit_error([1, 2, 3], [1, 2])
    with pytest.raises(TypeError, match=r"y must be numbers .* got str"):
        lab02.fit_error([1, 2], "12")
    with pytest.raises(ValueError, match=r"y must have one value per point of x \(5\), got 4"):
        lab02.relu_fit_data(x, np.zeros(4), [1.0], [0.0])
    with pytest.raises(ValueError, match=r"knots_x must be strictly increasing, got \[0.0, 2.0, 1.0\]"):
        lab02.piecewise_linear(x, [0.0, 2.0, 1.0], [0.0, 1.0, 2.0])
    with pytest.raises(ValueError, match=r"knots_y must have one value per knot \(3\), got 2"):
        lab02.piecewise_linear(x, [0.0, 1.0, 2.0], [0.0, 1.0])
    with pytest.raises(ValueError, match=r"knots_x must have at least 2 points, got 1"):
        lab02.piecewise_linear(x, [0.0], [1.0])


# --- lab 02's task constants -------------------------------------------------------------------

def test_the_solution_the_button_reveals_fits_the_lab_target_exactly():
    x = np.linspace(-1.5, 1.5, 61)
    y = lab02.piecewise_linear(x, [-1.5, -0.5, 0.0, 0.5, 1.5], [4.0, 2.0, 1.5, 2.0, 5.0])
    w, b = lab02.RELU_FIT_SOLUTION
    assert lab02.fit_error(lab02.relu_sum(x, w, b), y) < 1e-24
    assert sorted(-bj / wj for wj, bj in zip(w, b)) == [-0.5, 0.0, 0.5]


# --- the answers of lab 02's questions 3 to 5 (in <details>, so no cell checks them). Same
# data, networks and training as the lab.

def _lab_circle_data():
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, size=(200, 2))
    return X, (np.sum(X ** 2, axis=1) < 0.5).astype(float).reshape(-1, 1)


def _lab_net(hidden_activation, optimizer):
    start = keras.initializers.GlorotUniform
    model = keras.Sequential([
        keras.Input(shape=(2,)),
        keras.layers.Dense(8, activation=hidden_activation, kernel_initializer=start(seed=1)),
        keras.layers.Dense(4, activation=hidden_activation, kernel_initializer=start(seed=2)),
        keras.layers.Dense(1, activation="sigmoid", kernel_initializer=start(seed=3)),
    ])
    model.compile(optimizer=optimizer, loss="binary_crossentropy")
    return model


def _lab_relu_model(w_start, b_start, optimizer):
    model = keras.Sequential([
        keras.Input(shape=(1,)),
        keras.layers.Dense(3, activation="relu", name="units"),
        keras.layers.Dense(1, use_bias=False, kernel_initializer="ones", trainable=False, name="sum"),
    ])
    model.get_layer("units").set_weights([np.array([w_start]), np.array(b_start)])
    model.compile(optimizer=optimizer, loss="mean_squared_error")
    return model


@pytest.fixture
def deterministic():
    from utils.lab_setup import seed_everything
    seed_everything(0)


def test_exercise_3_tanh_and_leaky_relu_epochs(deterministic):
    X, y = _lab_circle_data()
    epochs = {hidden: epochs_to_reach(train_full_batch(
        _lab_net(hidden, keras.optimizers.SGD(learning_rate=0.25)), X, y, epochs=1500), 0.2)
        for hidden in ["tanh", "leaky_relu"]}
    assert abs(epochs["tanh"] - 420) <= 4 and abs(epochs["leaky_relu"] - 302) <= 3, epochs


def test_exercise_4_plain_gradient_descent_crawls_on_the_relu_fit(deterministic):
    x = np.linspace(-1.5, 1.5, 61)
    y = lab02.piecewise_linear(x, [-1.5, -0.5, 0.0, 0.5, 1.5], [4.0, 2.0, 1.5, 2.0, 5.0])
    model = _lab_relu_model([1.0, 1.0, 1.0], [-1.0, 0.0, 1.0], keras.optimizers.SGD(learning_rate=0.1))
    losses = train_full_batch(model, x.reshape(-1, 1), y.reshape(-1, 1), epochs=2000)
    assert 0.00025 < losses[-1] < 0.00035                          # "about 0.0003"
    w = model.get_layer("units").get_weights()[0].ravel()
    np.testing.assert_allclose(w, [1.66, 1.33, -2.01], atol=0.01)  # not yet (1, 2, -2)


def test_exercise_5_the_tent_needs_negative_output_weights():
    x = np.linspace(-1.5, 1.5, 61)
    tent = lab02.piecewise_linear(x, [-1.5, 0, 1.5], [1, 2.5, 1])
    np.testing.assert_allclose(2.5 - lab02.relu_units(x, [1, -1], [0, 0]).sum(axis=0), tent, atol=1e-12)
    # with output weights fixed at 1 the slope of the sum never goes down from left to right
    rng = np.random.default_rng(0)
    for _ in range(200):
        w, b = rng.uniform(-3, 3, 3), rng.uniform(-3, 3, 3)
        assert np.all(np.diff(np.diff(lab02.relu_sum(x, w, b))) > -1e-9)
