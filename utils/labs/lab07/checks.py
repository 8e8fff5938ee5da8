"""The graded exercises of lab 07 (labs/07_convolutional_layers.ipynb) and their messages.

- Exercise 1, ``my_output_length(n, k, stride, padding)``: the number of outputs of a
  convolution along one axis. Named mistakes: the off-by-one window count (no ``+ 1``), the
  stride ignored, rounding up instead of down, "same" treated as "valid" (padding forgotten),
  "same" giving ``n`` whatever the stride, "same" rounded down, a float instead of a whole number.
- Exercise 2, ``my_conv1d(x, w, stride=1, padding="valid")``: a single-channel 1-D convolution
  as Keras computes it. Named mistakes: the kernel flipped (a textbook convolution, as
  ``np.convolve`` does), an off-by-one window count, the padding forgotten, the extra zero of
  "same" put before the input instead of after it, the stride ignored, the stride applied to
  the stride-1 "same" output, and ``x`` changed in place.

Each feedback function takes the learner's function and returns a
:class:`~utils.grading.core.Feedback`; it never raises for what the learner's code does.
"""
from __future__ import annotations

import numpy as np

from utils.grading.core import Exercise, Grader, blank, passed, wrong
from utils.labs.lab07.convolution import conv1d, output_length, same_padding

__all__ = ["LENGTH_CASES", "output_length_feedback", "conv1d_feedback", "grader"]

_MARKERS = "between ### START CODE HERE ### and ### END CODE HERE ###"

# (n, k, stride, padding): strides that divide n - k and strides that do not, odd and even n.
LENGTH_CASES = [(160, 9, 1, "valid"), (10, 3, 1, "valid"), (10, 3, 2, "valid"),
                (11, 4, 3, "valid"), (7, 7, 1, "valid"), (20, 5, 4, "valid"),
                (160, 9, 1, "same"), (10, 3, 2, "same"), (11, 4, 3, "same"), (7, 2, 2, "same")]

_LENGTH_MISTAKES = {
    "valid": [
        (lambda n, k, s: (n - k) // s,
         "an off-by-one window count: the first window starts at input 0, so with stride s "
         "the windows start at 0, s, 2s, ... up to n - k, which is floor((n - k) / s) + 1 "
         "windows. Add the + 1."),
        (lambda n, k, s: (n - k) // s + 2,
         "one window too many: the last window must end inside the input, at most at input "
         "n - 1, so its start is at most n - k. The count is floor((n - k) / s) + 1."),
        (lambda n, k, s: n - k + 1,
         "the stride is ignored: with stride s the window jumps s inputs at a time, so divide "
         "n - k by the stride (rounding down) before adding 1."),
        (lambda n, k, s: -(-(n - k) // s) + 1,
         "it rounds up: a window that would stick out past the end is not computed with "
         "'valid', so round (n - k) / s down (use //), then add 1."),
        (lambda n, k, s: n,
         "'valid' means no padding: the kernel must fit inside the input, so there are fewer "
         "outputs than inputs, floor((n - k) / s) + 1."),
    ],
    "same": [
        (lambda n, k, s: (n - k) // s + 1,
         "the padding is forgotten: 'same' pads the input with zeros so that there are "
         "ceil(n / stride) outputs, whatever the kernel size."),
        (lambda n, k, s: n,
         "'same' gives n outputs only with stride 1: with stride s it gives ceil(n / s) "
         "(Keras pads just enough zeros for that)."),
        (lambda n, k, s: n // s,
         "it rounds down: 'same' gives ceil(n / stride) outputs, -(-n // stride) in integer "
         "arithmetic."),
    ],
}


def _call(fn, *args):
    """``(value, None)`` or ``(None, the exception)``."""
    try:
        with np.errstate(all="ignore"):
            return fn(*args), None
    except Exception as exc:  # the learner's code failed: reported in one line
        return None, exc


def _not_a_function(n, name, value, signature):
    if value is None:
        return blank(n, f"{name} is None. Write the function {_MARKERS}, run that cell, then "
                        "run this check again.")
    if not callable(value):
        return wrong(n, f"{name} must be a function (def {name}{signature}: ...), got "
                        f"{type(value).__name__} {value!r:.60}.")
    return None


def _raised(n, name, exc, case):
    if isinstance(exc, NotImplementedError):
        return blank(n, f"{name} raised NotImplementedError. Write your code {_MARKERS}, run "
                        "that cell, then this check.")
    return wrong(n, f"{name}{case} raised {type(exc).__name__}: {str(exc)[:120]}")


def output_length_feedback(my_output_length) -> "Feedback":
    """Check a learner's ``my_output_length(n, k, stride, padding)`` on :data:`LENGTH_CASES`."""
    n_ex, name = 1, "my_output_length"
    early = _not_a_function(n_ex, name, my_output_length, "(n, k, stride, padding)")
    if early:
        return early
    got = {}
    for case in LENGTH_CASES:
        value, exc = _call(my_output_length, *case)
        if exc is not None:
            return _raised(n_ex, name, exc, case)
        if value is None:
            return blank(n_ex, f"{name}{case} returned None. Write your code {_MARKERS} and "
                               "return the number of outputs, then run this check again.")
        if isinstance(value, (float, np.floating)):
            return wrong(n_ex, f"{name}{case} returned the float {value!r}: a number of "
                               "outputs is a whole number. Use integer division (//), "
                               "which rounds down.")
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            return wrong(n_ex, f"{name}{case} returned {type(value).__name__} {value!r:.40}, "
                               "not a whole number.")
        got[case] = int(value)
    for padding, mistakes in _LENGTH_MISTAKES.items():
        cases = [c for c in LENGTH_CASES if c[3] == padding]
        if all(got[c] == output_length(*c) for c in cases):
            continue
        for model, message in mistakes:
            if all(got[c] == model(*c[:3]) for c in cases):
                return wrong(n_ex, f"with padding='{padding}', {message}")
        case = next(c for c in cases if got[c] != output_length(*c))
        return wrong(n_ex, f"{name}{case} returned {got[case]}, expected "
                           f"{output_length(*case)}.")
    return passed(n_ex, f"{name} gives the number of outputs Keras gives for all "
                        f"{len(LENGTH_CASES)} settings (kernel sizes, strides, both paddings).")


# --- exercise 2 -------------------------------------------------------------------------

_RNG = np.random.default_rng(7)
_X = np.round(_RNG.normal(size=10), 2)    # 10 inputs: "same" pads unevenly for k=4 and stride 2
_W = {3: np.array([1.0, 2.0, -0.5]), 4: np.array([0.5, -1.0, 2.0, 1.5])}   # not symmetric
CONV_CASES = [(3, 1, "valid"), (4, 1, "valid"), (3, 2, "valid"), (4, 3, "valid"),
              (3, 1, "same"), (4, 1, "same"), (3, 2, "same"), (4, 3, "same")]


def _padded_before(x, w, stride):
    """'same' with the odd zero before the input instead of after it."""
    before, after = same_padding(len(x), len(w), stride)
    return conv1d(np.pad(x, (after, before)), w, stride=stride)


def _conv_mistakes(x, w, stride, padding):
    """(name, the output a known mistake gives, message) for one case."""
    k = len(w)
    out = [("flipped", conv1d(x, w[::-1], stride=stride, padding=padding),
            "the kernel is flipped: Keras does not reverse it (a cross-correlation, not the "
            "textbook convolution np.convolve computes). Output j is sum over i of "
            "x[j * stride + i] * w[i], with w as it is.")]
    if padding == "same":
        out += [("forgot padding", conv1d(x, w, stride=stride),
                 "the padding is forgotten: with padding='same' pad x with zeros first, "
                 "same_padding's (before, after) amounts, so there are ceil(n / stride) "
                 "outputs."),
                ("strided after", conv1d(x, w, padding="same")[::stride],
                 "the stride is applied to the stride-1 'same' output: with a stride, 'same' "
                 "pads (ceil(n / s) - 1) * s + k - n zeros in all, not the k - 1 of stride 1, "
                 "so its windows start elsewhere. Pad for the stride, then step by it."),
                ("padded before", _padded_before(x, w, stride),
                 "the zeros are split the wrong way round: when their number is odd, Keras "
                 "puts the extra zero AFTER the input (before = total // 2).")]
    if stride > 1:
        out.append(("no stride", conv1d(x, w, padding=padding),
                    "the stride is ignored: move the window `stride` inputs at a time "
                    "(window j starts at j * stride)."))
    return out


def _check_one(my_conv1d, k, stride, padding):
    """None when right, else the Feedback for this case."""
    n_ex, name = 2, "my_conv1d"
    x, w = _X.copy(), _W[k].copy()
    case = f"(x of length {len(x)}, w of length {k}, stride={stride}, padding='{padding}')"
    value, exc = _call(my_conv1d, x, w, stride, padding)
    if exc is not None:
        return _raised(n_ex, name, exc, case)
    if value is None:
        return blank(n_ex, f"{name}{case} returned None. Write your code {_MARKERS} and "
                           "return the outputs, then run this check again.")
    if not np.array_equal(x, _X) or not np.array_equal(w, _W[k]):
        return wrong(n_ex, f"{name}{case} changed its input x or w (for example with "
                           "`x += ...` or an in-place pad); make new arrays instead.")
    try:
        a = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return wrong(n_ex, f"{name}{case} returned {type(value).__name__} {value!r:.60}, not "
                           "an array of numbers.")
    expected = conv1d(_X, _W[k], stride=stride, padding=padding)
    if a.shape == expected.shape and np.allclose(a, expected, rtol=1e-6, atol=1e-9):
        return None
    for _, other, message in _conv_mistakes(_X, _W[k], stride, padding):
        if a.shape == other.shape and np.allclose(a, other, rtol=1e-6, atol=1e-9):
            return wrong(n_ex, f"for {case}: {message}")
    if a.ndim == 1 and abs(len(a) - len(expected)) == 1:
        return wrong(n_ex, f"for {case} it returned {len(a)} outputs, expected "
                           f"{len(expected)}: an off-by-one window count. The windows start "
                           f"at 0, stride, 2 * stride, ... and the last one must end inside "
                           f"the (padded) input: use your my_output_length from Exercise 1.")
    if a.shape != expected.shape:
        return wrong(n_ex, f"for {case} it returned shape {a.shape}, expected "
                           f"{expected.shape} (one number per window position).")
    j = int(np.argmax(np.abs(a - expected) > 1e-6 * (1 + np.abs(expected))))
    return wrong(n_ex, f"for {case} output {j} is {a[j]:.4g}, expected {expected[j]:.4g}.")


def conv1d_feedback(my_conv1d) -> "Feedback":
    """Check a learner's ``my_conv1d(x, w, stride, padding)`` on :data:`CONV_CASES`."""
    early = _not_a_function(2, "my_conv1d", my_conv1d, "(x, w, stride=1, padding='valid')")
    if early:
        return early
    for case in CONV_CASES:
        feedback = _check_one(my_conv1d, *case)
        if feedback is not None:
            return feedback
    return passed(2, f"my_conv1d equals Keras's Conv1D (no kernel flip, zeros after the input "
                     f"when their number is odd) for all {len(CONV_CASES)} kernel sizes, "
                     f"strides and paddings.")


grader = Grader("labs/07_convolutional_layers.ipynb", [
    Exercise(1, "my_output_length", output_length_feedback, what="my_output_length"),
    Exercise(2, "my_conv1d", conv1d_feedback, what="my_conv1d")],
    made_by={"trace": "1-D convolution on a heartbeat trace",
             "w": "1-D convolution on a heartbeat trace"})
