"""utils.labs.lab07.lesson: the dense-vs-conv diagram, the sliding-window maths and every path of its
control, the multiplication count, the balanced subsets, the learning-curve experiment and the
figures (what they plot), and the errors bad arguments get."""
import keras
import numpy as np
import pytest

from utils.labs.lab07 import lesson as lab07
from utils.labs.lab07.convolution import conv1d


@pytest.fixture(scope="module")
def trace():
    from utils.labs.lab07.signals import make_heartbeats
    X, y = make_heartbeats(2, seed=0)
    return X[np.flatnonzero(y == 1)[0]]


def test_the_diagram_draws_every_weight():
    fig = lab07.draw_dense_vs_conv(n_inputs=8, n_dense=4, window=3)
    dense, windows, conv = fig.axes
    assert len(dense.lines) == 8 * 4
    for panel in (windows, conv):
        assert len([line for line in panel.lines if len(line.get_xdata()) == 2]) == 6 * 3
    assert {line.get_color() for line in windows.lines} == {"0.55"}         # 18 weights of their own
    assert len({line.get_color() for line in conv.lines if len(line.get_xdata()) == 2}) == 3
    assert "32 weights" in dense.get_title() and "18 weights" in windows.get_title()
    assert "6 positions" in conv.get_title()
    with pytest.raises(ValueError, match=r"window must be <= 8, got 9"):
        lab07.draw_dense_vs_conv(window=9)


def test_window_step_is_the_formula():
    x, w = np.arange(10.0), np.array([1.0, -1.0, 2.0])
    step = lab07.window_step(x, w, 3, stride=2)
    assert step["start"] == 6
    np.testing.assert_array_equal(step["window"], [6.0, 7.0, 8.0])
    np.testing.assert_array_equal(step["products"], [6.0, -7.0, 16.0])
    assert step["value"] == 15.0
    np.testing.assert_array_equal(step["outputs"], conv1d(x, w, stride=2))
    with pytest.raises(ValueError, match=r"j must be <= 3, got 4"):
        lab07.window_step(x, w, 4, stride=2)


def test_every_kernel_has_nine_taps_and_the_peak_detector_sums_to_zero():
    assert {len(w) for w in lab07.KERNELS_1D.values()} == {9}
    assert abs(lab07.KERNELS_1D["peak detector"].sum()) < 1e-12
    np.testing.assert_allclose(lab07.KERNELS_1D["smoothing (average)"].sum(), 1.0)


def test_plot_window_step_shows_the_outputs_built_so_far(trace):
    fig = lab07.plot_window_step(trace, lab07.KERNELS_1D["slope (rising edge)"], 20)
    top, bottom = fig.axes
    built = next(line for line in bottom.lines if line.get_label() == "built so far")
    assert len(built.get_ydata()) == 21
    expected = conv1d(trace, lab07.KERNELS_1D["slope (rising edge)"])
    np.testing.assert_allclose(built.get_ydata(), expected[:21])
    assert f"= {expected[20]:.3f}" in top.get_title()


def test_the_control_redraws_on_every_change(trace):
    control = lab07.SlidingWindowControl(trace, position=5)
    assert control.step()["start"] == 5
    control.controls["position"].value = 100
    assert control.step()["start"] == 100
    assert "output 100 = " in control.last_figure.axes[0].get_title()
    control.controls["kernel"].value = "smoothing (average)"
    np.testing.assert_allclose(control.step()["value"], trace[100:109].mean())
    assert "smoothing" in control.last_figure.axes[0].get_legend().get_texts()[2].get_text()
    assert control.controls["position"].max == 151
    assert control.status.value == ""
    assert repr(control) == ("SlidingWindowControl(Slide the window; watch the output grow: "
                             "position=100, kernel='smoothing (average)')")


@pytest.mark.parametrize("kwargs,error,pattern", [
    ({"kernels": {}}, ValueError, r"kernels must hold at least one"),
    ({"kernels": {"a": np.ones(3), "b": np.ones(4)}}, ValueError,
     r"kernels must all have the same length.*got lengths \[3, 4\]"),
    ({"position": 152}, ValueError, r"position must be <= 151, got 152"),
])
def test_the_control_rejects_bad_arguments(trace, kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        lab07.SlidingWindowControl(trace, **kwargs)


def test_multiply_adds_counts_kernel_size_times_positions():
    conv = keras.Sequential([keras.Input((160, 1)), keras.layers.Conv1D(8, 9),
                             keras.layers.MaxPooling1D(4), keras.layers.Conv1D(16, 5, strides=2)])
    assert lab07.multiply_adds(conv) == 152 * 9 * 8 + 17 * 5 * 8 * 16
    image = keras.Sequential([keras.Input((20, 20, 1)), keras.layers.Conv2D(3, 3),
                              keras.layers.Flatten(), keras.layers.Dense(10)])
    assert lab07.multiply_adds(image) == 18 * 18 * 9 * 3 + 18 * 18 * 3 * 10
    with pytest.raises(TypeError, match=r"model must be a Keras model, got int 3"):
        lab07.multiply_adds(3)


def test_balanced_subset_is_nested_and_balanced():
    y = np.array([0, 1, 2, 0, 0, 1, 2, 1, 2, 0])
    small, large = lab07.balanced_subset(y, 3), lab07.balanced_subset(y, 6)
    assert small.tolist() == [0, 1, 2] and set(small) <= set(large)
    assert np.bincount(y[large]).tolist() == [2, 2, 2]
    with pytest.raises(ValueError, match=r"m must be a multiple of the 3 classes, got 4"):
        lab07.balanced_subset(y, 4)
    with pytest.raises(ValueError, match=r"m=9 needs 3 examples of every class; classes "
                                         r"\[1, 2\] have fewer"):
        lab07.balanced_subset(np.array([0] * 6 + [1, 2] * 2), 9)


def tiny_net(kind):
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(3 if kind == "a" else 1)])
    model.compile(optimizer=keras.optimizers.Adam(0.1),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model


def test_learning_curve_trains_measures_and_is_seeded():
    rng = np.random.default_rng(0)
    y = np.tile([0, 1, 2], 8)
    X = rng.normal(size=(24, 8)) + 3 * np.eye(8)[y]          # separable: column y is large
    first = lab07.learning_curve(tiny_net, ["a"], X, y, X, y, [6, 24], epochs=40)
    again = lab07.learning_curve(tiny_net, ("a",), X, y, X, y, [6], epochs=40)   # seeded
    assert first["sizes"] == [6, 24] and first["accuracy"]["a"][0] == again["accuracy"]["a"][0]
    assert first["accuracy"]["a"][-1] >= 0.9 and first["train_accuracy"]["a"][-1] >= 0.9
    assert isinstance(first["models"]["a"], keras.Model)
    fig = lab07.plot_learning_curve(first, chance=1 / 3)
    line = fig.axes[0].lines[0]
    np.testing.assert_array_equal(line.get_xdata(), [6, 24])
    np.testing.assert_allclose(line.get_ydata(), first["accuracy"]["a"])
    chance = fig.axes[0].lines[-1]
    np.testing.assert_allclose(chance.get_ydata(), [1 / 3, 1 / 3])
    assert chance.get_label() == "guessing (0.33)"
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["6", "24"]


@pytest.mark.parametrize("call,error,pattern", [
    (lambda X, y: lab07.learning_curve({}, ["a"], X, y, X, y, [3], epochs=5), TypeError,
     r"make_model must be a function kind -> compiled model"),
    (lambda X, y: lab07.learning_curve(tiny_net, [], X, y, X, y, [3], epochs=5), TypeError,
     r"kinds must be a non-empty list of names"),
    (lambda X, y: lab07.learning_curve(tiny_net, ["a"], X, y, X, y, [3], epochs=0), ValueError,
     r"epochs must be >= 1, got 0"),
    (lambda X, y: lab07.plot_learning_curve({"sizes": [3]}), TypeError,
     r"result must be what learning_curve returns"),
    (lambda X, y: lab07.plot_learning_curve({"sizes": [3], "accuracy": {"a": [0.5]}}, chance=2),
     ValueError, r"chance must be <= 1"),
])
def test_experiment_bad_arguments(call, error, pattern):
    X, y = np.zeros((6, 8)), np.tile([0, 1, 2], 2)
    with pytest.raises(error, match=pattern):
        call(X, y)


def test_plot_signals_shows_each_class_in_its_row():
    X = np.arange(4 * 64.0).reshape(4, 64)
    fig = lab07.plot_signals(X, [0, 1, 0, 1], ["a", "b"], rate=32, per_class=2)
    assert len(fig.axes) == 4
    np.testing.assert_array_equal(fig.axes[2].lines[0].get_ydata(), X[1])   # row 1: class b
    np.testing.assert_allclose(fig.axes[0].lines[0].get_xdata()[-1], 63 / 32)
    with pytest.raises(ValueError, match=r"y must be class indices from 0 to 1"):
        lab07.plot_signals(X, [0, 1, 2, 0], ["a", "b"], rate=32)


def test_plot_feature_maps_shows_conv2d_of_the_image_on_one_scale_with_a_zero_line():
    image = np.arange(36.0).reshape(6, 6)
    kernels = {"diagonal": np.array([[1.0, 0.0], [0.0, -1.0]]), "sum": np.ones((2, 2))}
    fig = lab07.plot_feature_maps(image, kernels)
    shown = fig.axes[1].images[0]
    np.testing.assert_array_equal(shown.get_array(), np.full((5, 5), -7.0))
    assert "5x5" in fig.axes[1].get_title()
    limit = (image[:-1, :-1] + image[1:, :-1] + image[:-1, 1:] + image[1:, 1:]).max()
    for ax in fig.axes[1:3]:
        assert ax.images[0].get_clim() == (-limit, limit)         # one scale, 0 in the middle
    bar = fig.axes[3]
    np.testing.assert_array_equal(bar.lines[0].get_ydata(), [0.0, 0.0])
    with pytest.raises(TypeError, match=r"kernels must be a dict of 1 to 5"):
        lab07.plot_feature_maps(image, [kernels["sum"]])


def test_plot_filters_draws_one_line_per_filter_and_unit():
    rng = np.random.default_rng(1)
    fig = lab07.plot_filters(rng.normal(size=(9, 1, 8)), rng.normal(size=(160, 5)), rate=64)
    left, right = fig.axes
    assert len(left.get_lines()) == 8 * 2 and len(right.get_lines()) == 5 * 2   # line + baseline
    assert "8 filters of 9 weights" in left.get_title()
    np.testing.assert_allclose(right.lines[0].get_xdata()[-1], 159 / 64)
    with pytest.raises(ValueError, match=r"conv_kernel must be 3-D"):
        lab07.plot_filters(np.ones((9, 8)), np.ones((160, 5)), rate=64)
