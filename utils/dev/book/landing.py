"""The book's landing page (``index.md``): what the week covers, the labs in order with their
run times, the quizzes, how to run the labs, the licence.

Each lab's topics and measured run time come from the README's lab table (the one place they are
kept; ``python3 -m utils bench`` measures them), its title from the notebook, the quizzes from
the quiz files the labs show.
"""
from __future__ import annotations

import pathlib
import re

from utils.dev.book.anchors import jupyter_anchor
from utils.lab_setup import REPO_URL
from utils.notebook import QUIZ_DIR, ROOT, read, title
from utils.quiz import read_quiz

__all__ = ["lab_table", "landing_page", "licence_copy", "LICENCE_FILES"]

ROW_LINK = re.compile(r"\[[^\]]+\]\((labs/[^)\s]+\.ipynb)\)")
QUIZ_HEADING = "Practice quiz"     # the heading of the section that ends a lab with its quiz
RUN_TIME = re.compile(r"^\s*(\d+(?:\.\d+)?\s*s)\b")
# (file in the repository, what it covers, its name on the page)
LICENCE_FILES = (("LICENSE", "the code", "MIT licence"),
                 ("LICENSES/CC-BY-4.0.txt", "the lessons: text, figures, quizzes",
                  "CC BY 4.0"),
                 ("LICENSES/CC-BY-SA-3.0.txt", "the digits data", "CC BY-SA 3.0"))

INTRO = """\
Runnable lab notebooks for the "Neural network training" week of an introductory
machine-learning course: how TensorFlow trains a network, activation functions, softmax and
multiclass classification, Adam, convolutional layers, derivatives and backpropagation, with
four practice quizzes and a practice lab that recognises handwritten digits.

This site shows every lab as it was stored after a full run: its text and maths, its code and
outputs, every figure, and each control at its stored setting. Reading needs nothing installed
and nothing from the network. The quizzes work here; to run the code, move a control or do an
exercise, open the lab in Colab or on your own machine."""

HOW_TO_RUN = """\
- **In Google Colab**, nothing to install: each lab's *Open in Colab* button opens it there; its
  first code cell fetches what it needs.
- **On your own machine**, with Python 3.10 to 3.13 and git:

  ```bash
  git clone {repo}.git
  cd {name}
  python3 -m utils lab     # first time: creates .venv and installs requirements.txt
  ```

  JupyterLab opens on the labs. Each lab runs top to bottom in the time the table above gives.
- Each lab page offers its notebook for download: the reference version with the solutions, and
  the learner version whose exercises are blank."""


def licence_copy(path: str) -> str:
    """Where the site keeps its copy of the licence file ``path`` (source-relative; a ``.txt``
    name so that a browser shows it as text)."""
    name = pathlib.PurePosixPath(path).name
    return f"licences/{name if name.endswith('.txt') else name + '.txt'}"


def lab_table(readme: pathlib.Path) -> dict[str, dict]:
    """{repository path of a lab: {"topics", "run_time"}} from the README's lab table, whose
    rows read ``| N | [title](labs/NN_name.ipynb) | topics | run time | Colab |``."""
    rows = {}
    for line in readme.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().split("|")]
        if len(cells) != 7 or not cells[1].isdigit():
            continue
        link, run_time = ROW_LINK.search(cells[2]), RUN_TIME.match(cells[4])
        if link and run_time:
            rows[link.group(1)] = {"topics": cells[3], "run_time": run_time.group(1)}
    return rows


def _lab_lines(labs: list[pathlib.Path], root: pathlib.Path) -> list[str]:
    table = lab_table(root / "README.md")
    lines = []
    for n, path in enumerate(labs, 1):
        rel = path.relative_to(root).as_posix()
        if rel not in table:
            raise ValueError(f"README.md's lab table has no row for {rel} (a row like "
                             f"'| N | [title]({rel}) | topics | 9 s (2.0×) | Colab |'); it has "
                             f"rows for {sorted(table)}.")
        row = table[rel]
        lines += [f"{n}. **[{title(read(path))}]({rel})**, {row['run_time']} to run.",
                  f"   {row['topics']}", ""]
    return lines


def _quiz_lines(quizzes: dict[str, pathlib.Path], root: pathlib.Path,
                quiz_dir: pathlib.Path) -> list[str]:
    lines = []
    for name, path in sorted(quizzes.items(), key=lambda item: item[1]):
        quiz_title, questions = read_quiz(pathlib.Path(quiz_dir) / f"{name}.yaml")
        rel = path.relative_to(root).as_posix()
        lines.append(f"- [{quiz_title}]({rel}#{jupyter_anchor(QUIZ_HEADING)}), "
                     f"{len(questions)} questions, at "
                     f"the end of *{title(read(path))}*.")
    return lines


def landing_page(labs: list[pathlib.Path], quizzes: dict[str, pathlib.Path],
                 root: pathlib.Path = ROOT, quiz_dir: pathlib.Path = QUIZ_DIR) -> str:
    """The landing page's MyST Markdown for the labs ``labs`` (in order) and the quizzes
    ``quizzes`` ({quiz name: the lab that shows it}, read from ``quiz_dir``)."""
    name = REPO_URL.rstrip("/").rsplit("/", 1)[-1]
    licences = [f"- {what}: {{download}}`{label} <{licence_copy(path)}>`"
                for path, what, label in LICENCE_FILES]
    toctree = ["```{toctree}", ":hidden:", ":maxdepth: 1", "",
               *[f"labs/{p.stem}" for p in labs], "```"]
    return "\n".join([
        "# Neural network training: the labs", "", INTRO, "", "## The labs", "",
        "In order; the run time is one run top to bottom on a 2-core CPU, measured.", "",
        *_lab_lines(labs, root), "## Practice quizzes", "",
        "Each question gives feedback as soon as it is checked: right or wrong, why, and the "
        "section to reread. They work on these pages, with no kernel.", "",
        *_quiz_lines(quizzes, root, quiz_dir), "", "## How to run the labs", "",
        HOW_TO_RUN.format(repo=REPO_URL, name=name), "", "## Licence", "",
        "Reuse and adapt any of it under the licence of its kind. The sources are at "
        f"<{REPO_URL}>.", "", *licences, "", *toctree, ""])
