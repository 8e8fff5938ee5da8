"""The graded exercises of lab 07 (labs/07_convolutional_layers.ipynb) and their messages.

- Exercise 1, ``my_output_length(n, k, stride, padding)``: the number of outputs of a
  convolution along one axis, tried on :data:`LENGTH_CASES`. Named mistakes
  (:data:`LENGTH_MISTAKES`, by padding): the off-by-one window count (no ``+ 1``), the stride
  ignored, rounding up instead of down, "same" treated as "valid" (padding forgotten), "same"
  giving ``n`` whatever the stride, "same" rounded down; and a float instead of a whole number.
- Exercise 2, ``my_conv1d(x, w, stride=1, padding="valid")``: a single-channel 1-D convolution
  as Keras computes it, tried on :data:`CONV_CASES`. Named mistakes (:data:`CONV_MISTAKES`, by
  padding): the kernel flipped (a textbook convolution, as ``np.convolve`` does), the padding
  forgotten, the extra zero of "same" put before the input instead of after it, the stride
  ignored, the stride applied to the stride-1 "same" output; and an off-by-one window count
  and ``x`` changed in place.

Each check also tries settings drawn afresh (``utils.grading.blocks.fresh_rng``), so a table
of the fixed cases' answers fails, and a function that is, or calls, the course's own answer
(``output_length``, ``conv1d`` or ``same_padding`` of utils/labs/lab07/convolution.py), or
Keras, gets a message that says so. The notebook's own ``slide`` (section 2, the stride-1
sliding dot product), ``np.correlate`` and ``math.ceil`` are building blocks, not the answer:
``slide(padded, w)[::stride]`` passes. Each feedback function takes the learner's function
and returns a :class:`~utils.grading.core.Feedback`; it never raises for what the learner's
code does.
"""
from __future__ import annotations

import operator

import numpy as np

from utils.grading.blocks import (Mistake, first_mistake, fresh_rng, library_call, looked_up,
                                  matches, not_a_function, only_fixed, probe)
from utils.grading.core import Exercise, Feedback, Grader, blank, passed, wrong
from utils.labs.lab07.convolution import conv1d, output_length, same_padding
from utils.notebook import BETWEEN_MARKERS as _MARKERS

__all__ = ["LENGTH_CASES", "LENGTH_MISTAKES", "CONV_CASES", "CONV_MISTAKES",
           "output_length_feedback", "conv1d_feedback", "grader"]

# (n, k, stride, padding): strides that divide n - k and strides that do not, odd and even n.
LENGTH_CASES = [(160, 9, 1, "valid"), (10, 3, 1, "valid"), (10, 3, 2, "valid"),
                (11, 4, 3, "valid"), (7, 7, 1, "valid"), (20, 5, 4, "valid"),
                (160, 9, 1, "same"), (10, 3, 2, "same"), (11, 4, 3, "same"), (7, 2, 2, "same")]

# Each mistake's number of outputs for (n, k, s, padding), by the padding it is made with.
LENGTH_MISTAKES = {
    "valid": [
        Mistake("no + 1", lambda n, k, s, _: (n - k) // s,
                "an off-by-one window count: the first window starts at input 0, so with "
                "stride s the windows start at 0, s, 2s, ... up to n - k, which is "
                "floor((n - k) / s) + 1 windows. Add the + 1."),
        Mistake("+ 2", lambda n, k, s, _: (n - k) // s + 2,
                "one window too many: the last window must end inside the input, at most at "
                "input n - 1, so its start is at most n - k. The count is floor((n - k) / s) "
                "+ 1."),
        Mistake("stride ignored", lambda n, k, s, _: n - k + 1,
                "the stride is ignored: with stride s the window jumps s inputs at a time, so "
                "divide n - k by the stride (rounding down) before adding 1."),
        Mistake("rounds up", lambda n, k, s, _: -(-(n - k) // s) + 1,
                "it rounds up: a window that would stick out past the end is not computed with "
                "'valid', so round (n - k) / s down (use //), then add 1."),
        Mistake("padded", lambda n, k, s, _: n,
                "'valid' means no padding: the kernel must fit inside the input, so there are "
                "fewer outputs than inputs, floor((n - k) / s) + 1."),
    ],
    "same": [
        Mistake("padding forgotten", lambda n, k, s, _: (n - k) // s + 1,
                "the padding is forgotten: 'same' pads the input with zeros so that there are "
                "ceil(n / stride) outputs, whatever the kernel size."),
        Mistake("n outputs", lambda n, k, s, _: n,
                "'same' gives n outputs only with stride 1: with stride s it gives ceil(n / s) "
                "(Keras pads just enough zeros for that)."),
        Mistake("rounds down", lambda n, k, s, _: n // s,
                "it rounds down: 'same' gives ceil(n / stride) outputs, -(-n // stride) in "
                "integer arithmetic."),
    ],
}


_REFERENCES = ("output_length", "conv1d", "same_padding", "conv2d")
_LIBRARIES = ("utils", "keras", "tensorflow", "scipy", "jax", "torch")
_LOOKED_UP = ("{name} gives the right {what} for the check's fixed cases but not for the "
              "ones it draws afresh for every check: compute it from the arguments, for any "
              "of them, instead of looking known answers up.")


def _missing_function(n, name, value, signature):
    """The feedback on an answer that is None or not a function, or that is or calls the
    course's own reference or Keras, else None."""
    if value is None:
        return blank(n, f"{name} is None. Write the function {_MARKERS}, run that cell, then "
                        "run this check again.")
    early = not_a_function(n, name, value, signature, show_value=True)
    if early:
        return early
    reference = library_call(value, ("utils",), _REFERENCES)
    used = reference or library_call(value, _LIBRARIES)
    if used:
        whose = (", the course's own answer from utils/labs/lab07/convolution.py"
                 if reference else "")
        return wrong(n, f"{name} calls `{used}`{whose}, which does the work for you. Write it "
                        "yourself, with NumPy and integer arithmetic.")
    return None


def fresh_length_cases() -> list[tuple]:
    """(n, k, stride, padding) settings drawn afresh for this check, redrawn until their
    lengths differ, so no fixed answer (a table's default, say) is right on all three."""
    rng = fresh_rng("lab07.ex1")
    while True:
        cases = [(int(n), int(rng.integers(2, 8)), int(rng.integers(1, 5)), padding)
                 for n, padding in zip(rng.integers(12, 200, 3), ("valid", "same", "valid"))]
        if len({output_length(*case) for case in cases}) == 3:
            return cases


def fresh_conv_probe() -> tuple:
    """(x, w, stride, padding) drawn afresh for this check: 9 to 14 inputs, a kernel of 3 to
    5 weights, stride 1 to 3."""
    rng = fresh_rng("lab07.ex2")
    x = np.round(rng.normal(size=int(rng.integers(9, 15))), 2)
    w = np.round(rng.normal(size=int(rng.integers(3, 6))), 2)
    return x, w, int(rng.integers(1, 4)), str(rng.choice(["valid", "same"]))


def _raised(n, name, exc, case):
    if isinstance(exc, NotImplementedError):
        return blank(n, f"{name} raised NotImplementedError. Write your code {_MARKERS}, run "
                        "that cell, then this check.")
    return wrong(n, f"{name}{case} raised {type(exc).__name__}: {str(exc)[:120]}")


def _length_answer_feedback(name, call):
    """The feedback on one call of ``my_output_length`` that is not a whole number, else None."""
    value, case = call.value, call.args
    if call.error is not None:
        return _raised(1, name, call.error, case)
    if value is None:
        return blank(1, f"{name}{case} returned None. Write your code {_MARKERS} and return the "
                        "number of outputs, then run this check again.")
    if isinstance(value, (float, np.floating)):
        return wrong(1, f"{name}{case} returned the float {value!r}: a number of outputs is a "
                        "whole number. Use integer division (//), which rounds down.")
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        return wrong(1, f"{name}{case} returned {type(value).__name__} {value!r:.40}, not a "
                        "whole number.")
    return None


def output_length_feedback(my_output_length) -> Feedback:
    """Check a learner's ``my_output_length(n, k, stride, padding)`` on :data:`LENGTH_CASES`."""
    name = "my_output_length"
    early = _missing_function(1, name, my_output_length, "(n, k, stride, padding)")
    if early:
        return early
    cases = LENGTH_CASES + fresh_length_cases()
    calls = probe(my_output_length, cases)
    looked = _LOOKED_UP.format(name=name, what="numbers")
    if looked_up(calls, len(LENGTH_CASES)):
        return wrong(1, looked)
    for call in calls:
        early = _length_answer_feedback(name, call)
        if early:
            return early
    if only_fixed([int(c.value) for c in calls], cases, len(LENGTH_CASES), output_length,
                  match=operator.eq):
        return wrong(1, looked)
    calls = calls[:len(LENGTH_CASES)]
    for padding, mistakes in LENGTH_MISTAKES.items():
        cases = [call.args for call in calls if call.args[3] == padding]
        got = [int(call.value) for call in calls if call.args[3] == padding]
        if matches(got, cases, output_length, match=operator.eq):
            continue
        mistake = first_mistake(got, cases, mistakes, match=operator.eq)
        if mistake:
            return wrong(1, f"with padding='{padding}', {mistake.advice}")
        case, value = next((c, g) for c, g in zip(cases, got) if g != output_length(*c))
        return wrong(1, f"{name}{case} returned {value}, expected {output_length(*case)}.")
    return passed(1, f"{name} gives the number of outputs Keras gives for all "
                     f"{len(LENGTH_CASES)} settings (kernel sizes, strides, both paddings).")


# --- exercise 2 -------------------------------------------------------------------------

_RNG = np.random.default_rng(7)
_X = np.round(_RNG.normal(size=10), 2)    # 10 inputs: "same" pads unevenly for k=4 and stride 2
_W = {3: np.array([1.0, 2.0, -0.5]), 4: np.array([0.5, -1.0, 2.0, 1.5])}   # not symmetric
# (kernel size, stride, padding), each tried on _X and _W[kernel size]
CONV_CASES = [(3, 1, "valid"), (4, 1, "valid"), (3, 2, "valid"), (4, 3, "valid"),
              (3, 1, "same"), (4, 1, "same"), (3, 2, "same"), (4, 3, "same")]


def _conv(x, w, stride, padding):
    return conv1d(x, w, stride=stride, padding=padding)


def _padded_before(x, w, stride, _):
    """'same' with the odd zero before the input instead of after it."""
    before, after = same_padding(len(x), len(w), stride)
    return conv1d(np.pad(x, (after, before)), w, stride=stride)


def _padded_symmetric(x, w, stride, _):
    """'same' as (k - 1) // 2 zeros on each side, whatever k and the stride."""
    side = (len(w) - 1) // 2
    return conv1d(np.pad(x, (side, side)), w, stride=stride)


# Each mistake's output for (x, w, stride, padding), by the padding it is made with; a mistake
# that a case cannot show (no stride with stride 1) gives Keras's output there, so never matches.
_FLIPPED = Mistake(
    "flipped", lambda x, w, s, p: _conv(x, w[::-1], s, p),
    "the kernel is flipped: Keras does not reverse it (a cross-correlation, not the textbook "
    "convolution np.convolve computes). Output j is sum over i of x[j * stride + i] * w[i], "
    "with w as it is.")
_NO_STRIDE = Mistake(
    "no stride", lambda x, w, s, p: _conv(x, w, 1, p),
    "the stride is ignored: move the window `stride` inputs at a time (window j starts at "
    "j * stride).")
CONV_MISTAKES = {
    "valid": [_FLIPPED, _NO_STRIDE],
    "same": [
        _FLIPPED,
        Mistake("forgot padding", lambda x, w, s, _: _conv(x, w, s, "valid"),
                "the padding is forgotten: with padding='same' pad x with zeros first, as "
                "section 3 says: max((ceil(n / stride) - 1) * stride + k - n, 0) of them, half "
                "(rounded down) before x and the rest after it, so that there are "
                "ceil(n / stride) outputs."),
        Mistake("strided after", lambda x, w, s, _: _conv(x, w, 1, "same")[::s],
                "the stride is applied to the stride-1 'same' output: with a stride, 'same' "
                "pads (ceil(n / s) - 1) * s + k - n zeros in all, not the k - 1 of stride 1, "
                "so its windows start elsewhere. Pad for the stride, then step by it."),
        Mistake("symmetric padding", _padded_symmetric,
                "the padding is (k - 1) // 2 zeros on each side, which is 'same' only for an "
                "odd k with stride 1: pad max((ceil(n / stride) - 1) * stride + k - n, 0) "
                "zeros in all, half (rounded down) before x and the rest after it."),
        Mistake("padded before", _padded_before,
                "the zeros are split the wrong way round: when their number is odd, Keras puts "
                "the extra zero AFTER the input (before = total // 2)."),
        _NO_STRIDE,
    ],
}
_CONV_PROBES = [(_X, _W[k], stride, padding) for k, stride, padding in CONV_CASES]


def _conv_case_feedback(call):
    """The feedback on one case of ``my_conv1d`` (a :class:`~utils.grading.blocks.Call` whose
    value is the answer and the inputs after the call), None when it is right."""
    name, (x, w, stride, padding) = "my_conv1d", call.args
    case = f"(x of length {len(x)}, w of length {len(w)}, stride={stride}, padding='{padding}')"
    if call.error is not None:
        return _raised(2, name, call.error, case)
    value, x_after, w_after = call.value
    if value is None:
        return blank(2, f"{name}{case} returned None. Write your code {_MARKERS} and return the "
                        "outputs, then run this check again.")
    if not np.array_equal(x_after, x) or not np.array_equal(w_after, w):
        return wrong(2, f"{name}{case} changed its input x or w (for example with `x += ...` "
                        "or an in-place pad); make new arrays instead.")
    try:
        a = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return wrong(2, f"{name}{case} returned {type(value).__name__} {value!r:.60}, not an "
                        "array of numbers.")
    if matches([a], [call.args], _conv):
        return None
    mistake = first_mistake([a], [call.args], CONV_MISTAKES[padding])
    if mistake:
        return wrong(2, f"for {case}: {mistake.advice}")
    expected = _conv(*call.args)
    if a.ndim == 1 and abs(len(a) - len(expected)) == 1:
        return wrong(2, f"for {case} it returned {len(a)} outputs, expected {len(expected)}: an "
                        f"off-by-one window count. The windows start at 0, stride, 2 * stride, "
                        f"... and the last one must end inside the (padded) input: use your "
                        f"my_output_length from Exercise 1.")
    if a.shape != expected.shape:
        return wrong(2, f"for {case} it returned shape {a.shape}, expected {expected.shape} "
                        f"(one number per window position).")
    j = int(np.argmax(np.abs(a - expected) > 1e-6 * (1 + np.abs(expected))))
    return wrong(2, f"for {case} output {j} is {a[j]:.4g}, expected {expected[j]:.4g}.")


def conv1d_feedback(my_conv1d) -> Feedback:
    """Check a learner's ``my_conv1d(x, w, stride, padding)`` on :data:`CONV_CASES`."""
    early = _missing_function(2, "my_conv1d", my_conv1d, "(x, w, stride=1, padding='valid')")
    if early:
        return early
    # each call returns the answer and its inputs afterwards: an answer must not change them
    probes = _CONV_PROBES + [fresh_conv_probe()]
    calls = probe(lambda x, w, stride, padding: (my_conv1d(x, w, stride, padding), x, w),
                  probes)
    looked = _LOOKED_UP.format(name="my_conv1d", what="outputs")
    if looked_up(calls, len(_CONV_PROBES)) or (
            all(_conv_case_feedback(call) is None for call in calls[:len(_CONV_PROBES)])
            and _conv_case_feedback(calls[-1]) is not None):
        return wrong(2, looked)
    for call in calls:
        feedback = _conv_case_feedback(call)
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
