"""Lab 04's exercise checks against its catalogue (tests/catalogues/lab04.py): every right
answer passes, every wrong one gets the message that names its mistake, nothing crashes; the
probes tell every mistake from the right answer and from each other; fresh probes change with
the seed; and the grader in a notebook."""
import numpy as np
import pytest

from catalogues import assert_verdict, catalogue
from catalogues.lab04 import f1s, misses_reference, reference
from utils.labs.lab04.checks import best_f1_thresholds as reference_set
from utils.grading.blocks import set_fresh_seed
from utils.labs.lab04.checks import (LAB_THRESHOLDS, MISSES_MISTAKES, MISSES_PROBES, PROBES,
                                     at_most_misses_threshold, fresh_misses_probes, fresh_probes,
                                     grader, misses_feedback)


@pytest.mark.parametrize("answer", catalogue("lab04"), ids=str)
def test_catalogue_answers_get_their_status_and_message(answer):
    from catalogues import value_of
    assert_verdict(answer, grader.feedback(answer.exercise, value_of(answer)))


def test_the_probes_tell_every_mistake_from_the_right_answer():
    """Exercise 1: the three probes on the lab's grid have different single best thresholds.
    Exercise 2: every named mistake differs from the rule, and from every earlier mistake, on
    one of the three probes where a threshold qualifies; on the fourth none does."""
    best = [set(np.round(t[np.isclose(f1s(p, y, t), f1s(p, y, t).max())], 2)) for p, y, t in PROBES]
    on_lab_grid = [b for b, (_, _, t) in zip(best, PROBES) if t is LAB_THRESHOLDS]
    assert len(on_lab_grid) == 3 and all(len(b) == 1 for b in on_lab_grid)
    assert len(set.union(*on_lab_grid)) == 3
    some = MISSES_PROBES[:3]
    outputs = [[at_most_misses_threshold(*q) for q in some]]
    for mistake in MISSES_MISTAKES:
        mine = [mistake.output(*q) for q in some]
        assert all(mine != other for other in outputs), mistake.name
        outputs.append(mine)
    assert at_most_misses_threshold(*MISSES_PROBES[3]) is None


def test_the_fresh_probes_change_with_the_seed_and_a_threshold_qualifies():
    set_fresh_seed(1)
    first, first_2 = fresh_probes(), fresh_misses_probes()
    set_fresh_seed(2)
    second, second_2 = fresh_probes(), fresh_misses_probes()
    set_fresh_seed(None)
    assert len(first[0][0]) != len(second[0][0]) or not np.array_equal(first[0][0], second[0][0])
    assert not all(np.array_equal(a[0], b[0]) for a, b in zip(first_2, second_2))
    for p, y, t, k in first_2 + second_2:
        assert at_most_misses_threshold(p, y, t, k) == misses_reference(p, y, t, k) is not None


def test_no_fixed_answer_is_right_on_both_fresh_probes():
    """A table of the fixed answers with a default (any constant) must fail whatever the seed:
    the two fresh probes of Exercise 1 share no best threshold, those of Exercise 2 have
    different answers, and no fresh probe has a fixed probe's size (a table keyed by the size
    with a default of 0.5 passed 8 and 4 times in 300 seeds before)."""
    fixed_1, fixed_2 = ({len(args[0]) for args in probes} for probes in (PROBES, MISSES_PROBES))
    for seed in range(200):
        set_fresh_seed(seed)
        (a, b), (c, d) = fresh_probes(), fresh_misses_probes()
        assert not {len(a[0]), len(b[0])} & fixed_1 and not {len(c[0]), len(d[0])} & fixed_2
        assert not set(np.round(reference_set(*a), 6)) & set(np.round(reference_set(*b), 6))
        assert misses_reference(*c) != misses_reference(*d)
    set_fresh_seed(None)


def test_the_reference_validates_its_arguments():
    p, y, t, _ = MISSES_PROBES[0]
    with pytest.raises(ValueError, match=r"k must be a whole number >= 0, got -1"):
        at_most_misses_threshold(p, y, t, -1)
    with pytest.raises(ValueError, match=r"p and y must have the same length, got 120 and 3"):
        at_most_misses_threshold(p, y[:3], t, 1)
    with pytest.raises(ValueError, match=r"thresholds must hold at least one"):
        at_most_misses_threshold(p, y, [], 1)
    assert at_most_misses_threshold([0.5], [1], [0.5], 0) == 0.5     # p == t is a "yes"


def test_every_verdict_is_the_same_whatever_the_fresh_seed():
    for seed in (3, 4, 5):
        set_fresh_seed(seed)
        assert misses_feedback(misses_reference).passed
        assert grader.feedback(1, reference).passed
    set_fresh_seed(None)


def test_the_grader_reads_the_notebook_variables(capsys, monkeypatch):
    grader.check(1)
    assert "there is no `my_threshold` in this notebook yet" in capsys.readouterr().out
    monkeypatch.setitem(globals(), "my_threshold", reference)
    grader.check(1)
    assert capsys.readouterr().out.startswith("Exercise 1 passed")
    monkeypatch.setitem(globals(), "my_threshold_at_most_misses", misses_reference)
    assert grader.feedback(2).passed
    assert not grader.missing_headings()
