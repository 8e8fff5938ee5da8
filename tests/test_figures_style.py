"""utils.figures.style: the house palette, sizes, new_figure, label_bars and finish."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from utils.figures import style


def test_apply_style_sets_palette_and_size():
    style.apply_style()
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    assert colors == style.OKABE_ITO
    assert tuple(plt.rcParams["figure.figsize"]) == style.FIGSIZE
    assert plt.rcParams["axes.spines.top"] is False


def test_class_color_cycles_after_eight_classes():
    assert style.class_color(0) == style.COLORS["blue"] == "#0072B2"
    assert style.class_color(9) == style.OKABE_ITO[1]
    with pytest.raises(ValueError, match="k must be >= 0, got -1"):
        style.class_color(-1)
    with pytest.raises(TypeError, match=r"k must be a whole number \(int\), got float 1.5"):
        style.class_color(1.5)


def test_new_figure_sizes_and_bad_grid():
    fig, ax = style.new_figure()
    assert tuple(fig.get_size_inches()) == style.FIGSIZE
    fig, axes = style.new_figure(3, 2)
    assert axes.shape == (2, 3)
    np.testing.assert_allclose(fig.get_size_inches(), (9.9, 6.4))
    plt.close("all")
    with pytest.raises(ValueError, match="ncols must be >= 1, got 0"):
        style.new_figure(0)
    with pytest.raises(ValueError, match="nrows must be <= 12, got 13"):
        style.new_figure(1, 13)


def test_label_bars_writes_each_value_above_its_bar():
    fig, ax = style.new_figure()
    bars = ax.bar([0, 1], [0.25, 0.5])
    style.label_bars(ax, bars, [0.25, 0.5], dy=0.02)
    assert [t.get_text() for t in ax.texts] == ["0.250", "0.500"]
    assert [t.get_position() for t in ax.texts] == [(0.0, 0.27), (1.0, 0.52)]
    plt.close(fig)


def test_finish_closes_the_figure_and_keeps_room_for_a_legend():
    fig, ax = style.new_figure()
    assert plt.fignum_exists(fig.number)
    assert style.finish(fig) is fig
    assert not plt.fignum_exists(fig.number), "finish must close the figure (Jupyter shows it once)"
    fig, ax = style.new_figure()
    style.finish(fig, rect=(0, 0.2, 1, 1))
    assert ax.get_position().y0 > 0.2          # the bottom fifth is left for the legend
