"""Make the learner version of the practice lab from the reference version.

    python -m utils.practice            rewrite labs/learner/05_practice_lab_digits.ipynb
    python -m utils.practice --check    only say whether the learner version is up to date

The reference lab (``labs/05_practice_lab_digits.ipynb``) holds the solutions and is the one
nbval re-runs. The learner version is the same notebook with

- the code between ``### START CODE HERE ###`` and ``### END CODE HERE ###`` in every exercise
  cell (a code cell whose first line is ``# EXERCISE <n> ...``) replaced by a placeholder that
  still defines the exercise's name (``a = None``, ``model = None``), so the check cell gives a
  "not implemented yet" message instead of a ``NameError``;
- every output, execution count and run timestamp removed, and the notebook metadata cut down
  to the kernel's name (no widget state, no Python version): it is handed out unexecuted;
- its own open-in-Colab button, and the reference's "Reference version" note (a blockquote
  starting with ``> **Reference version``) replaced by a note for learners.

``tests/test_practice_lab_versions.py`` fails when the stored learner version differs from what
this module makes, and runs the learner version's check cells on the blanks.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import re
import sys

from utils.lab_setup import ROOT, colab_badge

__all__ = ["REFERENCE", "LEARNER", "START", "END", "PLACEHOLDERS", "LEARNER_NOTE",
           "make_learner", "learner_text", "exercise_cells", "main"]

REFERENCE = ROOT / "labs" / "05_practice_lab_digits.ipynb"
LEARNER = ROOT / "labs" / "learner" / "05_practice_lab_digits.ipynb"
START = "### START CODE HERE ###"
END = "### END CODE HERE ###"
EXERCISE_RE = re.compile(r"^# EXERCISE (\d+)\b")

# What stays between the markers in the learner version, per exercise (indented like START).
PLACEHOLDERS = {
    1: ["a = None  # replace None: the softmax of z along the last axis (about 2 lines)"],
    2: ["model = None  # replace None: build the model, then compile it (about 13 lines)"],
}

LEARNER_NOTE = ("> **Your version of the lab.** Write your code in the exercise cells, between "
                "the markers, and run each check cell after it. Cells further down stop with a "
                "message while an exercise they need is unfinished.")
_NOTE_RE = re.compile(r"^> \*\*Reference version.*?(?=\n\n|\Z)", re.S | re.M)


def _source(cell) -> str:
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def exercise_cells(nb: dict) -> dict[int, int]:
    """{exercise number: cell index} of the exercise cells of a notebook (as a JSON dict)."""
    found = {}
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            match = EXERCISE_RE.match(_source(cell))
            if match:
                n = int(match.group(1))
                if n in found:
                    raise ValueError(f"two cells are marked # EXERCISE {n} (cells {found[n]} "
                                     f"and {i}).")
                found[n] = i
    return found


def _blank_out(source: str, n: int) -> str:
    lines = source.split("\n")
    starts = [i for i, line in enumerate(lines) if line.strip() == START]
    ends = [i for i, line in enumerate(lines) if line.strip() == END]
    if len(starts) != 1 or len(ends) != 1 or ends[0] <= starts[0]:
        raise ValueError(f"the cell of exercise {n} must hold exactly one {START} line followed "
                         f"by one {END} line, found {len(starts)} and {len(ends)}.")
    if n not in PLACEHOLDERS:
        raise ValueError(f"exercise {n} has no placeholder in utils.practice.PLACEHOLDERS "
                         f"(known: {sorted(PLACEHOLDERS)}).")
    s, e = starts[0], ends[0]
    indent = lines[s][: len(lines[s]) - len(lines[s].lstrip())]
    return "\n".join(lines[: s + 1] + [indent + p for p in PLACEHOLDERS[n]] + lines[e:])


def make_learner(reference: dict, learner_path: str = "labs/learner/05_practice_lab_digits.ipynb"
                 ) -> dict:
    """The learner version (a notebook as a JSON dict) of a reference notebook (JSON dict)."""
    if not isinstance(reference, dict) or "cells" not in reference:
        raise TypeError("reference must be a notebook read as a JSON dict (with 'cells').")
    if not isinstance(learner_path, str) or not learner_path.endswith(".ipynb"):
        raise ValueError(f"learner_path must be a repository path ending in .ipynb, got "
                         f"{learner_path!r}.")
    nb = json.loads(json.dumps(reference))          # a deep copy
    # Only what an unexecuted notebook needs: no widget state or interpreter version from the
    # reference's last run, so the learner version changes only when the reference's text does.
    nb["metadata"] = {"kernelspec": reference.get("metadata", {}).get("kernelspec", {
        "display_name": "Python 3", "language": "python", "name": "python3"}),
        "language_info": {"name": "python"}}
    exercises = exercise_cells(nb)
    if sorted(exercises) != sorted(PLACEHOLDERS):
        raise ValueError(f"the reference must have the exercise cells {sorted(PLACEHOLDERS)}, "
                         f"found {sorted(exercises)}.")
    for n, i in exercises.items():
        nb["cells"][i]["source"] = _blank_out(_source(nb["cells"][i]), n)
    notes = 0
    for cell in nb["cells"]:
        src = _source(cell)
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
            cell.get("metadata", {}).pop("execution", None)     # nbclient's run timestamps
            cell["source"] = src
        elif "Open In Colab" in src:
            cell["source"] = colab_badge(learner_path)
        else:
            new, k = _NOTE_RE.subn(LEARNER_NOTE, src)
            notes += k
            cell["source"] = new
    if notes != 1:
        raise ValueError(f"the reference must have one '> **Reference version' note, found {notes}.")
    return nb


def learner_text(reference_path=REFERENCE, learner_path=LEARNER) -> str:
    """The learner notebook's file text, made from the reference file (nbformat's layout)."""
    import nbformat
    ref = json.loads(pathlib.Path(reference_path).read_text(encoding="utf-8"))
    rel = pathlib.Path(learner_path).resolve().relative_to(ROOT).as_posix()
    nb = nbformat.from_dict(make_learner(ref, rel))
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"


def main(argv=None) -> int:
    """Command line: write the learner version, or with --check only compare it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if the learner version is not what the reference makes")
    args = parser.parse_args(argv)
    text = learner_text()
    rel = LEARNER.relative_to(ROOT).as_posix()
    if args.check:
        same = LEARNER.is_file() and LEARNER.read_text(encoding="utf-8") == text
        print(f"{rel} is {'up to date' if same else 'OUT OF DATE: run python -m utils.practice'}.")
        return 0 if same else 1
    LEARNER.parent.mkdir(parents=True, exist_ok=True)
    LEARNER.write_text(text, encoding="utf-8")
    print(f"wrote {rel} from {REFERENCE.relative_to(ROOT).as_posix()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
