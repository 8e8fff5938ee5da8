"""Lab 04's Exercise 2, ``my_threshold_at_most_misses(p, y, thresholds, k)``: the largest
``t`` of ``thresholds`` whose misses (``y == 1`` and ``p < t``) number at most ``k``; None when
none does. Mistakes: :data:`MISSES_MISTAKES`, then ``k`` ignored and a crash when none
qualifies. ``utils.labs.lab04.checks`` holds the grader."""
from __future__ import annotations

import numbers

import numpy as np

from utils.grading.blocks import (Mistake, first_error, first_mistake, fresh_rng, library_call,
                                  looked_up, matches, not_a_function, probe)
from utils.grading.core import Feedback, blank, passed, wrong
from utils.labs.lab04.thresholds import (_LOOKED_UP, LAB_THRESHOLDS, LIBRARIES,
                                         OTHER_THRESHOLDS, _is_number, _number, _probe,
                                         _within, handed_over)

__all__ = ["MISSES_PROBES", "MISSES_MISTAKES", "fresh_misses_probes", "at_most_misses_threshold",
           "misses_feedback"]


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
