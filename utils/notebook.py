"""The one module that knows where things are and what a notebook looks like.

- the repository root and its folders (:data:`ROOT`, :data:`LABS_DIR`, ...);
- reading a notebook (:func:`read`), a cell's source as one string (:func:`cell_source`), the
  Markdown headings and the title (:func:`headings`, :func:`title`);
- the exercise cells: their marker lines (:data:`EXERCISE_START`, :data:`EXERCISE_END`,
  :func:`marker_lines`, :func:`marker_pair`, :func:`marker_region`, :func:`answer_region`) and
  their cell metadata ``{"nn_labs": {"exercise": N, "placeholder": "..."}}``
  (:func:`exercise_cells`, :func:`placeholder`);
- which notebooks are reference labs, learner versions and graded labs
  (:func:`lab_notebooks`, :func:`reference_labs`, :func:`learner_versions`,
  :func:`learner_path`, :func:`is_graded`, :func:`graded_labs`).

Standard library only: the commands (``python3 -m utils``) import it before anything is
installed.
"""
from __future__ import annotations

import json
import pathlib
import re

__all__ = ["ROOT", "LABS_DIR", "LEARNER_DIR", "QUIZ_DIR", "IMAGES_DIR", "DATA_DIR",
           "EXERCISE_START", "EXERCISE_END", "BETWEEN_MARKERS", "read", "cell_source",
           "headings", "title", "marker_lines", "marker_pair", "marker_region", "answer_region",
           "exercise_cells", "placeholder", "is_graded", "lab_notebooks", "reference_labs",
           "learner_versions", "learner_path", "graded_labs"]

ROOT = pathlib.Path(__file__).resolve().parent.parent
LABS_DIR = ROOT / "labs"
LEARNER_DIR = LABS_DIR / "learner"
QUIZ_DIR = LABS_DIR / "quizzes"
IMAGES_DIR = ROOT / "images"
DATA_DIR = ROOT / "data"

# The lines around the learner's code in an exercise cell (see utils.teacher.learner).
EXERCISE_START = "### START CODE HERE ###"
EXERCISE_END = "### END CODE HERE ###"
BETWEEN_MARKERS = f"between {EXERCISE_START} and {EXERCISE_END}"

_NUMBER_RE = re.compile(r"^\d+(\.\d+)*\.?\s+")


# --- reading ---------------------------------------------------------------------------------

def read(path) -> dict:
    """The notebook at ``path`` (a JSON file) as a dict."""
    return json.loads(pathlib.Path(path).read_text(encoding="utf-8"))


def cell_source(cell: dict) -> str:
    """A cell's source as one string (nbformat allows a string or a list of lines)."""
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def headings(notebook) -> set[str]:
    """Every Markdown heading of a notebook (a dict, or the path of one), without its ``#``
    marks, both as written and without a leading section number ("7. Training" gives
    "7. Training" and "Training")."""
    nb = notebook if isinstance(notebook, dict) else read(notebook)
    found = set()
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        for line in cell_source(cell).splitlines():
            if line.startswith("#"):
                text = line.lstrip("#").strip()
                found.update({text, _NUMBER_RE.sub("", text)})
    return found


def title(nb: dict) -> str:
    """The first H1 heading (``# ...``) of the notebook's Markdown cells, or ''."""
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            for line in cell_source(cell).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""


# --- the exercise cells ----------------------------------------------------------------------

def marker_lines(lines: list[str]) -> tuple[int | None, int | None]:
    """The indices of the first START line and of the first END line after it (None if absent):
    what a learner's cell, maybe broken, still shows of its markers."""
    start = next((i for i, line in enumerate(lines) if line.strip() == EXERCISE_START), None)
    end = next((i for i, line in enumerate(lines)
                if line.strip() == EXERCISE_END and (start is None or i > start)), None)
    return start, end


def _all_markers(lines: list[str]) -> tuple[list[int], list[int]]:
    return ([i for i, line in enumerate(lines) if line.strip() == EXERCISE_START],
            [i for i, line in enumerate(lines) if line.strip() == EXERCISE_END])


def marker_pair(lines: list[str]) -> tuple[int, int] | None:
    """(index of the START line, index of the END line) when the lines hold exactly one START
    line followed by one END line; None otherwise."""
    starts, ends = _all_markers(lines)
    if len(starts) != 1 or len(ends) != 1 or ends[0] <= starts[0]:
        return None
    return starts[0], ends[0]


def marker_region(lines: list[str], n: int) -> tuple[int, int, str]:
    """(index of the START line, index of the END line, the START line's indentation) of the
    cell of exercise ``n``, given as its lines; ValueError unless it holds exactly one START
    line followed by one END line."""
    pair = marker_pair(lines)
    if pair is None:
        starts, ends = _all_markers(lines)
        raise ValueError(f"the cell of exercise {n} must hold exactly one {EXERCISE_START} line "
                         f"followed by one {EXERCISE_END} line, found {len(starts)} and "
                         f"{len(ends)}.")
    s, e = pair
    return s, e, lines[s][: len(lines[s]) - len(lines[s].lstrip())]


def answer_region(source: str) -> str | None:
    """The text between the START and END marker lines of a cell's source (None without
    exactly one pair of them)."""
    lines = source.split("\n")
    pair = marker_pair(lines)
    return None if pair is None else "\n".join(lines[pair[0] + 1: pair[1]])


def exercise_cells(nb: dict) -> dict[int, int]:
    """{exercise number: cell index} of the cells whose metadata marks them as exercises
    (``{"nn_labs": {"exercise": N, "placeholder": "..."}}``); ValueError for a marked cell that
    is not a code cell with a whole number, lacks its placeholder or repeats a number."""
    found = {}
    for i, cell in enumerate(nb["cells"]):
        mark = cell.get("metadata", {}).get("nn_labs", {})
        if "exercise" not in mark:
            continue
        n = mark["exercise"]
        if cell["cell_type"] != "code" or not isinstance(n, int) or isinstance(n, bool):
            raise ValueError(f"cell {i}: an exercise cell is a code cell with a whole number as "
                             f"nn_labs.exercise, got a {cell['cell_type']} cell with {n!r}.")
        if not isinstance(mark.get("placeholder"), str) or not mark["placeholder"].strip():
            raise ValueError(f"cell {i} (exercise {n}) needs nn_labs.placeholder, the code that "
                             f"stays between the markers, got {mark.get('placeholder')!r}.")
        if n in found:
            raise ValueError(f"two cells are exercise {n} (cells {found[n]} and {i}).")
        found[n] = i
    return found


def placeholder(cell: dict) -> str:
    """The code an exercise cell's learner version holds between the markers (its metadata
    ``nn_labs.placeholder``)."""
    return cell["metadata"]["nn_labs"]["placeholder"]


# --- which notebook is which -----------------------------------------------------------------

def is_graded(nb: dict) -> bool:
    """True when a notebook (a JSON dict) says ``{"nn_labs": {"graded": true}}``."""
    return (nb.get("metadata", {}).get("nn_labs") or {}).get("graded") is True


def lab_notebooks(root: pathlib.Path = ROOT) -> list[pathlib.Path]:
    """Every notebook in ``labs/`` (learner versions included), sorted."""
    return sorted(p for p in (root / "labs").rglob("*.ipynb")
                  if ".ipynb_checkpoints" not in p.parts)


def reference_labs(root: pathlib.Path = ROOT) -> list[pathlib.Path]:
    """The reference labs (``labs/NN_name.ipynb``, with the solutions), sorted."""
    return sorted((root / "labs").glob("*.ipynb"))


def learner_versions(root: pathlib.Path = ROOT) -> list[pathlib.Path]:
    """The learner versions of the graded labs (``labs/learner/NN_name.ipynb``), sorted."""
    return sorted((root / "labs" / "learner").glob("*.ipynb"))


def learner_path(reference) -> pathlib.Path:
    """Where the learner version of a reference notebook lives: labs/learner/<same name>."""
    reference = pathlib.Path(reference)
    return reference.parent / "learner" / reference.name


def graded_labs(labs=None) -> list[pathlib.Path]:
    """The graded reference notebooks in ``labs`` (the repository's labs/ by default)."""
    labs = pathlib.Path(labs) if labs is not None else LABS_DIR
    return [p for p in sorted(labs.glob("*.ipynb")) if is_graded(read(p))]
