"""utils.plotting and the generic controls in utils.widgets, without a browser."""
import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pytest

from utils import plotting
from utils.widgets import FigureControl, figure_to_png, frame_slider

X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
y = np.array([0, 1, 1, 0])


def test_apply_style_sets_palette_and_size():
    plotting.apply_style()
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    assert colors[:3] == plotting.OKABE_ITO[:3]
    assert tuple(plt.rcParams["figure.figsize"]) == plotting.FIGSIZE
    assert plotting.class_color(9) == plotting.OKABE_ITO[1]


def test_plot_loss_accepts_history_dict_and_list():
    class FakeHistory:
        history = {"loss": [3.0, 2.0, 1.0], "val_loss": [3.5, 2.5, 2.0], "accuracy": [0.1, 0.2, 0.3]}
    fig = plotting.plot_loss(FakeHistory())
    lines = fig.axes[0].get_lines()
    assert len(lines) == 2           # loss and val_loss; accuracy is not a loss
    np.testing.assert_array_equal(lines[0].get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(lines[1].get_ydata(), [3.5, 2.5, 2.0])
    assert fig.axes[0].get_xlabel() == "epoch"
    fig = plotting.plot_loss([1.0, 0.5], logy=True)
    assert fig.axes[0].get_yscale() == "log"
    assert not plt.get_fignums(), "helpers must close their figures (so Jupyter shows them once)"


def test_plot_loss_rejects_bad_input():
    with pytest.raises(ValueError, match=r"history must contain a 'loss' entry, got keys \['acc'\]"):
        plotting.plot_loss({"acc": [1]})
    with pytest.raises(ValueError, match="history must be 1-D, got 2-D"):
        plotting.plot_loss([[1, 2]])
    with pytest.raises(TypeError, match="history must hold numbers"):
        plotting.plot_loss(np.array(["a"]))


def test_plot_classes_one_series_per_class():
    fig = plotting.plot_classes(X, y, class_names=["no", "yes"])
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["no", "yes"]
    assert sum(len(c.get_offsets()) for c in ax.collections) == 4
    with pytest.raises(ValueError, match=r"X must have shape \(any, 2\), got shape \(4, 3\)"):
        plotting.plot_classes(np.zeros((4, 3)), y)
    with pytest.raises(ValueError, match="y must have one label per row of X \\(4\\), got 3 labels"):
        plotting.plot_classes(X, y[:3])
    with pytest.raises(ValueError, match="class_names must name every class 0..1, got 1 names"):
        plotting.plot_classes(X, y, class_names=["only one"])


def test_plot_decision_boundary_binary_and_multiclass():
    calls = []

    def predict(G):
        calls.append(G.shape)
        return (G[:, 0] > 0.5).astype(float).reshape(-1, 1)

    fig = plotting.plot_decision_boundary(predict, X, y, resolution=20)
    assert calls == [(400, 2)], "predict must be called once, on the whole grid"
    filled = fig.axes[0].collections[0]
    assert filled is not None
    fig = plotting.plot_decision_boundary(lambda G: np.eye(3)[(G[:, 0] * 3).astype(int).clip(0, 2)],
                                          X, np.array([0, 1, 2, 2]), resolution=15)
    assert len(fig.axes[0].get_legend().get_texts()) == 3


def test_plot_decision_boundary_rejects_bad_input():
    with pytest.raises(TypeError, match="predict must be a function of an \\(N, 2\\) array"):
        plotting.plot_decision_boundary("model", X, y)
    with pytest.raises(ValueError, match=r"predict must return one row per input row \(100\), got shape \(1,\)"):
        plotting.plot_decision_boundary(lambda G: np.zeros(1), X, y, resolution=10)
    with pytest.raises(ValueError, match="resolution must be >= 10, got 2"):
        plotting.plot_decision_boundary(lambda G: G[:, 0], X, y, resolution=2)


def test_plot_confusion_matrix_counts_and_errors():
    cm = np.array([[5, 1], [2, 7]])
    fig = plotting.plot_confusion_matrix(cm, class_names=["cat", "dog"])
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == ["5", "1", "2", "7"]
    fig = plotting.plot_confusion_matrix(cm, normalize=True)
    assert [t.get_text() for t in fig.axes[0].texts][:2] == ["0.83", "0.17"]
    with pytest.raises(ValueError, match=r"cm must be square \(K, K\), got shape \(2, 3\)"):
        plotting.plot_confusion_matrix(np.ones((2, 3)))
    with pytest.raises(ValueError, match="class_names must have 2 entries"):
        plotting.plot_confusion_matrix(cm, class_names=["a"])
    with pytest.raises(ValueError, match="cm must hold counts"):
        plotting.plot_confusion_matrix(-cm)


def test_new_figure_rejects_bad_grid():
    with pytest.raises(ValueError, match="ncols must be >= 1, got 0"):
        plotting.new_figure(0)


def test_frame_slider_redraws_on_slider_change():
    drawn = []

    def draw(i):
        drawn.append(i)
        return plotting.plot_loss([3.0, 2.0, float(i)])

    control = frame_slider(draw, 4, description="epoch")
    slider = control.controls["i"]
    assert isinstance(slider, widgets.IntSlider) and slider.description == "epoch"
    assert (slider.min, slider.max, slider.value) == (0, 3, 3)
    first_png = bytes(control.image.value)
    assert first_png.startswith(b"\x89PNG")
    slider.value = 1
    assert drawn == [3, 1]
    assert control.last_figure.axes[0].get_lines()[0].get_ydata()[-1] == 1.0
    assert bytes(control.image.value) != first_png
    assert repr(control) == "FigureControl(figure: i=1)"


def test_figure_control_shows_errors_instead_of_swallowing_them():
    def draw(i):
        if i == 2:
            raise ValueError("no frame 2")
        return plotting.plot_loss([1.0, 0.5])

    control = frame_slider(draw, 3, start=0)
    control.controls["i"].value = 2          # a callback error: ipywidgets would hide it
    assert "ValueError: no frame 2" in control.status.value
    control.controls["i"].value = 1
    assert control.status.value == ""
    with pytest.raises(ValueError, match="no frame 2"):
        control.controls["i"].value = 2
        control.redraw()


def test_widget_builders_reject_bad_arguments():
    with pytest.raises(TypeError, match="draw must be a function returning a Figure"):
        FigureControl(None, {"a": widgets.IntSlider()})
    with pytest.raises(TypeError, match="controls must be a non-empty dict"):
        FigureControl(lambda: None, {})
    with pytest.raises(TypeError, match=r"controls\['a'\] must be an ipywidgets control"):
        FigureControl(lambda a: None, {"a": 3})
    with pytest.raises(ValueError, match="n_frames must be >= 1, got 0"):
        frame_slider(lambda i: None, 0)
    with pytest.raises(ValueError, match="start must be <= 2, got 5"):
        frame_slider(lambda i: None, 3, start=5)
    with pytest.raises(TypeError, match="fig must be a matplotlib Figure"):
        figure_to_png("not a figure")
