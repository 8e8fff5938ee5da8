"""utils/labs/lab04/figures.py: the street scenes with their objects outlined, the probabilities
of each label, the per-label accuracy against the threshold and the errors at one threshold,
checked through the artists they draw."""
import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.patches import Rectangle

from utils.figures.style import class_color
from utils.labs.lab04.figures import (plot_label_errors, plot_label_probabilities,
                                      plot_multilabel_images, plot_threshold_curves)

NAMES = ["car", "bus", "pedestrian"]


def bar_heights(ax):
    return np.array([p.get_height() for p in ax.patches])


# --- plot_multilabel_images --------------------------------------------------------------------

def test_plot_multilabel_images_titles_say_true_and_predicted_labels():
    scenes = np.zeros((2, 4, 5))
    Y = np.array([[1, 0, 1], [0, 0, 0]])
    P = np.array([[0.9, 0.7, 0.2], [0.1, 0.2, 0.3]])
    fig = plot_multilabel_images(scenes, Y, NAMES, P=P)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles == ["true: car, pedestrian\npred: car, bus", "true: nothing\npred: nothing"]
    fig = plot_multilabel_images(scenes, Y, NAMES, P=P, threshold=0.8)
    assert [ax.get_title() for ax in fig.axes][0] == "true: car, pedestrian\npred: car"
    fig = plot_multilabel_images(scenes, Y, NAMES, hlines=(1.5, 2.5))
    assert [len(ax.get_lines()) for ax in fig.axes] == [2, 2]
    assert [ax.get_lines()[0].get_ydata()[0] for ax in fig.axes] == [1.5, 1.5]
    with pytest.raises(ValueError, match=r"label_names must have 3 entries"):
        plot_multilabel_images(scenes, Y, ["car"])
    with pytest.raises(ValueError, match=r"images must hold 1 to 16 images, got 17"):
        plot_multilabel_images(np.zeros((17, 2, 2)), np.zeros((17, 1)), ["x"])
    with pytest.raises(ValueError, match=r"P must have shape \(2, 3\), got shape \(2, 2\)"):
        plot_multilabel_images(scenes, Y, NAMES, P=P[:, :2])


def test_plot_multilabel_images_outlines_each_present_object_in_its_label_colour():
    scenes = np.zeros((2, 8, 12))
    Y = np.array([[1, 0, 1], [0, 1, 0]])
    boxes = np.array([[[6, 2, 2, 3], [-1, -1, -1, -1], [0, 5, 3, 2]],
                      [[-1, -1, -1, -1], [3, 1, 3, 6], [-1, -1, -1, -1]]])
    fig = plot_multilabel_images(scenes, Y, NAMES, boxes=boxes)
    image_axes = [ax for ax in fig.axes if ax.get_title()]
    drawn = [[(to_hex(p.get_edgecolor()), p.get_x(), p.get_y(), p.get_width(), p.get_height())
              for p in ax.patches if isinstance(p, Rectangle)] for ax in image_axes]
    assert [len(d) for d in drawn] == [2, 1]                 # only the present objects
    colour, x, y, width, height = drawn[0][0]                # the car of the first scene
    assert colour == to_hex(class_color(0))
    np.testing.assert_allclose([x, y, width, height], [1.62, 5.62, 2.76, 1.76])   # inset 0.12
    assert drawn[1][0][0] == to_hex(class_color(1))
    legend = fig.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == NAMES
    assert min(ax.get_position().y0 for ax in image_axes) > 0.5 / fig.get_size_inches()[1]
    with pytest.raises(ValueError, match=r"boxes must have shape \(2, 3, 4\), got shape \(2, 3\)"):
        plot_multilabel_images(scenes, Y, NAMES, boxes=boxes[..., 0])
    bad = boxes.copy()
    bad[0, 0, 3] = 0
    with pytest.raises(ValueError, match=r"boxes must give a positive height and width"):
        plot_multilabel_images(scenes, Y, NAMES, boxes=bad)

# --- the probabilities, the threshold curves and the errors ------------------------------------

def test_plot_label_probabilities_groups_the_bars_of_each_model():
    fig = plot_label_probabilities({"sigmoid": [0.9, 0.8, 0.95], "softmax": [0.3, 0.3, 0.4]},
                                   ["car", "bus", "pedestrian"])
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["threshold 0.5", "sigmoid (sum 2.6500)", "softmax (sum 1.0000)"]
    np.testing.assert_allclose(bar_heights(ax), [0.9, 0.8, 0.95, 0.3, 0.3, 0.4])
    with pytest.raises(ValueError, match=r"probabilities\['x'\] must have shape \(3\)"):
        plot_label_probabilities({"x": [0.1, 0.2]}, ["car", "bus", "pedestrian"])
    with pytest.raises(TypeError, match=r"probabilities must be a non-empty dict"):
        plot_label_probabilities({}, ["car"])


def test_plot_threshold_curves_one_line_per_label_and_the_mark():
    t = np.linspace(0.1, 0.9, 5)
    fig = plot_threshold_curves(t, np.ones((5, 2)) * [0.8, 0.9], ["a", "b"], mark=0.5)
    lines = fig.axes[0].get_lines()
    assert len(lines) == 3
    np.testing.assert_allclose(lines[1].get_ydata(), [0.9] * 5)
    np.testing.assert_allclose(lines[2].get_xdata(), [0.5, 0.5])              # the mark
    with pytest.raises(ValueError, match=r"values must have shape \(5, any\)"):
        plot_threshold_curves(t, np.ones((4, 2)), ["a", "b"])
    with pytest.raises(ValueError, match=r"label_names must have 2 entries"):
        plot_threshold_curves(t, np.ones((5, 2)), ["a"])


def test_plot_label_errors_uses_no_label_colour_for_the_errors_and_whole_counts():
    fig = plot_label_errors([0.9, 0.8, 0.7], [1, 2, 0], [3, 0, 1], ["a", "b", "c"],
                            threshold=0.5)
    ax_acc, ax_err = fig.axes
    np.testing.assert_allclose(bar_heights(ax_acc), [0.9, 0.8, 0.7])
    np.testing.assert_allclose(bar_heights(ax_err), [1, 2, 0, 3, 0, 1])
    label_colours = {to_hex(class_color(j)) for j in range(3)}
    error_colours = {to_hex(p.get_facecolor()) for p in ax_err.patches}
    assert not error_colours & label_colours
    assert [p.get_hatch() for p in ax_err.patches] == ["///"] * 3 + [None] * 3
    assert [t.get_text() for t in ax_err.texts] == ["1", "2", "0", "3", "0", "1"]   # the counts
    ticks = ax_err.get_yticks()
    np.testing.assert_array_equal(ticks, np.round(ticks))    # no 0.5 of an example
    assert fig._suptitle.get_text() == "Decision threshold 0.50"
    with pytest.raises(ValueError, match=r"false_negatives must have shape \(3\)"):
        plot_label_errors([0.9, 0.8, 0.7], [1, 2, 0], [3, 0], ["a", "b", "c"], threshold=0.5)
