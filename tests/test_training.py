"""utils.training: train_full_batch held against model.fit and against gradient descent written
out by hand (so it holds on every Keras the course supports), hidden_z and epochs_to_reach against
hand-computed values, and the error each kind of bad input gets."""
import keras
import numpy as np
import pytest
import tensorflow as tf

from utils import training as train


# --- reading loss curves -----------------------------------------------------------------------

def test_epochs_to_reach():
    losses = [0.9, 0.5, 0.31, 0.3, 0.1]
    assert train.epochs_to_reach(losses, 0.3) == 4       # counted from 1, "at most" the target
    assert train.epochs_to_reach(losses, 1.0) == 1
    assert train.epochs_to_reach(losses, 0.05) is None
    with pytest.raises(ValueError, match=r"losses must be 1-D"):
        train.epochs_to_reach([[0.5]], 0.3)
    with pytest.raises(TypeError, match=r"target must be a number, got str"):
        train.epochs_to_reach(losses, "0.3")


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
    losses = np.concatenate([train.train_full_batch(b, X, y, epochs=10),    # a second call continues
                             train.train_full_batch(b, X, y, epochs=15)])
    assert losses.shape == (25,) and losses.dtype == np.float64
    np.testing.assert_allclose(losses, history.history["loss"], rtol=1e-5, atol=1e-6)
    for wa, wb in zip(a.get_weights(), b.get_weights()):
        np.testing.assert_allclose(wa, wb, rtol=1e-5, atol=1e-6)
    assert int(b.optimizer.iterations.numpy()) == 25


def _gradient_descent_by_hand(start, X, y, learning_rate, steps):
    """The reference: full-batch gradient descent on the mean squared error of a stack of sigmoid
    Dense layers whose last layer is frozen, written with tf.Variables and a GradientTape (no
    Keras). Returns the loss before each step (as fit reports it) and the weights after them."""
    *trainable, W_out, b_out = [tf.Variable(w.astype(np.float64)) for w in start]
    X, y = tf.constant(X, tf.float64), tf.constant(y.reshape(-1, 1), tf.float64)
    losses = []
    for _ in range(steps):
        with tf.GradientTape() as tape:
            a = X
            for W, b in zip(trainable[0::2], trainable[1::2]):
                a = tf.sigmoid(a @ W + b)
            J = tf.reduce_mean((tf.sigmoid(a @ W_out + b_out) - y) ** 2)
        for variable, gradient in zip(trainable, tape.gradient(J, trainable)):
            variable.assign_sub(learning_rate * gradient)
        losses.append(float(J))
    return np.array(losses), [v.numpy() for v in trainable] + [W_out.numpy(), b_out.numpy()]


def test_train_full_batch_takes_plain_gradient_steps_and_respects_frozen_layers():
    """Held against gradient descent written out by hand, not against train_on_batch: what
    train_on_batch returns differs between Keras versions (3.10 and 3.12 give the running mean
    over calls, 3.15 each call's loss)."""
    X, y = _toy_data()
    model = _small_net("sigmoid")
    model.layers[-1].trainable = False
    model.compile(optimizer=keras.optimizers.SGD(1.0), loss="mean_squared_error")
    start = [w.copy() for w in model.get_weights()]
    want_losses, want_weights = _gradient_descent_by_hand(start, X, y, 1.0, steps=12)
    assert np.all(np.diff(want_losses) < 0) and want_losses[0] - want_losses[-1] > 1e-3
    losses = train.train_full_batch(model, X, y.ravel(), epochs=12)   # 1-D labels are accepted
    np.testing.assert_allclose(losses, want_losses, rtol=1e-5)
    for got, want in zip(model.get_weights(), want_weights):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    for got, frozen in zip(model.layers[-1].get_weights(), start[-2:]):
        np.testing.assert_array_equal(got, frozen)


def test_train_full_batch_rejects_bad_input():
    X, y = _toy_data()
    model = _small_net()
    with pytest.raises(ValueError, match=r"model must be compiled first: call model.compile"):
        train.train_full_batch(model, X, y, epochs=3)
    model.compile(optimizer="sgd", loss="binary_crossentropy")
    with pytest.raises(TypeError, match=r"model must be a Keras model .* got str 'net'"):
        train.train_full_batch("net", X, y, epochs=3)
    with pytest.raises(ValueError, match=r"X must be 2-D, got 1-D"):
        train.train_full_batch(model, X[:, 0], y, epochs=3)
    with pytest.raises(ValueError, match=r"y must have one row per example of X \(40\), got 39"):
        train.train_full_batch(model, X, y[:-1], epochs=3)
    with pytest.raises(ValueError, match=r"X must have 2 columns \(the model's inputs\), got shape \(40, 3\)"):
        train.train_full_batch(model, np.hstack([X, X[:, :1]]), y, epochs=3)
    with pytest.raises(ValueError, match=r"epochs must be >= 1, got 0"):
        train.train_full_batch(model, X, y, epochs=0)
    with pytest.raises(TypeError, match=r"epochs must be a whole number \(int\), got float 2.5"):
        train.train_full_batch(model, X, y, epochs=2.5)


def test_hidden_z_is_each_hidden_layers_weighted_sum():
    X, _ = _toy_data()
    model = _small_net("tanh")
    (W1, b1), (W2, b2) = (model.layers[0].get_weights(), model.layers[1].get_weights())
    z1, z2 = train.hidden_z(model, X)
    np.testing.assert_allclose(z1, X @ W1 + b1, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(z2, np.tanh(X @ W1 + b1) @ W2 + b2, rtol=1e-5, atol=1e-6)
    assert z1.shape == (40, 5) and z2.shape == (40, 3)
    no_bias = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(2, use_bias=False),
                                keras.layers.Dense(1)])
    no_bias.layers[0].set_weights([np.array([[2.0, -1.0]])])
    np.testing.assert_allclose(train.hidden_z(no_bias, [[3.0]])[0], [[6.0, -3.0]])


def test_hidden_z_rejects_bad_input():
    with pytest.raises(TypeError, match=r"model must be a Keras model .* got a list of length 2"):
        train.hidden_z([1, 2], np.zeros((3, 2)))
    one_layer = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])
    with pytest.raises(ValueError, match=r"model must be a stack of at least 2 Dense layers, got layers \['Dense'\]"):
        train.hidden_z(one_layer, np.zeros((3, 2)))
    with pytest.raises(ValueError, match=r"X must have 2 columns \(the model's inputs\), got shape \(3, 4\)"):
        train.hidden_z(_small_net(), np.zeros((3, 4)))
