"""utils.figures.curves.plot_curves: every kind of input, the target marks, coinciding curves,
the tick rule, and the error each bad input gets."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from utils.figures.curves import LONG_RUN, plot_curves
from utils.figures.style import OKABE_ITO


class FakeHistory:
    """What model.fit returns, as far as plot_curves reads it."""
    history = {"loss": [3.0, 2.0, 1.0], "val_loss": [3.5, 2.5, 2.0], "accuracy": [0.1, 0.2, 0.3]}


def legend_texts(ax):
    legend = ax.get_legend()
    return None if legend is None else [t.get_text() for t in legend.get_texts()]


def test_a_history_draws_loss_and_val_loss_but_not_accuracy():
    open_before = plt.get_fignums()
    fig = plot_curves(FakeHistory())
    ax = fig.axes[0]
    loss, val = ax.get_lines()
    np.testing.assert_array_equal(loss.get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(loss.get_ydata(), [3.0, 2.0, 1.0])
    np.testing.assert_array_equal(val.get_ydata(), [3.5, 2.5, 2.0])
    assert legend_texts(ax) == ["loss", "val loss"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("epoch", "cost J")
    assert plt.get_fignums() == open_before, "plot_curves must close its figure (Jupyter shows it once)"


def test_a_history_with_many_metrics_draws_only_its_losses():
    history = {"loss": [1.0, 0.5], **{f"metric_{k}": [0.1, 0.2] for k in range(9)}}
    assert len(plot_curves(history).axes[0].get_lines()) == 1


def test_a_history_dict_or_a_list_with_one_loss_has_no_legend():
    for curves in ({"loss": [1.0, 0.5]}, [1.0, 0.5], np.array([1.0, 0.5])):
        ax = plot_curves(curves, title="t").axes[0]
        assert len(ax.get_lines()) == 1 and legend_texts(ax) is None
        assert ax.get_title() == "t"


def test_named_curves_always_get_a_legend_and_the_house_colours():
    ax = plot_curves({"Adam, learning rate 0.05": [1.0, 0.1]}).axes[0]
    assert legend_texts(ax) == ["Adam, learning rate 0.05"]
    ax = plot_curves({"a": [3.0, 2.0], "b": [1.0, 2.0, 0.5]}).axes[0]
    assert [line.get_color() for line in ax.get_lines()] == OKABE_ITO[:2]
    np.testing.assert_array_equal(ax.get_lines()[1].get_xdata(), [1, 2, 3])   # its own epochs


def test_log_axes():
    ax = plot_curves([1.0, 0.1, 0.01], logy=True, logx=True).axes[0]
    assert (ax.get_xscale(), ax.get_yscale()) == ("log", "log")
    assert plot_curves([1.0, 0.5]).axes[0].get_yscale() == "linear"


def test_the_first_epoch_at_the_target_is_marked():
    fig = plot_curves({"a": [0.9, 0.4, 0.1], "b": [0.9, 0.8, 0.7]}, target=0.5)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.texts] == ["epoch 2"]     # "b" never reaches 0.5: no mark
    dots = [ln for ln in ax.lines if ln.get_marker() == "o"]
    assert len(dots) == 1 and (dots[0].get_xdata(), dots[0].get_ydata()) == (2, 0.4)
    assert legend_texts(ax) == ["a", "b", "target loss 0.5"]
    target = ax.lines[-1]
    np.testing.assert_array_equal(target.get_ydata(), [0.5, 0.5])


def test_a_target_on_a_given_x_axis_names_that_x():
    ax = plot_curves([0.9, 0.4, 0.1], x=[10.0, 20.0, 30.0], xlabel="step", target=0.4).axes[0]
    assert [t.get_text() for t in ax.texts] == ["step 20"]


def test_coinciding_curves_stay_visible_as_a_band_and_a_dashed_line():
    x = np.arange(1, 6)
    fig = plot_curves({"first": x ** -1.0, "second": x ** -1.0 + 1e-9}, title="t")
    band, line = fig.axes[0].get_lines()
    assert band.get_linewidth() == 7 and band.get_alpha() == 0.35
    assert line.get_linewidth() == 1.8 and line.get_linestyle() == "--"
    np.testing.assert_allclose(line.get_ydata(), band.get_ydata())
    assert legend_texts(fig.axes[0]) == ["first", "second"]


def test_curves_that_differ_are_plain_lines():
    lines = plot_curves({"relu": [1.0, 0.5, 0.2], "sigmoid": [1.0, 0.9, 0.8]}).axes[0].get_lines()
    assert [(ln.get_linewidth(), ln.get_linestyle()) for ln in lines] == [(1.5, "-"), (1.5, "-")]


def test_a_given_x_axis_is_used_for_every_curve():
    z = np.linspace(-6.0, 6.0, 13)
    p = 1 / (1 + np.exp(-z))
    ax = plot_curves({"sigmoid": p, "softmax": p.copy()}, x=z, xlabel="$z_1$",
                     ylabel="probability").axes[0]
    for line in ax.get_lines():
        np.testing.assert_allclose(line.get_xdata(), z)
    assert ax.get_xlabel() == "$z_1$"


def test_epoch_ticks_are_whole_numbers():
    ax = plot_curves([3.0, 2.0, 1.5, 1.2]).axes[0]
    ticks = ax.get_xticks()
    assert len(ticks) > 2
    np.testing.assert_array_equal(ticks, np.round(ticks))
    long_run = plot_curves(np.linspace(1, 0, LONG_RUN)).axes[0].get_xticks()
    np.testing.assert_array_equal(long_run, np.round(long_run))
    z = plot_curves([1.0, 2.0, 3.0], x=[0.0, 0.25, 0.5], xlabel="z").axes[0].get_xticks()
    assert not np.array_equal(z, np.round(z))          # a given x axis keeps matplotlib's ticks


@pytest.mark.parametrize("curves, kwargs, error, match", [
    ([[1, 2]], {}, ValueError, "curves must be 1-D, got 2-D"),
    (np.array(["a"]), {}, TypeError, "curves must hold numbers"),
    ({}, {}, TypeError, "curves must be a dict of 1 to 8 entries label -> values, got dict {}"),
    ({str(i): [1.0] for i in range(9)}, {}, TypeError, "curves must be a dict of 1 to 8 entries"),
    ({"a": [[0.9, 0.4]]}, {}, ValueError, r"curves\['a'\] must be 1-D"),
    ({"loss": [1.0], "val_loss": "high"}, {}, TypeError, r"curves\['val_loss'\] must be numbers"),
    ({"a": [1.0, 2.0, 3.0], "b": [1.0, 2.0]}, {"x": [0, 1, 2]}, ValueError,
     r"curves\['b'\] must have one value per entry of x \(3\), got 2"),
    ([1.0, 2.0], {"x": [[0, 1]]}, ValueError, "x must be 1-D"),
    ([1.0, 2.0], {"target": "low"}, TypeError, "target must be a number, got str 'low'"),
    ([1.0, 2.0], {"logy": "yes"}, TypeError, "logy must be True or False, got str 'yes'"),
])
def test_bad_input_gets_a_clear_error(curves, kwargs, error, match):
    with pytest.raises(error, match=match):
        plot_curves(curves, **kwargs)
