"""utils.labs.lab03.figures.plot_softmax_bars: the scores beside their probabilities."""
import matplotlib
import numpy as np
import pytest

from utils.labs.lab03.figures import plot_softmax_bars
from utils.maths.softmax import softmax


def bar_heights(ax):
    return [patch.get_height() for patch in ax.patches]


def test_plot_softmax_bars_draws_scores_and_probabilities():
    fig = plot_softmax_bars([0.0, 1.0], softmax([0.0, 1.0]), class_names=["cat", "dog"])
    assert isinstance(fig, matplotlib.figure.Figure) and len(fig.axes) == 2
    ax_z, ax_a = fig.axes
    np.testing.assert_allclose(bar_heights(ax_z), [0.0, 1.0])
    np.testing.assert_allclose(bar_heights(ax_a), softmax([0.0, 1.0]))
    assert [t.get_text() for t in ax_a.texts] == ["0.269", "0.731"]
    assert [t.get_text() for t in ax_a.get_xticklabels()] == ["cat", "dog"]
    assert ax_a.get_title() == "probabilities a (sum = 1.000)"
    with pytest.raises(ValueError, match=r"a must have shape \(2\), got shape \(3,\)"):
        plot_softmax_bars([0.0, 1.0], [0.2, 0.3, 0.5])
    with pytest.raises(ValueError, match=r"a must hold probabilities in \[0, 1\]"):
        plot_softmax_bars([0.0, 1.0], [0.0, 1.0 + 1e-3])
    with pytest.raises(ValueError, match=r"class_names must have 2 entries \(one per score\)"):
        plot_softmax_bars([0.0, 1.0], [0.5, 0.5], class_names=["a", "b", "c"])
