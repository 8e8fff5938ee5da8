"""utils/labs/lab08/lesson.py: the error-against-eps numbers, their figure and the eps control."""
import math

import matplotlib
import numpy as np
import pytest

from utils.labs.lab08.lesson import (EPSILONS, EpsilonControl, best_eps, difference_errors,
                                 epsilon_readout, fitted_slope, plot_difference_errors)

matplotlib.use("Agg")


def cube(w):
    return w ** 3


def d_cube(w):
    return 3 * w ** 2


ERRORS = difference_errors(cube, d_cube, 2.0)


def test_truncation_slopes_are_one_and_two():
    assert fitted_slope(EPSILONS, ERRORS["one-sided"], 1e-4, 1e-1) == pytest.approx(1, abs=0.02)
    assert fitted_slope(EPSILONS, ERRORS["central"], 1e-3, 1e-1) == pytest.approx(2, abs=0.02)
    # round-off: the error grows again as eps shrinks, about like 1/eps
    assert -1.4 < fitted_slope(EPSILONS, ERRORS["central"], 1e-15, 1e-11) < -0.6


def test_best_eps_near_the_square_root_and_cube_root_of_round_off():
    assert 1e-9 <= best_eps(EPSILONS, ERRORS["one-sided"]) <= 1e-7      # sqrt(1e-16) = 1e-8
    assert 1e-7 <= best_eps(EPSILONS, ERRORS["central"]) <= 1e-4        # (1e-16)^(1/3) ~ 5e-6
    assert ERRORS["central"].min() < ERRORS["one-sided"].min() / 100


def test_fitted_slope_of_an_exact_power():
    e = np.array([1e-3, 1e-2, 1e-1])
    assert fitted_slope(e, 5 * e ** 2, 1e-3, 1e-1) == pytest.approx(2.0)
    with pytest.raises(ValueError, match="fewer than two eps between low=0.5 and high=0.6"):
        fitted_slope(e, e, 0.5, 0.6)
    with pytest.raises(ValueError, match="high must be > 0.1"):
        fitted_slope(e, e, 0.1, 0.01)


def test_epsilon_readout():
    r = epsilon_readout(cube, d_cube, 2.0, 1e-3)
    assert r["exact"] == 12.0
    assert r["one-sided"]["estimate"] == pytest.approx(12.006001, rel=1e-9)
    assert r["central"]["error"] == pytest.approx(1e-6, rel=1e-5)
    with pytest.raises(TypeError, match="df must be a function of w, got str"):
        epsilon_readout(cube, "3w^2", 2.0, 1e-3)


def test_plot_difference_errors_draws_both_curves_and_the_references():
    fig = plot_difference_errors(EPSILONS, ERRORS, f_value=8.0)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.texts]
    assert labels == ["slope 1", "slope 2", "round-off, slope -1"]
    assert ax.get_xscale() == ax.get_yscale() == "log"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["one-sided", "central"]


def test_the_control_redraws_with_the_slider():
    control = EpsilonControl(cube, d_cube, 2.0)
    assert control.readout()["one-sided"]["error"] == pytest.approx(6.001e-3, rel=1e-3)
    first = control.last_figure
    control.controls["log10_eps"].value = -1.0
    assert control.last_figure is not first and control.status.value == ""
    left, right = control.last_figure.axes
    assert "eps = 0.1" in right.get_title()
    assert [t.get_text() for t in left.get_legend().get_texts()][1].startswith(
        "one-sided: k = 12.61")
    assert math.isclose(control.readout()["central"]["estimate"], 12.01)


def test_the_control_checks_its_arguments():
    with pytest.raises(ValueError, match="log10_eps must be <= -1.0"):
        EpsilonControl(cube, d_cube, 2.0, log10_eps=0.0)
    with pytest.raises(TypeError, match="f must be a function of w"):
        EpsilonControl(None, d_cube, 2.0)
