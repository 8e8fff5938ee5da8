"""The answers that lab 01's exercises give are true (they are hidden in <details>, so no cell
checks them). Same data, seed and model as the lab."""
import math

import keras
import numpy as np

from utils.data import load_coffee_data
from utils.lab_setup import seed_everything


def make_model(n_inputs=2):
    return keras.Sequential([keras.Input(shape=(n_inputs,)),
                             keras.layers.Dense(3, activation="sigmoid"),
                             keras.layers.Dense(1, activation="sigmoid")])


def test_exercise_1_parameter_counts():
    assert keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(4)]).count_params() == 16
    two = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(4), keras.layers.Dense(2)])
    assert two.count_params() == 26


def test_exercise_2_step_count():
    X, y = load_coffee_data()
    model = make_model()
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="binary_crossentropy")
    model.fit(X, y, epochs=3, batch_size=50, verbose=0)
    assert int(model.optimizer.iterations.numpy()) == 3 * math.ceil(200 / 50) == 12


def test_exercise_3_smaller_learning_rate_stays_on_the_plateau():
    X, y = load_coffee_data()
    norm = keras.layers.Normalization(axis=-1)
    norm.adapt(X)
    Xn = norm(X).numpy()
    seed_everything(0)
    keras.utils.set_random_seed(0)
    model = make_model()
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss=keras.losses.BinaryCrossentropy())
    history = model.fit(np.tile(Xn, (50, 1)), np.tile(y, (50, 1)), epochs=20, batch_size=64, verbose=0)
    assert 0.12 < history.history["loss"][-1] < 0.16
    wrong = (model.predict(Xn, verbose=0) >= 0.5) != y
    assert 0.92 <= 1 - wrong.mean() <= 0.96
    short_called_good = wrong & (X[:, [1]] < 12) & (y == 0)
    assert short_called_good.sum() >= 3, "the boundary is still open below 12 minutes"
