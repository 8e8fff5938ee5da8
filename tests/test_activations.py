"""utils.activations held against Keras, TensorFlow's gradients and closed forms, plus the error
each kind of bad input gets; and the lab-02 plot helpers in utils.plotting."""
import math

import keras
import numpy as np
import pytest
import tensorflow as tf

from utils import activations as act
from utils.plotting import plot_activations, plot_loss_curves, plot_relu_fit

Z = np.linspace(-12.0, 12.0, 2401)          # includes z = 0, where ReLU has its kink
NAMES = sorted(act.ACTIVATIONS)


# --- values and derivatives --------------------------------------------------------------------

def test_the_seven_activations_of_the_lab_are_there():
    assert NAMES == ["gelu", "leaky_relu", "linear", "relu", "sigmoid", "softplus", "tanh"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_values_match_keras_activations(name, dtype):
    g, _ = act.get_activation(name)
    want = keras.ops.convert_to_numpy(getattr(keras.activations, name)(tf.constant(Z, dtype=dtype)))
    tol = dict(rtol=1e-6, atol=1e-6) if dtype == "float32" else dict(rtol=1e-7, atol=1e-7)
    np.testing.assert_allclose(g(Z), want, **tol)


@pytest.mark.parametrize("name", NAMES)
def test_derivatives_match_tensorflow_gradients(name):
    _, g_prime = act.get_activation(name)
    z = tf.constant(Z, dtype="float64")
    with tf.GradientTape() as tape:
        tape.watch(z)
        a = getattr(keras.activations, name)(z)
    np.testing.assert_allclose(g_prime(Z), tape.gradient(a, z).numpy(), rtol=1e-7, atol=1e-7)


@pytest.mark.parametrize("name", NAMES)
def test_derivatives_match_finite_differences(name):
    g, g_prime = act.get_activation(name)
    z = np.array([-7.3, -2.1, -0.4, 0.3, 1.7, 6.2])        # away from the kink at 0
    h = 1e-6
    np.testing.assert_allclose(g_prime(z), (g(z + h) - g(z - h)) / (2 * h), rtol=1e-6, atol=1e-8)


def test_closed_form_values():
    assert act.sigmoid(0.0) == 0.5
    assert act.sigmoid_derivative(0.0) == 0.25
    assert act.sigmoid_derivative(5.0) == pytest.approx(math.exp(-5) / (1 + math.exp(-5)) ** 2)
    assert act.sigmoid_derivative(10.0) == pytest.approx(4.5396e-5, rel=1e-4)
    assert act.tanh_derivative(0.0) == 1.0
    assert act.relu(-3.0) == 0.0 and act.relu(2.5) == 2.5
    assert act.relu_derivative(0.0) == 0.0 and act.relu_derivative(1e-9) == 1.0
    assert act.leaky_relu(-2.0) == pytest.approx(-0.4)
    assert act.leaky_relu(-2.0, negative_slope=0.01) == pytest.approx(-0.02)
    assert act.leaky_relu_derivative(0.0) == pytest.approx(0.2)
    assert act.softplus(0.0) == pytest.approx(math.log(2))
    assert act.gelu(1.0) == pytest.approx(0.5 * (1 + math.erf(1 / math.sqrt(2))))
    assert act.linear(-4.5) == -4.5 and act.linear_derivative(123.0) == 1.0


def test_extreme_inputs_give_no_overflow_or_nan():
    z = np.array([-1000.0, -50.0, 50.0, 1000.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):   # underflow to 0 is fine
        np.testing.assert_allclose(act.sigmoid(z), [0.0, 1.9287e-22, 1.0, 1.0], rtol=1e-4)
        np.testing.assert_allclose(act.sigmoid_derivative(z), [0.0, 1.9287e-22, 1.9287e-22, 0.0],
                                   rtol=1e-4)
        np.testing.assert_allclose(act.softplus(z), [0.0, 1.9287e-22, 50.0, 1000.0], rtol=1e-4)


def test_shapes_are_kept_and_numbers_give_floats():
    z = np.arange(12.0).reshape(3, 4) - 6
    for name in NAMES:
        g, g_prime = act.get_activation(name)
        assert g(z).shape == (3, 4) and g_prime(z).shape == (3, 4)
        assert isinstance(g(1.5), float) and isinstance(g_prime(1.5), float)
    assert act.relu([[-1, 2]]).tolist() == [[0.0, 2.0]]     # lists and ints are accepted


def test_linear_returns_a_copy():
    z = np.array([1.0, 2.0])
    out = act.linear(z)
    out[0] = 99.0
    assert z[0] == 1.0


# --- bad input ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_activations_reject_non_numbers(name):
    g, g_prime = act.get_activation(name)
    with pytest.raises(TypeError, match=r"z must be numbers .* got str 'abc'"):
        g("abc")
    with pytest.raises(TypeError, match=r"z must hold numbers, got .* dtype bool"):
        g_prime(np.array([True, False]))
    with pytest.raises(TypeError, match=r"z must be a rectangular array of numbers"):
        g([1.0, None])
    with pytest.raises(ValueError, match=r"z must contain only finite numbers"):
        g([1.0, np.nan])
    with pytest.raises(ValueError, match=r"z must not be empty"):
        g([])


def test_get_activation_and_slope_errors():
    with pytest.raises(ValueError, match=r"name must be one of \['gelu', .*\], got 'swish'"):
        act.get_activation("swish")
    with pytest.raises(TypeError, match=r"name must be an activation name \(a str\), got int 3"):
        act.get_activation(3)
    with pytest.raises(ValueError, match=r"negative_slope must be < 1, got 1.5"):
        act.leaky_relu([1.0], negative_slope=1.5)
    with pytest.raises(TypeError, match=r"negative_slope must be a number, got str"):
        act.leaky_relu_derivative([1.0], negative_slope="0.2")


# --- a stack of linear layers ------------------------------------------------------------------

def test_compose_linear_layers_equals_the_keras_stack():
    model = keras.Sequential([keras.Input(shape=(3,)),
                              keras.layers.Dense(5, kernel_initializer=keras.initializers.GlorotUniform(seed=1),
                                                 bias_initializer=keras.initializers.RandomNormal(seed=2)),
                              keras.layers.Dense(4, kernel_initializer=keras.initializers.GlorotUniform(seed=3),
                                                 bias_initializer=keras.initializers.RandomNormal(seed=4)),
                              keras.layers.Dense(2, kernel_initializer=keras.initializers.GlorotUniform(seed=5),
                                                 bias_initializer=keras.initializers.RandomNormal(seed=6))])
    weights = model.get_weights()
    W, b = act.compose_linear_layers(list(zip(weights[0::2], weights[1::2])))
    assert W.shape == (3, 2) and b.shape == (2,)
    X = np.random.default_rng(0).normal(size=(50, 3))
    np.testing.assert_allclose(X @ W + b, model.predict(X, verbose=0), rtol=1e-5, atol=1e-5)


def test_compose_two_layers_by_hand():
    W1, b1 = np.array([[1.0, 2.0]]), np.array([0.5, -1.0])
    W2, b2 = np.array([[3.0], [4.0]]), np.array([0.25])
    W, b = act.compose_linear_layers([(W1, b1), (W2, b2)])
    np.testing.assert_allclose(W, [[11.0]])                 # 1*3 + 2*4
    np.testing.assert_allclose(b, [0.5 * 3 - 1.0 * 4 + 0.25])
    W, b = act.compose_linear_layers([(W1, b1)])             # one layer: itself
    np.testing.assert_allclose(W, W1)
    np.testing.assert_allclose(b, b1)


def test_compose_linear_layers_rejects_bad_shapes():
    W1, b1 = np.ones((2, 3)), np.zeros(3)
    with pytest.raises(ValueError, match=r"layers\[1\] W must have 3 rows .* got shape \(4, 1\)"):
        act.compose_linear_layers([(W1, b1), (np.ones((4, 1)), np.zeros(1))])
    with pytest.raises(ValueError, match=r"layers\[0\] b must have one entry per column of W \(3\), "
                                         r"got shape \(2,\)"):
        act.compose_linear_layers([(W1, np.zeros(2))])
    with pytest.raises(ValueError, match=r"layers\[0\] W must be 2-D, got 1-D"):
        act.compose_linear_layers([(np.ones(3), b1)])
    with pytest.raises(TypeError, match=r"layers\[0\] must be a pair \(W, b\)"):
        act.compose_linear_layers([(W1, b1, b1)])
    with pytest.raises(TypeError, match=r"layers must be a non-empty list of \(W, b\) pairs"):
        act.compose_linear_layers([])
    with pytest.raises(TypeError, match=r"layers\[0\] W must hold numbers"):
        act.compose_linear_layers([(np.array([["a", "b"]]), np.zeros(2))])


# --- a sum of ReLU units -----------------------------------------------------------------------

def test_relu_units_and_sum_by_hand():
    x = np.array([-1.0, 0.0, 2.0])
    units = act.relu_units(x, w=[1.0, -2.0], b=[0.5, 1.0])
    np.testing.assert_allclose(units, [[0.0, 0.5, 2.5], [3.0, 1.0, 0.0]])
    np.testing.assert_allclose(act.relu_sum(x, [1.0, -2.0], [0.5, 1.0]), [3.0, 1.5, 2.5])


def test_relu_sum_matches_a_keras_model_with_unit_output_weights():
    w, b = np.array([1.0, 2.0, -2.0]), np.array([0.5, 0.0, 1.0])
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(3, activation="relu"),
                              keras.layers.Dense(1, use_bias=False, kernel_initializer="ones")])
    model.layers[0].set_weights([w.reshape(1, 3), b])
    x = np.linspace(-2, 2, 41)
    np.testing.assert_allclose(act.relu_sum(x, w, b), model.predict(x.reshape(-1, 1), verbose=0).ravel(),
                               rtol=1e-6, atol=1e-6)


def test_fit_error_matches_a_hand_computed_value():
    # (1-1)^2 + (2-0)^2 + (3-0)^2 = 13, over 3 points
    assert act.fit_error([1.0, 2.0, 3.0], [1.0, 0.0, 0.0]) == pytest.approx(13 / 3)
    assert act.fit_error([0.5], [0.5]) == 0.0


def test_relu_fit_data_holds_what_the_figure_shows():
    x = np.array([-1.0, 0.0, 1.0])
    data = act.relu_fit_data(x, [1.0, 1.0, 1.0], w=[1.0], b=[0.0])
    np.testing.assert_allclose(data["units"], [[0.0, 0.0, 1.0]])
    np.testing.assert_allclose(data["y_hat"], [0.0, 0.0, 1.0])
    assert data["error"] == pytest.approx(2 / 3)
    assert set(data) == {"x", "target", "units", "y_hat", "error"}


def test_piecewise_linear_target_of_the_lab_is_a_sum_of_three_relus():
    x = np.linspace(-1.5, 1.5, 61)
    y = act.piecewise_linear(x, [-1.5, -0.5, 0.0, 0.5, 1.5], [4.0, 2.0, 1.5, 2.0, 5.0])
    np.testing.assert_allclose(y, act.relu_sum(x, [1.0, 2.0, -2.0], [0.5, 0.0, 1.0]), atol=1e-12)
    # beyond the knots the end pieces continue straight
    np.testing.assert_allclose(act.piecewise_linear([-1.0, 3.0], [0.0, 1.0, 2.0], [0.0, 1.0, 3.0]),
                               [-1.0, 5.0])


def test_relu_and_fit_functions_reject_bad_input():
    x = np.linspace(0, 1, 5)
    with pytest.raises(ValueError, match=r"w and b must have one entry per unit .* got 2 weights and 3 biases"):
        act.relu_units(x, [1.0, 2.0], [0.0, 0.0, 0.0])
    with pytest.raises(ValueError, match=r"x must be 1-D, got 2-D with shape \(5, 1\)"):
        act.relu_sum(x.reshape(-1, 1), [1.0], [0.0])
    with pytest.raises(TypeError, match=r"w must hold numbers"):
        act.relu_sum(x, ["a"], [0.0])
    with pytest.raises(ValueError, match=r"y_hat and y must have the same length, got 3 and 2"):
        act.fit_error([1, 2, 3], [1, 2])
    with pytest.raises(TypeError, match=r"y must be numbers .* got str"):
        act.fit_error([1, 2], "12")
    with pytest.raises(ValueError, match=r"y must have one value per point of x \(5\), got 4"):
        act.relu_fit_data(x, np.zeros(4), [1.0], [0.0])
    with pytest.raises(ValueError, match=r"knots_x must be strictly increasing, got \[0.0, 2.0, 1.0\]"):
        act.piecewise_linear(x, [0.0, 2.0, 1.0], [0.0, 1.0, 2.0])
    with pytest.raises(ValueError, match=r"knots_y must have one value per knot \(3\), got 2"):
        act.piecewise_linear(x, [0.0, 1.0, 2.0], [0.0, 1.0])
    with pytest.raises(ValueError, match=r"knots_x must have at least 2 points, got 1"):
        act.piecewise_linear(x, [0.0], [1.0])


# --- reading loss curves -----------------------------------------------------------------------

def test_epochs_to_reach():
    losses = [0.9, 0.5, 0.31, 0.3, 0.1]
    assert act.epochs_to_reach(losses, 0.3) == 4       # counted from 1, "at most" the target
    assert act.epochs_to_reach(losses, 1.0) == 1
    assert act.epochs_to_reach(losses, 0.05) is None
    with pytest.raises(ValueError, match=r"losses must be 1-D"):
        act.epochs_to_reach([[0.5]], 0.3)
    with pytest.raises(TypeError, match=r"target must be a number, got str"):
        act.epochs_to_reach(losses, "0.3")


# --- plot helpers added for lab 02 -------------------------------------------------------------

def test_plot_activations_draws_each_function_and_its_derivative():
    z = np.linspace(-3, 3, 7)
    fig = plot_activations(z, {"relu": (act.relu(z), act.relu_derivative(z)),
                               "tanh": (act.tanh(z), act.tanh_derivative(z)),
                               "sigmoid": (act.sigmoid(z), act.sigmoid_derivative(z))})
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in visible] == ["relu", "tanh", "sigmoid"]
    lines = [ln for ln in visible[0].lines if ln.get_label() in ("g(z)", "g'(z)")]
    np.testing.assert_allclose(lines[0].get_ydata(), act.relu(z))
    np.testing.assert_allclose(lines[1].get_ydata(), act.relu_derivative(z))
    with pytest.raises(ValueError, match=r"curves\['relu'\]\[1\] must have shape \(7\), got shape \(6,\)"):
        plot_activations(z, {"relu": (act.relu(z), np.zeros(6))})
    with pytest.raises(TypeError, match=r"curves\['relu'\] must be a pair"):
        plot_activations(z, {"relu": act.relu(z)})
    with pytest.raises(TypeError, match=r"curves must be a dict of 1 to 8 entries"):
        plot_activations(z, [act.relu(z)])


def test_plot_loss_curves_marks_the_first_epoch_at_the_target():
    fig = plot_loss_curves({"a": [0.9, 0.4, 0.1], "b": [0.9, 0.8, 0.7]}, target=0.5)
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["epoch 2"]                         # "b" never reaches 0.5: no mark
    labels = [ln.get_label() for ln in ax.lines]
    assert "a" in labels and "b" in labels and "target loss 0.5" in labels
    with pytest.raises(TypeError, match=r"curves must be a dict"):
        plot_loss_curves([0.9, 0.4])
    with pytest.raises(ValueError, match=r"curves\['a'\] must be 1-D"):
        plot_loss_curves({"a": [[0.9, 0.4]]})


def test_plot_relu_fit_checks_shapes_and_shows_the_error():
    x = np.linspace(0, 1, 4)
    units = act.relu_units(x, [1.0, -1.0], [0.0, 0.5])
    fig = plot_relu_fit(x, np.ones(4), units, units.sum(0), error=0.125)
    assert fig.axes[1].get_title().endswith("J = 0.1250")
    np.testing.assert_allclose(fig.axes[0].lines[1].get_ydata(), units[1])
    with pytest.raises(ValueError, match=r"units must have shape \(any, 4\), got shape \(2, 3\)"):
        plot_relu_fit(x, np.ones(4), units[:, :3], units.sum(0))
    with pytest.raises(ValueError, match=r"error must be >= 0, got -1.0"):
        plot_relu_fit(x, np.ones(4), units, units.sum(0), error=-1.0)


# --- lab 02's task constants -------------------------------------------------------------------

def test_the_solution_the_button_reveals_fits_the_lab_target_exactly():
    x = np.linspace(-1.5, 1.5, 61)
    y = act.piecewise_linear(x, [-1.5, -0.5, 0.0, 0.5, 1.5], [4.0, 2.0, 1.5, 2.0, 5.0])
    w, b = act.RELU_FIT_SOLUTION
    assert act.fit_error(act.relu_sum(x, w, b), y) < 1e-24
    assert sorted(-bj / wj for wj, bj in zip(w, b)) == [-0.5, 0.0, 0.5]


def test_sigmoid_output_with_cross_entropy_has_gradient_a_minus_y():
    """The lab says that g'(z) cancels out for a sigmoid output trained with binary cross-entropy."""
    z = tf.constant([[-6.0], [-1.0], [0.5], [8.0]], dtype="float64")
    y = tf.constant([[1.0], [0.0], [1.0], [0.0]], dtype="float64")
    with tf.GradientTape() as tape:
        tape.watch(z)
        J = tf.reduce_sum(keras.losses.binary_crossentropy(y, tf.sigmoid(z)))
    np.testing.assert_allclose(tape.gradient(J, z).numpy(), act.sigmoid(z.numpy()) - y.numpy(),
                               rtol=1e-5, atol=1e-6)


# --- train_full_batch and hidden_z -------------------------------------------------------------

def _small_net(activation="relu", seed=1):
    start = keras.initializers.GlorotUniform
    return keras.Sequential([keras.Input(shape=(2,)),
                             keras.layers.Dense(5, activation=activation, kernel_initializer=start(seed=seed)),
                             keras.layers.Dense(3, activation=activation, kernel_initializer=start(seed=seed + 1)),
                             keras.layers.Dense(1, activation="sigmoid", kernel_initializer=start(seed=seed + 2))])


def _toy_data():
    X = np.random.default_rng(3).uniform(-1, 1, size=(40, 2))
    y = (X[:, :1] * X[:, 1:] > 0).astype(float)
    return X, y


@pytest.mark.parametrize("make_optimizer", [lambda: keras.optimizers.SGD(0.5),
                                            lambda: keras.optimizers.Adam(0.05)], ids=["SGD", "Adam"])
def test_train_full_batch_gives_the_losses_and_weights_of_fit(make_optimizer):
    X, y = _toy_data()
    a, b = _small_net(), _small_net()
    for model in (a, b):
        model.compile(optimizer=make_optimizer(), loss="binary_crossentropy")
    history = a.fit(X, y, batch_size=len(X), epochs=25, shuffle=False, verbose=0)
    losses = np.concatenate([act.train_full_batch(b, X, y, epochs=10),    # a second call continues
                             act.train_full_batch(b, X, y, epochs=15)])
    assert losses.shape == (25,) and losses.dtype == np.float64
    np.testing.assert_allclose(losses, history.history["loss"], rtol=1e-5, atol=1e-6)
    for wa, wb in zip(a.get_weights(), b.get_weights()):
        np.testing.assert_allclose(wa, wb, rtol=1e-5, atol=1e-6)
    assert int(b.optimizer.iterations.numpy()) == 25


def test_train_full_batch_matches_train_on_batch_and_respects_frozen_layers():
    X, y = _toy_data()
    a, b = _small_net("sigmoid"), _small_net("sigmoid")
    for model in (a, b):
        model.layers[-1].trainable = False
        model.compile(optimizer=keras.optimizers.SGD(1.0), loss="mean_squared_error")
    frozen = b.layers[-1].get_weights()[0].copy()
    want = [float(a.train_on_batch(X, y)) for _ in range(12)]
    np.testing.assert_allclose(act.train_full_batch(b, X, y.ravel(), epochs=12), want, rtol=1e-5)
    np.testing.assert_array_equal(b.layers[-1].get_weights()[0], frozen)


def test_train_full_batch_rejects_bad_input():
    X, y = _toy_data()
    model = _small_net()
    with pytest.raises(ValueError, match=r"model must be compiled first: call model.compile"):
        act.train_full_batch(model, X, y, epochs=3)
    model.compile(optimizer="sgd", loss="binary_crossentropy")
    with pytest.raises(TypeError, match=r"model must be a Keras model .* got str 'net'"):
        act.train_full_batch("net", X, y, epochs=3)
    with pytest.raises(ValueError, match=r"X must be 2-D, got 1-D"):
        act.train_full_batch(model, X[:, 0], y, epochs=3)
    with pytest.raises(ValueError, match=r"y must have one row per example of X \(40\), got 39"):
        act.train_full_batch(model, X, y[:-1], epochs=3)
    with pytest.raises(ValueError, match=r"X must have 2 columns \(the model's inputs\), got shape \(40, 3\)"):
        act.train_full_batch(model, np.hstack([X, X[:, :1]]), y, epochs=3)
    with pytest.raises(ValueError, match=r"epochs must be >= 1, got 0"):
        act.train_full_batch(model, X, y, epochs=0)
    with pytest.raises(TypeError, match=r"epochs must be a whole number \(int\), got float 2.5"):
        act.train_full_batch(model, X, y, epochs=2.5)


def test_hidden_z_is_each_hidden_layers_weighted_sum():
    X, _ = _toy_data()
    model = _small_net("tanh")
    (W1, b1), (W2, b2) = (model.layers[0].get_weights(), model.layers[1].get_weights())
    z1, z2 = act.hidden_z(model, X)
    np.testing.assert_allclose(z1, X @ W1 + b1, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(z2, np.tanh(X @ W1 + b1) @ W2 + b2, rtol=1e-5, atol=1e-6)
    assert z1.shape == (40, 5) and z2.shape == (40, 3)
    no_bias = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(2, use_bias=False),
                                keras.layers.Dense(1)])
    no_bias.layers[0].set_weights([np.array([[2.0, -1.0]])])
    np.testing.assert_allclose(act.hidden_z(no_bias, [[3.0]])[0], [[6.0, -3.0]])


def test_hidden_z_rejects_bad_input():
    with pytest.raises(TypeError, match=r"model must be a Keras model .* got a list of length 2"):
        act.hidden_z([1, 2], np.zeros((3, 2)))
    one_layer = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])
    with pytest.raises(ValueError, match=r"model must be a stack of at least 2 Dense layers, got layers \['Dense'\]"):
        act.hidden_z(one_layer, np.zeros((3, 2)))
    with pytest.raises(ValueError, match=r"X must have 2 columns \(the model's inputs\), got shape \(3, 4\)"):
        act.hidden_z(_small_net(), np.zeros((3, 4)))


# --- the answers to lab 02's exercises (hidden in <details>, so no cell checks them) -----------
# Same data, networks and training as the lab's Sections 2 and 4.

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


def test_exercise_1_tanh_and_leaky_relu_epochs(deterministic):
    X, y = _lab_circle_data()
    epochs = {hidden: act.epochs_to_reach(act.train_full_batch(
        _lab_net(hidden, keras.optimizers.SGD(learning_rate=0.25)), X, y, epochs=1500), 0.2)
        for hidden in ["tanh", "leaky_relu"]}
    assert abs(epochs["tanh"] - 420) <= 4 and abs(epochs["leaky_relu"] - 302) <= 3, epochs


def test_exercise_2_adam_shrinks_the_gap(deterministic):
    X, y = _lab_circle_data()
    epochs = {hidden: act.epochs_to_reach(act.train_full_batch(
        _lab_net(hidden, keras.optimizers.Adam(learning_rate=0.05)), X, y, epochs=200), 0.2)
        for hidden in ["relu", "sigmoid"]}
    assert abs(epochs["relu"] - 33) <= 1 and abs(epochs["sigmoid"] - 115) <= 2, epochs
    assert round(epochs["sigmoid"] / epochs["relu"], 1) == 3.5


def test_exercise_3_plain_gradient_descent_crawls_on_the_relu_fit(deterministic):
    x = np.linspace(-1.5, 1.5, 61)
    y = act.piecewise_linear(x, [-1.5, -0.5, 0.0, 0.5, 1.5], [4.0, 2.0, 1.5, 2.0, 5.0])
    model = _lab_relu_model([1.0, 1.0, 1.0], [-1.0, 0.0, 1.0], keras.optimizers.SGD(learning_rate=0.1))
    losses = act.train_full_batch(model, x.reshape(-1, 1), y.reshape(-1, 1), epochs=2000)
    assert 0.00025 < losses[-1] < 0.00035                          # "about 0.0003"
    w = model.get_layer("units").get_weights()[0].ravel()
    np.testing.assert_allclose(w, [1.66, 1.33, -2.01], atol=0.01)  # not yet (1, 2, -2)


def test_exercise_4_the_tent_needs_negative_output_weights():
    x = np.linspace(-1.5, 1.5, 61)
    tent = act.piecewise_linear(x, [-1.5, 0, 1.5], [1, 2.5, 1])
    np.testing.assert_allclose(2.5 - act.relu_units(x, [1, -1], [0, 0]).sum(axis=0), tent, atol=1e-12)
    # with output weights fixed at 1 the slope of the sum never goes down from left to right
    rng = np.random.default_rng(0)
    for _ in range(200):
        w, b = rng.uniform(-3, 3, 3), rng.uniform(-3, 3, 3)
        assert np.all(np.diff(np.diff(act.relu_sum(x, w, b))) > -1e-9)
