"""utils.labs.lab07.convolution held against keras.layers.Conv1D / Conv2D with the same weights (random
inputs, kernels, strides and paddings; float32 and float64 layers), the output-size rule against
Keras's output shapes, and every bad input."""
import keras
import numpy as np
import pytest

from utils.labs.lab07.convolution import conv1d, conv2d, output_length, same_padding

RNG = np.random.default_rng(0)


def relative_error(a, b):
    return float(np.linalg.norm(np.asarray(a) - np.asarray(b)) / np.linalg.norm(b))


def keras_conv(layer_class, x, w, b, stride, padding, dtype="float64"):
    layer = layer_class(w.shape[-1], w.shape[:-2], strides=stride, padding=padding, dtype=dtype)
    layer.build((None, *x.shape[1:]))
    layer.set_weights([w, b])
    return np.asarray(layer(x.astype(dtype)), dtype=np.float64)


def random_1d_case(rng):
    L = int(rng.integers(1, 25))
    k = int(rng.integers(1, L + 1))
    return (rng.normal(size=(int(rng.integers(1, 4)), L, int(rng.integers(1, 4)))), k,
            int(rng.integers(1, 5)))


@pytest.mark.parametrize("padding", ["valid", "same"])
@pytest.mark.parametrize("trial", range(12))
def test_conv1d_equals_keras_conv1d(trial, padding):
    rng = np.random.default_rng(100 + trial)
    x, k, stride = random_1d_case(rng)
    c_out = int(rng.integers(1, 5))
    w, b = rng.normal(size=(k, x.shape[-1], c_out)), rng.normal(size=c_out)
    ours = conv1d(x, w, b, stride=stride, padding=padding)
    theirs = keras_conv(keras.layers.Conv1D, x, w, b, stride, padding)
    assert ours.shape == theirs.shape
    np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)
    assert relative_error(ours, keras_conv(keras.layers.Conv1D, x, w, b, stride, padding,
                                           dtype="float32")) <= 1e-6


@pytest.mark.parametrize("padding", ["valid", "same"])
@pytest.mark.parametrize("trial", range(10))
def test_conv2d_equals_keras_conv2d(trial, padding):
    rng = np.random.default_rng(200 + trial)
    H, W = (int(v) for v in rng.integers(1, 12, size=2))
    kh, kw = int(rng.integers(1, H + 1)), int(rng.integers(1, W + 1))
    stride = (int(rng.integers(1, 4)), int(rng.integers(1, 4)))
    c_in, c_out = (int(v) for v in rng.integers(1, 4, size=2))
    x = rng.normal(size=(2, H, W, c_in))
    w, b = rng.normal(size=(kh, kw, c_in, c_out)), rng.normal(size=c_out)
    ours = conv2d(x, w, b, stride=stride, padding=padding)
    theirs = keras_conv(keras.layers.Conv2D, x, w, b, stride, padding)
    assert ours.shape == theirs.shape
    np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)


def test_single_channel_forms_drop_the_channel_axes():
    x, w = RNG.normal(size=12), RNG.normal(size=4)
    full = conv1d(x[:, None], w[:, None, None], stride=2, padding="same")
    np.testing.assert_array_equal(conv1d(x, w, stride=2, padding="same"), full[:, 0])
    image, kernel = RNG.normal(size=(7, 6)), RNG.normal(size=(3, 2))
    np.testing.assert_array_equal(conv2d(image, kernel, 0.5),
                                  conv2d(image[..., None], kernel[..., None, None], [0.5])[..., 0])


def test_no_kernel_flip_and_a_hand_computed_example():
    x, w = np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.0, 0.0, -1.0])
    np.testing.assert_array_equal(conv1d(x, w), [-2.0, -2.0])            # x[j] - x[j + 2]
    np.testing.assert_array_equal(conv1d(x, w), np.correlate(x, w, "valid"))
    assert not np.array_equal(conv1d(x, w), np.convolve(x, w, "valid"))  # np.convolve flips


@pytest.mark.parametrize("n,k,stride,expected", [(6, 3, 2, (0, 1)), (10, 4, 1, (1, 2)),
                                                 (10, 3, 1, (1, 1)), (5, 1, 3, (0, 0)),
                                                 (4, 6, 1, (2, 3))])
def test_same_padding_puts_the_odd_zero_after_the_input(n, k, stride, expected):
    assert same_padding(n, k, stride) == expected
    x = RNG.normal(size=(1, n, 1))
    w = RNG.normal(size=(k, 1, 1))
    theirs = keras_conv(keras.layers.Conv1D, x, w, np.zeros(1), stride, "same")
    np.testing.assert_allclose(conv1d(x, w, stride=stride, padding="same"), theirs, rtol=1e-9,
                               atol=1e-12)
    before, after = expected
    if before != after:       # the mirror-image padding gives other numbers
        mirrored = conv1d(np.pad(x, [(0, 0), (after, before), (0, 0)]), w, stride=stride)
        assert not np.allclose(mirrored, theirs)


@pytest.mark.parametrize("padding", ["valid", "same"])
def test_output_length_is_keras_output_shape(padding):
    for n in range(1, 14):
        for k in range(1, n + 1 if padding == "valid" else 8):
            for stride in range(1, 5):
                layer = keras.layers.Conv1D(1, k, strides=stride, padding=padding)
                assert layer.compute_output_shape((None, n, 1))[1] == \
                    output_length(n, k, stride, padding), (n, k, stride, padding)


def test_output_length_closed_forms():
    assert output_length(160, 9) == 152
    assert output_length(160, 9, 2) == 76
    assert output_length(10, 3, 3) == 3          # windows at 0, 3, 6 (9 would stick out)
    assert output_length(10, 3, 3, "same") == 4  # ceil(10 / 3)
    assert output_length(5, 5) == 1


@pytest.mark.parametrize("call,error,pattern", [
    (lambda: conv1d([1.0, 2.0], [1.0, 2.0, 3.0]), ValueError,
     r"w \(shape \(3,\)\) is larger than x \(shape \(2,\)\) along the steps.*expected a kernel "
     r"size <= 2 along the steps, got 3"),
    (lambda: conv2d(np.ones((4, 5)), np.ones((2, 6))), ValueError,
     r"w \(shape \(2, 6\)\) is larger than x \(shape \(4, 5\)\) along the columns.*<= 5.*got 6"),
    (lambda: conv1d(np.ones(5), np.ones(2), stride=0), ValueError, r"stride must be >= 1, got 0"),
    (lambda: conv2d(np.ones((5, 5)), np.ones((2, 2)), stride=(1, 0)), ValueError,
     r"stride\[1\] must be >= 1, got 0"),
    (lambda: conv2d(np.ones((5, 5)), np.ones((2, 2)), stride=(1, 1, 1)), ValueError,
     r"stride must be one whole number or 2 of them, got \(1, 1, 1\)"),
    (lambda: conv1d(np.ones(5), np.ones(2), stride=1.5), TypeError, r"stride must be a whole"),
    (lambda: conv1d(np.ones((5, 3)), np.ones((2, 2, 4))), ValueError,
     r"w must have shape \(k, 3, C_out\) to match the 3 channel\(s\) of x \(shape \(5, 3\)\), "
     r"got shape \(2, 2, 4\)"),
    (lambda: conv2d(np.ones((2, 5, 5, 1)), np.ones((2, 2, 3, 1))), ValueError,
     r"w must have shape \(kh, kw, 1, C_out\) to match the 1 channel\(s\).*got shape "
     r"\(2, 2, 3, 1\)"),
    (lambda: conv1d(np.ones((1, 1, 5, 1)), np.ones((2, 1, 1))), ValueError,
     r"x must be 1-D \(L,\), 2-D \(L, C_in\) or 3-D \(m, L, C_in\), got 4-D with shape"),
    (lambda: conv2d(np.ones(5), np.ones(2)), ValueError,
     r"x must be 2-D \(H, W\), 3-D \(H, W, C_in\) or 4-D \(m, H, W, C_in\), got 1-D"),
    (lambda: conv1d(np.ones(5), np.ones((2, 1, 1))), ValueError,
     r"w must have shape \(k,\) to go with a single-channel x of shape \(5,\), got shape "
     r"\(2, 1, 1\)"),
    (lambda: conv1d(np.ones((5, 1)), np.ones(2)), ValueError,
     r"w must have shape \(k, 1, C_out\).*got shape \(2,\)"),
    (lambda: conv1d(np.ones(5), np.ones(2), padding="full"), ValueError,
     r"padding must be 'valid' or 'same', got 'full'"),
    (lambda: conv1d(np.ones((5, 1)), np.ones((2, 1, 3)), b=[1.0, 2.0]), ValueError,
     r"b must be one number or have shape \(3,\) \(one per filter\), got shape \(2,\)"),
    (lambda: conv1d("abc", np.ones(2)), TypeError, r"x must be numbers"),
    (lambda: conv1d(np.ones(5), [1.0, np.nan]), ValueError, r"w must contain only finite"),
    (lambda: output_length(5, 6), ValueError,
     r"k must be <= n with padding='valid'.*got k=6 and n=5"),
    (lambda: output_length(0, 1), ValueError, r"n must be >= 1, got 0"),
    (lambda: output_length(5, 2, 0), ValueError, r"stride must be >= 1, got 0"),
    (lambda: same_padding(5, 0), ValueError, r"k must be >= 1, got 0"),
])
def test_bad_input_names_the_argument_expected_and_given(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()


def test_a_kernel_larger_than_the_input_is_fine_with_same():
    assert same_padding(3, 5) == (2, 2)                      # [0 0 x x x 0 0]
    np.testing.assert_array_equal(conv1d(np.ones(3), np.ones(5), padding="same"), [3.0, 3.0, 3.0])
    x, w = RNG.normal(size=(1, 3, 1)), RNG.normal(size=(5, 1, 1))
    np.testing.assert_allclose(conv1d(x, w, padding="same"),
                               keras_conv(keras.layers.Conv1D, x, w, np.zeros(1), 1, "same"),
                               rtol=1e-9, atol=1e-12)
