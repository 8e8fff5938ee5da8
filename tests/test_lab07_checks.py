"""Lab 07's exercise checks (utils.labs.lab07.checks) against its catalogue of right and wrong
learner answers (tests/catalogues/lab07.py): every right answer passes, every wrong one gets the
message that names its mistake (kernel flipped, off-by-one window count, padding forgotten, ...);
the cases the checks try, and the grader in a notebook."""

import pytest

from catalogues import assert_verdict, catalogue, value_of
from catalogues.lab07 import conv_right, length_right
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


def test_exercise_2_cases_include_lopsided_same_padding():
    from utils.labs.lab07.checks import _X
    from utils.labs.lab07.convolution import same_padding
    lopsided = [c for c in CONV_CASES if c[2] == "same" and
                len(set(same_padding(len(_X), c[0], c[1]))) == 2]
    assert any(s == 1 for _, s, _ in lopsided) and any(s > 1 for _, s, _ in lopsided)


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
