"""Lab 07's exercise checks (utils.labs.lab07.checks) against its catalogue of right and wrong
learner answers (tests/catalogues/lab07.py): every right answer passes, every wrong one gets the
message that names its mistake (kernel flipped, off-by-one window count, padding forgotten, ...);
the cases the checks try, and the grader in a notebook."""

import inspect
import math

import numpy as np
import pytest

from catalogues import assert_verdict, catalogue, value_of
from catalogues.lab07 import conv_right, length_right, slide
from utils.grading import ExerciseNotReady
from utils.labs.lab07.checks import CONV_CASES, LENGTH_CASES, grader
from utils.notebook import LABS_DIR, answer_region, cell_source, exercise_cells, read

LAB = LABS_DIR / "07_convolutional_layers.ipynb"


@pytest.mark.parametrize("answer", catalogue("lab07"), ids=str)
def test_catalogue_answers_get_their_status_and_message(answer):
    assert_verdict(answer, grader.feedback(answer.exercise, value_of(answer)))


def test_exercise_1_cases_cover_both_paddings_and_strides_that_do_not_divide():
    assert {c[3] for c in LENGTH_CASES} == {"valid", "same"}
    assert any((n - k) % s for n, k, s, p in LENGTH_CASES if p == "valid")
    assert any(n % s for n, k, s, p in LENGTH_CASES if p == "same")


def test_no_fixed_answer_is_right_on_all_three_fresh_lengths():
    """A table of the fixed lengths with a default (any constant) fails at every seed: the
    three settings drawn afresh have three different lengths."""
    from utils.grading.blocks import set_fresh_seed
    from utils.labs.lab07.checks import fresh_length_cases
    from utils.labs.lab07.convolution import output_length
    for seed in range(200):
        set_fresh_seed(seed)
        assert len({output_length(*case) for case in fresh_length_cases()}) == 3
    set_fresh_seed(None)


def test_exercise_2_cases_include_lopsided_same_padding():
    from utils.labs.lab07.checks import _X
    from utils.labs.lab07.convolution import same_padding
    lopsided = [c for c in CONV_CASES if c[2] == "same" and
                len(set(same_padding(len(_X), c[0], c[1]))) == 2]
    assert any(s == 1 for _, s, _ in lopsided) and any(s > 1 for _, s, _ in lopsided)


def _cell(nb, text: str) -> str:
    """The source of the first cell of ``nb`` that holds ``text``."""
    return next(cell_source(c) for c in nb["cells"] if text in cell_source(c))


def _body(source: str) -> str:
    """A function's lines after its ``def`` line."""
    return source.split("\n\n\n")[0].split("\n", 1)[1].rstrip()


def test_the_notebooks_own_slide_strided_afterwards_passes_exercise_2():
    """Section 2's ``slide``, run from its notebook cell in a kernel-like namespace, is a
    building block, not the answer: padded by section 3's rule and strided afterwards, it
    passes; the catalogue's ``slide`` is the notebook's."""
    cell = _cell(read(LAB), "def slide(")
    kernel = {"__name__": "__main__", "np": np, "math": math}
    exec(cell.split("\n\n\n")[0], kernel)
    exec("def my_conv1d(x, w, stride=1, padding='valid'):\n"
         "    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)\n"
         "    if padding == 'same':\n"
         "        total = max((math.ceil(len(x) / stride) - 1) * stride + len(w) - len(x), 0)\n"
         "        x = np.pad(x, (total // 2, total - total // 2))\n"
         "    return slide(x, w)[::stride]\n", kernel)
    feedback = grader.feedback(2, kernel["my_conv1d"])
    assert feedback.status == "passed", feedback.message
    assert _body(cell) == _body(inspect.getsource(slide))


def test_the_rules_the_messages_quote_are_in_the_notebook():
    """Exercise 2's "padding forgotten" points at section 3's rule (max(...) zeros, the odd one
    after x); Exercise 1's hints suggest math.ceil, which the check accepts."""
    nb = read(LAB)
    assert "## 3. Stride, padding and the output length" in _cell(nb, "## 3. ")
    assert r"\max\big((n_\text{out} - 1)s + k - n,\ 0\big)" in _cell(nb, "How many zeros")
    assert "an odd extra zero goes at the\nend" in _cell(nb, "Keras puts 3 of the 7 zeros")
    assert "math.ceil" in _cell(nb, "### Exercise 1")
    assert "Section 2's\n`slide`" in _cell(nb, "### Exercise 2")


# --- the grader in a notebook ---------------------------------------------------------------

def test_grader_reads_the_notebook_variable_and_require_stops(capsys):
    global my_output_length, my_conv1d
    my_output_length, my_conv1d = length_right, None
    grader.check(1)
    assert capsys.readouterr().out.startswith("Exercise 1 passed")
    with pytest.raises(ExerciseNotReady, match=r"(?s)Exercise 2 \(my_conv1d\).*my_conv1d is None"):
        grader.require(2)
    my_conv1d = conv_right
    grader.require(2)
    del my_output_length, my_conv1d
    assert grader.feedback(1).message.startswith("Exercise 1 is not implemented yet: there is "
                                                 "no `my_output_length`")


def test_the_lab_has_the_headings_the_grader_names_and_marks_its_exercises():
    assert grader.missing_headings(LAB) == set()
    nb = read(LAB)
    assert nb["metadata"]["nn_labs"] == {"graded": True}
    exercises = {n: cell_source(nb["cells"][i]) for n, i in exercise_cells(nb).items()}
    assert sorted(exercises) == [1, 2]
    for source in exercises.values():
        assert answer_region(source) is not None, "one START line, then one END line"
