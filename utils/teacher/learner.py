"""Learner versions of the graded labs, made from the reference versions.

    python3 -m utils learner            rewrite labs/learner/<name>.ipynb for every graded lab
    python3 -m utils learner --check    only say whether every learner version is up to date

A lab is graded when its notebook metadata holds ``{"nn_labs": {"graded": true}}``. Its
reference version (``labs/<name>.ipynb``) holds the solutions and is the one nbval re-runs; its
learner version (``labs/learner/<name>.ipynb``) is the same notebook with

- in every exercise cell (cell metadata ``{"nn_labs": {"exercise": N, "placeholder": "..."}}``)
  the code between ``### START CODE HERE ###`` and ``### END CODE HERE ###`` replaced by the
  cell's placeholder, which still defines the exercise's name (``a = None``, ``model = None``),
  so the check cell gives a "not implemented yet" message instead of a ``NameError``; the
  placeholder is indented like the START line and may span several lines;
- every output, execution count and run timestamp removed, the cells' ``nn_labs`` metadata
  dropped, and the notebook metadata cut down to the kernel's name (no widget state, no Python
  version): it is handed out unexecuted;
- its own open-in-Colab button, and the reference's "Reference version" note (a blockquote
  starting with ``> **Reference version``) replaced by :data:`LEARNER_NOTE`.

``tests/test_teacher_learner.py`` fails when a stored learner version differs from what this
module makes.
"""
from __future__ import annotations

import argparse
import copy
import pathlib
import re

from utils.notebook import (cell_source, exercise_cells, graded_labs, is_graded, learner_path,
                            marker_region, placeholder, read)

__all__ = ["LEARNER_NOTE", "make_learner", "learner_text", "main"]

LEARNER_NOTE = ("> **Your version of the lab.** Write your code in the exercise cells, between "
                "the markers, and run each check cell after it. Cells further down stop with a "
                "message while an exercise they need is unfinished.")
_NOTE_RE = re.compile(r"^> \*\*Reference version.*?(?=\n\n|\Z)", re.S | re.M)
_KERNEL = {"display_name": "Python 3", "language": "python", "name": "python3"}


def _blank_out(source: str, n: int, placeholder: str) -> str:
    lines = source.split("\n")
    s, e, indent = marker_region(lines, n)
    body = [indent + line for line in placeholder.strip("\n").split("\n")]
    return "\n".join(lines[: s + 1] + body + lines[e:])


def _clear(cell: dict, learner_rel: str) -> int:
    """Make one cell the learner's (in place); returns how many reference notes it replaced."""
    src = cell_source(cell)
    meta = cell.get("metadata", {})
    meta.pop("nn_labs", None)
    if cell["cell_type"] == "code":
        cell["outputs"], cell["execution_count"] = [], None
        meta.pop("execution", None)     # nbclient's run timestamps
        cell["source"] = src
        return 0
    if "Open In Colab" in src:
        from utils.lab_setup import colab_badge
        cell["source"] = colab_badge(learner_rel)
        return 0
    cell["source"], notes = _NOTE_RE.subn(LEARNER_NOTE, src)
    return notes


def make_learner(reference: dict, learner_rel: str) -> dict:
    """The learner version (a notebook as a JSON dict) of a graded reference notebook;
    ``learner_rel`` is its repository path, for its Colab button."""
    if not isinstance(reference, dict) or "cells" not in reference:
        raise TypeError("reference must be a notebook read as a JSON dict (with 'cells').")
    if not is_graded(reference):
        raise ValueError('reference is not a graded notebook: its metadata needs '
                         '{"nn_labs": {"graded": true}}.')
    if not isinstance(learner_rel, str) or not learner_rel.endswith(".ipynb"):
        raise ValueError(f"learner_rel must be a repository path ending in .ipynb, got "
                         f"{learner_rel!r}.")
    nb = copy.deepcopy(reference)
    # Only what an unexecuted notebook needs: no widget state or interpreter version from the
    # reference's last run, so the learner version changes only when the reference's text does.
    nb["metadata"] = {"kernelspec": reference["metadata"].get("kernelspec", _KERNEL),
                      "language_info": {"name": "python"}}
    exercises = exercise_cells(nb)
    if not exercises:
        raise ValueError("a graded notebook needs at least one exercise cell (cell metadata "
                         '{"nn_labs": {"exercise": 1, "placeholder": "..."}}), found none.')
    for n, i in exercises.items():
        cell = nb["cells"][i]
        cell["source"] = _blank_out(cell_source(cell), n, placeholder(cell))
    notes = sum(_clear(cell, learner_rel) for cell in nb["cells"])
    if notes != 1:
        raise ValueError(f"the reference must have one '> **Reference version' note, found "
                         f"{notes}.")
    return nb


def learner_text(reference_path) -> str:
    """The learner notebook's file text, made from the reference file (nbformat's layout)."""
    import nbformat
    reference_path = pathlib.Path(reference_path).resolve()
    ref = read(reference_path)
    nb = nbformat.from_dict(make_learner(ref, f"labs/learner/{reference_path.name}"))
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"


def main(argv=None) -> int:
    """``python3 -m utils learner [--check] [notebook ...]``: write (or with --check compare)
    the learner version of each graded notebook (every graded lab by default)."""
    parser = argparse.ArgumentParser(prog="python3 -m utils learner",
                                     description="Make the learner versions of the graded labs.")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if a learner version is not what its reference makes")
    parser.add_argument("notebooks", nargs="*", help="graded reference notebooks (default: all)")
    args = parser.parse_args(argv)
    paths = [pathlib.Path(p).resolve() for p in args.notebooks] or graded_labs()
    if not paths:
        print("no graded notebook found (metadata {\"nn_labs\": {\"graded\": true}}) in labs/.")
        return 1
    stale = 0
    for ref in paths:
        target, text = learner_path(ref), learner_text(ref)
        rel = f"labs/learner/{ref.name}"
        if args.check:
            same = target.is_file() and target.read_text(encoding="utf-8") == text
            stale += not same
            print(f"{rel} is {'up to date' if same else 'OUT OF DATE: run python3 -m utils learner'}.")
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            print(f"wrote {rel} from labs/{ref.name}")
    return 1 if stale else 0
