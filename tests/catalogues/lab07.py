"""Lab 07's catalogue (the format: tests/catalogues/__init__.py): learners' ``my_output_length``
(Exercise 1) and ``my_conv1d`` (Exercise 2), right ones and ones with each typical mistake
(kernel flipped, off-by-one window count, padding forgotten, ...), and ones built on the
notebook's own ``slide`` (section 2) or ``np.correlate``, strided afterwards."""
import math

import keras
import numpy as np

from catalogues import blank, right, wrong
from utils.labs.lab07.checks import _CONV_PROBES, LENGTH_CASES
from utils.labs.lab07.convolution import conv1d, output_length

# The answers of the check's fixed cases, as a learner could copy them from its messages.
_LENGTHS = {case: output_length(*case) for case in LENGTH_CASES}
_OUTPUTS = {(len(x), tuple(w), s, p): conv1d(x, w, stride=s, padding=p)
            for x, w, s, p in _CONV_PROBES}


def length_table(n, k, stride=1, padding="valid"):
    return _LENGTHS.get((n, k, stride, padding), 1)


def length_through_the_reference(n, k, stride=1, padding="valid"):
    return output_length(n, k, stride, padding)


def _symmetric_same(x, w, stride=1, padding="valid"):
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    if padding == "same":
        x = np.pad(x, ((len(w) - 1) // 2,) * 2)
    count = (len(x) - len(w)) // stride + 1
    return np.array([x[i * stride:i * stride + len(w)] @ w for i in range(count)])


def conv_table(x, w, stride=1, padding="valid"):
    return _OUTPUTS[(len(x), tuple(w), stride, padding)]


def conv_through_the_reference(x, w, stride=1, padding="valid"):
    return conv1d(np.asarray(x, dtype=float), np.asarray(w, dtype=float), stride=stride,
                  padding=padding)


# --- Exercise 1: my_output_length(n, k, stride, padding) --------------------------------------

def length_right(n, k, stride=1, padding="valid"):
    return -(-n // stride) if padding == "same" else (n - k) // stride + 1


def length_right_with_math(n, k, stride=1, padding="valid"):
    import math
    return math.ceil(n / stride) if padding == "same" else math.floor((n - k) / stride) + 1


def length_right_with_ceil(n, k, stride=1, padding="valid"):     # Hint 2's math.ceil
    if padding == "same":
        return math.ceil(n / stride)
    return (n - k) // stride + 1


def length_numpy_int(n, k, stride=1, padding="valid"):
    return np.int64(length_right(n, k, stride, padding))


def length_no_plus_one(n, k, stride=1, padding="valid"):
    return -(-n // stride) if padding == "same" else (n - k) // stride


def length_plus_two(n, k, stride=1, padding="valid"):
    return -(-n // stride) if padding == "same" else (n - k) // stride + 2


def length_stride_ignored(n, k, stride=1, padding="valid"):
    return -(-n // stride) if padding == "same" else n - k + 1


def length_rounds_up(n, k, stride=1, padding="valid"):
    return -(-n // stride) if padding == "same" else -(-(n - k) // stride) + 1


def length_padding_forgotten(n, k, stride=1, padding="valid"):
    return (n - k) // stride + 1


def length_same_is_n(n, k, stride=1, padding="valid"):
    return n if padding == "same" else (n - k) // stride + 1


def length_same_rounds_down(n, k, stride=1, padding="valid"):
    return n // stride if padding == "same" else (n - k) // stride + 1


def length_float(n, k, stride=1, padding="valid"):
    return float(length_right(n, k, stride, padding))


def length_true_division(n, k, stride=1, padding="valid"):
    return n / stride if padding == "same" else (n - k) / stride + 1


def length_placeholder(n, k, stride=1, padding="valid"):
    return None  # replace None (about 3 lines)


def length_not_implemented(n, k, stride=1, padding="valid"):
    raise NotImplementedError


def length_crashes(n, k, stride=1, padding="valid"):
    return n - k + undefined_name  # noqa: F821


def length_other_wrong(n, k, stride=1, padding="valid"):
    return 3


def length_returns_string(n, k, stride=1, padding="valid"):
    return "152"


LENGTH_ANSWERS = [
    right(1, "right", length_right, r"Exercise 1 passed: .*all 10 settings"),
    right(1, "right with math", length_right_with_math, r"passed"),
    right(1, "right with ceil", length_right_with_ceil, r"passed"),
    right(1, "numpy int", length_numpy_int, r"passed"),
    wrong(1, "no plus one", length_no_plus_one,
          r"padding='valid', an off-by-one window count.*Add the \+ 1"),
    wrong(1, "plus two", length_plus_two, r"one window too many"),
    wrong(1, "stride ignored", length_stride_ignored, r"the stride is ignored"),
    wrong(1, "rounds up", length_rounds_up, r"it rounds up.*round \(n - k\) / s down"),
    wrong(1, "padding forgotten", length_padding_forgotten,
          r"padding='same', the padding is forgotten"),
    wrong(1, "same is n", length_same_is_n, r"'same' gives n outputs only with stride 1"),
    wrong(1, "same rounds down", length_same_rounds_down, r"padding='same', it rounds down"),
    wrong(1, "float", length_float, r"returned the float 152\.0.*integer division"),
    wrong(1, "true division", length_true_division, r"returned the float.*Use integer division"),
    blank(1, "placeholder", length_placeholder,
          r"Exercise 1 is not implemented yet: my_output_length\(160, 9, 1, 'valid'\) returned "
          r"None"),
    blank(1, "not implemented", length_not_implemented, r"raised NotImplementedError"),
    wrong(1, "crashes", length_crashes,
          r"my_output_length\(160, 9, 1, 'valid'\) raised NameError: name 'undefined_name' is not "
          r"defined"),
    wrong(1, "other wrong", length_other_wrong,
          r"my_output_length\(160, 9, 1, 'valid'\) returned 3, expected 152"),
    wrong(1, "returns string", length_returns_string, r"returned str '152', not a whole number"),
    blank(1, "None", None, r"my_output_length is None"),
    wrong(1, "a number", 152,
          r"must be a function \(def my_output_length\(n, k, stride, padding\)"),
]


# --- Exercise 2: my_conv1d(x, w, stride, padding) -----------------------------------------

def _pad_same(x, k, stride, before_first=True):
    total = max((-(-len(x) // stride) - 1) * stride + k - len(x), 0)
    small, large = total // 2, total - total // 2
    return np.pad(x, (small, large) if before_first else (large, small))


def _windows(x, w, stride):
    k = len(w)
    return np.array([np.sum(x[j * stride:j * stride + k] * w)
                     for j in range((len(x) - k) // stride + 1)])


def conv_right(x, w, stride=1, padding="valid"):
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    if padding == "same":
        x = _pad_same(x, len(w), stride)
    return _windows(x, w, stride)


def conv_right_with_correlate(x, w, stride=1, padding="valid"):
    if padding == "same":
        x = _pad_same(np.asarray(x, dtype=float), len(w), stride)
    return np.correlate(x, w, "valid")[::stride]


def slide(x, w):                  # the notebook's own, section 2: stride 1, every window that fits
    k = len(w)
    return np.array([np.sum(x[j:j + k] * w) for j in range(len(x) - k + 1)])


def conv_right_with_slide(x, w, stride=1, padding="valid"):
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    if padding == "same":             # section 3's rule, half the zeros (rounded down) before x
        total = max((math.ceil(len(x) / stride) - 1) * stride + len(w) - len(x), 0)
        x = np.pad(x, (total // 2, total - total // 2))
    return slide(x, w)[::stride]


def conv_right_with_correlate_strided(x, w, stride=1, padding="valid"):
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    if padding == "same":
        n_out = length_right(len(x), len(w), stride, "same")
        total = max((n_out - 1) * stride + len(w) - len(x), 0)
        x = np.pad(x, (total // 2, total - total // 2))
    return np.correlate(x, w, "valid")[::stride]


def conv_slide_padded_for_stride_1(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    if padding == "same":             # k - 1 zeros, the stride-1 amount, whatever the stride
        x = np.pad(x, ((len(w) - 1) // 2, len(w) // 2))
    return slide(x, w)[::stride]


def conv_slide_unpadded(x, w, stride=1, padding="valid"):
    return slide(np.asarray(x, dtype=float), w)[::stride]


def conv_with_keras(x, w, stride=1, padding="valid"):
    layer = keras.layers.Conv1D(1, len(w), strides=stride, padding=padding, use_bias=False,
                                dtype="float64")
    layer.build((None, len(x), 1))
    layer.set_weights([np.reshape(w, (len(w), 1, 1))])
    return keras.ops.convert_to_numpy(layer(np.reshape(x, (1, len(x), 1))))[0, :, 0]


def conv_right_returns_list(x, w, stride=1, padding="valid"):
    return conv_right(x, w, stride, padding).tolist()


def conv_flipped(x, w, stride=1, padding="valid"):
    return conv_right(x, np.asarray(w)[::-1], stride, padding)


def conv_with_np_convolve(x, w, stride=1, padding="valid"):
    if padding == "same":
        x = _pad_same(np.asarray(x, dtype=float), len(w), stride)
    return np.convolve(x, w, "valid")[::stride]


def conv_one_window_short(x, w, stride=1, padding="valid"):
    return conv_right(x, w, stride, padding)[:-1]


def conv_one_window_too_many(x, w, stride=1, padding="valid"):
    x = np.asarray(x, dtype=float)
    if padding == "same":
        x = _pad_same(x, len(w), stride)
    k = len(w)
    x = np.pad(x, (0, k))           # reads past the end as zeros
    return np.array([np.sum(x[j * stride:j * stride + k] * w)
                     for j in range((len(x) - 2 * k) // stride + 2)])


def conv_padding_forgotten(x, w, stride=1, padding="valid"):
    return _windows(np.asarray(x, dtype=float), np.asarray(w, dtype=float), stride)


def conv_extra_zero_before(x, w, stride=1, padding="valid"):
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    if padding == "same":
        x = _pad_same(x, len(w), stride, before_first=False)
    return _windows(x, w, stride)


def conv_stride_ignored(x, w, stride=1, padding="valid"):
    return conv_right(x, w, 1, padding)


def conv_strided_after(x, w, stride=1, padding="valid"):
    return conv_right(x, w, 1, padding)[::stride]


def conv_changes_x(x, w, stride=1, padding="valid"):
    out = conv_right(x, w, stride, padding)
    x *= 0
    return out


def conv_placeholder(x, w, stride=1, padding="valid"):
    a = None  # replace None: one output per window (about 6 lines)
    return a


def conv_not_implemented(x, w, stride=1, padding="valid"):
    raise NotImplementedError


def conv_crashes(x, w, stride=1, padding="valid"):
    return np.array([x[j + len(w)] * w[0] for j in range(len(x))])   # reads past the end


def conv_wrong_values(x, w, stride=1, padding="valid"):
    return conv_right(x, w, stride, padding) + 1.0


def conv_two_d(x, w, stride=1, padding="valid"):
    return conv_right(x, w, stride, padding)[:, None]


CONV_ANSWERS = [
    right(2, "right", conv_right, r"Exercise 2 passed: my_conv1d equals Keras's Conv1D.*all 8"),
    right(2, "right with correlate", conv_right_with_correlate, r"passed"),
    right(2, "right returns list", conv_right_returns_list, r"passed"),
    right(2, "right with slide", conv_right_with_slide, r"passed"),
    right(2, "right with correlate strided", conv_right_with_correlate_strided, r"passed"),
    wrong(2, "flipped", conv_flipped,
          r"padding='valid'\): the kernel is flipped: Keras does not reverse it"),
    wrong(2, "with np convolve", conv_with_np_convolve, r"the kernel is flipped.*np\.convolve"),
    wrong(2, "one window short", conv_one_window_short,
          r"returned 7 outputs, expected 8: an off-by-one window count"),
    wrong(2, "one window too many", conv_one_window_too_many,
          r"returned 9 outputs, expected 8: an off-by-one"),
    wrong(2, "padding forgotten", conv_padding_forgotten,
          r"padding='same'\): the padding is forgotten: .*as section 3 says: "
          r"max\(\(ceil\(n / stride\) - 1\) \* stride \+ k - n, 0\) of them, half \(rounded "
          r"down\) before x"),
    wrong(2, "slide unpadded", conv_slide_unpadded,
          r"padding='same'\): the padding is forgotten: .*section 3"),
    wrong(2, "extra zero before", conv_extra_zero_before,
          r"w of length 4, stride=1, padding='same'\): the zeros are split the wrong way "
          r"round.*AFTER the input"),
    wrong(2, "stride ignored", conv_stride_ignored,
          r"stride=2, padding='valid'\): the stride is ignored"),
    wrong(2, "strided after", conv_strided_after,
          r"stride=2, padding='same'\): the stride is applied to the stride-1 'same' output"),
    wrong(2, "slide padded for stride 1", conv_slide_padded_for_stride_1,
          r"stride=2, padding='same'\): the stride is applied to the stride-1 'same' output"),
    wrong(2, "changes x", conv_changes_x, r"changed its input x or w"),
    blank(2, "placeholder", conv_placeholder,
          r"Exercise 2 is not implemented yet: my_conv1d\(x of length 10, .*returned None"),
    blank(2, "not implemented", conv_not_implemented, r"my_conv1d raised NotImplementedError"),
    wrong(2, "crashes", conv_crashes,
          r"my_conv1d\(x of length 10, w of length 3, stride=1, padding='valid'\) raised "
          r"IndexError: index 10 is out of bounds"),
    wrong(2, "wrong values", conv_wrong_values, r"output 0 is .*, expected "),
    wrong(2, "two d", conv_two_d, r"returned shape \(8, 1\), expected \(8,\)"),
    blank(2, "None", None, r"my_conv1d is None"),
    wrong(2, "text", "conv", r"my_conv1d must be a function"),
]

LENGTH_ANSWERS += [
    wrong(1, "the reference itself", output_length,
          r"calls `utils.labs.lab07.convolution.output_length`, the course's own answer from "
          r"utils/labs/lab07/convolution.py, which does the work for you"),
    wrong(1, "calls the reference", length_through_the_reference,
          r"calls `utils.labs.lab07.convolution.output_length`, the course's own answer"),
    wrong(1, "table of the fixed cases", length_table,
          r"right numbers for the check's fixed cases but not for the ones it draws afresh"),
]
CONV_ANSWERS += [
    wrong(2, "calls the reference", conv_through_the_reference,
          r"calls `utils.labs.lab07.convolution.conv1d`, the course's own answer from "
          r"utils/labs/lab07/convolution.py, which does the work for you\. Write it yourself"),
    wrong(2, "with keras", conv_with_keras,
          r"my_conv1d calls `keras`, which does the work for you\. Write it yourself"),
    wrong(2, "'same' as (k - 1) // 2 zeros on each side", _symmetric_same,
          "the padding is \\(k - 1\\) // 2 zeros on each side"),
    wrong(2, "table of the fixed cases", conv_table,
          r"right outputs for the check's fixed cases but not for the ones it draws afresh"),
]

ANSWERS = LENGTH_ANSWERS + CONV_ANSWERS
