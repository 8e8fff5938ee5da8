"""utils/labs/lab01/lesson.py, and a claim of lab 01's prose that no cell of the lab can check
cheaply (why the end-of-epoch cost is the higher one after the second drop)."""
import keras
import numpy as np
import pytest
from matplotlib.collections import QuadMesh

from utils.labs.lab01.data import load_coffee_data
from utils.figures.classification import plot_unit_maps
from utils.lab_setup import seed_everything
from utils.labs.lab01.lesson import plot_sigmoid_unit_maps


def sigmoid_units(G):
    return 1 / (1 + np.exp(-(G @ np.array([[1.0, -2.0, 3.0], [0.5, 1.0, -1.0]]))))


def data():
    X = np.random.default_rng(0).normal(size=(30, 2))
    return X, (X[:, 0] > 0).astype(int)


def meshes(fig):
    return [m for ax in fig.axes if ax.get_title().startswith("hidden unit")
            for m in ax.collections if isinstance(m, QuadMesh)]


def test_every_sigmoid_map_and_colour_bar_spans_0_to_1():
    fig = plot_sigmoid_unit_maps(sigmoid_units, *data(), title="t")
    found = meshes(fig)
    assert len(found) == 3
    assert all(m.get_clim() == (0.0, 1.0) for m in found)
    bars = [ax for ax in fig.axes if not ax.get_title()]
    assert len(bars) == 3 and all(ax.get_ylim() == (0.0, 1.0) for ax in bars)


def test_the_shared_plot_would_end_its_bars_above_1():
    """The reason for the helper: plot_unit_maps scales each bar to 1.25 x the unit's maximum."""
    fig = plot_unit_maps(sigmoid_units, *data())
    assert any(m.get_clim()[1] > 1.0 for m in meshes(fig))


def test_bad_arguments_are_plot_unit_maps_errors():
    with pytest.raises(TypeError, match="units must be a function"):
        plot_sigmoid_unit_maps("not a function", *data())


@pytest.mark.slow
def test_after_the_second_drop_the_short_last_batch_raises_the_cost():
    """Section 6 says the epochs end with a step on a short batch of 16 rows; after the second
    drop (epochs 13-20) that step raises the cost in every epoch, and the end-of-epoch cost is above
    the epoch's mean."""
    X, y = load_coffee_data()
    norm = keras.layers.Normalization(axis=-1)
    norm.adapt(X)
    Xn = norm(X).numpy()
    seed_everything(0)
    model = keras.Sequential([keras.Input(shape=(2,)),
                              keras.layers.Dense(3, activation="sigmoid"),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.1),
                  loss=keras.losses.BinaryCrossentropy())
    loss_fn = keras.losses.BinaryCrossentropy()
    before_last, after_last = [], []

    def record(batch, logs):
        if batch == 155:
            before_last.append(float(loss_fn(y, model(Xn))))
        elif batch == 156:
            after_last.append(float(loss_fn(y, model(Xn))))

    history = model.fit(np.tile(Xn, (50, 1)), np.tile(y, (50, 1)), batch_size=64, epochs=20,
                        verbose=0,
                        callbacks=[keras.callbacks.LambdaCallback(on_train_batch_end=record)])
    mean = history.history["loss"]
    assert len(after_last) == 20
    for e in range(12, 20):
        assert after_last[e] > before_last[e], f"epoch {e + 1}: the last step lowered the cost"
        assert mean[e] < after_last[e], f"epoch {e + 1}: the mean is above the end-of-epoch cost"
