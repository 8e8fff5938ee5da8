"""The controls of labs 03 and 04 (softmax sliders, decision-threshold slider) driven without a
browser, and the plot helpers those labs added to utils.plotting."""
import matplotlib
import numpy as np
import pytest

from utils.metrics import per_label_accuracy, per_label_errors
from utils.plotting import (plot_label_errors, plot_label_probabilities, plot_multilabel_images,
                            plot_softmax_bars, plot_threshold_curves, plot_unit_maps)
from utils.softmax import softmax
from utils.widgets import softmax_control, threshold_control

PNG = b"\x89PNG"


def bar_heights(ax):
    return np.array([p.get_height() for p in ax.patches])


# --- the softmax control -----------------------------------------------------------------------

def test_softmax_control_starts_with_the_softmax_of_its_scores():
    control = softmax_control((1.0, 2.0, 0.5, -1.0))
    descriptions = [w.description for w in control.controls.values()]
    assert descriptions == ["z0", "z1", "z2", "z3", "add c"]
    np.testing.assert_allclose(control.probabilities(), softmax([1.0, 2.0, 0.5, -1.0]))
    ax_z, ax_a = control.last_figure.axes
    np.testing.assert_allclose(bar_heights(ax_z), [1.0, 2.0, 0.5, -1.0])
    np.testing.assert_allclose(bar_heights(ax_a), softmax([1.0, 2.0, 0.5, -1.0]))
    assert bytes(control.image.value).startswith(PNG)
    assert control.status.value == ""
    assert "z0=1.0" in repr(control) and "0x" not in repr(control)


def test_moving_a_slider_redraws_with_the_new_probabilities():
    control = softmax_control((1.0, 2.0, 0.5, -1.0))
    before_png, before_fig = bytes(control.image.value), control.last_figure
    control.controls["z0"].value = 5.0
    want = softmax([5.0, 2.0, 0.5, -1.0])
    assert control.last_figure is not before_fig
    assert bytes(control.image.value) != before_png
    np.testing.assert_allclose(control.probabilities(), want)
    np.testing.assert_allclose(bar_heights(control.last_figure.axes[1]), want)
    assert want[0] > 0.9          # the raised score takes most of the probability
    texts = [t.get_text() for t in control.last_figure.axes[1].texts]
    assert texts == [f"{v:.3f}" for v in want]


def test_adding_a_constant_moves_the_scores_but_not_the_probabilities():
    control = softmax_control((1.0, 2.0, 0.5, -1.0))
    p0 = control.probabilities()
    control.controls["c"].value = 7.5
    np.testing.assert_allclose(control.scores(), [8.5, 9.5, 8.0, 6.5])
    np.testing.assert_allclose(bar_heights(control.last_figure.axes[0]), [8.5, 9.5, 8.0, 6.5])
    np.testing.assert_allclose(control.probabilities(), p0, rtol=1e-12)
    np.testing.assert_allclose(bar_heights(control.last_figure.axes[1]), p0, rtol=1e-12)


def test_equal_scores_give_equal_probabilities_even_at_the_slider_ends():
    control = softmax_control((1.0, 2.0, 0.5))
    for name in ("z0", "z1", "z2"):
        control.controls[name].value = 10.0
    control.controls["c"].value = 10.0
    np.testing.assert_allclose(bar_heights(control.last_figure.axes[1]), [1 / 3] * 3)
    assert control.status.value == ""


def test_softmax_control_rejects_bad_arguments():
    with pytest.raises(ValueError, match=r"z must have 2 to 8 scores \(one per class\), got 1"):
        softmax_control([1.0])
    with pytest.raises(ValueError, match=r"z must be 1-D, got 2-D"):
        softmax_control([[1.0, 2.0]])
    with pytest.raises(ValueError, match=r"z must lie between low=-10 and high=10, got values "
                                         r"from 1 to 20"):
        softmax_control([1.0, 20.0])
    with pytest.raises(ValueError, match=r"high must be > -1"):
        softmax_control([0.0, 0.0], low=-1.0, high=-2.0)
    with pytest.raises(ValueError, match=r"class_names must have 2 entries"):
        softmax_control([0.0, 1.0], class_names=["a", "b", "c"])


# --- the threshold control ---------------------------------------------------------------------

def _multilabel_example():
    rng = np.random.default_rng(1)
    Y = (rng.random((60, 3)) < 0.5).astype(float)
    P = np.clip(Y * 0.6 + rng.random((60, 3)) * 0.5, 0, 1)
    return Y, P


def test_threshold_control_shows_the_metrics_at_its_threshold():
    Y, P = _multilabel_example()
    control = threshold_control(Y, P, ["car", "bus", "pedestrian"])
    assert [w.description for w in control.controls.values()] == ["threshold"]
    acc, fp, fn = control.numbers()
    np.testing.assert_allclose(acc, per_label_accuracy(Y, P, 0.5))
    ax_acc, ax_err = control.last_figure.axes
    np.testing.assert_allclose(bar_heights(ax_acc), acc)
    np.testing.assert_allclose(bar_heights(ax_err), np.concatenate([fp, fn]))
    assert bytes(control.image.value).startswith(PNG)


def test_moving_the_threshold_trades_false_alarms_for_misses():
    Y, P = _multilabel_example()
    control = threshold_control(Y, P, ["car", "bus", "pedestrian"])
    _, fp_mid, fn_mid = control.numbers()
    control.controls["threshold"].value = 0.9
    acc, fp_high, fn_high = control.numbers()
    np.testing.assert_allclose(acc, per_label_accuracy(Y, P, 0.9))
    want_fp, want_fn = per_label_errors(Y, P, 0.9)
    np.testing.assert_array_equal(fp_high, want_fp)
    np.testing.assert_array_equal(fn_high, want_fn)
    assert np.all(fp_high <= fp_mid) and np.all(fn_high >= fn_mid)
    assert fn_high.sum() > fn_mid.sum()
    np.testing.assert_allclose(bar_heights(control.last_figure.axes[0]), acc)
    assert "Decision threshold 0.90" in control.last_figure._suptitle.get_text()


def test_threshold_control_rejects_bad_arguments():
    Y, P = _multilabel_example()
    with pytest.raises(ValueError, match=r"label_names must have 3 entries"):
        threshold_control(Y, P, ["car", "bus"])
    with pytest.raises(ValueError, match=r"P must hold probabilities in \[0, 1\]"):
        threshold_control(Y, P * 4 - 2, ["car", "bus", "pedestrian"])
    with pytest.raises(ValueError, match=r"threshold must be <= 0.95, got 0.99"):
        threshold_control(Y, P, ["car", "bus", "pedestrian"], threshold=0.99)


# --- plot helpers ------------------------------------------------------------------------------

def test_plot_softmax_bars_checks_its_inputs():
    fig = plot_softmax_bars([0.0, 1.0], softmax([0.0, 1.0]), class_names=["cat", "dog"])
    assert isinstance(fig, matplotlib.figure.Figure) and len(fig.axes) == 2
    assert [t.get_text() for t in fig.axes[1].get_xticklabels()] == ["cat", "dog"]
    with pytest.raises(ValueError, match=r"a must have shape \(2\), got shape \(3,\)"):
        plot_softmax_bars([0.0, 1.0], [0.2, 0.3, 0.5])
    with pytest.raises(ValueError, match=r"a must hold probabilities in \[0, 1\]"):
        plot_softmax_bars([0.0, 1.0], [0.0, 1.0 + 1e-3])


def test_plot_unit_maps_calls_the_units_once_on_the_grid():
    calls = []

    def units(G):
        calls.append(G.shape)
        return np.maximum(0, G @ np.array([[1.0, -1.0], [0.5, 2.0]]))

    X = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, -1.0]])
    fig = plot_unit_maps(units, X, [0, 1, 2], resolution=20)
    assert calls == [(400, 2)]
    assert [ax.get_title() for ax in fig.axes if ax.get_title().startswith("hidden")] == \
        ["hidden unit 0", "hidden unit 1"]
    with pytest.raises(ValueError, match=r"units must return an array of shape \(N, U\) for "
                                         r"N = 400 points, got shape \(400,\)"):
        plot_unit_maps(lambda G: G[:, 0], X, [0, 1, 2], resolution=20)
    with pytest.raises(TypeError, match=r"units must be a function"):
        plot_unit_maps(np.zeros(3), X, [0, 1, 2])


def test_plot_multilabel_images_titles_say_true_and_predicted_labels():
    images = np.zeros((2, 4, 5))
    Y = np.array([[1, 0, 1], [0, 0, 0]])
    P = np.array([[0.9, 0.7, 0.2], [0.1, 0.2, 0.3]])
    fig = plot_multilabel_images(images, Y, ["car", "bus", "pedestrian"], P=P)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles == ["true: car, pedestrian\npred: car, bus", "true: nothing\npred: nothing"]
    fig = plot_multilabel_images(images, Y, ["car", "bus", "pedestrian"], hlines=(1.5, 2.5))
    assert [len(ax.get_lines()) for ax in fig.axes] == [2, 2]
    with pytest.raises(ValueError, match=r"label_names must have 3 entries"):
        plot_multilabel_images(images, Y, ["car"])
    with pytest.raises(ValueError, match=r"images must hold 1 to 16 images, got 17"):
        plot_multilabel_images(np.zeros((17, 2, 2)), np.zeros((17, 1)), ["x"])


def test_plot_label_probabilities_and_threshold_curves():
    fig = plot_label_probabilities({"sigmoid": [0.9, 0.8, 0.95], "softmax": [0.3, 0.3, 0.4]},
                                   ["car", "bus", "pedestrian"])
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == ["threshold 0.5", "sigmoid (sum 2.65)", "softmax (sum 1.00)"]
    with pytest.raises(ValueError, match=r"probabilities\['x'\] must have shape \(3\)"):
        plot_label_probabilities({"x": [0.1, 0.2]}, ["car", "bus", "pedestrian"])
    t = np.linspace(0.1, 0.9, 5)
    fig = plot_threshold_curves(t, np.ones((5, 2)) * [0.8, 0.9], ["a", "b"], mark=0.5)
    assert len(fig.axes[0].get_lines()) == 3
    with pytest.raises(ValueError, match=r"values must have shape \(5, any\)"):
        plot_threshold_curves(t, np.ones((4, 2)), ["a", "b"])
    fig = plot_label_errors([0.9, 0.8], [1, 2], [3, 4], ["a", "b"], threshold=0.3)
    np.testing.assert_allclose(bar_heights(fig.axes[1]), [1, 2, 3, 4])


def test_plot_multilabel_images_outlines_each_present_object_in_its_label_colour():
    from matplotlib.colors import to_hex
    from matplotlib.patches import Rectangle
    from utils.plotting import class_color
    images = np.zeros((2, 8, 12))
    Y = np.array([[1, 0, 1], [0, 1, 0]])
    boxes = np.array([[[6, 2, 2, 3], [-1, -1, -1, -1], [0, 5, 3, 2]],
                      [[-1, -1, -1, -1], [3, 1, 3, 6], [-1, -1, -1, -1]]])
    fig = plot_multilabel_images(images, Y, ["car", "bus", "pedestrian"], boxes=boxes)
    image_axes = [ax for ax in fig.axes if ax.get_title()]
    drawn = [[(to_hex(p.get_edgecolor()), p.get_x(), p.get_y(), p.get_width(), p.get_height())
              for p in ax.patches if isinstance(p, Rectangle)] for ax in image_axes]
    assert [len(d) for d in drawn] == [2, 1]                 # only the present objects
    colour, x, y, width, height = drawn[0][0]                # the car of the first scene
    assert colour == to_hex(class_color(0))
    np.testing.assert_allclose([x, y, width, height], [1.62, 5.62, 2.76, 1.76])   # inset 0.12
    assert drawn[1][0][0] == to_hex(class_color(1))
    legend = fig.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == ["car", "bus", "pedestrian"]
    with pytest.raises(ValueError, match=r"boxes must have shape \(2, 3, 4\), got shape \(2, 3\)"):
        plot_multilabel_images(images, Y, ["car", "bus", "pedestrian"], boxes=boxes[..., 0])
    bad = boxes.copy()
    bad[0, 0, 3] = 0
    with pytest.raises(ValueError, match=r"boxes must give a positive height and width"):
        plot_multilabel_images(images, Y, ["car", "bus", "pedestrian"], boxes=bad)


def test_plot_label_errors_uses_no_label_colour_for_the_errors_and_whole_counts():
    from matplotlib.colors import to_hex
    from utils.plotting import class_color
    fig = plot_label_errors([0.9, 0.8, 0.7], [1, 2, 0], [3, 0, 1], ["a", "b", "c"],
                            threshold=0.5)
    ax_err = fig.axes[1]
    label_colours = {to_hex(class_color(j)) for j in range(3)}
    error_colours = {to_hex(p.get_facecolor()) for p in ax_err.patches}
    assert not error_colours & label_colours
    assert [p.get_hatch() for p in ax_err.patches] == ["///"] * 3 + [None] * 3
    ticks = ax_err.get_yticks()
    np.testing.assert_array_equal(ticks, np.round(ticks))    # no 0.5 of an example


def test_plot_overlaid_curves_keeps_coinciding_curves_visible():
    from utils.plotting import plot_overlaid_curves
    x = np.arange(1, 6)
    fig = plot_overlaid_curves(x, {"first": x ** -1.0, "second": x ** -1.0}, xlabel="epoch",
                               ylabel="cost J", title="t", integer_x=True)
    band, line = fig.axes[0].get_lines()
    assert band.get_linewidth() > 3 * line.get_linewidth() and line.get_linestyle() == "--"
    np.testing.assert_allclose(line.get_ydata(), band.get_ydata())
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["first", "second"]
    with pytest.raises(TypeError, match=r"curves must be a dict of 2 to 4 entries"):
        plot_overlaid_curves(x, {"only": x}, xlabel="x", ylabel="y", title="t")
    with pytest.raises(ValueError, match=r"curves\['b'\] must have shape \(5\), got shape \(4,\)"):
        plot_overlaid_curves(x, {"a": x, "b": x[:4]}, xlabel="x", ylabel="y", title="t")
