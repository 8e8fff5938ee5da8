"""utils.figures.images: multi-label scenes, digit grids and one digit's prediction."""
import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.patches import Rectangle

from utils.figures.images import plot_digit_grid, plot_digit_prediction, plot_multilabel_images
from fakes import images, probs
from utils.figures.style import COLORS, class_color

NAMES = ["car", "bus", "pedestrian"]


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


# --- plot_digit_grid ---------------------------------------------------------------------------

def test_digit_grid_draws_each_image_upright_with_its_label():
    X = images(12)
    y = np.arange(12) % 10
    fig = plot_digit_grid(X, y, ncols=5, title="t")
    shown = [ax for ax in fig.axes if ax.images]
    assert len(fig.axes) == 15 and len(shown) == 12          # 3 rows of 5, 3 left empty
    np.testing.assert_allclose(shown[3].images[0].get_array(), X[3].reshape(20, 20))
    assert [ax.get_title() for ax in shown[:3]] == ["0", "1", "2"]
    assert fig._suptitle.get_text() == "t"


def test_digit_grid_with_predictions_marks_mistakes_in_red():
    fig = plot_digit_grid(images(3), [1, 2, 3], y_pred=[1, 7, 3], p_pred=[0.9, 0.55, 0.8])
    titles = [ax.title for ax in fig.axes]
    assert [t.get_text() for t in titles] == ["1 / 1\n(0.90)", "2 / 7\n(0.55)", "3 / 3\n(0.80)"]
    assert to_hex(titles[1].get_color()) == COLORS["red"].lower()
    assert to_hex(titles[0].get_color()) == COLORS["black"].lower()


def test_digit_grid_bad_input():
    with pytest.raises(ValueError, match=r"X must have 400 columns \(one 20x20 image per row\), "
                                         r"got shape \(2, 30\)"):
        plot_digit_grid(np.zeros((2, 30)), [0, 1])
    with pytest.raises(ValueError, match=r"X must hold 1 to 60 images \(one per row\), got 61"):
        plot_digit_grid(images(61), np.zeros(61, int))
    with pytest.raises(ValueError, match=r"y must have one label per image \(2\), got 3"):
        plot_digit_grid(images(2), [0, 1, 2])
    with pytest.raises(ValueError, match=r"y_pred must have one label per image \(2\), got 1"):
        plot_digit_grid(images(2), [0, 1], y_pred=[0])
    with pytest.raises(ValueError, match="p_pred needs y_pred"):
        plot_digit_grid(images(2), [0, 1], p_pred=[0.5, 0.5])
    with pytest.raises(ValueError, match=r"p_pred must hold probabilities in \[0, 1\]"):
        plot_digit_grid(images(2), [0, 1], y_pred=[0, 1], p_pred=[0.5, 1.5])
    with pytest.raises(TypeError, match=r"image_shape must be a pair \(rows, cols\)"):
        plot_digit_grid(images(2), [0, 1], image_shape=400)


# --- plot_digit_prediction ---------------------------------------------------------------------

def test_digit_prediction_bars_are_the_probabilities_and_colours_say_right_or_wrong():
    p = probs(1)[0]
    pred = int(p.argmax())
    fig = plot_digit_prediction(images(1)[0], p, true_label=pred)
    ax_img, ax_p = fig.axes
    np.testing.assert_allclose([bar.get_height() for bar in ax_p.patches], p)
    assert to_hex(ax_p.patches[pred].get_facecolor()) == COLORS["blue"].lower()
    assert ax_img.get_title() == f"true digit {pred}, predicted {pred}"
    wrong_label = (pred + 1) % 10
    fig = plot_digit_prediction(images(1)[0], p, true_label=wrong_label)
    bars = fig.axes[1].patches
    assert to_hex(bars[pred].get_facecolor()) == COLORS["red"].lower()
    assert to_hex(bars[wrong_label].get_facecolor()) == COLORS["green"].lower()
    assert to_hex(fig.axes[0].title.get_color()) == COLORS["red"].lower()


def test_digit_prediction_bad_input():
    with pytest.raises(ValueError, match=r"probabilities must sum to 1, got sums from 2 to 2"):
        plot_digit_prediction(images(1)[0], np.full(10, 0.2))
    with pytest.raises(ValueError, match=r"probabilities must hold probabilities in \[0, 1\]"):
        plot_digit_prediction(images(1)[0], np.array([1.5, -0.5]))
    with pytest.raises(ValueError, match=r"image must have 400 columns"):
        plot_digit_prediction(np.zeros(399), probs(1)[0])
    with pytest.raises(ValueError, match=r"image must be one image \(a vector of 400 values\), "
                                         r"got 2"):
        plot_digit_prediction(images(2), probs(1)[0])
    with pytest.raises(ValueError, match="true_label must be <= 9, got 10"):
        plot_digit_prediction(images(1)[0], probs(1)[0], true_label=10)
