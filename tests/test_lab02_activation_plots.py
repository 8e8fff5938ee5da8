"""utils.labs.lab02.activation_plots.plot_activations: one panel per function, g solid and g' dashed."""
import numpy as np
import pytest

from utils.labs.lab02.activation_plots import plot_activations
from utils.labs.lab02 import activations as act


def test_plot_activations_draws_each_function_and_its_derivative():
    z = np.linspace(-3, 3, 7)
    fig = plot_activations(z, {"relu": (act.relu(z), act.relu_derivative(z)),
                               "tanh": (act.tanh(z), act.tanh_derivative(z)),
                               "sigmoid": (act.sigmoid(z), act.sigmoid_derivative(z))})
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in visible] == ["relu", "tanh", "sigmoid"]
    assert len(fig.axes) == 4                          # two rows of two, the last one hidden
    lines = [ln for ln in visible[0].lines if ln.get_label() in ("g(z)", "g'(z)")]
    np.testing.assert_allclose(lines[0].get_ydata(), act.relu(z))
    np.testing.assert_allclose(lines[1].get_ydata(), act.relu_derivative(z))
    assert (lines[0].get_linestyle(), lines[1].get_linestyle()) == ("-", "--")
    assert visible[0].get_ylim() == visible[2].get_ylim() == (-1.5, 3.0)     # shared limits


def test_one_function_gets_one_panel():
    z = np.linspace(-1, 1, 3)
    fig = plot_activations(z, {"linear": (z, np.ones(3))})
    assert len(fig.axes) == 1 and fig.axes[0].get_xlabel() == "z"


def test_plot_activations_rejects_bad_input():
    z = np.linspace(-3, 3, 7)
    with pytest.raises(ValueError, match=r"curves\['relu'\]\[1\] must have shape \(7\), got shape \(6,\)"):
        plot_activations(z, {"relu": (act.relu(z), np.zeros(6))})
    with pytest.raises(TypeError, match=r"curves\['relu'\] must be a pair"):
        plot_activations(z, {"relu": act.relu(z)})
    with pytest.raises(TypeError, match=r"curves must be a dict of 1 to 8 entries"):
        plot_activations(z, [act.relu(z)])
