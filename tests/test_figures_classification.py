"""utils.figures.classification: classes, decision regions, hidden-unit maps, confusion matrix
and softmax bars, checked through the artists they draw."""
import numpy as np
import pytest
from matplotlib.colors import to_hex, to_rgba

from utils.figures.classification import (plot_classes, plot_confusion_matrix,
                                          plot_decision_boundary,
                                          plot_unit_maps)
from utils.figures.style import class_color

X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
y = np.array([0, 1, 1, 0])


def bar_heights(ax):
    return np.array([p.get_height() for p in ax.patches])


# --- plot_classes ------------------------------------------------------------------------------

def test_plot_classes_one_series_per_class():
    fig = plot_classes(X, y.reshape(-1, 1), class_names=["no", "yes"])   # a column is fine
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["no", "yes"]
    np.testing.assert_array_equal(ax.collections[1].get_offsets(), X[y == 1])
    assert to_hex(ax.collections[1].get_facecolor()[0]) == to_hex(class_color(1))
    with pytest.raises(ValueError, match=r"X must have shape \(any, 2\), got shape \(4, 3\)"):
        plot_classes(np.zeros((4, 3)), y)
    with pytest.raises(ValueError, match=r"y must have one label per row of X \(4\), got 3 labels"):
        plot_classes(X, y[:3])
    with pytest.raises(ValueError, match="class_names must name every class 0..1, got 1 names"):
        plot_classes(X, y, class_names=["only one"])


# --- plot_decision_boundary --------------------------------------------------------------------

def test_plot_decision_boundary_binary_draws_the_boundary_where_predict_switches():
    calls = []

    def predict(G):
        calls.append(G.shape)
        return (G[:, 0] > 0.5).astype(float).reshape(-1, 1)

    fig = plot_decision_boundary(predict, X, y, resolution=20)
    assert calls == [(400, 2)], "predict must be called once, on the whole grid"
    filled, boundary = fig.axes[0].collections[:2]
    np.testing.assert_allclose(filled.levels, [-0.5, 0.5, 1.5])          # two class regions
    assert [to_hex(c) for c in filled.cmap.colors] == [class_color(0).lower(),
                                                        class_color(1).lower()]
    line = np.concatenate(boundary.allsegs[0])           # the line between the two regions
    np.testing.assert_allclose(line[:, 0], 0.5, atol=1e-9)                  # at x1 = 0.5
    assert line[:, 1].min() < 0 and line[:, 1].max() > 1                  # across the plane


def test_plot_decision_boundary_multiclass_takes_the_arg_max():
    fig = plot_decision_boundary(lambda G: np.eye(3)[(G[:, 0] * 3).astype(int).clip(0, 2)],
                                 X, np.array([0, 1, 2, 2]), resolution=15)
    ax = fig.axes[0]
    assert len(ax.get_legend().get_texts()) == 3
    np.testing.assert_allclose(ax.collections[0].levels, [-0.5, 0.5, 1.5, 2.5])


def test_plot_decision_boundary_rejects_bad_input():
    with pytest.raises(TypeError, match=r"predict must be a function of an \(N, 2\) array"):
        plot_decision_boundary("model", X, y)
    with pytest.raises(ValueError, match=r"predict must return one row per input row \(100\), "
                                         r"got shape \(1,\)"):
        plot_decision_boundary(lambda G: np.zeros(1), X, y, resolution=10)
    with pytest.raises(ValueError, match="resolution must be >= 10, got 2"):
        plot_decision_boundary(lambda G: G[:, 0], X, y, resolution=2)
    with pytest.raises(ValueError, match="y must be 1-D, got 2-D"):
        plot_decision_boundary(lambda G: G[:, 0], X, np.zeros((4, 2)))


def test_plot_decision_boundary_rings_the_highlighted_points():
    def predict(G):
        return (G[:, 0] > 0.5).astype(float)

    for highlight in (np.array([False, True, False, True]), [1, 3], np.array([1, -1])):
        ax = plot_decision_boundary(predict, X, y, resolution=10, highlight=highlight).axes[0]
        rings = ax.collections[-1]
        np.testing.assert_array_equal(rings.get_offsets(), X[[1, 3]])
        assert to_hex(rings.get_edgecolor()[0]) == "#000000"
        assert rings.get_facecolor().size == 0 or rings.get_facecolor()[0][3] == 0
        assert ax.get_legend().get_texts()[-1].get_text() == "misclassified (2)"
    ax = plot_decision_boundary(predict, X, y, resolution=10, highlight=[],
                                highlight_label="wrong").axes[0]
    assert ax.get_legend().get_texts()[-1].get_text() == "wrong (0)"
    plain = plot_decision_boundary(predict, X, y, resolution=10).axes[0]   # default: no rings
    assert len(plain.collections) == len(ax.collections) - 1
    with pytest.raises(ValueError, match=r"highlight as a boolean mask must have one entry per "
                                         r"row of X \(4\), got shape \(3,\)"):
        plot_decision_boundary(predict, X, y, resolution=10, highlight=np.array([True] * 3))
    with pytest.raises(ValueError, match="highlight must be a boolean mask over the rows of X or "
                                         "row indices from 0 to 3"):
        plot_decision_boundary(predict, X, y, resolution=10, highlight=[4])


# --- plot_unit_maps ----------------------------------------------------------------------------

def test_plot_unit_maps_calls_the_units_once_on_the_grid():
    calls = []

    def units(G):
        calls.append(G.shape)
        return np.maximum(0, G @ np.array([[1.0, -1.0], [0.5, 2.0]]))

    points = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, -1.0]])
    fig = plot_unit_maps(units, points, [0, 1, 2], resolution=20)
    assert calls == [(400, 2)]
    assert [ax.get_title() for ax in fig.axes if ax.get_title().startswith("hidden")] == \
        ["hidden unit 0", "hidden unit 1"]
    with pytest.raises(ValueError, match=r"units must return an array of shape \(N, U\) for "
                                         r"N = 400 points, got shape \(400,\)"):
        plot_unit_maps(lambda G: G[:, 0], points, [0, 1, 2], resolution=20)
    with pytest.raises(TypeError, match=r"units must be a function"):
        plot_unit_maps(np.zeros(3), points, [0, 1, 2])
    with pytest.raises(ValueError, match=r"units must return between 1 and 6 columns, got 7"):
        plot_unit_maps(lambda G: np.zeros((len(G), 7)), points, [0, 1, 2], resolution=10)


# --- plot_confusion_matrix ---------------------------------------------------------------------

def _cm():
    cm = np.diag([97, 93, 94, 90]).astype(int)
    cm[1, 3], cm[3, 1], cm[0, 2] = 4, 1, 3
    return cm


def test_plot_confusion_matrix_counts_and_errors():
    cm = np.array([[5, 1], [2, 7]])
    fig = plot_confusion_matrix(cm, class_names=["cat", "dog"])
    assert [t.get_text() for t in fig.axes[0].texts] == ["5", "1", "2", "7"]
    fig = plot_confusion_matrix(cm, normalize=True)
    assert [t.get_text() for t in fig.axes[0].texts][:2] == ["0.83", "0.17"]
    with pytest.raises(ValueError, match=r"cm must be square \(K, K\), got shape \(2, 3\)"):
        plot_confusion_matrix(np.ones((2, 3)))
    with pytest.raises(ValueError, match="class_names must have 2 entries"):
        plot_confusion_matrix(cm, class_names=["a"])
    with pytest.raises(ValueError, match="cm must hold counts"):
        plot_confusion_matrix(-cm)


def test_confusion_matrix_highlight_errors_scales_colours_to_the_mistakes():
    fig = plot_confusion_matrix(_cm(), highlight_errors=True, title="t")
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
    cm = _cm()
    image = plot_confusion_matrix(cm).axes[0].images[0]
    assert not np.ma.is_masked(image.get_array()) and image.get_clim() == (0.0, 97.0)
    normalized = plot_confusion_matrix(cm, normalize=True, highlight_errors=True).axes[0]
    np.testing.assert_allclose(normalized.images[0].get_clim(), (0.0, 4 / 97))
    no_mistakes = plot_confusion_matrix(np.diag([5, 5]), highlight_errors=True).axes[0]
    assert no_mistakes.images[0].get_clim() == (0.0, 1.0)
    with pytest.raises(TypeError, match="highlight_errors must be True or False, got"):
        plot_confusion_matrix(cm, highlight_errors="yes")


