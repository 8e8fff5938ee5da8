"""The practice lab's figures (utils.plotting), its prediction browser (utils.widgets) and the
cross-validation script's models (utils.crossval)."""
import numpy as np
import pytest
from matplotlib.colors import to_hex

from utils.plotting import COLORS, plot_digit_grid, plot_digit_prediction
from utils.widgets import digit_prediction_browser


def images(n, seed=0):
    return np.random.default_rng(seed).random((n, 400))


def probs(rows, seed=0):
    z = np.random.default_rng(seed).normal(size=(rows, 10)) * 3
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


# --- plot_digit_grid -------------------------------------------------------------------------

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
    X = images(3)
    fig = plot_digit_grid(X, [1, 2, 3], y_pred=[1, 7, 3], p_pred=[0.9, 0.55, 0.8])
    titles = [ax.title for ax in fig.axes]
    assert [t.get_text() for t in titles] == ["1 / 1\n(0.90)", "2 / 7\n(0.55)", "3 / 3\n(0.80)"]
    assert to_hex(titles[1].get_color()) == COLORS["red"].lower()
    assert to_hex(titles[0].get_color()) == COLORS["black"].lower()


def test_digit_grid_bad_input():
    with pytest.raises(ValueError, match=r"X must have 400 columns \(one 20x20 image per row\), got shape \(2, 30\)"):
        plot_digit_grid(np.zeros((2, 30)), [0, 1])
    with pytest.raises(ValueError, match=r"X must hold 1 to 60 images \(one per row\), got 61"):
        plot_digit_grid(images(61), np.zeros(61, int))
    with pytest.raises(ValueError, match=r"y must have one label per image \(2\), got 3"):
        plot_digit_grid(images(2), [0, 1, 2])
    with pytest.raises(ValueError, match="p_pred needs y_pred"):
        plot_digit_grid(images(2), [0, 1], p_pred=[0.5, 0.5])
    with pytest.raises(ValueError, match=r"p_pred must hold probabilities in \[0, 1\]"):
        plot_digit_grid(images(2), [0, 1], y_pred=[0, 1], p_pred=[0.5, 1.5])
    with pytest.raises(TypeError, match=r"image_shape must be a pair \(rows, cols\)"):
        plot_digit_grid(images(2), [0, 1], image_shape=400)


# --- plot_digit_prediction -----------------------------------------------------------------

def test_digit_prediction_bars_are_the_probabilities_and_colours_say_right_or_wrong():
    p = probs(1)[0]
    pred = int(p.argmax())
    fig = plot_digit_prediction(images(1)[0], p, true_label=pred)
    ax_img, ax_p = fig.axes
    heights = [bar.get_height() for bar in ax_p.patches]
    np.testing.assert_allclose(heights, p)
    assert to_hex(ax_p.patches[pred].get_facecolor()) == COLORS["blue"].lower()
    assert ax_img.get_title() == f"true digit {pred}, predicted {pred}"
    wrong_label = (pred + 1) % 10
    fig = plot_digit_prediction(images(1)[0], p, true_label=wrong_label)
    bars = fig.axes[1].patches
    assert to_hex(bars[pred].get_facecolor()) == COLORS["red"].lower()
    assert to_hex(bars[wrong_label].get_facecolor()) == COLORS["green"].lower()


def test_digit_prediction_bad_input():
    with pytest.raises(ValueError, match="probabilities must be in \\[0, 1\\] and sum to 1, got sum 2"):
        plot_digit_prediction(images(1)[0], np.full(10, 0.2))
    with pytest.raises(ValueError, match=r"image must have 400 columns"):
        plot_digit_prediction(np.zeros(399), probs(1)[0])
    with pytest.raises(ValueError, match="true_label must be <= 9, got 10"):
        plot_digit_prediction(images(1)[0], probs(1)[0], true_label=10)


# --- plot_confusion_matrix(highlight_errors=True), the lab's confusion matrix -----------------

def _cm():
    cm = np.diag([97, 93, 94, 90]).astype(int)
    cm[1, 3], cm[3, 1], cm[0, 2] = 4, 1, 3
    return cm


def test_confusion_matrix_highlight_errors_scales_colours_to_the_mistakes():
    from matplotlib.colors import to_rgba
    from utils.plotting import plot_confusion_matrix
    cm = _cm()
    fig = plot_confusion_matrix(cm, highlight_errors=True, title="t")
    ax, bar_ax = fig.axes
    image = ax.images[0]
    shown = image.get_array()
    assert np.array_equal(np.ma.getmaskarray(shown), np.eye(4, dtype=bool))   # diagonal masked
    assert image.get_clim() == (0.0, 4.0)                   # the largest mistake, not the 97
    assert to_rgba(image.cmap.get_bad()) == to_rgba("0.88")  # the diagonal drawn grey
    assert image.cmap(image.norm(4.0)) != image.cmap(image.norm(0.0))
    texts = {(round(t.get_position()[1]), round(t.get_position()[0])): t for t in ax.texts}
    assert texts[(0, 0)].get_text() == "97" and texts[(1, 3)].get_text() == "4"
    assert to_hex(texts[(1, 3)].get_color()) == "#ffffff"   # the largest mistake: white text
    assert to_hex(texts[(0, 0)].get_color()) == "#000000"   # the diagonal: black on grey
    assert bar_ax.get_ylabel() == "mistakes (cells off the diagonal)"
    assert all(float(t).is_integer() for t in bar_ax.get_yticks())   # whole counts


def test_confusion_matrix_default_is_unchanged_and_bad_keyword():
    from utils.plotting import plot_confusion_matrix
    cm = _cm()
    image = plot_confusion_matrix(cm).axes[0].images[0]
    assert not np.ma.is_masked(image.get_array()) and image.get_clim() == (0.0, 97.0)
    normalized = plot_confusion_matrix(cm, normalize=True, highlight_errors=True).axes[0]
    np.testing.assert_allclose(normalized.images[0].get_clim(), (0.0, 4 / 97))
    no_mistakes = plot_confusion_matrix(np.diag([5, 5]), highlight_errors=True).axes[0]
    assert no_mistakes.images[0].get_clim() == (0.0, 1.0)
    with pytest.raises(TypeError, match="highlight_errors must be True or False, got"):
        plot_confusion_matrix(cm, highlight_errors="yes")


# --- digit_prediction_browser --------------------------------------------------------------

def test_browser_shows_the_chosen_example_and_can_filter_mistakes():
    X, P = images(20), probs(20)
    y = P.argmax(axis=1).copy()
    y[[3, 11]] = (y[[3, 11]] + 1) % 10                       # two mistakes
    control = digit_prediction_browser(X, y, P)
    d = control.current()
    assert (d["index"], d["true"], d["predicted"]) == (0, int(y[0]), int(P[0].argmax()))
    np.testing.assert_allclose(d["probabilities"], P[0])
    control.controls["example"].value = 5
    assert control.current()["index"] == 5
    np.testing.assert_allclose([b.get_height() for b in control.last_figure.axes[1].patches], P[5])
    control.controls["show"].value = "wrong"
    assert control.shown().tolist() == [3, 11]
    assert control.controls["example"].max == 1 and control.current()["index"] == 11
    control.controls["example"].value = 0
    d = control.current()
    assert d["index"] == 3 and d["true"] != d["predicted"]
    assert control.last_figure.axes[0].get_title() == f"true digit {d['true']}, predicted {d['predicted']}"
    assert control.status.value == ""
    assert control.image.value[:4] == b"\x89PNG"


def test_browser_with_no_mistakes_says_so_in_the_status_line():
    P = probs(5)
    control = digit_prediction_browser(images(5), P.argmax(axis=1), P)
    control.controls["show"].value = "wrong"
    assert "there are no misclassified examples to show" in control.status.value


def test_browser_bad_input():
    with pytest.raises(ValueError, match=r"X, y and probabilities must have one row per example, got 4, 5 and 5"):
        digit_prediction_browser(images(4), np.zeros(5, int), probs(5))
    with pytest.raises(ValueError, match="y must be class indices from 0 to 9"):
        digit_prediction_browser(images(2), [0, 12], probs(2))
    with pytest.raises(ValueError, match="probabilities must be 2-D"):
        digit_prediction_browser(images(2), [0, 1], probs(1)[0])


# --- utils.crossval --------------------------------------------------------------------------

def test_the_scripts_models_are_the_labs():
    from utils.checks import model_feedback
    from utils.crossval import build_cnn, build_course_model
    assert model_feedback(build_course_model()).passed
    cnn = build_cnn(4000)
    assert cnn.count_params() == 25_098                      # the number the lab asserts
    assert [type(layer).__name__ for layer in cnn.layers] == [
        "Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Flatten", "Dense"]
    assert cnn.output_shape == (None, 10)


def test_cross_validate_runs_one_model_per_fold(monkeypatch):
    import utils.crossval as cv
    monkeypatch.setattr(cv, "DENSE_EPOCHS", 1)
    rng = np.random.default_rng(0)
    X, y = rng.random((100, 400)), np.repeat(np.arange(10), 10)
    lines = []
    accs = cv.cross_validate(X, y, k=5, report=lines.append)
    assert accs.shape == (5,) and np.all((0 <= accs) & (accs <= 1))
    assert len(lines) == 5 and lines[0].startswith("  fold 1: trained on 80, held out 20 (2-2 per digit)")
    with pytest.raises(ValueError, match=r"X must have shape \(any, 400\), got shape \(100, 3\)"):
        cv.cross_validate(np.zeros((100, 3)), y)
