"""Lab 04's graded exercises.

- Exercise 1, ``my_threshold(p, y, thresholds)``: the element of ``thresholds`` whose predictions
  ``p >= t`` have the highest F1 on ``(p, y)`` (any of a tie). Mistakes: :data:`THRESHOLD_MISTAKES`.
- Exercise 2, ``my_threshold_at_most_misses(p, y, thresholds, k)``: the largest ``t`` of
  ``thresholds`` whose misses (``y == 1`` and ``p < t``) number at most ``k``; None when none
  does. Mistakes: :data:`MISSES_MISTAKES`, then ``k`` ignored and a crash when none qualifies.

Each check calls the learner's function on fixed probes, then on two drawn afresh at every check
(``fresh_*``), so a table of the fixed answers fails; a library (:data:`LIBRARIES`) or the
course's own reference doing the work is named. Mistakes are read on the fixed probes only, so
every message is the same at every check.
"""
from __future__ import annotations


import numpy as np

from utils.grading.blocks import (Mistake, first_error, first_mistake, fresh_rng, library_call,
                                  looked_up, matches, not_a_function, only_fixed, probe)
from utils.grading.core import Exercise, Feedback, Grader, blank, passed, wrong
from utils.labs.lab04.misses_check import (MISSES_MISTAKES, MISSES_PROBES,
                                           at_most_misses_threshold, fresh_misses_probes,
                                           misses_feedback)
from utils.labs.lab04.thresholds import (_LOOKED_UP, LAB_THRESHOLDS, LIBRARIES,
                                         OTHER_THRESHOLDS, REFERENCE_NAMES, _is_number, _number,
                                         _probe, _within, handed_over)
from utils.maths.metrics import f1_score

__all__ = ["LAB_THRESHOLDS", "PROBES", "THRESHOLD_MISTAKES", "fresh_probes", "best_f1_thresholds",
           "threshold_feedback", "MISSES_PROBES", "MISSES_MISTAKES", "fresh_misses_probes",
           "at_most_misses_threshold", "misses_feedback", "LIBRARIES", "grader"]

# (p, y, thresholds): four data sets with different best thresholds (three on the lab's grid)
PROBES = [_probe(11, 120, 0.2, 0.5, LAB_THRESHOLDS),
          _probe(12, 150, 0.5, 0.3, LAB_THRESHOLDS),
          _probe(13, 200, 0.1, 0.6, LAB_THRESHOLDS),
          _probe(14, 100, 0.3, 0.4, OTHER_THRESHOLDS)]


def fresh_probes() -> list[tuple]:
    """Two data sets drawn afresh for this check: random sizes, shares of 1s and separations,
    on the lab's grid, with sizes none of the fixed probes has (a table keyed by the size
    misses), redrawn until their best thresholds have none in common, so no fixed answer (a
    table's default, say) is right on both."""
    rng = fresh_rng("lab04.ex1")
    sizes = np.setdiff1d(np.arange(80, 260), [len(args[0]) for args in PROBES])
    while True:
        out = [_probe(int(rng.integers(2**31)), int(rng.choice(sizes)),
                      float(rng.uniform(0.15, 0.5)), float(rng.uniform(0.3, 0.6)), LAB_THRESHOLDS)
               for _ in range(2)]
        first, second = (set(best_f1_thresholds(*args).round(6)) for args in out)
        if not first & second:
            return out


def _scores(p, y, thresholds, score="f1", strict=False):
    pred = [(p > t) if strict else (p >= t) for t in thresholds]
    if score == "f1":
        return np.array([f1_score(y, d) for d in pred])
    if score == "recall":
        return np.array([np.sum(d & (y == 1)) / max(np.sum(y == 1), 1) for d in pred])
    return np.array([np.mean(d == (y == 1)) for d in pred])


def _best(values, thresholds, worst=False):
    """The thresholds whose score is the largest (or the smallest)."""
    target = values.min() if worst else values.max()
    return thresholds[np.isclose(values, target, rtol=0, atol=1e-12)]


def best_f1_thresholds(p, y, thresholds):
    """The right answers: the thresholds with the largest F1."""
    return _best(_scores(p, y, thresholds), thresholds)


# Each typical mistake: its name, the answers it allows on a probe, and the advice that names it
# ({answer} is the learner's first answer).
THRESHOLD_MISTAKES = [
    Mistake("index", lambda p, y, t: np.flatnonzero(np.isin(t, best_f1_thresholds(p, y, t))),
            "you return the position of the best threshold in `thresholds` (here {answer:d}), "
            "not the threshold. np.argmax gives the index: return thresholds[that index]."),
    Mistake("best F1", lambda p, y, t: [_scores(p, y, t).max()],
            "you return the best F1 itself, not the threshold that reaches it: return "
            "thresholds[np.argmax(f1)]."),
    Mistake("argmin", lambda p, y, t: _best(_scores(p, y, t), t, worst=True),
            "you return the threshold with the LOWEST F1 (np.argmin, or min). You want the "
            "largest F1: np.argmax."),
    Mistake("strict", lambda p, y, t: _best(_scores(p, y, t, strict=True), t),
            "your predictions are p > t; the lab predicts \"present\" when p >= t (a "
            "probability equal to the threshold counts as yes). Use >=."),
    Mistake("accuracy", lambda p, y, t: _best(_scores(p, y, t, score="accuracy"), t),
            "you choose the threshold with the best accuracy, or by another score that counts "
            "the correct \"no\" answers (the F1 of the \"no\" class does, on these data). "
            "This exercise asks for the best F1 of \"present\", f1_score(y, p >= t) = 2 TP / "
            "(2 TP + FP + FN), which does not count them."),
    Mistake("recall", lambda p, y, t: _best(_scores(p, y, t, score="recall"), t),
            "you choose the threshold with the highest recall (the fewest misses, TP / (TP + "
            "FN)): that is always the smallest threshold, here {answer:g}, whatever the false "
            "alarms. F1 = 2 TP / (2 TP + FP + FN) counts the false alarms too: choose by F1."),
]


def _answer_advice(calls) -> str | None:
    """What is wrong with an answer that is not one threshold, or None."""
    for call in calls:
        a, thresholds = call.value, call.args[2]
        size = np.size(a) if isinstance(a, (list, tuple, np.ndarray)) else None
        if size == len(thresholds):
            return (f"my_threshold returns {size} numbers, one per threshold (the F1 of "
                    f"each?). Return the one threshold with the largest F1: "
                    f"thresholds[np.argmax(...)].")
        if not _is_number(_number(a)):
            return (f"my_threshold must return one threshold (a number), got "
                    f"{type(a).__name__} {a!r:.60}.")
    return None


def _other_advice(answers) -> str:
    """The advice for thresholds on the fixed probes that are neither the best nor a named
    mistake's."""
    same_grid = [a for a, (_, _, t) in zip(answers, PROBES) if t is LAB_THRESHOLDS]
    if len(set(same_grid)) == 1:
        return (f"your function returns {same_grid[0]:g} whatever validation data it is given, "
                f"so it does not choose from its arguments. Compute the F1 from the `p` and `y` "
                f"it receives (the validation data), not from the notebook's test set (P_test, "
                f"Y_ml_test) or a fixed number.")
    for a, (_, _, t) in zip(answers, PROBES):
        if not _within(a, t):
            if _within(a, np.arange(len(PROBES[0][2]))) and float(a).is_integer():
                return (f"you return {a:g}, a position, not a threshold: return "
                        f"thresholds[index], one of the numbers in `thresholds`.")
            return (f"you return {a:g}, which is not one of the thresholds you were given "
                    f"({t.min():g} to {t.max():g}). Return the element of `thresholds` with the "
                    f"largest F1.")
    (p, y, t), a = next((q, a) for q, a in zip(PROBES, answers)
                        if not _within(a, best_f1_thresholds(*q)))
    f1 = _scores(p, y, t)
    return (f"on validation data of {len(p)} examples your threshold {a:g} gives F1 "
            f"{f1[np.argmin(np.abs(t - a))]:.4f}, but {best_f1_thresholds(p, y, t)[0]:g} gives "
            f"{f1.max():.4f}. Compute the F1 of p >= t for every t in `thresholds` and return "
            f"the t with the largest.")


def threshold_feedback(fn) -> Feedback:
    """Feedback on the learner's ``my_threshold``."""
    early = not_a_function(1, "my_threshold", fn, "(p, y, thresholds)")
    if early:
        return early
    used = library_call(fn, ("utils",), REFERENCE_NAMES) or library_call(fn, LIBRARIES)
    if used:
        return wrong(1, handed_over("my_threshold", used, "the F1 of p >= t for each t, with "
                                    "the lab's f1_score, and the t with the largest."))
    args = PROBES + fresh_probes()
    calls = probe(fn, args)
    if looked_up(calls, len(PROBES)):
        return wrong(1, _LOOKED_UP.format(name="my_threshold", k=""))
    failed = first_error(calls)
    if failed:
        return wrong(1, f"calling my_threshold(p, y, thresholds) on validation data of "
                        f"{len(failed.args[0])} examples raised "
                        f"{type(failed.error).__name__}: {failed.error}")
    if all(call.value is None for call in calls):
        return blank(1, "my_threshold returns None. Store the best threshold in `t_best` "
                        "between the markers (the last line returns it).")
    advice = _answer_advice(calls)
    if advice:
        return wrong(1, advice)
    answers = [_number(call.value) for call in calls]
    if matches(answers, args, best_f1_thresholds, match=_within):
        return passed(1, "on six validation sets you have not seen, your threshold has the "
                         "highest F1 of all the thresholds, every time.")
    if only_fixed(answers, args, len(PROBES), best_f1_thresholds, match=_within):
        return wrong(1, _LOOKED_UP.format(name="my_threshold", k=""))
    fixed = answers[:len(PROBES)]
    mistake = first_mistake(fixed, PROBES, THRESHOLD_MISTAKES, match=_within)
    if mistake:
        return wrong(1, mistake.advice.format(answer=fixed[0] if mistake.name == "recall"
                                              else int(fixed[0])))
    return wrong(1, _other_advice(fixed))


grader = Grader("labs/04_multiclass_and_multilabel.ipynb",
                [Exercise(1, "my_threshold", threshold_feedback, what="my_threshold"),
                 Exercise(2, "my_threshold_at_most_misses", misses_feedback,
                          what="my_threshold_at_most_misses")],
                mentions=["Choosing the threshold on validation data"])
