"""What a folder of submissions holds, and which graded lab a notebook is.

A submission is one file; the learner is its name without the extension. A lab is recognised
by three signs, each worth points (:func:`lab_score`): its own open-in-Colab link (to the
reference or the learner version), its H1 title, and its exercise cells (a cell with the
``### START CODE HERE ###`` markers whose lines outside the markers are the reference's). A
learner version carries none of the reference's cell metadata, so these are read from the text.
"""
from __future__ import annotations

import collections
import json
import pathlib
import re
from dataclasses import dataclass

from utils.notebook import (answer_region, cell_source, exercise_cells, graded_labs,
                            marker_pair, placeholder, read, title)

__all__ = ["Lab", "Submission", "context_lines", "lab_from_reference", "known_labs", "find_lab",
           "map_exercises", "lab_score", "detect_lab", "structure_problem", "read_notebook",
           "list_submissions", "MIN_SCORE", "MAX_BYTES"]

MIN_SCORE = 2.0     # a title, a Colab link, or every exercise cell: enough to say which lab
MAX_BYTES = 50 << 20    # a larger file is not read (a lab with its outputs is a few MB)
_LAB_NUMBER = re.compile(r"^(\d+)_")


@dataclass(frozen=True)
class Lab:
    """A graded lab as the gradebook needs it: ``path`` (``labs/08_x.ipynb``), ``module`` (its
    rules, ``utils.labs.lab08.checks``), ``title`` (its H1) and ``exercises``, one ``(number,
    context lines, placeholder)`` per exercise cell of the reference."""

    path: str
    module: str
    title: str
    exercises: tuple

    @property
    def name(self) -> str:
        return pathlib.PurePosixPath(self.path).name

    @property
    def numbers(self) -> list[int]:
        return [n for n, _, _ in self.exercises]


@dataclass
class Submission:
    """One submitted file: ``learner`` (its stem, or its file name when two share a stem),
    ``nb`` (the notebook read as JSON), ``status``/``reason`` when it cannot be run, and a
    ``note`` for the teacher (a hidden file, files that share a learner's name)."""

    path: pathlib.Path
    learner: str
    nb: dict | None = None
    status: str = ""
    reason: str = ""
    note: str = ""


def context_lines(source: str) -> frozenset:
    """The non-blank lines of an exercise cell outside its markers, stripped (what the learner
    was given around the answer); empty without one pair of markers."""
    lines = source.split("\n")
    marks = marker_pair(lines)
    if marks is None:
        return frozenset()
    outside = lines[: marks[0]] + lines[marks[1] + 1:]
    return frozenset(line.strip() for line in outside if line.strip())


def lab_from_reference(path) -> Lab:
    """The :class:`Lab` of a graded reference notebook (``labs/NN_name.ipynb``)."""
    path = pathlib.Path(path).resolve()
    match = _LAB_NUMBER.match(path.name)
    if not match:
        raise ValueError(f"a graded lab's file name starts with its number, like "
                         f"'08_derivatives.ipynb', got {path.name!r}.")
    nb = read(path)
    exercises = tuple((n, context_lines(cell_source(nb["cells"][i])), placeholder(nb["cells"][i]))
                      for n, i in sorted(exercise_cells(nb).items()))
    return Lab(f"labs/{path.name}", f"utils.labs.lab{match.group(1)}.checks", title(nb),
               exercises)


def known_labs(labs_dir=None) -> list[Lab]:
    """Every graded lab of the repository (``utils.notebook.graded_labs``)."""
    return [lab_from_reference(p) for p in graded_labs(labs_dir)]


def find_lab(name: str, labs: list[Lab]) -> Lab:
    """The lab a ``--lab`` argument names: its path (``labs/08_derivatives.ipynb``), file name
    or number (``08``); a ValueError listing the graded labs otherwise."""
    text = str(name).replace("\\", "/")
    for lab in labs:
        number = _LAB_NUMBER.match(lab.name).group(1)
        if text in (lab.path, lab.name, lab.name[:-6], number, f"lab{number}") \
                or text.endswith("/" + lab.name):
            return lab
    raise ValueError(f"--lab must name a graded lab, one of {[lab.path for lab in labs]}, got "
                     f"{name!r}.")


def map_exercises(nb: dict, lab: Lab) -> dict[int, int]:
    """{exercise number: cell index} of a submission's exercise cells: each of the lab's
    exercises is the unused marked cell sharing most of its context lines (at least half of
    them); an exercise whose reference cell has no context takes the next marked cell."""
    marked = [(i, context_lines(cell_source(c))) for i, c in enumerate(nb.get("cells", []))
              if c.get("cell_type") == "code" and answer_region(cell_source(c)) is not None]
    found, used = {}, set()
    for n, context, _ in lab.exercises:
        best, best_share = None, 0.0
        for i, lines in marked:
            if i in used:
                continue
            share = len(context & lines) / len(context) if context else 0.5
            if share > best_share:
                best, best_share = i, share
        if best is not None and best_share >= 0.5:
            found[n] = best
            used.add(best)
    return found


def lab_score(nb: dict, lab: Lab) -> float:
    """How surely ``nb`` is ``lab``: 3 for its Colab link, 2 for its title, up to 2 for the
    share of its exercise cells found."""
    link = re.compile(r"/labs/(learner/)?" + re.escape(lab.name) + r"\b")
    text = "\n".join(cell_source(c) for c in nb.get("cells", [])
                     if c.get("cell_type") == "markdown")
    score = 3.0 if link.search(text) else 0.0
    score += 2.0 if lab.title and title(nb) == lab.title else 0.0
    return score + 2.0 * len(map_exercises(nb, lab)) / max(1, len(lab.exercises))


def detect_lab(nb: dict, labs: list[Lab]) -> Lab | None:
    """The lab ``nb`` is (the best score, at least :data:`MIN_SCORE`), or None."""
    scored = sorted(((lab_score(nb, lab), i) for i, lab in enumerate(labs)), reverse=True)
    if not scored or scored[0][0] < MIN_SCORE:
        return None
    return labs[scored[0][1]]


_CELL_TYPES = ("code", "markdown", "raw")


def _is_text(value) -> bool:
    return isinstance(value, str) or (isinstance(value, list)
                                      and all(isinstance(v, str) for v in value))


def structure_problem(nb) -> str:
    """'' when ``nb`` has the shape of a Jupyter notebook of format 4 as far as grading reads
    it, else what is wrong, in words."""
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list):
        return "JSON, but not a Jupyter notebook (no list of cells)"
    if nb.get("nbformat") != 4:
        return f"a notebook of format {nb.get('nbformat')!r}; only format 4 is graded"
    if not isinstance(nb.get("nbformat_minor", 0), int) or \
            not isinstance(nb.get("metadata", {}), dict):
        return "a notebook whose nbformat_minor or metadata is malformed"
    for i, cell in enumerate(cells):
        kind = cell.get("cell_type") if isinstance(cell, dict) else None
        if kind not in _CELL_TYPES:
            return f"a notebook whose cell {i} is not a code, markdown or raw cell"
        if not _is_text(cell.get("source", "")):
            return f"a notebook whose cell {i} ({kind}) has a source that is not text"
        if not isinstance(cell.get("metadata", {}), dict) or \
                not isinstance(cell.get("outputs", []), list):
            return f"a notebook whose cell {i} ({kind}) has malformed metadata or outputs"
    return ""


def read_notebook(path: pathlib.Path) -> tuple[dict | None, str]:
    """A submitted file as a notebook (JSON dict) and '' , or None and why it cannot be read."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return None, f"larger than {MAX_BYTES >> 20} MB ({path.stat().st_size:,} bytes)"
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, f"not a text file (UTF-8 decoding failed at byte {exc.start})"
    except OSError as exc:
        return None, f"cannot be read ({type(exc).__name__}: {exc.strerror or exc})"
    try:
        nb = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        where = (f" (line {exc.lineno}, column {exc.colno}: {exc.msg})"
                 if isinstance(exc, json.JSONDecodeError) else " (nested too deeply)")
        return None, f"not valid JSON{where}"
    problem = structure_problem(nb)
    return (None, problem) if problem else (nb, "")


def _names(files: list[pathlib.Path]) -> tuple[dict, dict]:
    """{file: learner} and {file: note}: the learner is the file's stem, or its name when
    stems clash (ignoring case: the names must stay apart on every file system)."""
    by_stem = collections.defaultdict(list)
    for p in files:
        by_stem[p.stem.casefold()].append(p)
    learners, notes = {}, {}
    for group in by_stem.values():
        for p in group:
            learners[p] = p.stem if len(group) == 1 else p.name
        if len(group) > 1:
            names = ", ".join(q.name for q in group)
            for p in group:
                notes[p] = (f"{names} have the same learner name ignoring case, so each has "
                            "a row of its own: check which one counts")
    taken = collections.Counter(name.casefold() for name in learners.values())
    for k, p in enumerate(sorted(p for p in learners if taken[learners[p].casefold()] > 1)):
        learners[p] = f"{learners[p]} ({k + 1})"
    for p in files:
        if p.name.startswith("."):
            notes[p] = "; ".join(filter(None, [notes.get(p), (
                f"{p.name} is a hidden file (its name starts with a dot)")]))
    return learners, notes


def list_submissions(folder) -> list[Submission]:
    """The submissions in ``folder``: every entry but subfolders, sorted, hidden files too; a
    file that is not a ``.ipynb``, a symbolic link, or a file that cannot be read as a notebook
    gets its status and reason."""
    files = sorted(p for p in pathlib.Path(folder).iterdir() if p.is_symlink() or p.is_file())
    learners, notes = _names(files)
    subs = []
    for p in files:
        sub = Submission(p, learners[p], note=notes.get(p, ""))
        if p.is_symlink():
            sub.status = "unreadable"
            sub.reason = f"{p.name} is a symbolic link: only regular files are graded"
        elif p.suffix.lower() != ".ipynb":
            sub.status = "not-a-notebook"
            sub.reason = (f"{p.name} is not a notebook (a {p.suffix or 'extensionless'} file); "
                          "submit the .ipynb file")
        else:
            sub.nb, problem = read_notebook(p)
            if sub.nb is None:
                sub.status, sub.reason = "unreadable", f"{p.name} is {problem}"
        subs.append(sub)
    return subs
