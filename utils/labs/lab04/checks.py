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

import numbers

import numpy as np

from utils.grading.blocks import (Mistake, first_error, first_mistake, fresh_rng, library_call,
                                  looked_up, matches, not_a_function, only_fixed, probe)
from utils.grading.core import Exercise, Feedback, Grader, blank, passed, wrong
from utils.maths.metrics import f1_score

__all__ = ["LAB_THRESHOLDS", "PROBES", "THRESHOLD_MISTAKES", "fresh_probes", "best_f1_thresholds",
           "threshold_feedback", "MISSES_PROBES", "MISSES_MISTAKES", "fresh_misses_probes",
           "at_most_misses_threshold", "misses_feedback", "LIBRARIES", "grader"]

LAB_THRESHOLDS = np.round(np.linspace(0.05, 0.95, 19), 2)       # the lab's grid
OTHER_THRESHOLDS = np.round(np.linspace(0.1, 0.9, 9), 1)
# what a learner could hand the work to; the lab's f1_score (utils) is the exercise's own tool
LIBRARIES = ("sklearn", "tensorflow", "keras", "torch", "scipy", "pandas")
REFERENCE_NAMES = ("best_f1_thresholds", "at_most_misses_threshold", "_scores", "_best",
                   "per_label_accuracy", "per_label_errors")


def _probe(seed, m, rate, signal, thresholds):
    """Validation data the learner has not seen: 0/1 labels (``rate`` of them 1) and
    probabilities on the grid of 0.01 or 0.05 (so many of them equal a threshold exactly)."""
    rng = np.random.default_rng(seed)
    y = (rng.random(m) < rate).astype(np.float64)
    p = np.clip(0.5 + signal * (y - 0.5) + 0.25 * rng.standard_normal(m), 0.0, 1.0)
    return np.round(p / 0.05) * 0.05 if seed % 2 else np.round(p, 2), y, thresholds


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


def _within(answer, allowed) -> bool:
    return bool(np.any(np.isclose(answer, allowed, rtol=0, atol=1e-9)))


def _is_number(a) -> bool:
    return not isinstance(a, (bool, np.bool_)) and isinstance(a, numbers.Real)


def _number(a):
    """A number, a NumPy scalar or a one-element array as a float; anything else as is."""
    if isinstance(a, np.ndarray) and a.size == 1 and a.dtype.kind in "iuf":
        return float(a.reshape(-1)[0])
    return float(a) if _is_number(a) else a


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


def handed_over(name: str, used: str, rule: str) -> str:
    """The message for an exercise function ``name`` that hands the work to ``used``."""
    used = used.removeprefix("a library's ")
    who = ("the course's own reference" if used.startswith("utils") or
           any(w in used for w in REFERENCE_NAMES) else "a library")
    return (f"{name} calls `{used}` ({who}), which does the work for you. Write the rule "
            f"yourself with NumPy: {rule}")


_LOOKED_UP = ("{name} gives the right threshold on the check's four fixed data sets but not on "
              "the two it draws afresh for every check: compute it from the arguments p, y and "
              "thresholds{k}, for any of them.")


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


# --- Exercise 2: the largest threshold with at most k misses ------------------------------------

def at_most_misses_threshold(p, y, thresholds, k):
    """The largest element of ``thresholds`` whose misses (``y == 1`` and ``p < t``) number at
    most ``k`` on ``(p, y)``; None when none does. Raises ValueError for ``p`` and ``y`` of
    different lengths, an empty ``thresholds`` or a ``k`` that is not a whole number >= 0."""
    p, y, thresholds = (np.asarray(v, dtype=np.float64).reshape(-1) for v in (p, y, thresholds))
    if p.shape != y.shape:
        raise ValueError(f"p and y must have the same length, got {p.size} and {y.size}.")
    if thresholds.size == 0:
        raise ValueError("thresholds must hold at least one threshold, got an empty array.")
    if isinstance(k, bool) or not isinstance(k, numbers.Integral) or k < 0:
        raise ValueError(f"k must be a whole number >= 0, got {k!r}.")
    allowed = [t for t in thresholds if np.sum((y == 1) & (p < t)) <= k]
    return max(allowed) if allowed else None


def _misses_probe(seed, m, rate, thresholds, k, loud=0):
    """On the grid of 0.05 (p == t happens); ``loud`` negatives at p = 1 (false alarms)."""
    p, y, _ = _probe(seed, m, rate, 0.4, thresholds)
    p = np.round(p / 0.05) * 0.05
    p[np.flatnonzero(y == 0)[:loud]] = 1.0
    return p, y, thresholds, k


def _nothing_qualifies():
    p, y, t, _ = _misses_probe(24, 60, 0.5, LAB_THRESHOLDS, 0)
    p[np.flatnonzero(y == 1)[0]] = 0.0           # a miss at every threshold, and k = 0
    return p, y, t, 0


# (p, y, thresholds, k): three where some threshold qualifies, then one where none does
MISSES_PROBES = [_misses_probe(21, 120, 0.3, LAB_THRESHOLDS, 4),
                 _misses_probe(22, 200, 0.5, LAB_THRESHOLDS, 1, loud=2),
                 _misses_probe(23, 80, 0.4, OTHER_THRESHOLDS, 11),
                 _nothing_qualifies()]
_SOME = MISSES_PROBES[:3]


def fresh_misses_probes() -> list[tuple]:
    """Two probes drawn afresh for this check: random sizes and shares of 1s on the lab's grid,
    and a random k at least the misses of the smallest threshold (so one qualifies), with sizes
    none of the fixed probes has (a table keyed by the size misses); redrawn until their answers
    differ, so no fixed answer (a table's default, say) is right on both."""
    rng = fresh_rng("lab04.ex2")
    sizes = np.setdiff1d(np.arange(40, 300), [len(args[0]) for args in MISSES_PROBES])
    while True:
        out = []
        for _ in range(2):
            p, y, t, _ = _misses_probe(int(rng.integers(2**31)), int(rng.choice(sizes)),
                                       float(rng.uniform(0.2, 0.6)), LAB_THRESHOLDS, 0)
            low = int(np.sum((y == 1) & (p < t[0])))
            out.append((p, y, t, int(rng.integers(low, low + 1 + int(np.sum(y)) // 3))))
        first, second = (at_most_misses_threshold(*args) for args in out)
        if not np.isclose(first, second):
            return out


def _same(answer, expected) -> bool:         # a threshold (or None) that a rule gives
    if expected is None or answer is None:
        return answer is None and expected is None
    return _is_number(answer) and _within(answer, [expected])


def _count(p, y, t, kind):                  # false alarms, or misses (p < t, or p <= t)
    said_yes = (p >= t) if kind != "boundary" else (p > t)
    return np.sum(said_yes & (y == 0)) if kind == "false alarms" else np.sum(~said_yes & (y == 1))


def _rule(kind="misses", shift=0):
    """The largest threshold whose count of ``kind`` is at most ``k + shift`` (None if none)."""
    return lambda p, y, t, k: max([s for s in t if _count(p, y, s, kind) <= k + shift],
                                  default=None)


def _position(p, y, t, k):
    best = at_most_misses_threshold(p, y, t, k)
    return None if best is None else float(np.flatnonzero(np.isclose(t, best))[0])


MISSES_MISTAKES = [
    Mistake("largest", lambda p, y, t, k: float(np.max(t)),
            "you return the largest threshold whatever the misses: keep only the thresholds "
            "whose misses, (y == 1) & (p < t), number at most k, and return the largest of "
            "those."),
    Mistake("false alarms", _rule("false alarms"),
            "you count the false alarms (said yes, was no: y == 0 and p >= t). The rule counts "
            "the MISSES: said no, was yes, (y == 1) & (p < t)."),
    Mistake("p <= t", _rule("boundary"),
            "you count a probability equal to the threshold as a miss (p <= t). The lab says "
            "\"yes\" when p >= t, so a miss is p < t: an example with p == t is found."),
    Mistake("< k", _rule(shift=-1),
            "you keep the thresholds with FEWER than k misses (< k). The rule allows k of them: "
            "at most k is <= k."),
    Mistake("smallest", lambda p, y, t, k: float(np.min(t)),
            "you return the smallest threshold: the one with the fewest misses (the highest "
            "recall), whatever k. The rule wants the LARGEST threshold whose misses are still "
            "at most k: a larger threshold gives fewer false alarms."),
    Mistake("count", lambda p, y, t, k: float(np.sum((y == 1) & (p < at_most_misses_threshold(
        p, y, t, k)))),
            "you return the number of misses at the threshold, not the threshold itself."),
    Mistake("index", _position,
            "you return the position of the threshold in `thresholds`, not the threshold: "
            "return thresholds[that position], or the value itself."),
]


def _ignored_k(answers) -> int | None:
    """A fixed k (10, the slider's, 0, then 1 to 30) whose answers match where one qualifies."""
    return next((j for j in (10, 0, *range(1, 31)) if matches(
        answers, _SOME, lambda p, y, t, k, j=j: at_most_misses_threshold(p, y, t, j),
        match=_same)), None)


_NONE = ("when no threshold has at most k misses (the check's fourth data set: k = 0 and a "
         "positive example with p = 0, a miss at every threshold) my_threshold_at_most_misses "
         "must return None; {what}.")


def _misses_value_advice(calls) -> str | None:
    for call in calls:
        a = _number(call.value)
        if call.error is None and a is not None and not _is_number(a):
            return (f"my_threshold_at_most_misses must return one threshold (a number) or None, "
                    f"got {type(call.value).__name__} {call.value!r:.60}.")
    return None


def _misses_wrong(answers) -> str:
    """The advice for answers on the three fixed probes where a threshold qualifies."""
    mistake = first_mistake(answers, _SOME, MISSES_MISTAKES, match=_same)
    if mistake:
        return mistake.advice
    fixed_k = _ignored_k(answers)
    if fixed_k is not None:
        return (f"your function gives the same answers as k = {fixed_k}, whatever k it is "
                f"given: use the argument k.")
    (p, y, t, k), a = next((q, a) for q, a in zip(_SOME, answers)
                           if not _same(a, at_most_misses_threshold(*q)))
    shown = "None" if a is None else f"{a:g}"
    return (f"on data of {len(p)} examples with k = {k} you return {shown}, but the largest "
            f"threshold with at most {k} misses (y == 1 and p < t) is "
            f"{at_most_misses_threshold(p, y, t, k):g}.")


def misses_feedback(fn) -> Feedback:
    """Feedback on the learner's ``my_threshold_at_most_misses``."""
    name = "my_threshold_at_most_misses"
    early = not_a_function(2, name, fn, "(p, y, thresholds, k)")
    if early:
        return early
    used = library_call(fn, ("utils",)) or library_call(fn, LIBRARIES)
    if used:
        return wrong(2, handed_over(name, used, "count the misses (y == 1) & (p < t) for each "
                                    "t and keep the largest t with at most k."))
    args = MISSES_PROBES + fresh_misses_probes()
    calls = probe(fn, args)
    fixed = len(MISSES_PROBES)
    if looked_up(calls, fixed):
        return wrong(2, _LOOKED_UP.format(name=name, k=", k"))
    failed = first_error(calls[:3])
    if failed:
        return wrong(2, f"calling {name}(p, y, thresholds, k={failed.args[3]}) on data of "
                        f"{len(failed.args[0])} examples raised "
                        f"{type(failed.error).__name__}: {failed.error}")
    if all(call.value is None for call in calls):
        return blank(2, f"{name} returns None. Store the threshold in `t_best` between the "
                        f"markers (the last line returns it).")
    advice = _misses_value_advice(calls)
    if advice:
        return wrong(2, advice)
    answers = [_number(call.value) for call in calls]
    if first_error(calls) is None and matches(answers, args, at_most_misses_threshold,
                                              match=_same):
        return passed(2, "on six data sets, two of them drawn afresh, your threshold is the "
                         "largest with at most k misses, and None when no threshold has.")
    if not matches(answers[:3], _SOME, at_most_misses_threshold, match=_same):
        return wrong(2, _misses_wrong(answers[:3]))
    last = calls[3]
    if last.error is not None:
        return wrong(2, _NONE.format(what=f"yours raised {type(last.error).__name__}: "
                                          f"{last.error}"))
    if answers[3] is not None:
        return wrong(2, _NONE.format(what=f"yours returns {answers[3]:g}"))
    return wrong(2, _LOOKED_UP.format(name=name, k=", k"))


grader = Grader("labs/04_multiclass_and_multilabel.ipynb",
                [Exercise(1, "my_threshold", threshold_feedback, what="my_threshold"),
                 Exercise(2, "my_threshold_at_most_misses", misses_feedback,
                          what="my_threshold_at_most_misses")],
                mentions=["Choosing the threshold on validation data"])
