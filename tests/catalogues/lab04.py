"""Lab 04's catalogue (the format: tests/catalogues/__init__.py): learners' ``my_threshold``
(Exercise 1) and ``my_threshold_at_most_misses`` (Exercise 2): right ones in several styles, one
per typical mistake, library and reference answers, tables of the fixed probes' answers, wrong
types."""
import keras
import numpy as np

from catalogues import blank, right, wrong
from utils.labs.lab04.checks import (LAB_THRESHOLDS, MISSES_PROBES, PROBES,
                                     at_most_misses_threshold, best_f1_thresholds)
from utils.maths.metrics import f1_score

# --- Exercise 1: my_threshold --------------------------------------------------------------------

def reference(p, y, thresholds):
    f1 = [f1_score(y, p >= t) for t in thresholds]
    return thresholds[np.argmax(f1)]


def by_counts(p, y, thresholds):
    best_t, best_f1 = None, -1.0
    for t in thresholds:
        pred = p >= t
        tp = np.sum(pred & (y == 1))
        fp = np.sum(pred & (y == 0))
        fn = np.sum(~pred & (y == 1))
        f1 = 2 * tp / (2 * tp + fp + fn)
        if f1 > best_f1:
            best_t, best_f1 = t, f1
    return best_t


def precision_recall(p, y, thresholds):
    scores = []
    for t in thresholds:
        pred = (p >= t).astype(int)
        tp = np.sum((pred == 1) & (y == 1))
        precision = tp / max(pred.sum(), 1)
        recall = tp / y.sum()
        scores.append(0 if precision + recall == 0
                      else 2 * precision * recall / (precision + recall))
    return float(thresholds[int(np.argmax(scores))])


def last_of_ties(p, y, thresholds):
    f1 = np.array([f1_score(y, p >= t) for t in thresholds])
    return thresholds[np.flatnonzero(f1 == f1.max())[-1]]


def python_max(p, y, thresholds):
    return max(thresholds, key=lambda t: f1_score(y, p >= t))


def one_element_array(p, y, thresholds):
    f1 = np.array([f1_score(y, p >= t) for t in thresholds])
    return thresholds[f1 == f1.max()][:1]


def f1s(p, y, thresholds, strict=False):
    return np.array([f1_score(y, (p > t) if strict else (p >= t)) for t in thresholds])


FIXED_P, FIXED_Y, _ = PROBES[0]          # stands for the notebook's test set


def threshold_placeholder(p, y, thresholds):
    t_best = None
    return t_best



def boolean_labels(p, y, thresholds):
    return thresholds[np.argmax([f1_score(y == 1, p >= t) for t in thresholds])]


def sorted_in_place(p, y, thresholds):
    p.sort()                                   # mutates its input, and misaligns p and y
    return thresholds[np.argmax([f1_score(y, p >= t) for t in thresholds])]


def recall_maximiser(p, y, thresholds):
    recall = [np.sum((p >= t) & (y == 1)) / np.sum(y == 1) for t in thresholds]
    return thresholds[np.argmax(recall)]


def sklearn_inside(p, y, thresholds):
    from sklearn.metrics import f1_score as sk_f1
    return thresholds[np.argmax([sk_f1(y, p >= t) for t in thresholds])]


def keras_metric(p, y, thresholds):
    scores = [float(keras.metrics.F1Score(threshold=float(t))(y[:, None], p[:, None]))
              for t in thresholds]
    return thresholds[np.argmax(scores)]


def the_labs_reference(p, y, thresholds):
    from utils.labs.lab04.checks import best_f1_thresholds as best
    return best(p, y, thresholds)[0]


def the_reference_as_a_default(p, y, thresholds, best=best_f1_thresholds):
    return best(p, y, thresholds)[0]


def the_reference_by_importlib(p, y, thresholds):
    import importlib
    checks = importlib.import_module("utils.labs.lab04." + "checks")
    return checks.best_f1_thresholds(p, y, thresholds)[0]


_TABLE_1 = {len(p): reference(p, y, t) for p, y, t in PROBES}


def table_1(p, y, thresholds):
    return _TABLE_1[len(p)]


def table_1_default(p, y, thresholds):
    return _TABLE_1.get(len(p), 0.5)


# --- Exercise 2: my_threshold_at_most_misses -----------------------------------------------------

def misses_reference(p, y, thresholds, k):
    allowed = [t for t in thresholds if np.sum((y == 1) & (p < t)) <= k]
    t_best = max(allowed) if allowed else None
    return t_best


def misses_loop(p, y, thresholds, k):
    best = None
    for t in thresholds:
        misses = 0
        for p_i, y_i in zip(p, y):
            if y_i == 1 and p_i < t:
                misses += 1
        if misses <= k and (best is None or t > best):
            best = t
    return best


def misses_vectorised(p, y, thresholds, k):
    misses = np.sum((p[None, :] < thresholds[:, None]) & (y[None, :] == 1), axis=1)
    ok = thresholds[misses <= k]
    return ok.max() if ok.size else None


def misses_from_the_top(p, y, thresholds, k):
    for t in sorted(thresholds, reverse=True):
        if np.count_nonzero(p[y == 1] < t) <= k:
            return float(t)
    return None


def misses_default(p, y, thresholds, k):
    return max((t for t in thresholds if np.sum((p < t) & (y == 1)) <= k), default=None)


def misses_one_element(p, y, thresholds, k):
    ok = thresholds[[np.sum((p < t) & (y == 1)) <= k for t in thresholds]]
    return ok[-1:] if ok.size else None


def largest_with(count, k_of=lambda k: k):
    """A learner's rule: the largest threshold whose count(p, y, t) is at most k_of(k)."""
    def answer(p, y, thresholds, k):
        ok = [t for t in thresholds if count(p, y, t) <= k_of(k)]
        return max(ok) if ok else None
    return answer


def misses(p, y, t):
    return np.sum((y == 1) & (p < t))


def misses_max_raises(p, y, thresholds, k):
    return max(t for t in thresholds if misses(p, y, t) <= k)


def misses_largest_when_none(p, y, thresholds, k):
    ok = [t for t in thresholds if misses(p, y, t) <= k]
    return max(ok) if ok else thresholds[-1]


def misses_recall(p, y, thresholds, k):
    recall = [np.mean(p[y == 1] >= t) for t in thresholds]
    return thresholds[np.argmax(recall)]


def misses_per_label_errors(p, y, thresholds, k):
    from utils.maths.metrics import per_label_errors
    ok = [t for t in thresholds if per_label_errors(y[:, None], p[:, None], t)[1][0] <= k]
    return max(ok) if ok else None


def misses_lab_reference(p, y, thresholds, k):
    return at_most_misses_threshold(p, y, thresholds, k)


def misses_sklearn(p, y, thresholds, k):
    import sklearn.metrics
    ok = [t for t in thresholds
          if sklearn.metrics.confusion_matrix(y, p >= t)[1, 0] <= k]
    return max(ok) if ok else None


_TABLE_2 = {(len(p), k): misses_reference(p, y, t, k) for p, y, t, k in MISSES_PROBES}


def misses_table(p, y, thresholds, k):
    return _TABLE_2[len(p), k]


def misses_table_default(p, y, thresholds, k):
    return _TABLE_2.get((len(p), k), 0.5)


def misses_placeholder(p, y, thresholds, k):
    t_best = None
    return t_best

ANSWERS = [
    # --- Exercise 1: my_threshold
    right(1, "reference", reference),
    right(1, "counts", by_counts),
    right(1, "precision and recall", precision_recall),
    right(1, "last of ties", last_of_ties),
    right(1, "python max", python_max),
    right(1, "one-element array", one_element_array),
    right(1, "boolean labels in f1_score", boolean_labels),
    wrong(1, "index",
          lambda p, y, t: int(np.argmax(f1s(p, y, t))),
          "position of the best threshold"),
    wrong(1, "numpy index",
          lambda p, y, t: np.argmax(f1s(p, y, t)),
          "position of the best threshold"),
    wrong(1, "best F1", lambda p, y, t: f1s(p, y, t).max(), "best F1 itself"),
    wrong(1, "argmin", lambda p, y, t: t[np.argmin(f1s(p, y, t))], "LOWEST F1"),
    wrong(1, "strict", lambda p, y, t: t[np.argmax(f1s(p, y, t, strict=True))], "p > t"),
    wrong(1, "accuracy",
          lambda p, y, t: t[np.argmax([np.mean((p >= s) == (y == 1)) for s in t])],
          "best accuracy"),
    wrong(1, "test set",
          lambda p, y, t: reference(FIXED_P, FIXED_Y, LAB_THRESHOLDS),
          "whatever validation data it is given.*test set"),
    wrong(1, "fixed 0.5", lambda p, y, t: 0.5, "returns 0.5 whatever validation data"),
    wrong(1, "all F1s", lambda p, y, t: f1s(p, y, t), "one per threshold"),
    wrong(1, "a list of ties",
          lambda p, y, t: list(t[f1s(p, y, t) >= f1s(p, y, t).max() - 0.05]),
          "must return one threshold"),
    wrong(1, "a string", lambda p, y, t: "0.5", "must return one threshold .*got str"),
    wrong(1, "precision",
          lambda p, y, t: t[np.argmax([np.sum((p >= s) & (y == 1)) / max(np.sum(p >= s), 1)
                                       for s in t])],
          r"your threshold 0\.\d+ gives F1 0\.\d{4}, but 0\.\d+ gives 0\.\d{4}"),
    wrong(1, "not on the grid",
          lambda p, y, t: reference(p, y, t) + 0.01,
          "not one of the thresholds"),
    wrong(1, "raises",
          lambda p, y, t: f1_scor(y, p),  # noqa: F821
          "raised NameError: name 'f1_scor' is not defined"),
    wrong(1, "not a function", 0.5, "must be a function .*got a float"),
    blank(1, "placeholder", threshold_placeholder, "returns None"),
    wrong(1, "the F1 of the no class", lambda p, y, thresholds: thresholds[np.argmax(
        [f1_score(1 - y, (p < t).astype(int)) for t in thresholds])],
          "best accuracy, or by another score .*the F1 of the \"no\" class"),
    wrong(1, "recall maximiser", recall_maximiser, "highest recall .*smallest threshold, here 0.05"),
    wrong(1, "sorts p in place", sorted_in_place, "your threshold .* gives F1"),
    wrong(1, "sklearn imported inside", sklearn_inside, "calls `sklearn.metrics` \\(a library\\)"),
    wrong(1, "keras F1Score", keras_metric, "calls `keras` \\(a library\\)"),
    wrong(1, "the lab's reference", the_labs_reference,
          "calls `best_f1_thresholds` \\(the course's own reference\\)"),
    wrong(1, "the lab's reference as a default argument", the_reference_as_a_default,
          "calls `utils.labs.lab04.checks.best_f1_thresholds` \\(the course's own reference\\)"),
    wrong(1, "the lab's reference by importlib", the_reference_by_importlib,
          "looks up what it calls while it runs \\(`import importlib`\\)"),
    wrong(1, "a table of the fixed answers", table_1, "four fixed data sets but not on the two"),
    wrong(1, "a table with a default", table_1_default, "four fixed data sets but not on the two"),
    # --- Exercise 2: my_threshold_at_most_misses
    right(2, "reference", misses_reference),
    right(2, "two loops", misses_loop),
    right(2, "vectorised", misses_vectorised),
    right(2, "from the top", misses_from_the_top),
    right(2, "max with default", misses_default),
    right(2, "one-element array", misses_one_element),
    wrong(2, "false alarms counted",
          largest_with(lambda p, y, t: np.sum((y == 0) & (p >= t))), "count the false alarms"),
    wrong(2, "p <= t", largest_with(lambda p, y, t: np.sum((y == 1) & (p <= t))), r"p <= t"),
    wrong(2, "< k", largest_with(misses, lambda k: k - 1), "FEWER than k"),
    wrong(2, "smallest", lambda p, y, t, k: min(s for s in t if misses(p, y, s) <= k),
          "smallest threshold: the one with the fewest misses"),
    wrong(2, "recall maximiser", misses_recall, "highest recall"),
    wrong(2, "always the largest", lambda p, y, t, k: t[-1], "largest threshold whatever"),
    wrong(2, "misses > k", largest_with(lambda p, y, t: -misses(p, y, t), lambda k: -k - 1),
          "largest threshold whatever"),
    wrong(2, "the count", lambda p, y, t, k: misses(p, y, misses_reference(p, y, t, k)),
          "number of misses at the threshold"),
    wrong(2, "the index",
          lambda p, y, t, k: int(np.flatnonzero(t == misses_reference(p, y, t, k))[0]),
          "position of the threshold"),
    wrong(2, "k ignored (10)", lambda p, y, t, k: misses_reference(p, y, t, 10),
          "same answers as k = 10, whatever k"),
    wrong(2, "k ignored (0)", lambda p, y, t, k: misses_reference(p, y, t, 0),
          "same answers as k = 0, whatever k"),
    wrong(2, "max() raises when none qualifies", misses_max_raises,
          "must return None; yours raised ValueError"),
    wrong(2, "the largest when none qualifies", misses_largest_when_none,
          "must return None; yours returns 0.95"),
    wrong(2, "per_label_errors", misses_per_label_errors,
          "calls `utils.maths.metrics` \\(the course's own reference\\)"),
    wrong(2, "the lab's reference", misses_lab_reference,
          "calls `at_most_misses_threshold`"),
    wrong(2, "sklearn", misses_sklearn, "calls `sklearn.metrics` \\(a library\\)"),
    wrong(2, "a table of the fixed answers", misses_table, "four fixed data sets but not"),
    wrong(2, "a table with a default", misses_table_default, "four fixed data sets but not"),
    wrong(2, "a list", lambda p, y, t, k: [s for s in t if misses(p, y, s) <= k],
          "must return one threshold \\(a number\\) or None, got list"),
    wrong(2, "a string", lambda p, y, t, k: "0.5", "got str"),
    wrong(2, "raises", lambda p, y, t, k: np.sum(p < t), "raised ValueError"),
    wrong(2, "not a function", 0.4, "must be a function .*got a float"),
    blank(2, "placeholder", misses_placeholder, "returns None"),
]
