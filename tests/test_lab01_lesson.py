"""utils/labs/lab01/lesson.py: the hidden units' maps of lab 01, on a 0 to 1 colour scale."""
import numpy as np
import pytest
from matplotlib.collections import QuadMesh

from utils.figures.classification import plot_unit_maps
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


def test_every_map_names_the_features_it_is_given():
    fig = plot_sigmoid_unit_maps(sigmoid_units, *data(), xlabel="temperature (°C)",
                                 ylabel="duration (min)")
    maps = [ax for ax in fig.axes if ax.get_title().startswith("hidden unit")]
    assert len(maps) == 3
    assert all((ax.get_xlabel(), ax.get_ylabel()) == ("temperature (°C)", "duration (min)")
               for ax in maps)
    with pytest.raises(TypeError, match=r"ylabel must be a str \(a feature's name and unit\)"):
        plot_sigmoid_unit_maps(sigmoid_units, *data(), ylabel=3)
