"""utils.labs.lab02.activations held against Keras, TensorFlow's gradients and closed forms, plus the
error each kind of bad input gets."""
import math
import warnings

import keras
import numpy as np
import pytest
import tensorflow as tf

from utils.labs.lab02 import activations as act

Z = np.linspace(-12.0, 12.0, 2401)          # includes z = 0, where ReLU has its kink
NAMES = sorted(act.ACTIVATIONS)


# --- values and derivatives --------------------------------------------------------------------

def test_the_seven_activations_of_the_lab_are_there():
    assert NAMES == ["gelu", "leaky_relu", "linear", "relu", "sigmoid", "softplus", "tanh"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_values_match_keras_activations(name, dtype):
    g, _ = act.get_activation(name)
    want = keras.ops.convert_to_numpy(getattr(keras.activations, name)(tf.constant(Z, dtype=dtype)))
    tol = dict(rtol=1e-6, atol=1e-6) if dtype == "float32" else dict(rtol=1e-7, atol=1e-7)
    np.testing.assert_allclose(g(Z), want, **tol)


@pytest.mark.parametrize("name", NAMES)
def test_derivatives_match_tensorflow_gradients(name):
    _, g_prime = act.get_activation(name)
    z = tf.constant(Z, dtype="float64")
    with tf.GradientTape() as tape:
        tape.watch(z)
        a = getattr(keras.activations, name)(z)
    np.testing.assert_allclose(g_prime(Z), tape.gradient(a, z).numpy(), rtol=1e-7, atol=1e-7)


@pytest.mark.parametrize("name", NAMES)
def test_derivatives_match_finite_differences(name):
    g, g_prime = act.get_activation(name)
    z = np.array([-7.3, -2.1, -0.4, 0.3, 1.7, 6.2])        # away from the kink at 0
    h = 1e-6
    np.testing.assert_allclose(g_prime(z), (g(z + h) - g(z - h)) / (2 * h), rtol=1e-6, atol=1e-8)


def test_closed_form_values():
    assert act.sigmoid(0.0) == 0.5
    assert act.sigmoid_derivative(0.0) == 0.25
    assert act.sigmoid_derivative(5.0) == pytest.approx(math.exp(-5) / (1 + math.exp(-5)) ** 2)
    assert act.sigmoid_derivative(10.0) == pytest.approx(4.5396e-5, rel=1e-4)
    assert act.tanh_derivative(0.0) == 1.0
    assert act.relu(-3.0) == 0.0 and act.relu(2.5) == 2.5
    assert act.relu_derivative(0.0) == 0.0 and act.relu_derivative(1e-9) == 1.0
    assert act.leaky_relu(-2.0) == pytest.approx(-0.4)
    assert act.leaky_relu(-2.0, negative_slope=0.01) == pytest.approx(-0.02)
    assert act.leaky_relu_derivative(0.0) == pytest.approx(0.2)
    assert act.softplus(0.0) == pytest.approx(math.log(2))
    assert act.gelu(1.0) == pytest.approx(0.5 * (1 + math.erf(1 / math.sqrt(2))))
    assert act.linear(-4.5) == -4.5 and act.linear_derivative(123.0) == 1.0


def test_extreme_inputs_give_no_overflow_or_nan():
    z = np.array([-1000.0, -50.0, 50.0, 1000.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):   # underflow to 0 is fine
        np.testing.assert_allclose(act.sigmoid(z), [0.0, 1.9287e-22, 1.0, 1.0], rtol=1e-4)
        np.testing.assert_allclose(act.sigmoid_derivative(z), [0.0, 1.9287e-22, 1.9287e-22, 0.0],
                                   rtol=1e-4)
        np.testing.assert_allclose(act.softplus(z), [0.0, 1.9287e-22, 50.0, 1000.0], rtol=1e-4)


def test_shapes_are_kept_and_numbers_give_floats():
    z = np.arange(12.0).reshape(3, 4) - 6
    for name in NAMES:
        g, g_prime = act.get_activation(name)
        assert g(z).shape == (3, 4) and g_prime(z).shape == (3, 4)
        assert isinstance(g(1.5), float) and isinstance(g_prime(1.5), float)
    assert act.relu([[-1, 2]]).tolist() == [[0.0, 2.0]]     # lists and ints are accepted


def test_linear_returns_a_copy():
    z = np.array([1.0, 2.0])
    out = act.linear(z)
    out[0] = 99.0
    assert z[0] == 1.0


# --- bad input ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_activations_reject_non_numbers(name):
    g, g_prime = act.get_activation(name)
    with pytest.raises(TypeError, match=r"z must be numbers .* got str 'abc'"):
        g("abc")
    with pytest.raises(TypeError, match=r"z must hold numbers, got .* dtype bool"):
        g_prime(np.array([True, False]))
    with pytest.raises(TypeError, match=r"z must be a rectangular array of numbers"):
        g([1.0, None])
    with pytest.raises(ValueError, match=r"z must contain only finite numbers"):
        g([1.0, np.nan])
    with pytest.raises(ValueError, match=r"z must not be empty"):
        g([])


def test_get_activation_and_slope_errors():
    with pytest.raises(ValueError, match=r"name must be one of \['gelu', .*\], got 'swish'"):
        act.get_activation("swish")
    with pytest.raises(TypeError, match=r"name must be an activation name \(a str\), got int 3"):
        act.get_activation(3)
    with pytest.raises(ValueError, match=r"negative_slope must be < 1, got 1.5"):
        act.leaky_relu([1.0], negative_slope=1.5)
    with pytest.raises(TypeError, match=r"negative_slope must be a number, got str"):
        act.leaky_relu_derivative([1.0], negative_slope="0.2")


# --- the sigmoid (the only one in utils) -------------------------------------------------------

def strict(fn, *args, **kwargs):
    """Call fn with every NumPy floating-point problem and every warning turned into an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            return fn(*args, **kwargs)


def tf64(x):
    return tf.constant(np.asarray(x, dtype=np.float64))


def test_sigmoid_matches_tensorflow_including_extremes():
    z = np.array([-1e3, -50.0, -1.0, 0.0, 2.0, 40.0, 1e3])
    s = strict(act.sigmoid, z)
    np.testing.assert_allclose(s, tf.sigmoid(tf64(z)).numpy(), rtol=1e-12, atol=1e-300)


def test_sigmoid_output_with_cross_entropy_has_gradient_a_minus_y():
    """The lab says that g'(z) cancels out for a sigmoid output trained with binary cross-entropy."""
    z = tf.constant([[-6.0], [-1.0], [0.5], [8.0]], dtype="float64")
    y = tf.constant([[1.0], [0.0], [1.0], [0.0]], dtype="float64")
    with tf.GradientTape() as tape:
        tape.watch(z)
        J = tf.reduce_sum(keras.losses.binary_crossentropy(y, tf.sigmoid(z)))
    np.testing.assert_allclose(tape.gradient(J, z).numpy(), act.sigmoid(z.numpy()) - y.numpy(),
                               rtol=1e-5, atol=1e-6)


def test_utils_defines_one_sigmoid_function_and_re_exports_none():
    import ast
    from utils.notebook import ROOT as root
    homes = []
    for path in sorted((root / "utils").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):      # a method such as Value.sigmoid (lab 09) is no twin
            defines = (isinstance(node, ast.FunctionDef) and node.name == "sigmoid"
                       and node in tree.body)
            imports = isinstance(node, ast.ImportFrom) and any(a.name == "sigmoid" for a in node.names)
            if defines or imports:
                homes.append((path.relative_to(root).as_posix(), "def" if defines else "import"))
    assert homes == [("utils/labs/lab02/activations.py", "def")]
