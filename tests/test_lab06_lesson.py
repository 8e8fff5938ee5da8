"""utils.labs.lab06.lesson: the valley (cost, gradient, minimum), the lab's paths in the lecture's
forms, the Keras paths, the sweep and its working range against gradient descent's closed form,
the figures and every control path."""
import ipywidgets as widgets
import numpy as np
import pytest

from utils.labs.lab06 import lesson as lab06
from utils.labs.lab06.lesson import (LABELS, PATH_STYLES, SETTINGS, START_POINT, PathsControl,
                                     Valley, final_costs, keras_paths, keras_steps, make_valley,
                                     paths, plot_best_runs, plot_paths, plot_sweep, steps_to_target,
                                     working_range)
from utils.labs.lab06.optimizers import keras_rounded, optimize


@pytest.fixture(scope="module")
def valley():
    return make_valley()


def test_valley_has_the_promised_spreads_curvatures_and_minimum(valley):
    np.testing.assert_allclose(valley.X.std(axis=0), [1.0, 10.0], rtol=1e-12)
    np.testing.assert_allclose(valley.X.mean(axis=0), [0.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(valley.curvatures, [1.0, 100.0], rtol=1e-12)
    best, *_ = np.linalg.lstsq(valley.X, valley.y, rcond=None)
    np.testing.assert_allclose(valley.best, best, rtol=1e-12)
    np.testing.assert_allclose(valley.grad(valley.best), [0.0, 0.0], atol=1e-12)
    assert valley.best_cost == pytest.approx(np.mean((valley.X @ best - valley.y) ** 2) / 2)


def test_cost_and_gradient_against_tensorflow_and_the_quadratic_form(valley):
    import tensorflow as tf
    w = tf.Variable([0.7, -0.2], dtype=tf.float64)
    with tf.GradientTape() as tape:
        J = tf.reduce_mean((tf.linalg.matvec(tf.constant(valley.X), w) - valley.y) ** 2) / 2
    np.testing.assert_allclose(valley.cost([0.7, -0.2]), J.numpy(), rtol=1e-12)
    np.testing.assert_allclose(valley.grad([0.7, -0.2]), tape.gradient(J, w).numpy(), rtol=1e-12)
    d = np.array([0.7, -0.2]) - valley.best
    assert valley.cost([0.7, -0.2]) == pytest.approx(valley.best_cost + d @ valley.hessian @ d / 2)
    grid = np.stack(np.meshgrid([0.0, 1.0], [2.0, 3.0, 4.0]), axis=-1)
    assert valley.cost(grid).shape == (3, 2) and valley.grad(grid).shape == (3, 2, 2)
    assert valley.cost(grid)[1, 0] == pytest.approx(valley.cost([0.0, 3.0]))


@pytest.mark.parametrize("call, error, words", [
    (lambda: Valley(np.ones((5, 3)), np.ones(5)), ValueError, r"X must have shape \(any, 2\)"),
    (lambda: Valley(np.ones((5, 2)), np.ones(4)), ValueError, r"y must have shape \(5\), got shape \(4,\)"),
    (lambda: Valley(np.outer(np.arange(5.0), [1.0, 2.0]), np.ones(5)), ValueError, "two independent columns"),
    (lambda: make_valley().cost([1.0, 2.0, 3.0]), ValueError, "w must hold the two parameters"),
    (lambda: make_valley(m=2), ValueError, "m must be >= 3"),
    (lambda: make_valley(scales=(1.0, 0.0)), ValueError, "scales must be two spreads > 0"),
    (lambda: make_valley(noise=-1.0), ValueError, "noise must be >= 0"),
    (lambda: paths(make_valley(), {"sgd": {}}), ValueError, "settings must map names from"),
    (lambda: paths(make_valley(), []), TypeError, "settings must be a dict"),
    (lambda: keras_paths(make_valley(), {"gd": "SGD"}), TypeError, "optimizers must be a dict name -> Keras optimizer"),
    (lambda: keras_steps("Adam", [0.0], [[1.0]]), TypeError, "optimizer must be a Keras optimizer"),
    (lambda: working_range(make_valley(), "gd", [0.1, 0.01]), ValueError, "increasing grid"),
    (lambda: working_range(make_valley(), "gd", [0.01, 0.1], share=0), ValueError, "share must be > 0"),
    (lambda: plot_paths(make_valley(), []), TypeError, "paths_by_label must be a dict"),
    (lambda: plot_paths(make_valley(), {"a": np.ones((3, 3))}), ValueError, r"paths_by_label\['a'\] must have shape"),
    (lambda: plot_sweep([0.1, 1.0], {"gd": [1.0, 2.0]}, bar=0), ValueError, "bar must be > 0"),
    (lambda: PathsControl("valley", target=1.0), TypeError, "valley must be a Valley"),
    (lambda: PathsControl(make_valley(), target=0.0), ValueError, "target must be >="),
])
def test_bad_input_gets_a_clear_message(call, error, words):
    with pytest.raises(error, match=words):
        call()


def _keras_form(settings):
    """SETTINGS in Keras's form (momentum's learning rate times 1 - beta), rounded to float32."""
    hyper = {name: dict(h) for name, h in settings.items()}
    hyper["momentum"]["learning_rate"] *= 1 - hyper["momentum"]["momentum"]
    return {name: keras_rounded(h) for name, h in hyper.items()}


def test_paths_take_the_lectures_forms_unless_told_otherwise(valley):
    lecture = paths(valley, steps=200)
    keras_form = paths(valley, _keras_form(SETTINGS), steps=200, convention="keras")
    for name in ("gd", "momentum", "adam"):          # RMSprop's forms differ by epsilon's place
        np.testing.assert_allclose(lecture[name], keras_form[name], rtol=1e-5, atol=1e-5)
    first = paths(valley, steps=1)
    g = valley.grad(START_POINT)
    np.testing.assert_allclose(first["momentum"][1] - START_POINT, -0.04 * 0.1 * g, rtol=1e-12)
    np.testing.assert_allclose(first["rmsprop"][1] - START_POINT, -np.sign(g) * 1.0, rtol=1e-6)
    lecture_rms = optimize("rmsprop", valley.grad, START_POINT, 200, convention="lecture",
                           **SETTINGS["rmsprop"])
    np.testing.assert_array_equal(lecture["rmsprop"], lecture_rms)
    adam_100 = final_costs(valley, "adam", [100.0])[0]
    assert adam_100 == valley.cost(optimize("adam", valley.grad, START_POINT, 100,
                                            learning_rate=100.0, convention="lecture")[-1])


def test_keras_paths_equal_the_numpy_paths_for_150_steps(valley):
    import keras
    settings = _keras_form(SETTINGS)
    classes = {"gd": "SGD", "momentum": "SGD", "rmsprop": "RMSprop", "adam": "Adam"}
    ours = paths(valley, settings, steps=150, convention="keras")
    theirs = keras_paths(valley, {n: getattr(keras.optimizers, classes[n])(**h)
                                  for n, h in settings.items()}, steps=150)
    for name in SETTINGS:
        np.testing.assert_allclose(theirs[name], ours[name], rtol=1e-9, atol=1e-12)


def test_keras_paths_takes_one_start_per_optimizer(valley):
    import keras
    found = keras_paths(valley, {"a": keras.optimizers.SGD(0.015625), "b": keras.optimizers.SGD(0.015625)},
                        w0={"a": (0.0, 0.0), "b": (1.0, 1.0)}, steps=20)
    np.testing.assert_allclose(found["b"], optimize("gd", valley.grad, (1.0, 1.0), 20, learning_rate=0.015625))
    np.testing.assert_array_equal(found["a"][0], [0.0, 0.0])


def test_keras_steps_follows_the_given_gradients():
    import keras
    rows = keras_steps(keras.optimizers.SGD(0.5), [1.0, 2.0], [[1.0, 0.0], [0.0, 2.0]])
    np.testing.assert_allclose(rows, [[1.0, 2.0], [0.5, 2.0], [0.5, 1.0]])


def test_steps_to_target_counts_steps_and_survives_a_diverged_path(valley):
    path = optimize("gd", valley.grad, START_POINT, 300, learning_rate=0.019)
    k = steps_to_target(valley, path, valley.best_cost + 0.01)
    assert valley.cost(path[k]) <= valley.best_cost + 0.01 < valley.cost(path[k - 1])
    assert steps_to_target(valley, path[:k], valley.best_cost + 0.01) is None
    diverged = optimize("gd", valley.grad, START_POINT, 100, learning_rate=0.5)
    assert np.isinf(diverged[-1]).all() and steps_to_target(valley, diverged, 1.0) is None


def test_final_costs_are_inf_where_the_steps_diverge(valley):
    costs = final_costs(valley, "gd", [0.01, 0.03])
    assert np.isfinite(costs[0]) and costs[0] < valley.cost(START_POINT) and np.isinf(costs[1])


def _gd_gap(valley, lr, steps=100):
    """Gradient descent's cost above J* after ``steps`` steps, in closed form."""
    c = np.asarray(START_POINT) - valley.best
    lam = valley.curvatures            # the valley's curvature directions are w1 and w2
    return np.sum(0.5 * lam * c**2 * (1 - lr * lam) ** (2 * steps))


def test_working_range_of_gradient_descent_matches_the_closed_form(valley):
    low, high = working_range(valley, "gd", np.geomspace(1e-3, 1.0, 19), share=0.1)
    bar = 0.1 * (valley.cost(START_POINT) - valley.best_cost)
    assert _gd_gap(valley, low * 0.995) > bar > _gd_gap(valley, low * 1.005)
    assert _gd_gap(valley, high * 0.995) < bar < _gd_gap(valley, high * 1.005)
    assert high < 2 / valley.curvatures[-1]


def test_working_range_of_adam_is_wide_and_none_when_nothing_works(valley):
    low, high = working_range(valley, "adam", np.geomspace(1e-4, 100, 25), share=0.1)
    assert high / low > 1000
    assert working_range(valley, "gd", [1e-5, 2e-5], share=0.1) is None


def test_working_range_refuses_a_broken_run(valley, monkeypatch):
    monkeypatch.setattr(lab06, "final_costs", lambda v, n, rates, **k: np.array(
        [0.0 if r in (0.1, 0.3) else 1e9 for r in rates]))
    with pytest.raises(ValueError, match="not one unbroken run"):
        working_range(valley, "gd", [0.1, 0.2, 0.3])


def test_plot_paths_draws_every_path_and_the_minimum(valley):
    found = paths(valley, steps=50)
    fig = plot_paths(valley, {LABELS[n]: p for n, p in found.items()}, steps_shown=20)
    ax = fig.axes[0]
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels[:6] == ["minimum $w^*$", *[LABELS[n] for n in found], "start"]
    np.testing.assert_allclose(ax.get_lines()[1].get_xydata(), found["gd"][:21])
    looks = [(line.get_color(), line.get_marker()) for line in ax.get_lines()[1:5]]
    assert looks == list(PATH_STYLES[:4]) and len({color for color, _ in looks}) == 4
    assert "#D55E00" not in {color for color, _ in looks}      # no orange next to vermillion
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == labels[:6]
    ends = ax.get_lines()[6:]                   # each path's last point, large and hollow
    assert [tuple(line.get_xydata()[0]) for line in ends] == [tuple(p[20]) for p in found.values()]
    assert all(line.get_markerfacecolor() == "white" for line in ends)
    orders = [line.get_zorder() for line in ax.get_lines()[1:5]]
    assert orders == sorted(orders, reverse=True)          # gradient descent drawn on top


def test_plot_sweep_marks_diverged_rates_at_the_top(valley):
    rates = np.array([0.01, 0.03, 0.1])
    fig = plot_sweep(rates, {"gd": final_costs(valley, "gd", rates)}, bar=5.0,
                     ranges={"gd": (0.005, 0.02)})
    ax = fig.axes[0]
    line, crosses = ax.get_lines()[:2]
    assert len(line.get_xdata()) == 1 and list(crosses.get_xdata()) == [0.03, 0.1]
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert ax.get_ylabel() == "cost J after 100 steps"
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == ["gradient descent", "gradient descent diverged (at the top)",
                      "gradient descent works (shaded)", "works below this line"]


def test_plot_best_runs_sets_each_epoch_label_below_left_of_its_dot():
    fig = plot_best_runs({"falls": [3.0, 2.0, 0.5, 0.1], "never": [3.0, 2.5, 2.0, 1.5]},
                         target=1.0, title="two runs")
    ax = fig.axes[0]
    labels = ax.texts
    assert [text.get_text() for text in labels] == ["epoch 3"]
    assert labels[0].xyann == (-6, -8) and labels[0].get_horizontalalignment() == "right"
    assert ax.get_yscale() == "log" and ax.get_ylabel() == "training loss"


@pytest.fixture
def control(valley):
    return PathsControl(valley, target=valley.best_cost + 0.01)


def test_control_starts_with_gradient_descent_and_shows_the_outcome(control):
    assert control.values() == {"name": "gd", "learning_rate": 0.019, "beta_1": 0.9, "beta_2": 0.999}
    title = control.last_figure.axes[0].get_title()
    assert title == "gradient descent, α = 0.019: does not reach the target in 100 steps"
    assert repr(control) == ("PathsControl(Move the learning rate and the betas: name='gd', "
                             "learning_rate=0.019, beta_1=0.9, beta_2=0.999)")
    assert control.png.startswith(b"\x89PNG")


def test_choosing_an_optimizer_resets_its_sliders_with_one_redraw(control, monkeypatch):
    calls = []
    draw = control.draw_function
    monkeypatch.setattr(control, "draw_function", lambda **v: calls.append(v) or draw(**v))
    for name, hyper in SETTINGS.items():
        if name == "gd":
            continue
        calls.clear()
        control.controls["name"].value = name
        assert len(calls) == 1
        v = control.values()
        assert v["learning_rate"] == pytest.approx(hyper["learning_rate"], rel=0.06)
        assert v["beta_1"] == hyper.get("momentum", hyper.get("beta_1", 0.9))
        assert v["beta_2"] == hyper.get("rho", hyper.get("beta_2", 0.999))
        assert control.last_figure.axes[0].get_title().startswith(LABELS[name])
        assert control.status.value == ""


def test_every_slider_redraws_the_path_it_says(control, valley):
    control.controls["name"].value = "adam"
    control.controls["beta_1"].value = 0.5
    control.controls["beta_2"].value = 0.9
    control.controls["learning_rate"].value = 0.1
    assert control.hyperparameters() == {"learning_rate": control.values()["learning_rate"],
                                         "beta_1": 0.5, "beta_2": 0.9}
    expected = optimize("adam", valley.grad, START_POINT, 100, convention="lecture",
                        **control.hyperparameters())
    np.testing.assert_allclose(control.last_figure.axes[0].get_lines()[1].get_xydata(), expected)
    control.controls["name"].value = "rmsprop"
    control.controls["beta_2"].value = 0.95
    assert control.hyperparameters()["rho"] == 0.95
    control.controls["name"].value = "momentum"
    control.controls["beta_1"].value = 0.5
    assert control.hyperparameters()["momentum"] == 0.5


def test_outcomes_reach_diverge_and_not_reach(control):
    control.controls["name"].value = "adam"
    assert control.outcome().startswith("reaches the target after")
    control.controls["name"].value = "gd"
    control.controls["learning_rate"].value = 1.0
    assert control.outcome() == "diverges"
    assert control.last_figure.axes[0].get_title().endswith("diverges")


def test_a_failing_draw_shows_its_error_in_the_status_line(control, monkeypatch):
    def broken():
        raise RuntimeError("no path")
    monkeypatch.setattr(control, "path", broken)
    control.controls["learning_rate"].value = 0.01            # the callback must not raise
    assert "RuntimeError: no path" in control.status.value
    assert isinstance(control.controls["learning_rate"], widgets.FloatLogSlider)
