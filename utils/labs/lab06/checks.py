"""The graded exercises of lab 06 (labs/06_advanced_optimization.ipynb).

- Exercise 1, ``my_adam_step(w, g, m, v, t, learning_rate, beta_1, beta_2, epsilon)`` returning
  ``(w, m, v)``: run step for step next to ``keras.optimizers.Adam`` on two costs (100 and 60
  steps, hyperparameters that float32 stores exactly, so Keras's rounding plays no part). When
  the paths differ, the learner's path is compared with the paths of the typical mistakes
  (:data:`MISTAKES`) and the message names the one it matches.
- Exercise 2, ``gd_largest_lr``: the largest learning rate for which gradient descent still
  lowers the lab's cost in 100 steps, measured by the learner with code.

:func:`adam_feedback` and :func:`largest_lr_feedback` return a Feedback and never raise for
anything the learner wrote; ``tests/test_lab06_checks.py`` holds them against right and wrong
answers.
"""
from __future__ import annotations

import functools
import numbers

import numpy as np

from utils.grading.blocks import Mistake, first_mistake
from utils.grading.core import Exercise, Feedback, Grader, blank, passed, wrong
from utils.labs.lab06.lesson import START_POINT, STEPS, make_valley
from utils.validation import describe

__all__ = ["CASES", "MISTAKES", "VALLEY_SECTION", "adam_feedback", "largest_lr_feedback",
           "gd_largest_lr", "grader"]

VALLEY_SECTION = "1. The problem: a cost with long, thin contours"
TOLERANCE = 1e-6
# (start, steps, hyperparameters) on the lab's valley: every number exact in float32.
CASES = ((START_POINT, 100,
          {"learning_rate": 0.25, "beta_1": 0.875, "beta_2": 1 - 2.0**-10, "epsilon": 2.0**-20}),
         ((1.0, 0.2), 60,
          {"learning_rate": 0.0625, "beta_1": 0.75, "beta_2": 1 - 2.0**-6, "epsilon": 2.0**-10}))
_CASE_INDICES = [(i,) for i in range(len(CASES))]       # the probes: the paths are on case i


def _step(w, g, m, v, t, learning_rate, beta_1, beta_2, epsilon, mistake=None):
    """Adam's step as Keras takes it, or with the mistake named ``mistake`` (a name of
    :data:`MISTAKES`, or ``"only m"`` / ``"only v"``: the bias correction of one moment only)."""
    if mistake == "fixed hyperparameters":
        learning_rate, beta_1, beta_2, epsilon = 0.001, 0.9, 0.999, 1e-7
    t = t + 1 if mistake == "step number off by one" else t
    if mistake == "moments not carried":
        m, v = np.zeros_like(m), np.zeros_like(v)
    b_m, b_v = (beta_2, beta_1) if mistake == "betas on the wrong moments" else (beta_1, beta_2)
    swapped = mistake == "weights of the average swapped"
    keep_m, keep_v = (1 - b_m, 1 - b_v) if swapped else (b_m, b_v)
    m, v = keep_m * m + (1 - keep_m) * g, keep_v * v + (1 - keep_v) * g**2
    c_m = 1.0 if mistake in ("no bias correction", "only v") else 1 - b_m**t
    c_v = 1.0 if mistake in ("no bias correction", "only m") else 1 - b_v**t
    top = g if mistake == "gradient instead of m" else m
    if mistake == "epsilon after the bias correction":
        step = learning_rate * (top / c_m) / (np.sqrt(v / c_v) + epsilon)
    else:
        below = {"epsilon inside the square root": np.sqrt(v + epsilon),
                 "no square root": v + epsilon}.get(mistake, np.sqrt(v) + epsilon)
        step = learning_rate * np.sqrt(c_v) / c_m * top / below
    return (w + step if mistake == "step uphill" else w - step), m, v


@functools.lru_cache(maxsize=None)
def _valley():
    return make_valley()


@functools.lru_cache(maxsize=None)
def _keras_paths() -> tuple:
    """Keras's Adam on every case, in one compiled loop (computed once per session)."""
    import keras

    from utils.labs.lab06.lesson import keras_paths
    optimizers = {f"case{i}": keras.optimizers.Adam(**hyper)
                  for i, (_, _, hyper) in enumerate(CASES)}
    found = keras_paths(_valley(), optimizers, steps=max(case[1] for case in CASES),
                        w0={f"case{i}": case[0] for i, case in enumerate(CASES)})
    return tuple(found[f"case{i}"][:case[1] + 1] for i, case in enumerate(CASES))


def _keras_path(i: int) -> np.ndarray:
    return _keras_paths()[i]


class _Stop(Exception):
    """The learner's function cannot be run on: ``feedback`` says why."""

    def __init__(self, feedback):
        super().__init__(feedback.message)
        self.feedback = feedback


def _as_state(value, name: str, t: int, shape) -> np.ndarray:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise _Stop(wrong(1, f"at step {t} my_adam_step returned {name} = {describe(value)}; "
                             f"it must be an array of numbers like w.")) from None
    if arr.shape != shape:
        raise _Stop(wrong(1, f"at step {t} my_adam_step returned {name} of shape {arr.shape}; "
                             f"it must have the shape of w, {shape}."))
    return arr


def _path(step, i: int) -> np.ndarray:
    """The learner's (or a variant's) path on case ``i``; raises :class:`_Stop`."""
    valley, (w, steps, hyper) = _valley(), CASES[i]
    w = np.asarray(w, dtype=float)
    m, v, rows = np.zeros_like(w), np.zeros_like(w), [w]
    for t in range(1, steps + 1):
        try:
            with np.errstate(all="ignore"):           # NaN and inf get their own message
                out = step(w.copy(), valley.grad(w), m.copy(), v.copy(), t, **hyper)
        except NotImplementedError:
            raise _Stop(blank(1, "my_adam_step raises NotImplementedError: write its code "
                                 "between the START and END markers.")) from None
        except Exception as exc:
            raise _Stop(wrong(1, f"my_adam_step raised {type(exc).__name__}: {exc} (at step "
                                 f"{t}, called as my_adam_step(w, g, m, v, t, learning_rate=..., "
                                 f"beta_1=..., beta_2=..., epsilon=...)).")) from None
        if out is None or (isinstance(out, tuple) and any(x is None for x in out)):
            raise _Stop(blank(1, "my_adam_step still returns None: compute w, m and v between "
                                 "the START and END markers."))
        if not isinstance(out, (tuple, list)) or len(out) != 3:
            raise _Stop(wrong(1, f"my_adam_step must return the three arrays (w, m, v), got "
                                 f"{describe(out)}."))
        w, m, v = (_as_state(x, name, t, w.shape) for x, name in zip(out, "wmv"))
        if not np.all(np.isfinite(w)):
            raise _Stop(wrong(1, f"at step {t} my_adam_step returned w = {w.tolist()}: NaN or "
                                 "inf comes from a square root of a negative number (v "
                                 "averages g**2) or a division by zero (1 - beta**t is 0 when "
                                 "t is 0; t is 1 at the first step)."))
        rows.append(w)
    return np.array(rows)


def _distance(a: np.ndarray, b: np.ndarray) -> float:
    """The largest relative difference between two paths, step by step."""
    return float(np.max(np.linalg.norm(a - b, axis=1) / np.linalg.norm(b, axis=1)))


def _same_path(a: np.ndarray, b: np.ndarray) -> bool:
    return _distance(a, b) <= TOLERANCE


def _adam_mistake(name: str, advice: str, variant: str = "") -> Mistake:
    """The named mistake whose path on case ``i`` is :func:`_step`'s with ``variant`` (the
    name by default)."""
    step = functools.partial(_step, mistake=variant or name)
    return Mistake(name, lambda i: _path(step, i), advice)


_ONE_MOMENT = ("Both moments need it, m by (1 - beta_1**t) and v by (1 - beta_2**t), as in "
               "alpha_t = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t).")
# Each mistake's path on the cases (no two of them within TOLERANCE of each other).
MISTAKES = [
    _adam_mistake(
        "no bias correction",
        "m and v start at 0, so their first values are far too small: divide them by "
        "(1 - beta_1**t) and (1 - beta_2**t), which Keras folds into alpha_t = learning_rate * "
        "np.sqrt(1 - beta_2**t) / (1 - beta_1**t)."),
    _adam_mistake("bias correction on one moment only", _ONE_MOMENT, "only m"),
    _adam_mistake("bias correction on one moment only", _ONE_MOMENT, "only v"),
    _adam_mistake(
        "epsilon inside the square root",
        "Keras's Adam divides by np.sqrt(v) + epsilon, not np.sqrt(v + epsilon) (that is how "
        "Keras's RMSprop does it)."),
    _adam_mistake(
        "epsilon after the bias correction",
        "You wrote np.sqrt(v_hat) + epsilon, as in the paper's Algorithm 1. Keras adds epsilon "
        "before the correction, w - alpha_t * m / (np.sqrt(v) + epsilon): the paper's formula "
        "with epsilon replaced by epsilon / np.sqrt(1 - beta_2**t)."),
    _adam_mistake(
        "moments not carried",
        "Compute the new m and v from the m and v the function is given (m = beta_1 * m + "
        "(1 - beta_1) * g), not from zeros, and return the new ones."),
    _adam_mistake(
        "betas on the wrong moments",
        "beta_1 averages the gradient g into m, beta_2 averages the squared gradient g**2 into "
        "v (and the same in the corrections: beta_1**t for m, beta_2**t for v)."),
    _adam_mistake(
        "weights of the average swapped",
        "m = beta_1 * m + (1 - beta_1) * g keeps most of the old m and adds a little of the new "
        "gradient (the same for v with beta_2)."),
    _adam_mistake("no square root",
                  "Divide by the square root of v: np.sqrt(v) + epsilon, not v + epsilon."),
    _adam_mistake(
        "gradient instead of m",
        "The step uses the gradient g; Adam's step uses its running mean m (alpha_t * m / ...)."),
    _adam_mistake("step uphill", "Subtract the step: w - alpha_t * m / (np.sqrt(v) + epsilon)."),
    _adam_mistake(
        "step number off by one",
        "t is 1 at the first step, as the function gets it: use it as it is in beta_1**t and "
        "beta_2**t."),
    _adam_mistake(
        "fixed hyperparameters",
        "Use learning_rate, beta_1, beta_2 and epsilon as the function gets them (the check "
        "passes other values than the defaults)."),
]


def adam_feedback(my_adam_step) -> Feedback:
    """Exercise 1: ``my_adam_step`` against ``keras.optimizers.Adam``."""
    if not callable(my_adam_step):
        return wrong(1, f"my_adam_step must be a function (def my_adam_step(w, g, m, v, t, "
                        f"...)), got {describe(my_adam_step)}.")
    try:
        paths = [_path(my_adam_step, i) for (i,) in _CASE_INDICES]
    except _Stop as stop:
        return stop.feedback
    gaps = [_distance(p, _keras_path(i)) for i, p in enumerate(paths)]
    if max(gaps) <= TOLERANCE:
        steps = " + ".join(str(case[1]) for case in CASES)
        return passed(1, f"my_adam_step follows keras.optimizers.Adam step for step ({steps} "
                         f"steps on two costs, within a relative error of {TOLERANCE:g}).")
    mistake = first_mistake(paths, _CASE_INDICES, MISTAKES, match=_same_path)
    if mistake:
        return wrong(1, f"{mistake.name}. {mistake.advice}")
    i = 0 if gaps[0] > TOLERANCE else 1
    k = int(np.argmax(np.linalg.norm(paths[i] - _keras_path(i), axis=1) > TOLERANCE * 10))
    return wrong(1, f"your path leaves Keras's at step {k} of check {i + 1}: w = "
                    f"{np.round(paths[i][k], 6).tolist()}, Keras has "
                    f"{np.round(_keras_path(i)[k], 6).tolist()}. Compare your lines with the "
                    f"update rule in section 2, one line at a time.")


@functools.lru_cache(maxsize=None)
def gd_largest_lr() -> float:
    """The largest learning rate for which the cost after :data:`STEPS` steps of gradient
    descent from :data:`START_POINT` is below the starting cost (bisection to 1e-6)."""
    from utils.labs.lab06.lesson import final_costs
    valley = make_valley()
    start = valley.cost(START_POINT)
    low, high = 0.01, 0.1              # lowers the cost at 0.01, diverges at 0.1
    while high - low > 1e-6 * low:
        mid = (low + high) / 2
        low, high = (mid, high) if final_costs(valley, "gd", [mid])[0] < start else (low, mid)
    return low


def largest_lr_feedback(gd_largest_lr_value) -> Feedback:
    """Exercise 2: the learner's ``gd_largest_lr`` within 1% of the measured limit."""
    value = gd_largest_lr_value
    if value is None or value is Ellipsis:
        return blank(2, "gd_largest_lr is still None: measure it with code, then store the "
                        "number.")
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        return wrong(2, f"gd_largest_lr must be one number (a learning rate), got "
                        f"{describe(value)}.")
    true = gd_largest_lr()
    ratio = float(value) / true
    if abs(ratio - 1) <= 0.01:
        return passed(2, f"gradient descent lowers the cost up to a learning rate of about "
                         f"{true:.4f}, just above 2 / (largest curvature) = 0.02.")
    if value <= 0:
        return wrong(2, f"a learning rate is > 0, got {value!r}.")
    if 9 <= ratio <= 11 or 1 / 11 <= ratio <= 1 / 9:
        return wrong(2, f"{value!r} is off by a factor of 10: check the decimal point.")
    if ratio > 20:
        return wrong(2, f"{value!r} is far too large: gradient descent diverges there. That "
                        "may be Adam's range, or 2 / (smallest curvature); the steep direction "
                        "w2 sets the limit for gradient descent.")
    if ratio < 1:
        return wrong(2, f"the cost still falls at {value!r}, and at larger learning rates too: "
                        "look for where it stops falling (the best learning rate is not the "
                        "largest one that works).")
    return wrong(2, f"at {value!r} the cost after {STEPS} steps is already above the starting "
                    "cost: the limit is a little lower.")


grader = Grader(
    "labs/06_advanced_optimization.ipynb",
    [Exercise(1, "my_adam_step", adam_feedback, what="my_adam_step, one Adam step"),
     Exercise(2, "gd_largest_lr", largest_lr_feedback,
              what="gd_largest_lr, the largest learning rate that gradient descent survives")],
    made_by={"valley": VALLEY_SECTION, "final_costs": VALLEY_SECTION},
    mentions=["2. Four update rules"])
