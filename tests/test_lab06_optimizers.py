"""utils.labs.lab06.optimizers: every step held against Keras's own optimizer (float64, many steps,
several costs), the lecture's forms against their formulas, and the errors bad input gets."""
import keras
import numpy as np
import pytest
import tensorflow as tf

from utils.labs.lab06.optimizers import (CONVENTIONS, OPTIMIZERS, adam_step, gd_step, keras_rounded,
                                    momentum_step, optimize, rmsprop_step)

TOLERANCE = 1e-6


def _quadratic(n, seed, condition):
    """A quadratic cost 1/2 (w - c)^T A (w - c) with a rotated, ill-conditioned A."""
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.normal(size=(n, n)))
    A = Q @ np.diag(np.geomspace(1.0, condition, n)) @ Q.T
    c = rng.normal(size=n)
    grad = lambda w: A @ (w - c)                                   # noqa: E731
    cost_tf = lambda w: 0.5 * tf.tensordot(w - c, tf.linalg.matvec(tf.constant(A), w - c), 1)  # noqa: E731
    return grad, cost_tf, rng.normal(size=n) * 2


def _logistic(seed):
    """Logistic regression (3 weights, no bias) on 40 separable-ish examples: not quadratic."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(40, 3)) * [1.0, 3.0, 0.3]
    y = (X @ [1.0, -0.5, 2.0] + rng.normal(size=40) > 0).astype(float)

    def grad(w):
        p = 1 / (1 + np.exp(-(X @ w)))
        return X.T @ (p - y) / len(y)

    def cost_tf(w):
        z = tf.linalg.matvec(tf.constant(X), w)
        return tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.constant(y), logits=z))
    return grad, cost_tf, np.array([0.5, 0.5, -0.5])


PROBLEMS = {"2-D valley": _quadratic(2, 0, 100.0), "5-D rotated bowl": _quadratic(5, 1, 30.0),
            "logistic regression": _logistic(2)}
# (optimizer, Keras class, hyperparameters): each rounded to float32 first, as Keras uses them.
SETTINGS = {
    "gd": ("gd", "SGD", {"learning_rate": 0.015}),
    "momentum": ("momentum", "SGD", {"learning_rate": 0.004, "momentum": 0.9}),
    "momentum-0.5": ("momentum", "SGD", {"learning_rate": 0.01, "momentum": 0.5}),
    "rmsprop": ("rmsprop", "RMSprop", {"learning_rate": 0.01, "rho": 0.9}),
    "rmsprop-eps": ("rmsprop", "RMSprop", {"learning_rate": 0.003, "rho": 0.99, "epsilon": 1e-3}),
    "adam": ("adam", "Adam", {"learning_rate": 0.05, "beta_1": 0.9, "beta_2": 0.999}),
    "adam-betas": ("adam", "Adam", {"learning_rate": 0.02, "beta_1": 0.8, "beta_2": 0.99,
                                    "epsilon": 1e-4}),
}
STEPS = 120
_KERAS = {}


def _keras_paths(problem):
    """Every SETTINGS optimizer run by Keras on ``problem``, in one compiled loop (cached)."""
    if problem not in _KERAS:
        _, cost_tf, w0 = PROBLEMS[problem]
        names = list(SETTINGS)
        opts = [getattr(keras.optimizers, cls)(**keras_rounded(hyper))
                for _, cls, hyper in SETTINGS.values()]
        variables = [keras.Variable(w0, dtype="float64") for _ in names]
        for opt, var in zip(opts, variables):
            opt.build([var])

        @tf.function
        def loop():
            rows = tuple(tf.TensorArray(tf.float64, size=STEPS) for _ in names)
            for t in tf.range(STEPS):
                new = []
                for r, opt, var in zip(rows, opts, variables):
                    with tf.GradientTape() as tape:
                        J = cost_tf(var)
                    opt.apply_gradients([(tape.gradient(J, var), var)])
                    new.append(r.write(t, var))
                rows = tuple(new)
            return tuple(r.stack() for r in rows)
        _KERAS[problem] = {n: np.vstack([w0, p.numpy()]) for n, p in zip(names, loop())}
    return _KERAS[problem]


def _numpy_path(name, grad, w0, hyper, steps=STEPS):
    """The path of the public step function of ``name``, state carried by hand."""
    w, a, b = np.array(w0, dtype=float), np.zeros(len(w0)), np.zeros(len(w0))
    rows = [w]
    for t in range(1, steps + 1):
        g = grad(w)
        if name == "gd":
            w = gd_step(w, g, **hyper)
        elif name == "momentum":
            w, a = momentum_step(w, g, a, **hyper)
        elif name == "rmsprop":
            w, a = rmsprop_step(w, g, a, **hyper)
        else:
            w, a, b = adam_step(w, g, a, b, t, **hyper)
        rows.append(w)
    return np.array(rows)


def _relative(a, b):
    return float(np.max(np.linalg.norm(a - b, axis=1) / np.linalg.norm(b, axis=1)))


@pytest.mark.parametrize("setting", SETTINGS)
@pytest.mark.parametrize("problem", PROBLEMS)
def test_each_step_follows_keras_for_120_steps(problem, setting):
    name, _, hyper = SETTINGS[setting]
    grad, _, w0 = PROBLEMS[problem]
    ours = _numpy_path(name, grad, w0, keras_rounded(hyper))
    theirs = _keras_paths(problem)[setting]
    assert _relative(ours, theirs) <= TOLERANCE
    assert np.linalg.norm(ours[-1] - ours[0]) > 0.01       # the path really moved


@pytest.mark.parametrize("setting", SETTINGS)
def test_optimize_takes_the_same_steps_as_the_step_functions(setting):
    name, _, hyper = SETTINGS[setting]
    grad, _, w0 = PROBLEMS["logistic regression"]
    np.testing.assert_array_equal(optimize(name, grad, w0, 50, **hyper),
                                  _numpy_path(name, grad, w0, hyper, steps=50))


def test_without_rounding_adam_differs_from_keras_by_more_than_the_tolerance():
    """The float32 hyperparameters are what makes keras_rounded necessary (lab, section 4)."""
    grad, _, w0 = PROBLEMS["2-D valley"]
    hyper = {"learning_rate": 0.3, "beta_1": 0.9, "beta_2": 0.999}
    var = keras.Variable(w0, dtype="float64")
    keras.optimizers.Adam(**hyper).apply_gradients([(tf.constant(grad(w0)), var)])
    ours = adam_step(w0, grad(w0), np.zeros(2), np.zeros(2), 1, **hyper)[0]
    gap = np.abs((var.numpy() - w0) / (ours - w0) - 1)
    assert np.all((5e-6 < gap) & (gap < 8e-6))


def test_keras_rounds_sgd_momentum_to_float32_and_keras_rounded_undoes_the_gap():
    grads = [np.array([0.5, -2.0]), np.array([0.3, 1.0]), np.array([-0.1, 0.2])]

    def keras_path(momentum):
        var = keras.Variable(np.ones(2), dtype="float64")
        opt = keras.optimizers.SGD(learning_rate=0.25, momentum=momentum)
        for g in grads:
            opt.apply_gradients([(tf.constant(g), var)])
        return var.numpy()

    def numpy_path(momentum):
        w, u = np.ones(2), np.zeros(2)
        for g in grads:
            w, u = momentum_step(w, g, u, 0.25, momentum)
        return w
    assert np.max(np.abs(keras_path(0.9) - numpy_path(0.9))) > 1e-9
    rounded = keras_rounded({"momentum": 0.9})["momentum"]
    np.testing.assert_allclose(keras_path(rounded), numpy_path(rounded), rtol=1e-15)


def test_keras_rounded_gives_float32_values_and_checks_them():
    assert keras_rounded({"beta_2": 0.999}) == {"beta_2": float(np.float32(0.999))}
    assert keras_rounded({"learning_rate": 0.25})["learning_rate"] == 0.25
    with pytest.raises(TypeError, match="hyper must be a dict"):
        keras_rounded([0.1])
    with pytest.raises(TypeError, match="beta_1 must be a number"):
        keras_rounded({"beta_1": "0.9"})


# ---------------------------------------------------------------- the lecture's forms

def test_lecture_momentum_is_keras_momentum_with_learning_rate_times_one_minus_beta():
    grad, _, w0 = PROBLEMS["5-D rotated bowl"]
    lecture = optimize("momentum", grad, w0, 200, learning_rate=0.05, momentum=0.8,
                       convention="lecture")
    keras_form = optimize("momentum", grad, w0, 200, learning_rate=0.05 * 0.2, momentum=0.8)
    np.testing.assert_allclose(lecture, keras_form, rtol=1e-9, atol=1e-12)


def test_lecture_rmsprop_puts_epsilon_outside_the_square_root():
    g = np.array([1e-3, 1.0, -2.0])
    w, s = rmsprop_step(np.ones(3), g, np.zeros(3), 0.1, rho=0.9, epsilon=1e-7,
                        convention="lecture")
    np.testing.assert_allclose(s, 0.1 * g**2)
    np.testing.assert_allclose(w, 1 - 0.1 * g / (np.sqrt(0.1 * g**2) + 1e-7), rtol=1e-14)
    w_k, _ = rmsprop_step(np.ones(3), g, np.zeros(3), 0.1, rho=0.9, epsilon=1e-7)
    np.testing.assert_allclose(w_k, 1 - 0.1 * g / np.sqrt(0.1 * g**2 + 1e-7), rtol=1e-14)


def test_paper_adam_is_keras_adam_with_a_rescaled_epsilon():
    """Keras's step equals the paper's with epsilon / sqrt(1 - beta_2**t), at every t."""
    g, m, v = np.array([1e-6, 0.5]), np.array([2e-7, 0.1]), np.array([1e-13, 0.02])
    for t in (1, 2, 10, 1000):
        keras_form = adam_step(np.zeros(2), g, m, v, t, 0.1, 0.9, 0.999, 1e-7)
        paper = adam_step(np.zeros(2), g, m, v, t, 0.1, 0.9, 0.999,
                          1e-7 / np.sqrt(1 - 0.999**t), convention="lecture")
        for a, b in zip(keras_form, paper):
            np.testing.assert_allclose(a, b, rtol=1e-12)
    first = adam_step(np.zeros(2), g, np.zeros(2), np.zeros(2), 1, 0.1, convention="lecture")[0]
    np.testing.assert_allclose(first, -0.1 * g / (np.abs(g) + 1e-7), rtol=1e-12)


def test_steps_do_not_change_their_inputs():
    w, g, m, v = np.ones(2), np.array([0.5, -1.0]), np.full(2, 0.1), np.full(2, 0.2)
    before = [a.copy() for a in (w, g, m, v)]
    adam_step(w, g, m, v, 3, 0.1)
    momentum_step(w, g, m, 0.1)
    rmsprop_step(w, g, v, 0.1)
    for a, b in zip((w, g, m, v), before):
        np.testing.assert_array_equal(a, b)


def test_optimize_stops_a_diverging_path_with_inf_rows():
    grad, _, w0 = PROBLEMS["2-D valley"]
    path = optimize("gd", grad, w0, 300, learning_rate=1.0)
    assert np.isinf(path[-1]).all() and np.isfinite(path[0]).all()
    assert np.all(np.abs(path[np.isfinite(path).all(axis=1)]) <= 1e6)


# ---------------------------------------------------------------- bad input

W, G, Z = np.ones(2), np.array([0.5, -1.0]), np.zeros(2)


@pytest.mark.parametrize("call, error, words", [
    (lambda: gd_step(W, G, 0.0), ValueError, "learning_rate must be > 0, got 0.0"),
    (lambda: gd_step(W, G, -0.1), ValueError, "learning_rate must be > 0, got -0.1"),
    (lambda: gd_step(W, G, float("nan")), ValueError, "learning_rate must be finite"),
    (lambda: gd_step(W, G, "0.1"), TypeError, "learning_rate must be a number, got str"),
    (lambda: gd_step(W, G, True), TypeError, "learning_rate must be a number, got bool"),
    (lambda: momentum_step(W, G, Z, 0.1, momentum=1.0), ValueError, "momentum must be < 1, got 1.0"),
    (lambda: momentum_step(W, G, Z, 0.1, momentum=-0.1), ValueError, "momentum must be >= 0"),
    (lambda: rmsprop_step(W, G, Z, 0.1, rho=1.5), ValueError, "rho must be < 1, got 1.5"),
    (lambda: rmsprop_step(W, G, Z, 0.1, epsilon=0), ValueError, "epsilon must be > 0, got 0.0"),
    (lambda: adam_step(W, G, Z, Z, 1, 0.1, beta_1=1.0), ValueError, "beta_1 must be < 1, got 1.0"),
    (lambda: adam_step(W, G, Z, Z, 1, 0.1, beta_2=-0.5), ValueError, "beta_2 must be >= 0, got -0.5"),
    (lambda: adam_step(W, G, Z, Z, 0, 0.1), ValueError, r"t \(the step number, 1 for the first step\) must be >= 1, got 0"),
    (lambda: adam_step(W, G, Z, Z, 1.0, 0.1), TypeError, "t .* must be a whole number"),
    (lambda: gd_step(W, [1.0, 2.0, 3.0], 0.1), ValueError,
     r"grad \(the gradient at w\) must have the shape of w, \(2,\), got shape \(3,\)"),
    (lambda: momentum_step(W, G, np.zeros(3), 0.1), ValueError, r"velocity .* must have the shape of w, \(2,\), got shape \(3,\)"),
    (lambda: adam_step(W, G, Z, np.zeros((2, 1)), 1, 0.1), ValueError, r"v .* shape of w, \(2,\), got shape \(2, 1\)"),
    (lambda: adam_step(W, G, Z, [-1.0, 0.0], 1, 0.1), ValueError, r"v \(the running mean of the squared gradient\) must be >= 0"),
    (lambda: rmsprop_step(W, G, [0.0, -1e-3], 0.1), ValueError, "s .* must be >= 0"),
    (lambda: gd_step([1.0, np.nan], G, 0.1), ValueError, "w must contain only finite numbers"),
    (lambda: gd_step(W, [np.inf, 0.0], 0.1), ValueError, "grad must contain only finite numbers"),
    (lambda: adam_step(W, G, [np.nan, 0.0], Z, 1, 0.1), ValueError, "m must contain only finite numbers"),
    (lambda: gd_step("w", G, 0.1), TypeError, "w must be numbers"),
    (lambda: momentum_step(W, G, Z, 0.1, convention="paper"), ValueError, "convention must be one of"),
    (lambda: optimize("sgd", lambda w: w, W, 5, learning_rate=0.1), ValueError, "name must be one of"),
    (lambda: optimize("gd", G, W, 5, learning_rate=0.1), TypeError, "grad must be a function"),
    (lambda: optimize("gd", lambda w: w, W, 5), TypeError, "learning_rate is required"),
    (lambda: optimize("gd", lambda w: w, W, 5, learning_rate=0.1, momentum=0.9), TypeError,
     r"gd takes the hyperparameters \('learning_rate',\), got also \['momentum'\]"),
    (lambda: optimize("adam", lambda w: w, W, 5, learning_rate=0.1, beta_1=1.0), ValueError, "beta_1 must be < 1"),
    (lambda: optimize("gd", lambda w: w, W, 0, learning_rate=0.1), ValueError, "steps must be >= 1"),
    (lambda: optimize("gd", lambda w: np.ones(3), W, 5, learning_rate=0.1), ValueError,
     r"grad\(w\) at step 1 \(the gradient at w\) must have the shape of w, \(2,\), got shape \(3,\)"),
    (lambda: optimize("gd", lambda w: w * np.nan, W, 5, learning_rate=0.1), ValueError,
     r"grad\(w\) at step 1 must contain only finite numbers"),
])
def test_bad_input_gets_a_message_naming_argument_expected_and_given(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_the_names_the_module_promises():
    assert OPTIMIZERS == ("gd", "momentum", "rmsprop", "adam")
    assert CONVENTIONS == ("keras", "lecture")
