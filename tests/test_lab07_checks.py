"""Lab 07's exercise checks (utils.labs.lab07.checks) against a catalogue of right and wrong learner
answers, parametrised here: every right answer passes, every wrong one gets the message that
names its mistake (kernel flipped, off-by-one window count, padding forgotten, ...)."""
import json
import pathlib
import re

import numpy as np
import pytest

from utils.grading import ExerciseNotReady
from utils.labs.lab07.checks import CONV_CASES, LENGTH_CASES, conv1d_feedback, grader, \
    output_length_feedback

ROOT = pathlib.Path(__file__).resolve().parent.parent
LAB = ROOT / "labs" / "07_convolutional_layers.ipynb"


# --- Exercise 1: my_output_length(n, k, stride, padding) --------------------------------------

def length_right(n, k, stride=1, padding="valid"):
    return -(-n // stride) if padding == "same" else (n - k) // stride + 1


def length_right_with_math(n, k, stride=1, padding="valid"):
    import math
    return math.ceil(n / stride) if padding == "same" else math.floor((n - k) / stride) + 1


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
    (length_right, "passed", r"Exercise 1 passed: .*all 10 settings"),
    (length_right_with_math, "passed", r"passed"),
    (length_numpy_int, "passed", r"passed"),
    (length_no_plus_one, "wrong", r"padding='valid', an off-by-one window count.*Add the \+ 1"),
    (length_plus_two, "wrong", r"one window too many"),
    (length_stride_ignored, "wrong", r"the stride is ignored"),
    (length_rounds_up, "wrong", r"it rounds up.*round \(n - k\) / s down"),
    (length_padding_forgotten, "wrong", r"padding='same', the padding is forgotten"),
    (length_same_is_n, "wrong", r"'same' gives n outputs only with stride 1"),
    (length_same_rounds_down, "wrong", r"padding='same', it rounds down"),
    (length_float, "wrong", r"returned the float 152\.0.*integer division"),
    (length_true_division, "wrong", r"returned the float.*Use integer division"),
    (length_placeholder, "blank", r"Exercise 1 is not implemented yet: my_output_length\(160, "
                                  r"9, 1, 'valid'\) returned None"),
    (length_not_implemented, "blank", r"raised NotImplementedError"),
    (length_crashes, "wrong", r"my_output_length\(160, 9, 1, 'valid'\) raised NameError: "
                              r"name 'undefined_name' is not defined"),
    (length_other_wrong, "wrong", r"my_output_length\(160, 9, 1, 'valid'\) returned 3, "
                                  r"expected 152"),
    (length_returns_string, "wrong", r"returned str '152', not a whole number"),
    (None, "blank", r"my_output_length is None"),
    (152, "wrong", r"must be a function \(def my_output_length\(n, k, stride, padding\)"),
]

PREFIX = {"passed": "Exercise {n} passed: ", "blank": "Exercise {n} is not implemented yet: ",
          "wrong": "Exercise {n} needs another look: "}


def assert_feedback(feedback, n, status, pattern):
    assert feedback.exercise == n
    assert feedback.status == status, feedback.message
    assert feedback.message.startswith(PREFIX[status].format(n=n)), feedback.message
    assert re.search(pattern, feedback.message, re.S), feedback.message
    assert "Traceback" not in feedback.message


@pytest.mark.parametrize("answer,status,pattern", LENGTH_ANSWERS,
                         ids=lambda v: getattr(v, "__name__", None) if callable(v) else None)
def test_exercise_1_catalogue(answer, status, pattern):
    assert_feedback(output_length_feedback(answer), 1, status, pattern)


def test_exercise_1_cases_cover_both_paddings_and_strides_that_do_not_divide():
    assert {c[3] for c in LENGTH_CASES} == {"valid", "same"}
    assert any((n - k) % s for n, k, s, p in LENGTH_CASES if p == "valid")
    assert any(n % s for n, k, s, p in LENGTH_CASES if p == "same")


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
    (conv_right, "passed", r"Exercise 2 passed: my_conv1d equals Keras's Conv1D.*all 8"),
    (conv_right_with_correlate, "passed", r"passed"),
    (conv_right_returns_list, "passed", r"passed"),
    (conv_flipped, "wrong", r"padding='valid'\): the kernel is flipped: Keras does not "
                            r"reverse it"),
    (conv_with_np_convolve, "wrong", r"the kernel is flipped.*np\.convolve"),
    (conv_one_window_short, "wrong", r"returned 7 outputs, expected 8: an off-by-one window "
                                     r"count"),
    (conv_one_window_too_many, "wrong", r"returned 9 outputs, expected 8: an off-by-one"),
    (conv_padding_forgotten, "wrong", r"padding='same'\): the padding is forgotten"),
    (conv_extra_zero_before, "wrong", r"w of length 4, stride=1, padding='same'\): the zeros "
                                      r"are split the wrong way round.*AFTER the input"),
    (conv_stride_ignored, "wrong", r"stride=2, padding='valid'\): the stride is ignored"),
    (conv_strided_after, "wrong", r"stride=2, padding='same'\): the stride is applied to the "
                                  r"stride-1 'same' output"),
    (conv_changes_x, "wrong", r"changed its input x or w"),
    (conv_placeholder, "blank", r"Exercise 2 is not implemented yet: my_conv1d\(x of length "
                                r"10, .*returned None"),
    (conv_not_implemented, "blank", r"my_conv1d raised NotImplementedError"),
    (conv_crashes, "wrong", r"my_conv1d\(x of length 10, w of length 3, stride=1, "
                            r"padding='valid'\) raised IndexError: index 10 is out of bounds"),
    (conv_wrong_values, "wrong", r"output 0 is .*, expected "),
    (conv_two_d, "wrong", r"returned shape \(8, 1\), expected \(8,\)"),
    (None, "blank", r"my_conv1d is None"),
    ("conv", "wrong", r"my_conv1d must be a function"),
]


@pytest.mark.parametrize("answer,status,pattern", CONV_ANSWERS,
                         ids=lambda v: getattr(v, "__name__", None) if callable(v) else None)
def test_exercise_2_catalogue(answer, status, pattern):
    assert_feedback(conv1d_feedback(answer), 2, status, pattern)


def test_exercise_2_cases_include_lopsided_same_padding():
    from utils.labs.lab07.checks import _X
    from utils.labs.lab07.convolution import same_padding
    lopsided = [c for c in CONV_CASES if c[2] == "same" and
                len(set(same_padding(len(_X), c[0], c[1]))) == 2]
    assert any(s == 1 for _, s, _ in lopsided) and any(s > 1 for _, s, _ in lopsided)


# --- the grader in a notebook ---------------------------------------------------------------

def test_grader_reads_the_notebook_variable_and_require_stops(capsys):
    global my_output_length, my_conv1d
    my_output_length, my_conv1d = length_right, None
    grader.check(1)
    assert capsys.readouterr().out.startswith("Exercise 1 passed")
    with pytest.raises(ExerciseNotReady, match=r"(?s)Exercise 2 \(my_conv1d\).*my_conv1d is None"):
        grader.require(2)
    my_conv1d = conv_right
    grader.require(2)
    del my_output_length, my_conv1d
    assert grader.feedback(1).message.startswith("Exercise 1 is not implemented yet: there is "
                                                 "no `my_output_length`")


def test_the_lab_has_the_headings_the_grader_names_and_marks_its_exercises():
    assert grader.missing_headings(LAB) == set()
    nb = json.loads(LAB.read_text(encoding="utf-8"))
    assert nb["metadata"]["nn_labs"] == {"graded": True}
    exercises = {c["metadata"]["nn_labs"]["exercise"]: "".join(c["source"])
                 for c in nb["cells"] if "nn_labs" in c["metadata"]}
    assert sorted(exercises) == [1, 2]
    for source in exercises.values():
        assert "### START CODE HERE ###" in source and "### END CODE HERE ###" in source
