"""utils/maths/derivatives.py against closed-form derivatives and its errors."""
import math

import numpy as np
import pytest

from utils.maths.derivatives import (GradientCheck, central_difference, forward_difference,
                                     gradient_check, numerical_gradient, relative_error)


def test_forward_difference_is_the_secant_slope():
    # (3.001**2 - 9) / 0.001 = 6.001 exactly, up to round-off
    assert math.isclose(forward_difference(lambda w: w ** 2, 3.0, eps=1e-3), 6.001, rel_tol=1e-9)


def test_central_difference_is_exact_for_a_parabola():
    assert math.isclose(central_difference(lambda w: w ** 2, 3.0, eps=1e-3), 6.0, rel_tol=1e-9)


@pytest.mark.parametrize("f, df, w", [
    (lambda w: w ** 3, lambda w: 3 * w ** 2, 2.0),
    (lambda w: 1 / w, lambda w: -1 / w ** 2, 0.5),
    (np.exp, np.exp, 1.0),
    (np.sin, np.cos, 0.7),
])
def test_errors_shrink_like_eps_and_eps_squared(f, df, w):
    err = {method: [abs(method(f, w, eps) - df(w)) for eps in (1e-2, 1e-3)]
           for method in (forward_difference, central_difference)}
    # ten times smaller eps: about 10x smaller error one-sided, 100x smaller central
    assert 7 < err[forward_difference][0] / err[forward_difference][1] < 13
    assert 70 < err[central_difference][0] / err[central_difference][1] < 130
    assert central_difference(f, w, 1e-5) == pytest.approx(df(w), rel=1e-8)


def test_numerical_gradient_of_a_quadratic_form():
    A = np.array([[2.0, 1.0], [1.0, 3.0]])
    W = np.array([[0.5, -1.0], [2.0, 0.25]])
    grad = numerical_gradient(lambda M: float(np.sum(M * (A @ M))), W)
    np.testing.assert_allclose(grad, 2 * A @ W, rtol=1e-8)
    assert grad.shape == W.shape


def test_relative_error():
    assert relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert relative_error([1.0, -2.0], [-1.0, 2.0]) == 1.0
    assert relative_error([0.0], [0.0]) == 0.0
    with pytest.raises(ValueError, match="same shape, got \\(2,\\) and \\(3,\\)"):
        relative_error([1.0, 2.0], [1.0, 2.0, 3.0])


def J_of(theta):
    """J(w, b) = 1/2 (w x + b - y)^2 with x = -2, y = 2 (the lecture's example)."""
    w, b = theta
    return 0.5 * (w * -2.0 + b - 2.0) ** 2


def test_gradient_check_passes_a_right_gradient_and_fails_a_sign_error():
    def right(theta):
        d = theta[0] * -2.0 + theta[1] - 2.0
        return np.array([d * -2.0, d])

    good = gradient_check(J_of, right, [2.0, 8.0])
    assert isinstance(good, GradientCheck) and good.passed and good.relative_error < 1e-9
    np.testing.assert_allclose(good.analytic, [-4.0, 2.0])
    bad = gradient_check(J_of, lambda t: right(t) * np.array([-1.0, 1.0]), [2.0, 8.0])
    assert not bad.passed and bad.worst == (0,) and bad.relative_error > 0.5
    assert str(bad).startswith("gradient check FAILED: relative error 0.8")
    assert "entry (0,): analytic 4, numerical -4" in str(bad)


@pytest.mark.parametrize("call, error, words", [
    (lambda: central_difference("w**2", 1.0), TypeError, "f must be a function of w"),
    (lambda: central_difference(lambda w: w, 1.0, eps=0), ValueError, "eps must be > 0.0"),
    (lambda: central_difference(lambda w: w, 1.0, eps=-1e-3), ValueError, "eps must be > 0"),
    (lambda: forward_difference(lambda w: w, "1"), TypeError, "w must be a number"),
    (lambda: central_difference(lambda w: [w, w], 1.0), TypeError,
     "f\\(w \\+ eps\\) must be one number, got a list"),
    (lambda: forward_difference(lambda w: 1 / w if w else float("inf"), 0.0), ValueError,
     "f\\(w\\) must be finite, got inf: is w outside the function's domain"),
    (lambda: forward_difference(lambda w: None, 1.0), TypeError, "one number, got NoneType"),
    (lambda: numerical_gradient(np.sum, [[1.0], [2.0, 3.0]]), ValueError, "params"),
    (lambda: gradient_check(J_of, lambda t: np.zeros(3), [2.0, 8.0]), ValueError,
     "grad\\(params\\) must have the shape of params, \\(2,\\), got \\(3,\\)"),
    (lambda: gradient_check(J_of, "grad", [2.0, 8.0]), TypeError, "grad must be a function"),
    (lambda: gradient_check(J_of, np.zeros_like, [2.0], tolerance=0), ValueError, "tolerance"),
])
def test_bad_input_gets_a_clear_error(call, error, words):
    with pytest.raises(error, match=words):
        call()
