"""utils.labs.lab02.figures: lab 02's ReLU-fit figure, and its control driven without a
browser (move a slider or press a button, then check the data plotted and the error shown)."""
import ipywidgets as widgets
import numpy as np
import pytest

from utils.labs.lab02.lesson import fit_error, piecewise_linear, relu_sum, relu_units
from utils.labs.lab02.figures import ReluFitControl, plot_relu_fit
from utils.labs.lab02.activations import relu

PNG = b"\x89PNG"
X = np.linspace(-1.5, 1.5, 61)
Y = piecewise_linear(X, [-1.5, -0.5, 0.0, 0.5, 1.5], [4.0, 2.0, 1.5, 2.0, 5.0])
W0, B0 = [1.0, 1.0, 1.0], [-1.0, 0.0, 1.0]
SOLUTION = ([1.0, 2.0, -2.0], [0.5, 0.0, 1.0])


def make(**kwargs):
    return ReluFitControl(X, Y, W0, B0, solution=SOLUTION, **kwargs)


def plotted(control):
    """(each unit's plotted curve, the plotted sum, the plotted target) from the last figure."""
    ax_units, ax_sum = control.last_figure.axes
    units = np.array([line.get_ydata() for line in ax_units.lines])
    by_label = {line.get_label(): np.asarray(line.get_ydata()) for line in ax_sum.lines}
    y_hat = next(v for k, v in by_label.items() if k.startswith("$\\hat y"))
    return units, y_hat, by_label["target y"]


def test_sliders_have_descriptions_and_start_values():
    control = make()
    assert [s.description for s in control.controls.values()] == ["w1", "b1", "w2", "b2", "w3", "b3"]
    assert all(isinstance(s, widgets.FloatSlider) for s in control.controls.values())
    rows = [[c.description for c in row.children] for row in control.children
            if isinstance(row, widgets.HBox)]
    assert rows == [["w1", "b1"], ["w2", "b2"], ["w3", "b3"],          # one row per unit
                    ["Show a solution", "Start again", ""]]           # then buttons, the error
    assert control.children[-3].children[-1] is control.fit_label
    assert control.children[-2:] == (control.image, control.status)
    assert control.solution_button.description == "Show a solution"
    assert control.reset_button.description == "Start again"
    w, b = control.weights()
    np.testing.assert_allclose(w, W0)
    np.testing.assert_allclose(b, B0)
    assert control.png.startswith(PNG)
    assert control.status.value == ""
    assert repr(control) == ("FigureControl(Move the weights and biases of the ReLU units until "
                             "their sum matches the target: w1=1.0, b1=-1.0, w2=1.0, b2=0.0, "
                             "w3=1.0, b3=1.0)")


def test_start_figure_shows_each_unit_the_sum_and_the_target():
    control = make()
    units, y_hat, target = plotted(control)
    np.testing.assert_allclose(units, [relu(w * X + b) for w, b in zip(W0, B0)])
    np.testing.assert_allclose(y_hat, relu_sum(X, W0, B0))
    np.testing.assert_allclose(target, Y)


def test_moving_a_weight_slider_changes_that_unit_and_the_sum():
    control = make()
    before_png, before = control.png, plotted(control)[0].copy()
    control.controls["w1"].value = 2.0                     # unit 1: max(0, 2x - 1)
    units, y_hat, _ = plotted(control)
    np.testing.assert_allclose(units[0], relu(2.0 * X - 1.0))
    np.testing.assert_allclose(units[1:], before[1:])     # the other units did not move
    np.testing.assert_allclose(y_hat, relu_sum(X, [2.0, 1.0, 1.0], B0))
    assert control.png != before_png
    # at x = 1.5 unit 1 rose from 0.5 to 2.0
    assert units[0][-1] == pytest.approx(2.0) and before[0][-1] == pytest.approx(0.5)


def test_moving_a_bias_slider_moves_the_kink():
    control = make()
    control.controls["b2"].value = -1.0                   # unit 2: max(0, x - 1): kink at x = 1
    units, _, _ = plotted(control)
    np.testing.assert_allclose(units[1], relu(X - 1.0))
    assert np.all(units[1][X <= 1.0] == 0) and np.all(units[1][X > 1.0] > 0)


def test_the_error_shown_matches_a_hand_computed_value():
    # one unit max(0, x) against the target 1 at x = -1, 0, 1: errors 1, 1, 0 -> J = 2/3
    control = ReluFitControl([-1.0, 0.0, 1.0], [1.0, 1.0, 1.0], [1.0], [0.0])
    assert "J = <b>0.6667</b>" in control.fit_label.value
    assert control.fit_data()["error"] == pytest.approx(2 / 3)
    assert control.last_figure.axes[1].get_title().endswith("J = 0.6667")
    control.controls["b1"].value = 1.0                   # max(0, x + 1) = 0, 1, 2: errors 1, 0, 1
    assert control.fit_data()["error"] == pytest.approx(2 / 3)
    control.controls["w1"].value = 0.0                   # max(0, 1) = 1 everywhere: a perfect fit
    assert control.fit_data()["error"] == 0.0
    assert "J = <b>0.0000</b>" in control.fit_label.value


def test_the_error_of_the_lab_start_matches_fit_error():
    control = make()
    want = fit_error(relu_sum(X, W0, B0), Y)
    assert control.fit_data()["error"] == pytest.approx(want)
    assert f"J = <b>{want:.4f}</b>" in control.fit_label.value


def test_show_solution_button_moves_the_sliders_and_fits_exactly():
    control = make()
    control.solution_button.click()
    w, b = control.weights()
    np.testing.assert_allclose(w, SOLUTION[0])
    np.testing.assert_allclose(b, SOLUTION[1])
    _, y_hat, target = plotted(control)
    np.testing.assert_allclose(y_hat, target, atol=1e-12)
    assert control.fit_data()["error"] < 1e-20
    assert "J = <b>0.0000</b>" in control.fit_label.value
    control.reset_button.click()
    np.testing.assert_allclose(control.weights()[0], W0)
    np.testing.assert_allclose(plotted(control)[1], relu_sum(X, W0, B0))


def test_the_solution_redraws_once_not_once_per_slider():
    control = make()
    figures = []
    original = control.draw_function
    control.draw_function = lambda **values: figures.append(1) or original(**values)
    control.show_solution()
    assert len(figures) == 1
    control.controls["w1"].value = 0.5                    # sliders still redraw afterwards
    assert len(figures) == 2
    control.reset()
    assert len(figures) == 3


def test_without_a_solution_there_is_no_solution_button():
    control = ReluFitControl(X, Y, W0, B0)
    assert control.solution_button is None
    with pytest.raises(ValueError, match=r"this control has no solution to show: pass solution"):
        control.show_solution()
    buttons = [c for row in control.children if isinstance(row, widgets.HBox) for c in row.children
               if isinstance(c, widgets.Button)]
    assert [b.description for b in buttons] == ["Start again"]


def test_bad_arguments_get_clear_errors():
    with pytest.raises(ValueError, match=r"w and b must have one entry per unit .* got 3 weights and 2 biases"):
        ReluFitControl(X, Y, W0, [0.0, 0.0])
    with pytest.raises(ValueError, match=r"y must have one value per point of x \(61\), got 60"):
        ReluFitControl(X, Y[:-1], W0, B0)
    with pytest.raises(TypeError, match=r"x must be numbers .* got str"):
        ReluFitControl("x", Y, W0, B0)
    with pytest.raises(ValueError, match=r"w0 and b0 must describe 1 to 5 units, got 6"):
        ReluFitControl(X, Y, [1.0] * 6, [0.0] * 6)
    with pytest.raises(ValueError, match=r"the starting w must lie in w_range = \(-3, 3\), got \[5.0, 1.0, 1.0\]"):
        ReluFitControl(X, Y, [5.0, 1.0, 1.0], B0)
    with pytest.raises(ValueError, match=r"the solution's b must lie in b_range"):
        ReluFitControl(X, Y, W0, B0, solution=([1.0, 1.0, 1.0], [0.0, 0.0, 9.0]))
    with pytest.raises(ValueError, match=r"solution w must have shape \(3\), got shape \(2,\)"):
        ReluFitControl(X, Y, W0, B0, solution=([1.0, 1.0], [0.0, 0.0, 0.0]))
    with pytest.raises(TypeError, match=r"solution must be a pair \(w, b\)"):
        ReluFitControl(X, Y, W0, B0, solution=[1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"w_range\[1\] must be > 3.0, got 2.0"):
        ReluFitControl(X, Y, W0, B0, w_range=(3.0, 2.0))
    with pytest.raises(ValueError, match=r"step must be > 0, got 0.0"):
        ReluFitControl(X, Y, W0, B0, step=0.0)


def test_set_weights_checks_one_value_per_unit():
    control = make()
    control.set_weights([0.5, 0.5, 0.5], [0.0, 0.0, 0.0])
    np.testing.assert_allclose(control.weights()[0], [0.5, 0.5, 0.5])
    with pytest.raises(ValueError, match=r"w must have shape \(3\), got shape \(2,\)"):
        control.set_weights([0.5, 0.5], [0.0, 0.0, 0.0])


def test_a_horizontal_layout_puts_the_sliders_beside_the_figure():
    control = make(layout="horizontal")
    row = control.children[1]
    assert row.children[1] is control.image and len(row.children[0].children) == 4


# --- plot_relu_fit ------------------------------------------------------------------------------

def test_plot_relu_fit_checks_shapes_and_shows_the_error():
    x = np.linspace(0, 1, 4)
    units = relu_units(x, [1.0, -1.0], [0.0, 0.5])
    fig = plot_relu_fit(x, np.ones(4), units, units.sum(0), error=0.125)
    assert fig.axes[1].get_title().endswith("J = 0.1250")
    np.testing.assert_allclose(fig.axes[0].lines[1].get_ydata(), units[1])
    np.testing.assert_allclose(fig.axes[1].lines[1].get_ydata(), units.sum(0))
    assert plot_relu_fit(x, np.ones(4), units, units.sum(0)).axes[1].get_title() == \
        "their sum against the target"
    with pytest.raises(ValueError, match=r"units must have shape \(any, 4\), got shape \(2, 3\)"):
        plot_relu_fit(x, np.ones(4), units[:, :3], units.sum(0))
    with pytest.raises(ValueError, match=r"error must be >= 0, got -1.0"):
        plot_relu_fit(x, np.ones(4), units, units.sum(0), error=-1.0)
    with pytest.raises(ValueError, match=r"units must have 1 to 7 rows \(one per unit\), got 8"):
        plot_relu_fit(x, np.ones(4), np.zeros((8, 4)), np.zeros(4))
