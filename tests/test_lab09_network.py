"""utils/labs/lab09/network.py: the network built from Values against the NumPy one, the step
counts, their figure, the NumPy backward pass against tf.GradientTape and central differences,
and the timing."""
import matplotlib
import numpy as np
import pytest
import tensorflow as tf

from utils.labs.lab09.network import (backprop, count_steps, init_network, network_cost,
                                      network_cost_tf, network_data, network_gradient,
                                      network_of_values, plot_step_ratio, time_gradients, unpack)
from utils.maths.derivatives import numerical_gradient

matplotlib.use("Agg")


def test_network_gradient_against_gradient_tape_and_central_differences():
    X, y = network_data(10, 8, seed=3)
    theta, sizes = init_network(10, 16, seed=1)
    assert theta.size == 10 * 16 + 16 + 16 + 1 and sizes == (10, 16)
    theta_tf = tf.Variable(theta)
    with tf.GradientTape() as tape:
        J_tf = network_cost_tf(theta_tf, sizes, X, y)
    np.testing.assert_allclose(network_cost(theta, sizes, X, y), float(J_tf), rtol=1e-12)
    grad = network_gradient(theta, sizes, X, y)
    np.testing.assert_allclose(grad, tape.gradient(J_tf, theta_tf).numpy(), rtol=1e-10,
                               atol=1e-14)
    numerical = numerical_gradient(lambda t: network_cost(t, sizes, X, y), theta)
    np.testing.assert_allclose(grad, numerical, rtol=1e-5, atol=1e-8)
    shapes = [g.shape for g in backprop(*unpack(theta, sizes), X, y)]
    assert shapes == [(10, 16), (16,), (16,), ()]


def test_the_network_of_values_is_the_numpy_network():
    J, params = network_of_values(3)
    J.backward()
    theta, sizes = init_network(2, 3)
    X, y = network_data(2, 4)
    assert [p.data for p in params] == list(theta)
    np.testing.assert_allclose(J.data, network_cost(theta, sizes, X, y), rtol=1e-12)
    np.testing.assert_allclose([p.grad for p in params], network_gradient(theta, sizes, X, y),
                               rtol=1e-10, atol=1e-14)


def test_count_steps():
    rows = count_steps([1, 4])
    assert [(r["P"], r["N"], r["E"], r["fd_steps"], r["bp_steps"]) for r in rows] == [
        (5, 50, 91, 500, 141), (17, 146, 271, 4964, 417)]
    J, _ = network_of_values(1)
    order = J.topological_order()
    assert rows[0]["N"] == sum(1 for v in order if v.op) and rows[0]["ratio"] == 500 / 141


def test_plot_step_ratio_has_markers_and_a_slope_one_guide():
    fig = plot_step_ratio([5, 50], [3.5, 35.0])
    ax = fig.axes[0]
    data, guide = ax.get_lines()
    assert data.get_marker() == "o" and ax.get_xscale() == ax.get_yscale() == "log"
    assert list(guide.get_ydata()) == [10.5, 105.0] and guide.get_linestyle() == "--"
    with pytest.raises(ValueError, match="ratio"):
        plot_step_ratio([5, 50], [3.5])


def test_network_functions_check_their_arguments():
    X, y = network_data(10, 8)
    theta, sizes = init_network(10, 4)
    with pytest.raises(ValueError, match="theta"):
        network_cost(theta[:-1], sizes, X, y)
    with pytest.raises(ValueError, match="X"):
        network_gradient(theta, sizes, X[:, :3], y)
    with pytest.raises(TypeError, match="sizes must be the pair \\(n_inputs, n_hidden\\)"):
        network_cost(theta, [10, 4], X, y)
    with pytest.raises(ValueError, match="n_hidden"):
        init_network(10, 0)
    with pytest.raises(ValueError, match="rounds"):
        time_gradients([2], rounds=0)


def test_time_gradients_agree_and_backprop_costs_more_than_one_evaluation():
    rows = time_gradients([2, 40], m=32, rounds=2)
    assert [r["P"] for r in rows] == [25, 481]
    assert all(r["relative_error"] < 1e-8 for r in rows)
    assert all(r["bp_in_J"] > 1 and r["ratio"] < 2 * r["P"] for r in rows)
    assert rows[-1]["ratio"] > 5 * rows[0]["ratio"]
    for r in rows:
        assert r["ratio"] == pytest.approx(2 * r["P"] / r["bp_in_J"])
