"""The graded labs as nbgrader 0.9 assignments: ``python3 -m utils nbgrader OUT_DIR``.

OUT_DIR becomes an nbgrader course directory:

    OUT_DIR/nbgrader_config.py
    OUT_DIR/source/labNN/NN_name.ipynb     one assignment per graded lab
    OUT_DIR/source/labNN/utils/ data/ images/   what the lab imports and loads

Each source notebook is the lab's learner version (``utils.teacher.learner.make_learner``) with
the reference's answers put back between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` inside
the project's ``### START CODE HERE ###`` markers; the exercise cell is an nbgrader solution
cell (``grade_id`` ``exercise_N``), and after its check cell comes a locked autograder test cell
(``test_exercise_N``, 1 point) asserting that the project's own check passes, imported afresh
with a fresh seed for its fresh probes (:data:`TEST_CELL`). The config swaps
nbgrader's ClearSolutions for a subclass that writes each exercise's own placeholder (kept in
the cell's ``nn_labs.placeholder`` metadata) instead of ``raise NotImplementedError()``, so
``nbgrader generate_assignment`` gives back the project's learner version, plus the test cells.

The assignment folder carries ``utils/``, ``data/`` and ``images/``: the setup cell finds them
above the notebook wherever nbgrader puts it (release, submitted, autograded), and
``nbgrader autograde`` overwrites a learner's copies of them with the source's.
nbgrader itself is in ``requirements-teacher.txt``, not in the learners' requirements.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import pathlib
import shutil
import subprocess
import sys

from utils.notebook import (ROOT, answer_region, cell_source, exercise_cells, graded_labs,
                            marker_region, placeholder, read)
from utils.teacher.learner import make_learner

__all__ = ["SCHEMA_VERSION", "SUPPORT", "CONFIG", "TEACHER_VENV", "TEST_CELL",
           "assignment_name", "solution_cell", "test_cell", "check_cell_after", "source_notebook",
           "write_assignment", "write_config", "export", "teacher_stamp", "teacher_environment",
           "main"]

SCHEMA_VERSION = 3                       # nbgrader 0.9's cell metadata schema
TEACHER_VENV = ROOT / ".venv-teacher"     # requirements-teacher.txt, apart from the learners' .venv
SUPPORT = ("utils", "data", "images")    # copied next to every assignment's notebook
BEGIN, FINISH = "### BEGIN SOLUTION", "### END SOLUTION"

CONFIG = '''\
# nbgrader configuration of the exported labs (written by `python3 -m utils nbgrader`).
c = get_config()  # noqa: F821 -- nbgrader defines it
c.CourseDirectory.course_id = "nn-training-labs"
c.Execute.timeout = 600            # seconds per cell: the setup cell imports TensorFlow
c.Execute.allow_errors = True      # a cell needing an unfinished exercise stops; grading goes on

from nbgrader.converters import GenerateAssignment
from nbgrader.preprocessors import ClearSolutions


class ClearSolutionsToPlaceholders(ClearSolutions):
    """ClearSolutions whose stub is the exercise's own placeholder (cell metadata
    nn_labs.placeholder), as in the project's learner versions; that metadata is then dropped."""

    def preprocess_cell(self, cell, resources, cell_index):
        placeholder = cell.metadata.get("nn_labs", {}).get("placeholder")
        if placeholder is None:
            return super().preprocess_cell(cell, resources, cell_index)
        saved, stub = self.code_stub, placeholder.strip("\\n")
        self.code_stub = dict(saved, python=stub) if isinstance(saved, dict) else stub
        try:
            cell, resources = super().preprocess_cell(cell, resources, cell_index)
        finally:
            self.code_stub = saved
        cell.metadata.pop("nn_labs", None)
        return cell, resources


c.GenerateAssignment.preprocessors = [
    ClearSolutionsToPlaceholders if p is ClearSolutions else p
    for p in GenerateAssignment.class_traits()["preprocessors"].default()]
'''


def assignment_name(reference: pathlib.Path) -> str:
    """The nbgrader assignment of a lab: ``lab`` and its number (``labs/08_x.ipynb``: lab08)."""
    return "lab" + pathlib.Path(reference).name.split("_", 1)[0]


def _meta(grade_id: str, *, solution: bool, grade: bool, locked: bool, points=None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked,
            "schema_version": SCHEMA_VERSION, "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return meta


def solution_cell(learner_source: str, answer: str, n: int) -> str:
    """The exercise cell of the source notebook: the learner cell's placeholder (between the
    START and END lines) replaced by ``answer`` inside nbgrader's solution markers."""
    lines = learner_source.split("\n")
    s, e, indent = marker_region(lines, n)
    return "\n".join(lines[: s + 1] + [indent + BEGIN] + answer.split("\n") + [indent + FINISH]
                     + lines[e:])


TEST_CELL = """\
# Autograder test of Exercise {n} (nbgrader, {points} point{s}): the lab's own check must pass,
# imported afresh (not the copy the notebook loaded) and on inputs drawn afresh for this run.
import importlib as _importlib, pathlib as _pathlib, secrets as _secrets, sys as _sys
_old = getattr(_sys.modules.get({module!r}), "grader", None)
for _name in [_m for _m in _sys.modules if _m == "utils" or _m.startswith("utils.")]:
    del _sys.modules[_name]
_here = _pathlib.Path.cwd().resolve()
_root = next(p for p in [_here, *_here.parents] if (p / "utils" / "lab_setup.py").is_file())
_sys.path.insert(0, str(_root))
_importlib.import_module("utils.grading.blocks").set_fresh_seed(_secrets.randbits(63))
_grader = _importlib.import_module({module!r}).grader
assert _pathlib.Path(_sys.modules["utils"].__file__).resolve().parent == _root / "utils"
_grader._errors.update({{k: v for k, v in getattr(_old, "_errors", {{}}).items()
                        if getattr(v, "status", None) in ("blank", "wrong")}})
_feedback = _grader.feedback({n})
assert _feedback.passed, _feedback.message"""


def test_cell(module: str, n: int, points: int = 1) -> dict:
    """The locked autograder test cell of exercise ``n``: the project's check must pass, from
    its module imported afresh (every ``utils`` module the notebook loaded dropped first, the
    repository's own ``utils`` first on the path) with a fresh seed for its fresh probes; an
    error ``grader.errors(n)`` recorded in the exercise cell still counts (it only lowers)."""
    source = TEST_CELL.format(n=n, points=points, s="" if points == 1 else "s", module=module)
    return {"cell_type": "code", "execution_count": None, "outputs": [], "source": source,
            "metadata": {"nbgrader": _meta(f"test_exercise_{n}", solution=False, grade=True,
                                           locked=True, points=points)}}


def check_cell_after(cells: list, index: int) -> int:
    """Where exercise ``index``'s test cell goes: after its check cell (the next code cell,
    when it calls a check), else right after the exercise cell."""
    following = next((i for i in range(index + 1, len(cells))
                      if cells[i]["cell_type"] == "code"), None)
    if following is not None and "check" in cell_source(cells[following]):
        return following + 1
    return index + 1


def source_notebook(reference_path) -> dict:
    """The nbgrader source notebook (a JSON dict) of a graded reference notebook."""
    reference_path = pathlib.Path(reference_path).resolve()
    ref = read(reference_path)
    nb = make_learner(ref, f"labs/learner/{reference_path.name}")
    module = f"utils.labs.{assignment_name(reference_path)}.checks"
    inserts = []
    for n, i in sorted(exercise_cells(ref).items()):
        cell, ref_cell = nb["cells"][i], ref["cells"][i]
        cell["source"] = solution_cell(cell["source"], answer_region(cell_source(ref_cell)), n)
        cell["metadata"]["nbgrader"] = _meta(f"exercise_{n}", solution=True, grade=False,
                                             locked=False)
        cell["metadata"]["nn_labs"] = {"placeholder": placeholder(ref_cell)}
        test = test_cell(module, n)
        if nb.get("nbformat_minor", 0) >= 5:       # cell ids exist from nbformat 4.5 on
            test["id"] = f"test-exercise-{n}"
        inserts.append((check_cell_after(nb["cells"], i), test))
    for at, cell in sorted(inserts, key=lambda item: item[0], reverse=True):
        nb["cells"].insert(at, cell)
    return nb


def write_assignment(reference_path, out: pathlib.Path) -> pathlib.Path:
    """Write one lab's assignment folder under ``out/source/``; returns the notebook's path."""
    import nbformat
    reference_path = pathlib.Path(reference_path).resolve()
    folder = out / "source" / assignment_name(reference_path)
    folder.mkdir(parents=True, exist_ok=True)
    for name in SUPPORT:
        shutil.rmtree(folder / name, ignore_errors=True)
        shutil.copytree(ROOT / name, folder / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    nb = nbformat.from_dict(source_notebook(reference_path))
    nbformat.validate(nb)
    path = folder / reference_path.name
    path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
    return path


def write_config(out: pathlib.Path) -> pathlib.Path:
    """Write ``out/nbgrader_config.py`` (see :data:`CONFIG`)."""
    path = out / "nbgrader_config.py"
    path.write_text(CONFIG, encoding="utf-8")
    return path


def export(out, labs=None) -> list[pathlib.Path]:
    """Write the course directory ``out`` for every graded lab (or the references ``labs``)."""
    out = pathlib.Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    write_config(out)
    return [write_assignment(p, out) for p in (labs or graded_labs())]


def teacher_stamp(root: pathlib.Path = ROOT) -> str:
    """SHA-256 of requirements.txt and requirements-teacher.txt: the teacher's environment is
    reinstalled when it changes."""
    return hashlib.sha256(b"".join((root / name).read_bytes() for name in
                                   ("requirements.txt", "requirements-teacher.txt"))).hexdigest()


def teacher_environment(install: bool = True, venv: pathlib.Path = TEACHER_VENV) -> pathlib.Path:
    """The python of ``venv`` with requirements-teacher.txt installed: created or updated when
    it is missing or its stamp differs (RuntimeError then if ``install`` is False, or if pip
    fails: the message has pip's last lines)."""
    venv = pathlib.Path(venv)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    stamp, want = venv / "requirements-teacher.sha256", teacher_stamp()
    if python.exists() and stamp.exists() and stamp.read_text().strip() == want:
        return python
    if not install:
        raise RuntimeError(f"{venv} is missing or older than requirements-teacher.txt; create "
                           "it first (with the network): python3 -m utils nbgrader --teacher-env")
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    done = subprocess.run([str(python), "-m", "pip", "install", "--disable-pip-version-check",
                           "-q", "-r", str(ROOT / "requirements-teacher.txt")],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError("pip install -r requirements-teacher.txt failed:\n"
                           + (done.stdout + done.stderr)[-2000:])
    stamp.write_text(want + "\n")
    return python


def main(argv=None) -> int:
    """``python3 -m utils nbgrader OUT_DIR [notebook ...]``: see the module docstring."""
    parser = argparse.ArgumentParser(prog="python3 -m utils nbgrader",
                                     description="Write the graded labs as nbgrader 0.9 "
                                                 "assignments (a course directory).")
    parser.add_argument("out", nargs="?", help="the course directory to write")
    parser.add_argument("notebooks", nargs="*", help="graded reference notebooks (default: all)")
    parser.add_argument("--teacher-env", action="store_true",
                        help=f"first create or update {TEACHER_VENV.name}/ from "
                             "requirements-teacher.txt (nbgrader) and print its python")
    args = parser.parse_args(argv)
    if args.teacher_env:
        try:
            print(teacher_environment())
        except (RuntimeError, subprocess.CalledProcessError) as exc:
            print(f"python3 -m utils nbgrader: {exc}")
            return 1
    if args.out is None:
        if not args.teacher_env:
            parser.error("give the course directory OUT_DIR (or --teacher-env).")
        return 0
    try:
        paths = export(args.out, [pathlib.Path(p) for p in args.notebooks] or None)
    except ValueError as exc:
        print(f"python3 -m utils nbgrader: {exc}")
        return 2
    for path in paths:
        print(f"wrote {path}")
    print(f"then, in {args.out} with nbgrader installed (requirements-teacher.txt): "
          "nbgrader generate_assignment labNN")
    return 0
