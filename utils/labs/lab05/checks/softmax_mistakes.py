"""Exercise 1's named mistakes and fresh probes (``softmax.py`` asks them).

- :func:`named_mistake`: the advice when an answer is what a recognised wrong formula gives
  (negated logits, log-softmax, the sigmoid, the max over the wrong axis or without keepdims,
  clipped logits or probabilities).
- :func:`keepdims_advice`: which of ``np.max``/``np.sum`` lacks ``keepdims=True`` when a batch
  fails to broadcast, read from the answer on a square batch.
- :func:`uses`: whether the function's code calls ``math.exp`` or ``np.nan_to_num``.
- :func:`fresh_cases`: logits drawn afresh at every check (``fresh_rng("lab05.ex1")``), of
  random shapes and magnitudes, so that a table of the fixed cases' answers fails.
"""
from __future__ import annotations

import math
import types

import numpy as np

from utils.grading.blocks import close, fresh_rng

__all__ = ["named_mistake", "keepdims_advice", "uses", "fresh_cases", "SQUARE", "MATH_EXP",
           "NAN_TO_NUM", "FRESH_STREAM"]

FRESH_STREAM = "lab05.ex1"
# A square batch: a max or sum without keepdims broadcasts there instead of failing.
SQUARE = np.array([[1.3, -0.7, 2.9, 0.45], [0.0, 0.35, -0.2, 3.15], [2.6, 1.1, 0.05, -1.45],
                   [0.5, 0.5, 0.5, 0.55]])
# Bounds a learner may clip the logits to, and floors for the probabilities.
_CLIP_BOUNDS = (1, 2, 5, 10, 20, 30, 50, 80, 88, 88.72, 100, 200, 300, 500, 700, 709, 709.78)
_FLOORS = (1e-7, 1e-8, 1e-9, 1e-10, 1e-12, 1e-15, 1e-16, float(np.finfo(float).eps), 1e-300)
MATH_EXP = ("math.exp works on one number at a time: given an array it raises TypeError, and "
            "above 709.78 it raises OverflowError. Use np.exp, which works on the whole array "
            "at once.")
NAN_TO_NUM = ("np.nan_to_num hides the overflow instead of avoiding it: e^z still overflows, "
              "and replacing inf and nan by large numbers or 0 gives wrong probabilities. "
              "Subtract each row's largest logit before np.exp: then nothing overflows and "
              "nothing needs replacing.")


def _softmax(z, axis=-1):
    ez = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return ez / np.sum(ez, axis=axis, keepdims=True)


def _log_softmax(z):
    shifted = z - np.max(z, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


def _clipped(z, a, where: str) -> str | None:
    top = z.max(axis=-1, keepdims=True)
    fix = ("Do not clip: subtract each row's largest logit instead, which keeps every "
           "difference between the logits and still avoids overflow.")
    for c in _CLIP_BOUNDS:
        clipped = np.clip(z, -c, c)
        if not np.array_equal(clipped, z) and close(a, _softmax(clipped), "twelve_digits"):
            return (f"{where}, your probabilities are the softmax of z clipped (np.clip): "
                    "clipping changes the logits, so logits beyond the bound all get the same "
                    f"probability. {fix}")
        clipped = top + np.clip(z - top, -c, 0)
        if not np.array_equal(clipped, z) and close(a, _softmax(clipped), "twelve_digits"):
            return (f"{where}, your probabilities are the softmax of z - max clipped at -{c} "
                    "(np.clip): every logit more than that below the largest gets too large "
                    f"a probability. {fix}")
    expected = _softmax(z)
    for floor in _FLOORS:
        clipped = np.clip(expected, floor, 1 - floor)
        if not np.array_equal(clipped, expected) and close(a, clipped, "twelve_digits"):
            return (f"{where}, your probabilities are clipped to [{floor:g}, 1 - {floor:g}]: "
                    "tiny probabilities become larger and the rows no longer sum to exactly "
                    "1. Return the softmax itself, without np.clip; after subtracting the "
                    "largest logit nothing needs protecting.")
    return None


def named_mistake(z: np.ndarray, a: np.ndarray, where: str) -> str | None:
    """Advice when ``a`` is what one of the named wrong formulas gives for ``z`` (``where``
    opens the message), else None."""
    with np.errstate(all="ignore"):
        if close(a, _softmax(-z)):
            return (f"{where}, your probabilities are the softmax of -z: the largest logit gets "
                    "the smallest probability. Somewhere z is negated (np.exp(-z), or "
                    "max - z instead of z - max); softmax keeps the order of the logits.")
        if close(a, _log_softmax(z)):
            return (f"{where}, you returned the log of the probabilities (log-softmax): every "
                    "value is negative. Return the probabilities themselves, each e^z divided "
                    "by the sum of its row, without np.log.")
        if close(a, 1 / (1 + np.exp(-z))) or close(a, np.exp(-np.logaddexp(0, -z))):
            return (f"{where}, you applied the sigmoid, 1 / (1 + e^-z), to each logit on its "
                    "own: the values do not sum to 1. Softmax divides each e^z by the sum of "
                    "the exponentials of its row.")
        if z.ndim == 2:
            ez = np.exp(z - np.max(z, axis=0, keepdims=True))
            if close(a, ez / np.sum(ez, axis=-1, keepdims=True)):
                return (f"{where}, you subtract the largest logit of each column (np.max over "
                        "axis 0, across the examples) instead of each row's: a row then loses "
                        "a different number from each logit. Take the max along the last "
                        "axis, axis=-1, kept as a column (keepdims=True).")
            if z.shape[0] == z.shape[1]:
                ez = np.exp(z - np.max(z, axis=-1))
                if close(a, ez / np.sum(ez, axis=-1, keepdims=True)):
                    return (f"{where}, you subtract np.max(z, axis=-1) without keepdims=True: "
                            "for a square batch NumPy then subtracts row j's largest logit "
                            "from column j. Keep the max as a column, with keepdims=True, so "
                            "each row loses its own.")
        return _clipped(z, a, where)


def keepdims_advice(fn) -> str | None:
    """Which ``keepdims=True`` is missing, read from ``fn`` on the square batch :data:`SQUARE`
    (where it broadcasts instead of failing); None when it is neither variant."""
    with np.errstate(all="ignore"):
        try:
            a = np.asarray(fn(SQUARE.copy()), dtype=float)
        except Exception:  # noqa: BLE001 - anything the learner's code raises
            return None
        shifted = np.exp(SQUARE - np.max(SQUARE, axis=-1))
        kept = np.exp(SQUARE - np.max(SQUARE, axis=-1, keepdims=True))
        if close(a, shifted / np.sum(shifted, axis=-1, keepdims=True)) or \
                close(a, shifted / np.sum(shifted, axis=-1)):
            return ("np.max(z, axis=-1) without keepdims=True has one number per row, shape "
                    "(m,), which NumPy cannot subtract from an (m, N) batch (or, for a square "
                    "one, subtracts from the wrong entries). Keep it as a column: give np.max "
                    "keepdims=True.")
        if close(a, kept / np.sum(kept, axis=-1)):
            return ("np.sum(ez, axis=-1) without keepdims=True has one number per row, shape "
                    "(m,), which NumPy cannot divide an (m, N) batch by (or, for a square one, "
                    "divides column j by the sum of row j). Keep it as a column: give np.sum "
                    "keepdims=True.")
    return None


def _code_objects(code: types.CodeType):
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _code_objects(const)


def _names(fn) -> set:
    """Every name ``fn``'s code (its nested functions included) reads: globals, attributes,
    imports."""
    return {name for c in _code_objects(fn.__code__) for name in c.co_names}


def uses(fn, what: str) -> bool:
    """True when ``fn``'s code, or a helper it calls from its own notebook (one level), calls
    ``what``: "math.exp" (``math.exp``, or ``exp`` imported from math) or "nan_to_num"."""
    target = getattr(fn, "func", fn)
    if not isinstance(getattr(target, "__code__", None), types.CodeType):
        return False
    scope = getattr(target, "__globals__", {})
    names = _names(target)
    helpers = [scope[name] for name in names if isinstance(scope.get(name), types.FunctionType)
               and scope[name] is not target and scope[name].__globals__ is scope]
    for code_names in [names, *(_names(helper) for helper in helpers)]:
        if what == "math.exp":
            if "exp" in code_names and ("math" in code_names or scope.get("exp") is math.exp):
                return True
        elif what in code_names:
            return True
    return False


def fresh_cases() -> list[tuple[str, np.ndarray]]:
    """Three probes drawn afresh: one example and two batches of random sizes, each row with
    its own offset (up to +-1000) and spread (0.1 to about 300), so that some rows span more
    than 709.78 units and a naive softmax overflows."""
    rng = fresh_rng(FRESH_STREAM)

    def rows(m, n):
        offset = rng.uniform(-1000, 1000, size=(m, 1))
        spread = 10 ** rng.uniform(-1, 2.5, size=(m, 1))
        return offset + spread * rng.standard_normal((m, n))

    n = int(rng.integers(2, 13))
    m1, n1 = int(rng.integers(2, 7)), int(rng.integers(2, 13))
    k = int(rng.integers(2, 7))
    return [("fresh random logits, one example", rows(1, n)[0]),
            ("a fresh random batch", rows(m1, n1)),
            ("a fresh random square batch", rows(k, k))]
