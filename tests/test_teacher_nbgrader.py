"""utils/teacher/nbgrader.py: the graded labs as nbgrader 0.9 assignments.

The unit tests check the source notebooks without nbgrader. ``TestRoundTrip`` (slow) installs
requirements-teacher.txt into its own environment, ``.venv-teacher/`` (reused while the
requirement files are unchanged), then runs nbgrader itself on lab 08: ``generate_assignment``
must give the project's learner version back (plus the test cells), and ``autograde`` must give
a solved copy full marks and a blank copy zero. If nbgrader cannot be installed the round trip
is skipped with the reason, except in CI (CI=true), where that is a failure.
"""
import copy
import json
import os
import shutil
import subprocess

import pytest

from utils.teacher import nbgrader as ng
from utils.notebook import (EXERCISE_END, EXERCISE_START, ROOT, answer_region, cell_source,
                            exercise_cells, marker_region, read)
from utils.teacher.learner import make_learner

LAB = ROOT / "labs" / "08_derivatives.ipynb"
REFERENCE = read(LAB)
LEARNER = make_learner(REFERENCE, "labs/learner/08_derivatives.ipynb")
NBGRADER_VERSION = "0.9.6"


def _is_test(cell):
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "").startswith("test_")


def test_assignment_name():
    assert ng.assignment_name(LAB) == "lab08"
    assert ng.assignment_name("labs/05_practice_lab_digits.ipynb") == "lab05"


def test_meta_is_nbgrader_schema_3():
    assert ng._meta("x", solution=True, grade=False, locked=False) == {
        "grade": False, "grade_id": "x", "locked": False, "schema_version": 3,
        "solution": True, "task": False}
    assert ng._meta("t", solution=False, grade=True, locked=True, points=2)["points"] == 2


def test_solution_cell_wraps_the_answer_inside_the_markers():
    learner = ("def f():\n    ### START CODE HERE ###\n    k = None\n    ### END CODE HERE ###\n"
               "    return k")
    got = ng.solution_cell(learner, "    k = 1\n    k += 1", 1)
    assert got == ("def f():\n    ### START CODE HERE ###\n    ### BEGIN SOLUTION\n    k = 1\n"
                   "    k += 1\n    ### END SOLUTION\n    ### END CODE HERE ###\n    return k")
    with pytest.raises(ValueError, match="exercise 3 must hold exactly one"):
        ng.solution_cell("k = None", "k = 1", 3)


def test_test_cell_asserts_the_projects_check():
    cell = ng.test_cell("utils.labs.lab08.checks", 2)
    compile(cell["source"], "test cell", "exec")
    assert "assert _feedback.passed, _feedback.message" in cell["source"]
    assert "_grader.feedback(2)" in cell["source"]
    assert "set_fresh_seed(_secrets.randbits(63))" in cell["source"]
    assert cell["metadata"]["nbgrader"] == {"grade": True, "grade_id": "test_exercise_2",
                                            "locked": True, "points": 1, "schema_version": 3,
                                            "solution": False, "task": False}


def test_test_cell_imports_the_check_afresh_and_ignores_a_patched_copy(monkeypatch):
    """A learner's kernel that patched the loaded check module (the lab's grader passing
    everything) does not pass the test cell: it drops every utils module and imports anew."""
    import sys
    from utils.labs.lab08 import checks
    from utils.grading.core import passed
    saved = {k: v for k, v in sys.modules.items() if k == "utils" or k.startswith("utils.")}
    namespace = {"__name__": "__main__", "_ih": [""],
                 "my_central_difference": lambda f, w, eps: 0.0}
    monkeypatch.setattr(checks.grader, "feedback", lambda n: passed(n, "forged"))
    try:
        with pytest.raises(AssertionError, match="needs another look"):
            exec(ng.test_cell("utils.labs.lab08.checks", 1)["source"], namespace)
        namespace["my_central_difference"] = lambda f, w, eps: (f(w + eps) - f(w - eps)) / (2 * eps)
        exec(ng.test_cell("utils.labs.lab08.checks", 1)["source"], namespace)
    finally:
        for name in [k for k in sys.modules if k == "utils" or k.startswith("utils.")]:
            del sys.modules[name]
        sys.modules.update(saved)


def test_check_cell_after():
    code = lambda s: {"cell_type": "code", "source": s}       # noqa: E731
    md = {"cell_type": "markdown", "source": "check"}
    assert ng.check_cell_after([code("ex"), md, code("grader.check(1)")], 0) == 3
    assert ng.check_cell_after([code("ex"), code("print(1)")], 0) == 1
    assert ng.check_cell_after([code("ex")], 0) == 1


def test_source_notebook_of_lab08():
    nb = ng.source_notebook(LAB)
    tests = [i for i, c in enumerate(nb["cells"]) if _is_test(c)]
    assert len(tests) == len(exercise_cells(REFERENCE)) == 1
    (n, i), = exercise_cells(REFERENCE).items()
    cell = nb["cells"][i]
    assert cell["metadata"]["nbgrader"]["solution"] and cell["metadata"]["nbgrader"][
        "grade_id"] == "exercise_1"
    assert cell["metadata"]["nn_labs"] == {"placeholder": "k = None"}
    src = cell["source"]
    assert src.index(EXERCISE_START) < src.index(ng.BEGIN) < src.index("(2 * eps)") \
        < src.index(ng.FINISH) < src.index(EXERCISE_END)
    assert "grader.check(1)" in cell_source(nb["cells"][tests[0] - 1])
    others = [c for c in nb["cells"] if not _is_test(c)]
    assert len(others) == len(LEARNER["cells"])
    for mine, learner in zip(others, LEARNER["cells"]):
        if mine is not cell:
            assert cell_source(mine) == cell_source(learner)


def test_export_writes_config_assignments_and_support(tmp_path, capsys):
    assert ng.main([str(tmp_path / "course"), str(LAB)]) == 0
    course = tmp_path / "course"
    compile((course / "nbgrader_config.py").read_text(), "nbgrader_config.py", "exec")
    folder = course / "source" / "lab08"
    assert (folder / LAB.name).is_file()
    assert (folder / "utils" / "lab_setup.py").is_file() and (folder / "data").is_dir()
    assert not list(folder.rglob("__pycache__"))
    assert "wrote" in capsys.readouterr().out
    paths = ng.export(tmp_path / "all")
    assert len(paths) == len(list((tmp_path / "all" / "source").iterdir())) >= 1
    assert ng.write_config(tmp_path).name == "nbgrader_config.py"


def test_teacher_stamp_and_environment_without_installing(tmp_path, capsys):
    assert len(ng.teacher_stamp()) == 64 and ng.teacher_stamp() == ng.teacher_stamp(ROOT)
    with pytest.raises(RuntimeError, match="python3 -m utils nbgrader --teacher-env"):
        ng.teacher_environment(install=False, venv=tmp_path / "venv")
    python = tmp_path / "venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text("")
    (tmp_path / "venv" / "requirements-teacher.sha256").write_text("old\n")
    with pytest.raises(RuntimeError, match="older than requirements-teacher.txt"):
        ng.teacher_environment(install=False, venv=tmp_path / "venv")
    (tmp_path / "venv" / "requirements-teacher.sha256").write_text(ng.teacher_stamp() + "\n")
    assert ng.teacher_environment(install=False, venv=tmp_path / "venv") == python
    with pytest.raises(SystemExit):
        ng.main([])


def test_requirements_teacher_pins_nbgrader_apart_from_requirements():
    teacher = (ROOT / "requirements-teacher.txt").read_text().splitlines()
    assert "-r requirements.txt" in teacher and f"nbgrader=={NBGRADER_VERSION}" in teacher
    assert "nbgrader" not in (ROOT / "requirements.txt").read_text().lower()


# --- the round trip through nbgrader itself (slow) ------------------------------------------

@pytest.fixture(scope="module")
def teacher_python():
    """.venv-teacher's python. The tests run offline (python3 -m utils test), so there it must
    exist already (.ci/run makes it with python3 -m utils nbgrader --teacher-env); with the
    network, the fixture installs it."""
    offline = os.environ.get("NN_LABS_OFFLINE") == "1"
    try:
        python = ng.teacher_environment(install=not offline)
        version = subprocess.run(
            [str(python), "-c", "import nbgrader; print(nbgrader.__version__)"],
            check=True, capture_output=True, text=True).stdout.strip()
    except (RuntimeError, subprocess.SubprocessError, OSError) as exc:
        message = f"nbgrader is not installed from requirements-teacher.txt: {exc}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    assert version == NBGRADER_VERSION
    return python


def _nbgrader(python, course, *args, timeout=1800):
    """Run the nbgrader command of the teacher's environment (its bin/ first on PATH: nbgrader
    calls alembic from there) in the course directory."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env["PATH"] = os.pathsep.join([str(python.parent), env.get("PATH", "")])
    done = subprocess.run([str(python.parent / "nbgrader"), *args], cwd=course, env=env,
                          capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done


def _solved(release: dict) -> dict:
    """The release notebook with the reference's answers between the markers."""
    nb = copy.deepcopy(release)
    for n, i in exercise_cells(REFERENCE).items():
        answer = answer_region(cell_source(REFERENCE["cells"][i]))
        cell = next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get(
            "grade_id") == f"exercise_{n}")
        lines = cell_source(cell).split("\n")
        s, e, _ = marker_region(lines, n)
        cell["source"] = "\n".join(lines[: s + 1] + answer.split("\n") + lines[e:])
    return nb


@pytest.mark.slow
@pytest.mark.teacher
@pytest.mark.xdist_group("nbgrader")      # one worker: the fixture installs once
class TestRoundTrip:

    @pytest.fixture(scope="class")
    def course(self, teacher_python, tmp_path_factory):
        course = tmp_path_factory.mktemp("course")
        ng.export(course, [LAB])
        _nbgrader(teacher_python, course, "generate_assignment", "lab08", "--force")
        return course

    def test_release_is_the_learner_version_plus_test_cells(self, course):
        release = read(course / "release" / "lab08" / LAB.name)
        tests = [c for c in release["cells"] if _is_test(c)]
        others = [c for c in release["cells"] if not _is_test(c)]
        assert len(tests) == 1 and tests[0]["metadata"]["nbgrader"]["locked"]
        assert tests[0]["metadata"]["nbgrader"]["points"] == 1
        assert [(c["cell_type"], cell_source(c)) for c in others] == [
            (c["cell_type"], cell_source(c)) for c in LEARNER["cells"]]
        for c in others:
            assert "nn_labs" not in c["metadata"]
            assert not c.get("outputs")
            assert ng.BEGIN not in cell_source(c) and "NotImplementedError" not in cell_source(c)
        assert (course / "release" / "lab08" / "utils" / "lab_setup.py").is_file()

    def test_autograde_gives_full_marks_to_solved_and_zero_to_blank(self, course,
                                                                    teacher_python):
        release = read(course / "release" / "lab08" / LAB.name)
        for student, nb in (("solved", _solved(release)), ("blank", release)):
            folder = course / "submitted" / student / "lab08"
            folder.mkdir(parents=True)
            (folder / LAB.name).write_text(json.dumps(nb, indent=1))
        _nbgrader(teacher_python, course, "autograde", "lab08", "--force")
        script = ("import json; from nbgrader.api import Gradebook\n"
                  "with Gradebook('sqlite:///gradebook.db') as gb:\n"
                  "    print(json.dumps({s: [gb.find_submission('lab08', s).score,"
                  " gb.find_submission('lab08', s).max_score] for s in ('solved', 'blank')}))")
        done = subprocess.run([str(teacher_python), "-c", script], cwd=course,
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-3000:]
        scores = json.loads(done.stdout.strip().splitlines()[-1])
        assert scores == {"solved": [1.0, 1.0], "blank": [0.0, 1.0]}, scores
        shutil.rmtree(course / "autograded", ignore_errors=True)
