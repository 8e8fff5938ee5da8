"""utils.labs.lab05.figures: digit grids and one digit's prediction."""
import numpy as np
import pytest
from matplotlib.colors import to_hex

from utils.labs.lab05.figures import plot_digit_grid, plot_digit_prediction
from fakes import images, probs
from utils.figures.style import COLORS


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
    assert [t.get_text() for t in titles] == ["1 / 1\n(0.900)", "2 / 7\n(0.550)", "3 / 3\n(0.800)"]
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
