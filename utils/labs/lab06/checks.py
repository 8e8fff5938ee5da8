"""The graded exercises of lab 06 (labs/06_advanced_optimization.ipynb).

- Exercise 1, ``my_adam_step(w, g, m, v, t, learning_rate, beta_1, beta_2, epsilon)`` returning
  ``(w, m, v)``: section 2's Adam with Keras's epsilon, run step for step next to
  ``keras.optimizers.Adam`` on two costs (100 and 60 steps, hyperparameters that float32 stores
  exactly, so Keras's rounding plays no part). When the paths differ, the learner's path is
  compared with the paths of the typical mistakes (:data:`MISTAKES`, each in section 2's form
  and in Keras's) and the message names the one it matches.
- Exercise 2, ``gd_largest_lr``: the largest learning rate for which gradient descent still
  lowers the lab's cost in 100 steps, measured by the learner with code, to four significant
  digits; an exercise cell that calls the check's own :func:`gd_largest_lr` instead is told
  (:func:`largest_lr_cell_feedback`).

:func:`adam_feedback` and :func:`largest_lr_feedback` return a Feedback and never raise for
anything the learner wrote; ``tests/test_lab06_checks.py`` holds them against right and wrong
answers.
"""
from __future__ import annotations

import functools

import numpy as np

from utils.grading.blocks import Mistake, first_mistake, fresh_rng, library_call, not_a_function
from utils.grading.core import Exercise, Feedback, Grader, blank, passed, wrong
from utils.labs.lab06.largest_lr import (ANSWER_TOLERANCE, gd_largest_lr,
                                        largest_lr_cell_feedback, largest_lr_feedback)
from utils.labs.lab06.lesson import START_POINT, make_valley
from utils.validation import describe

__all__ = ["CASES", "MISTAKES", "FORMS", "VALLEY_SECTION", "ANSWER_TOLERANCE", "adam_feedback",
           "largest_lr_feedback", "largest_lr_cell_feedback", "gd_largest_lr", "grader"]

VALLEY_SECTION = "1. The problem: a cost with long, thin contours"
TOLERANCE = 1e-6
# (start, steps, hyperparameters) on the lab's valley: every number exact in float32.
CASES = ((START_POINT, 100,
          {"learning_rate": 0.25, "beta_1": 0.875, "beta_2": 1 - 2.0**-10, "epsilon": 2.0**-20}),
         ((1.0, 0.2), 60,
          {"learning_rate": 0.0625, "beta_1": 0.75, "beta_2": 1 - 2.0**-6, "epsilon": 2.0**-10}))
_CASE_INDICES = [(i,) for i in range(len(CASES))]       # the probes: the paths are on case i


def _step(w, g, m, v, t, learning_rate, beta_1, beta_2, epsilon, mistake=None,
          form="lecture"):
    """Adam's step with the mistake ``mistake`` (a name of :data:`MISTAKES`, ``"only m"`` /
    ``"only v"``: one moment corrected; None: none) in one of :data:`FORMS`, equal without a
    mistake: ``"lecture"``, section 2's with Keras's epsilon, ``w - learning_rate * m_hat /
    (np.sqrt(v_hat) + epsilon / np.sqrt(1 - beta_2**t))``; ``"paper"``, the same with epsilon
    as it is; ``"keras"``, ``w - alpha_t * m / (np.sqrt(v) + epsilon)``."""
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
    gradient = mistake == "gradient instead of m"
    if form == "keras":
        top, v_hat, eps, scale = (g if gradient else m), v, epsilon, np.sqrt(c_v) / c_m
    else:
        top, v_hat, scale = (g if gradient else m / c_m), v / c_v, 1.0
        eps = epsilon if form == "paper" else epsilon / np.sqrt(1 - b_v**t)
    below = {"epsilon inside the square root": np.sqrt(v_hat + eps),
             "no square root": v_hat + eps}.get(mistake, np.sqrt(v_hat) + eps)
    step = learning_rate * scale * top / below
    return (w + step if mistake == "step uphill" else w - step), m, v


@functools.cache
def _valley():
    return make_valley()


@functools.cache
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


def fresh_case() -> tuple:
    """(start, steps, hyperparameters) drawn afresh for this check: 30 steps from a random
    start, with hyperparameters that float32 stores exactly."""
    rng = fresh_rng("lab06.ex1")
    start = tuple(round(float(v), 3) for v in rng.uniform(-1.5, 1.5, 2))
    return (start, 30, {"learning_rate": 2.0 ** -int(rng.integers(2, 6)),
                        "beta_1": 1 - 2.0 ** -int(rng.integers(2, 5)),
                        "beta_2": 1 - 2.0 ** -int(rng.integers(6, 11)),
                        "epsilon": 2.0 ** -int(rng.integers(10, 21))})


def _path(step, i) -> np.ndarray:
    """The learner's (or a variant's) path on case ``i`` (an index of CASES, or a case);
    raises :class:`_Stop`."""
    valley, (w, steps, hyper) = _valley(), CASES[i] if isinstance(i, int) else i
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
                                 "averages g**2; v / 1 - beta_2**t, without brackets, is "
                                 "v - beta_2**t, which can be negative: write v / (1 - "
                                 "beta_2**t)) or a division by zero (1 - beta**t is 0 when "
                                 "t is 0; t is 1 at the first step)."))
        rows.append(w)
    return np.array(rows)


def _swapped_return(my_adam_step) -> Feedback | None:
    """The message for a step that returns (w, v, m): at the first step of the first case, its
    second array is Adam's v and its third Adam's m; None otherwise (or when it raises: the
    path says why)."""
    start, _, hyper = CASES[0]
    w = np.asarray(start, dtype=float)
    g, zero = _valley().grad(w), np.zeros_like(w)
    try:
        with np.errstate(all="ignore"):
            out = my_adam_step(w.copy(), g, zero.copy(), zero.copy(), 1, **hyper)
        second, third = (np.asarray(x, dtype=float) for x in out[1:3])
    except Exception:               # noqa: BLE001 - anything else: the path's messages
        return None
    m = (1 - hyper["beta_1"]) * g
    v = (1 - hyper["beta_2"]) * g**2
    if second.shape == third.shape == w.shape and np.allclose(second, v) and \
            np.allclose(third, m) and not np.allclose(m, v):
        return wrong(1, "my_adam_step returns (w, v, m): the check (and the next step) takes "
                        "them in the order (w, m, v). Return w, m, v.")
    return None


def moments_feedback(my_adam_step, w_follows: bool = True) -> Feedback | None:
    """The returned m and v against Adam's moments, ``beta_1 * m + (1 - beta_1) * g`` and
    ``beta_2 * v + (1 - beta_2) * g**2`` of the m and v passed in, over the first steps of each
    case (a path of w can follow Keras with moments that are not Adam's, e.g. two signs that
    cancel); None when they are right."""
    valley = _valley()
    for start, _, hyper in CASES:
        w = np.asarray(start, dtype=float)
        m, v = np.zeros_like(w), np.zeros_like(w)
        for t in range(1, 6):
            g = valley.grad(w)
            want_m = hyper["beta_1"] * m + (1 - hyper["beta_1"]) * g
            want_v = hyper["beta_2"] * v + (1 - hyper["beta_2"]) * g**2
            with np.errstate(all="ignore"):
                w, got_m, got_v = (np.asarray(x, dtype=float) for x in
                                   my_adam_step(w.copy(), g, m.copy(), v.copy(), t, **hyper))
            for name, got, want, hat in (("m", got_m, want_m, 1 - hyper["beta_1"]**t),
                                         ("v", got_v, want_v, 1 - hyper["beta_2"]**t)):
                if np.allclose(got, want, rtol=1e-6, atol=1e-12):
                    continue
                if np.allclose(got, want / hat, rtol=1e-6, atol=1e-12):
                    why = (f"that is {name}_hat, the corrected moment: return {name} itself "
                           f"(the correction is for this step only)")
                elif np.allclose(got, -want, rtol=1e-6, atol=1e-12):
                    why = "that is the moment with the wrong sign"
                else:
                    why = "check the line that updates it"
                rule = ("beta_1 * m + (1 - beta_1) * g" if name == "m" else
                        "beta_2 * v + (1 - beta_2) * g**2")
                opening = "your w follows Keras, but at" if w_follows else "at"
                return wrong(1, f"{opening} step {t} the {name} you return "
                                f"is {np.round(got, 6).tolist()}, and Adam's is {rule} = "
                                f"{np.round(want, 6).tolist()}: {why}. The next step gets "
                                f"the {name} you return.")
            m, v = want_m, want_v
    return None


def _distance(a: np.ndarray, b: np.ndarray) -> float:
    """The largest relative difference between two paths, step by step."""
    return float(np.max(np.linalg.norm(a - b, axis=1) / np.linalg.norm(b, axis=1)))


def _same_path(a: np.ndarray, b: np.ndarray) -> bool:
    return _distance(a, b) <= TOLERANCE


FORMS = ("lecture", "paper", "keras")      # the forms of Adam's step :func:`_step` writes
_ADAM = "w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon / np.sqrt(1 - beta_2**t))"


def _adam_mistakes(name: str, advice: str, variant: str = "") -> list[Mistake]:
    """The named mistake, one :class:`Mistake` per form of :data:`FORMS`: its path on case
    ``i`` is :func:`_step`'s with ``variant`` (the name by default) in that form."""
    return [Mistake(name, functools.partial(_variant_path, variant or name, form), advice)
            for form in FORMS]


def _variant_path(mistake: str, form: str, i) -> np.ndarray:
    return _path(functools.partial(_step, mistake=mistake, form=form), i)


_ONE_MOMENT = ("Both moments need it: m_hat = m / (1 - beta_1**t) and v_hat = v / (1 - "
               f"beta_2**t), then {_ADAM}.")
# Each mistake in every form a learner may write it in (section 2's, with Keras's epsilon or
# with epsilon as it is, and Keras's alpha_t form); no two mistakes share a path.
MISTAKES = [
    Mistake("epsilon after the bias correction",
            functools.partial(_variant_path, None, "paper"),
            "You wrote np.sqrt(v_hat) + epsilon, as section 2's table does. The check runs "
            "Keras's Adam, which adds epsilon before the correction: write epsilon / "
            f"np.sqrt(1 - beta_2**t) where the table has epsilon, {_ADAM}."),
    *_adam_mistakes(
        "no bias correction",
        "m and v start at 0, so their first values are far too small: correct them, m_hat = "
        f"m / (1 - beta_1**t) and v_hat = v / (1 - beta_2**t), and step with m_hat and v_hat: "
        f"{_ADAM}."),
    *_adam_mistakes("bias correction on one moment only", _ONE_MOMENT, "only m"),
    *_adam_mistakes("bias correction on one moment only", _ONE_MOMENT, "only v"),
    *_adam_mistakes(
        "epsilon inside the square root",
        "Adam adds epsilon after the square root, np.sqrt(v_hat) + epsilon / np.sqrt(1 - "
        "beta_2**t), not inside it, np.sqrt(v_hat + ...)."),
    *_adam_mistakes(
        "moments not carried",
        "Compute the new m and v from the m and v the function is given (m = beta_1 * m + "
        "(1 - beta_1) * g), not from zeros, and return the new ones."),
    *_adam_mistakes(
        "betas on the wrong moments",
        "beta_1 averages the gradient g into m, beta_2 averages the squared gradient g**2 into "
        "v (and the same in the corrections: beta_1**t for m, beta_2**t for v)."),
    *_adam_mistakes(
        "weights of the average swapped",
        "m = beta_1 * m + (1 - beta_1) * g keeps most of the old m and adds a little of the new "
        "gradient (the same for v with beta_2)."),
    *_adam_mistakes(
        "no square root",
        "Divide by the square root of v_hat, np.sqrt(v_hat) + epsilon / np.sqrt(1 - beta_2**t), "
        "not by v_hat + ..."),
    *_adam_mistakes(
        "gradient instead of m",
        "The step uses the gradient g; Adam's step uses the corrected running mean m_hat = m / "
        f"(1 - beta_1**t): {_ADAM}."),
    *_adam_mistakes("step uphill", f"Subtract the step: {_ADAM}."),
    *_adam_mistakes(
        "step number off by one",
        "t is 1 at the first step, as the function gets it: use it as it is in beta_1**t and "
        "beta_2**t."),
    *_adam_mistakes(
        "fixed hyperparameters",
        "Use learning_rate, beta_1, beta_2 and epsilon as the function gets them (the check "
        "passes other values than the defaults)."),
]


def adam_feedback(my_adam_step) -> Feedback:
    """Exercise 1: ``my_adam_step`` against ``keras.optimizers.Adam``."""
    not_function = not_a_function(1, "my_adam_step", my_adam_step, "(w, g, m, v, t, ...)",
                                  show_value=True)
    if not_function:
        return not_function
    used = library_call(my_adam_step, ("utils",), ("adam_step",)) or \
        library_call(my_adam_step, ("utils", "keras", "tensorflow", "torch", "jax", "optax"))
    if used:
        reference = ", the course's reference `adam_step`," if used.endswith("adam_step") else ","
        return wrong(1, f"my_adam_step calls `{used}`{reference} which takes the step for "
                        "you. Write the update yourself, with NumPy.")
    swapped = _swapped_return(my_adam_step)
    if swapped:
        return swapped
    try:
        paths = [_path(my_adam_step, i) for (i,) in _CASE_INDICES]
    except _Stop as stop:
        return stop.feedback
    gaps = [_distance(p, _keras_path(i)) for i, p in enumerate(paths)]
    if max(gaps) <= TOLERANCE:
        case = fresh_case()
        try:
            fresh = _path(my_adam_step, case)
        except _Stop:
            fresh = None
        if fresh is None or not _same_path(fresh, _path(_step, case)):
            return wrong(1, "my_adam_step follows Keras on the check's fixed cases but not on "
                            "the case it draws afresh for every check: compute the step from "
                            "its arguments (w, g, m, v, t and the hyperparameters), for any of "
                            "them, instead of looking known answers up.")
        try:
            moments = moments_feedback(my_adam_step)
        except Exception:           # noqa: BLE001 - it ran on every path above: not here
            moments = None
        if moments:
            return moments
        steps = " + ".join(str(case[1]) for case in CASES)
        return passed(1, f"my_adam_step follows keras.optimizers.Adam step for step ({steps} "
                         f"steps on two costs, within a relative error of {TOLERANCE:g}).")
    mistake = first_mistake(paths, _CASE_INDICES, MISTAKES, match=_same_path)
    if mistake:
        return wrong(1, f"{mistake.name}. {mistake.advice}")
    try:
        moments = moments_feedback(my_adam_step, w_follows=False)
    except Exception:               # noqa: BLE001 - it ran on every path above: not here
        moments = None
    if moments:
        return moments
    i = 0 if gaps[0] > TOLERANCE else 1
    k = int(np.argmax(np.linalg.norm(paths[i] - _keras_path(i), axis=1) > TOLERANCE * 10))
    return wrong(1, f"your path leaves Keras's at step {k} of check {i + 1}: w = "
                    f"{np.round(paths[i][k], 6).tolist()}, Keras has "
                    f"{np.round(_keras_path(i)[k], 6).tolist()}. Compare your lines with the "
                    f"update rule in section 2, one line at a time.")


grader = Grader(
    "labs/06_advanced_optimization.ipynb",
    [Exercise(1, "my_adam_step", adam_feedback, what="my_adam_step, one Adam step"),
     Exercise(2, "gd_largest_lr", largest_lr_feedback,
              what="gd_largest_lr, the largest learning rate that gradient descent survives",
              cell_feedback=largest_lr_cell_feedback)],
    made_by={"valley": VALLEY_SECTION, "final_costs": VALLEY_SECTION},
    mentions=["2. Four update rules"])
