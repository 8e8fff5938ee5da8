"""Exercise 1 of the practice lab, ``my_softmax``: softmax in NumPy along the last axis of a
(N,) or (m, N) array, held to the reference ``utils.maths.softmax.softmax`` to 12 digits."""
from __future__ import annotations

import dis
import re
import warnings

import numpy as np

from utils.grading.blocks import close, library_call, not_a_function
from utils.grading.core import BETWEEN_MARKERS as _MARKERS
from utils.grading.core import Feedback, blank, passed, wrong
from utils.grading.keras_advice import exception_text
from utils.labs.lab05.checks.softmax_mistakes import (MATH_EXP, NAN_TO_NUM, fresh_cases,
                                                      keepdims_advice, named_mistake, uses)
from utils.maths.softmax import softmax as _softmax   # the reference the answer is held to

__all__ = ["softmax_feedback"]

# Non-integer logits (a cast to int changes them) and, in the last case, rows that span more
# than 709.78 units (the log of the largest float64), so that subtracting a row's minimum or
# its mean instead of its maximum overflows. Batches come before the large logits, so that a
# softmax along the wrong axis is diagnosed on finite values.
_SOFTMAX_CASES = [
    ("one example", np.array([1.3, -0.7, 2.9, 0.45])),
    ("a batch of 3 examples (one per row)",
     np.array([[1.3, -0.7, 2.9, 0.45], [2.25, 0.1, -1.6, 1.05], [0.5, 0.5, 0.5, 0.5]])),
    ("a batch of 4 examples with 4 logits each",
     np.array([[1.3, -0.7, 2.9, 0.45], [0.0, 0.35, -0.2, 3.15], [2.6, 1.1, 0.05, -1.45],
               [0.5, 0.5, 0.5, 0.5]])),
    ("large logits", np.array([1000.3, 1001.0, 1002.7, 1003.15])),
    ("very negative logits", np.array([-1000.3, -1001.0, -1002.7, -1003.15])),
    ("a batch whose rows have logits of very different sizes",
     np.array([[0.0, 1.3, 2.45, 3.1], [1000.2, 1001.6, 1002.05, 1003.4]])),
    ("a batch of wide rows (each spans more than 1000 units)",
     np.array([[-3000.3, 0.4, 1.7, 2.9], [1000.25, -500.5, 999.6, 1001.9]])),
]
# Two probes that tell which number a learner subtracted before np.exp (see _shift_used): the
# row's minimum overflows on both, the row's mean only on the second, nothing only on the first.
_PROBE_TOP, _PROBE_BOTTOM = np.array([0.0, 0.0, 0.0, 720.0]), np.array([-3000.0, 0.0, 0.0, 0.0])
# A softmax of these packages doing the work (the course's own reference in utils included).
_LIBRARIES = ("tensorflow", "keras", "scipy", "jax", "torch", "tf_keras", "utils")
_SOFTMAX_NAMES = ("softmax", "log_softmax")
# A right float64 softmax agrees with the reference to a few units in the last place; the lab
# then holds it against tf.nn.softmax with rtol=1e-12, so the check asks for the same.
_TOLERANCE = "twelve_digits"
# Messages name the mistake and the argument to change, never the key line of Hint 3 whole.
_SUM_ROWS = "the sum of the exponentials of its own row"
_NEVER_ASSIGNS_A = ("your code never assigns `a`, so `return a` does not return your result: "
                    "it returns a variable `a` from outside the function (another cell of the "
                    "notebook), or fails when there is none. Store the probabilities in `a` "
                    "between the markers (a = ...), run the Exercise 1 cell, then this check.")


def _fmt(values) -> str:
    """A short, rounded rendering of a number or array for messages."""
    arr = np.asarray(values, dtype=float)
    with np.printoptions(precision=4, suppress=True, threshold=12, edgeitems=3):
        text = np.array2string(arr, separator=", ", max_line_width=10**6)
    return re.sub(r"\s+([,\]])", r"\1", " ".join(text.split()).replace("[ ", "["))


def _is_tensor(value) -> bool:
    module = type(value).__module__ or ""
    return module.startswith(("tensorflow", "keras")) or (
        callable(getattr(value, "numpy", None)) and not isinstance(value, np.ndarray))


def _reads_global(fn, name: str) -> bool:
    """True when the function's own code reads ``name`` as a global (it never assigns it)."""
    code = getattr(fn, "__code__", None)
    return code is not None and any(ins.opname in ("LOAD_GLOBAL", "LOAD_NAME") and
                                    ins.argval == name for ins in dis.get_instructions(code))


_SHIFTS = {"minimum": "The minimum keeps every exponent at 0 or above, so e^z only grows.",
           "mean": "The mean is below the largest logit, often far below."}


def _finite_output(my_softmax, z: np.ndarray) -> bool | None:
    """Whether the learner's function gives finite numbers for z (None when it fails)."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return bool(np.all(np.isfinite(np.asarray(my_softmax(z.copy()), dtype=float))))
        except Exception:  # noqa: BLE001 - anything the learner's code raises
            return None


def _shift_used(my_softmax) -> str | None:
    """"minimum" or "mean" when the function overflows the way subtracting that number does,
    else None (no shift, the maximum, or something else)."""
    if my_softmax is None:
        return None
    top, bottom = _finite_output(my_softmax, _PROBE_TOP), _finite_output(my_softmax, _PROBE_BOTTOM)
    if top is False and bottom is False:
        return "minimum"
    if top is True and bottom is False:
        return "mean"
    return None


def _along(z: np.ndarray, axis) -> list[np.ndarray]:
    """What a softmax normalised along ``axis`` (0, or None for the whole array) gives for z,
    whichever maximum was subtracted first: none, the global one or the one along ``axis``
    (all the same), or each row's own."""
    keep = axis is not None
    e_axis = np.exp(z - np.max(z, axis=axis, keepdims=keep))
    e_rows = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return [e / np.sum(e, axis=axis, keepdims=keep) for e in (e_axis, e_rows)]


def _same_answer_diagnosis(z, a, where: str) -> str | None:
    """Advice when ``a`` is what a recognised wrong formula gives for ``z``."""
    batch = z.ndim == 2
    ez = np.exp(z - np.max(z, axis=-1, keepdims=True))   # finite for the cases used here
    for cast in (np.trunc(z), np.round(z)):
        if not np.array_equal(cast, z) and close(a, _softmax(cast)):
            return (f"{where}, your probabilities are the softmax of z rounded to whole numbers "
                    f"({_fmt(cast)}): somewhere z became integers (astype(int), dtype=int, "
                    "np.int64...). Keep the logits as floats: the first line of the function, "
                    "z = np.asarray(z, dtype=float), is all the conversion needed.")
    if close(a, np.exp(z) / np.sum(z, axis=-1, keepdims=True)):
        return (f"{where}, you divided e^z by the sum of z. Divide each e^z by "
                f"{_SUM_ROWS} instead.")
    if close(a, z / np.sum(z, axis=-1, keepdims=True)):
        return (f"{where}, you divided z by its sum without exponentiating. Softmax first "
                "takes e^z (np.exp), then divides by the sum of those exponentials.")
    if batch and any(close(a, c) for c in _along(z, 0)):
        return (f"{where}, every column sums to 1 instead of every row: you summed over "
                "axis 0 (down the columns, across the examples). Each row is one example; "
                "work along the last axis, axis=-1, for np.max and np.sum alike.")
    if batch and any(close(a, c) for c in _along(z, None)):
        return (f"{where}, the whole array sums to 1 instead of each row: np.sum without an "
                "axis adds up every entry of every example (axis=None). Sum each row, along "
                "the last axis (axis=-1), kept as a column (keepdims=True).")
    if batch and z.shape[0] == z.shape[1] and close(a, ez / np.sum(ez, axis=-1)):
        return (f"{where}, the rows do not sum to 1: np.sum(ez, axis=-1) has shape "
                f"({z.shape[0]},) and NumPy divides column j by the sum of row j. Keep the "
                "summed axis (keepdims=True) so each row is divided by its own sum.")
    return named_mistake(z, a, where)


def _diagnose_softmax(desc: str, z: np.ndarray, a: np.ndarray, expected: np.ndarray) -> str:
    """Advice for a finite answer of the right shape that differs from softmax(z)."""
    row_sums = a.sum(axis=-1)
    where = f"for {desc}, z = {_fmt(z)}"
    with np.errstate(all="ignore"):
        known = _same_answer_diagnosis(z, a, where)
        if known:
            return known
        if np.all(a > 0) and np.all(np.isfinite(row_sums)) and \
                close(a / a.sum(axis=-1, keepdims=True), expected):
            sums = _fmt(row_sums) if z.ndim == 2 else f"{row_sums:.4g}"
            return (f"{where}, your values have the right proportions but sum to {sums}, not 1: "
                    f"they are not normalised. Divide every exponential by {_SUM_ROWS}.")
    if not np.allclose(row_sums, 1.0, atol=1e-6):
        return (f"{where}, your probabilities sum to {_fmt(row_sums)} instead of 1"
                f"{' in every row' if z.ndim == 2 else ''}. Expected {_fmt(expected)}, got "
                f"{_fmt(a)}.")
    return f"{where}, expected {_fmt(expected)}, got {_fmt(a)}."


def _advice_for_exception(desc: str, z: np.ndarray, exc: Exception, my_softmax) -> str:
    text = str(exc)
    where = f"your my_softmax raised {exception_text(exc)} (for {desc}, z of shape {z.shape})."
    if uses(my_softmax, "math.exp"):
        return f"{where} {MATH_EXP}"
    if "broadcast" in text and z.ndim == 2 and (told := keepdims_advice(my_softmax)):
        return f"{where} {told}"
    if "axis" in text and "out of bounds" in text:
        return (f"{where} Use axis=-1 (the last axis): it works for one example, shape (N,), "
                "and for a batch, shape (m, N).")
    if "broadcast" in text and z.ndim == 2:
        return (f"{where} Dividing a {z.shape} array by the {z.shape[0]} row sums needs the "
                "sums as a column: give np.sum keepdims=True.")
    if z.ndim == 2:
        return (f"{where} It must also work on a batch, one example per row: write it with "
                "whole-array NumPy operations (np.exp, np.max and np.sum with axis=-1, "
                "keepdims=True) instead of a loop over the entries.")
    return f"{where} Fix the error in your code, run the Exercise 1 cell again, then this check."


def _softmax_call(my_softmax, first: bool, desc: str, z: np.ndarray):
    """(output, None) or (None, Feedback) for one call of the learner's function."""
    arg = z.copy()
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            out = my_softmax(arg)
        except NotImplementedError:
            return None, blank(1, f"my_softmax raised NotImplementedError. Write your code "
                                  f"{_MARKERS}, run that cell, then this check.")
        except Exception as exc:  # the learner's code failed: one line, no traceback
            return None, wrong(1, _advice_for_exception(desc, z, exc, my_softmax))
    if out is None:
        if first:
            return None, blank(1, f"my_softmax returned None. Write your code {_MARKERS} so "
                                  "that `a` holds the probabilities, run that cell, then run "
                                  "this check again.")
        return None, wrong(1, f"my_softmax returned None for {desc} (shape {z.shape}); it must "
                              "return the array of probabilities for every input.")
    if _is_tensor(out):
        return None, wrong(1, f"my_softmax returned a TensorFlow tensor ({type(out).__name__})."
                              " This exercise asks for NumPy (np.exp, np.max, np.sum): "
                              "TensorFlow's tf.nn.softmax is what the lab compares your "
                              "function with afterwards.")
    if isinstance(out, (list, tuple)):
        return None, wrong(1, f"my_softmax returned a Python {type(out).__name__} for {desc}; "
                              "return the NumPy array itself (no .tolist()): the cells below "
                              "use array methods such as a.round(4) and a.argmax(axis=1).")
    if not isinstance(out, (np.ndarray, np.generic, int, float)):
        return None, wrong(1, f"my_softmax returned {type(out).__name__} {out!r:.60} for "
                              f"{desc}, not a NumPy array. Return the array `a` of "
                              "probabilities.")
    if not np.array_equal(arg, z):
        return None, wrong(1, f"my_softmax changed the array z it was given (for {desc}), for "
                              "example with `z -= ...`. Make a new array instead, "
                              "`z_shifted = z - ...`, and leave z as it was.")
    return out, None


def _softmax_values(out, desc: str, z: np.ndarray, my_softmax=None) -> Feedback | None:
    """The feedback on a returned array (None when it is right for this case)."""
    try:
        a = np.asarray(out, dtype=float)
    except (TypeError, ValueError):
        return wrong(1, f"my_softmax returned {type(out).__name__} {out!r:.60}, not an array "
                        "of numbers.")
    expected = _softmax(z)
    if a.shape != expected.shape:
        if a.ndim == 0:
            return wrong(1, f"my_softmax returned one number ({float(a):.4g}) for {desc}; "
                            f"return the whole array `a`, the same shape as z {z.shape}.")
        return wrong(1, f"my_softmax returned shape {a.shape} for {desc}, z of shape "
                        f"{z.shape}: return one probability per logit, the same shape as "
                        "z (use keepdims=True when you sum or take the max).")
    if not close(a, expected) and my_softmax is not None and uses(my_softmax, "nan_to_num"):
        return wrong(1, f"for {desc}, z = {_fmt(z)}, expected {_fmt(expected)}, got {_fmt(a)}: "
                        f"{NAN_TO_NUM}")
    if not np.all(np.isfinite(a)):
        shift = _shift_used(my_softmax)
        if shift in _SHIFTS:
            return wrong(1, f"my_softmax returned nan or inf for {desc}, z = {_fmt(z)}: you "
                            f"subtract each row's {shift} before np.exp, so the largest "
                            f"exponent is (largest logit - {shift}), and e^z overflows once "
                            f"that passes 709.78 (np.exp(710) is inf). {_SHIFTS[shift]} "
                            "Subtract each row's largest logit instead: then the largest "
                            "exponential is e^0 = 1 and nothing overflows.")
        if z.ndim == 2 and np.ptp(z.max(axis=1)) > 500:
            return wrong(1, f"my_softmax returned nan or inf for {desc}, z = {_fmt(z)}. "
                            "Subtract each row's own largest logit, not the largest of the "
                            "whole array: np.max along axis=-1, kept as a column.")
        return wrong(1, f"my_softmax returned nan or inf for {desc}, z = {_fmt(z)}: e^z "
                        "overflows (np.exp(1000) is inf) or every e^z underflows to 0. "
                        "Subtract the largest logit first, each row's own: the result is the "
                        "same, because the factor e^(-max) cancels.")
    if not close(a, expected):
        return wrong(1, _diagnose_softmax(desc, z, a, expected))
    dtype = getattr(out, "dtype", np.dtype(float))
    if dtype.kind == "f" and dtype.itemsize < 8:
        return wrong(1, f"my_softmax returned {dtype} values for {desc}: right to about "
                        f"{7 if dtype.itemsize == 4 else 3} digits, but the lab compares "
                        "your function with TensorFlow to 12 digits. Keep NumPy's float64, "
                        "the dtype the line z = np.asarray(z, dtype=float) gives you: do "
                        "not convert to float32.")
    if not close(a, expected, _TOLERANCE):
        told = named_mistake(z, a, f"for {desc}, z = {_fmt(z)}")
        if told:
            return wrong(1, told)
        worst = float(np.max(np.abs(a - expected) / np.maximum(np.abs(expected), 1e-300)))
        return wrong(1, f"for {desc}, your probabilities are right only to a relative "
                        f"error of {worst:.2g}; the lab compares your function with "
                        "TensorFlow to 12 digits (rtol=1e-12). Divide each e^z exactly by "
                        f"{_SUM_ROWS}, in float64, with "
                        "nothing added to the sum: after subtracting the largest logit the "
                        "sum is at least 1, so it is never 0.")
    return None


def _fresh_feedback(my_softmax) -> Feedback | None:
    """The verdict on the fresh probes, once the fixed ones passed: None when all are right;
    otherwise one message that is the same whichever fresh logits were drawn."""
    for desc, z in fresh_cases():
        out, failed = _softmax_call(my_softmax, False, desc, z)
        if failed is None:
            failed = _softmax_values(out, desc, z, my_softmax)
        if failed is not None:
            raised = re.search(r"my_softmax raised (\w+)", failed.message)
            what = f"it raises {raised.group(1)}" if raised else "it does not return their softmax"
            return wrong(1, "my_softmax is right on the check's fixed inputs but not on fresh "
                            f"random logits, drawn anew at every check ({what}). An answer "
                            "written for the fixed inputs, such as a table of their answers or "
                            "sizes written into the code, fails here: compute the softmax from "
                            "z itself, for any number of examples and of logits.")
    return None


def softmax_feedback(my_softmax) -> Feedback:
    """Check a learner's ``my_softmax(z)``: softmax along the last axis of a (N,) or (m, N)
    array. Never raises for anything the learner's function does."""
    if my_softmax is None:
        return blank(1, f"my_softmax is None. Write the function {_MARKERS}, run that cell, "
                        "then run this check again.")
    not_callable = not_a_function(1, "my_softmax", my_softmax, "(z)", show_value=True)
    if not_callable:
        return not_callable
    library = library_call(my_softmax, _LIBRARIES, _SOFTMAX_NAMES)
    if library:
        return wrong(1, f"my_softmax hands the work to {library}. This exercise asks you to "
                        "write softmax yourself in NumPy (np.exp, np.max and np.sum); the lab "
                        "then compares your function with TensorFlow's tf.nn.softmax, which "
                        "would only compare the library with itself.")
    if _reads_global(my_softmax, "a"):
        return wrong(1, _NEVER_ASSIGNS_A)
    for i, (desc, z) in enumerate(_SOFTMAX_CASES):
        out, failed = _softmax_call(my_softmax, i == 0, desc, z)
        if failed is None:
            failed = _softmax_values(out, desc, z, my_softmax)
        if failed is not None:
            return failed
    failed = _fresh_feedback(my_softmax)
    if failed is not None:
        return failed
    return passed(1, "my_softmax gives the right probabilities for one example, for a batch "
                     "(row by row), for very large and very negative logits, for rows that span "
                     "more than 1000 units (no overflow) and for fresh random logits.")

