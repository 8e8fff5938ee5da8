"""Tools for contributors: a new lab from the template, and the measures the notebook lint uses.

``python3 -m utils new-lab 10 attention --title "Attention"`` writes
``labs/10_attention.ipynb`` in the house shape (title and promise, Colab button, outline, setup
cell, a section with its key idea, lesson cell and folded check cell, "Try it", summary,
exercises with tiered hints) and adds the lab's row to the README's lab table. Every place the
contributor still has to write says ``(template: ...)``; the notebook lint fails while one is
left, so a half-filled template cannot land.
"""
from __future__ import annotations

import json
import pathlib
import re

from utils.lab_setup import CHECK_LABEL, CHECK_METADATA, SETUP_CELL, colab_badge
from utils.notebook import ROOT, cell_source

TEMPLATE_MARK = "(template:"
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_ASSERT = re.compile(r"^\s*(assert\b|np\.testing\.assert_)")


def _md(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def _code(text: str, metadata: dict | None = None) -> dict:
    return {"cell_type": "code", "execution_count": None, "metadata": metadata or {},
            "outputs": [], "source": text}


def template_cells(rel_path: str, title: str) -> list[dict]:
    """The cells of a new lab at ``rel_path`` (``labs/NN_name.ipynb``)."""
    check = json.loads(json.dumps(CHECK_METADATA))
    return [
        _md(f"# {title}\n\n{TEMPLATE_MARK} one paragraph: what the learner will be able to do)"),
        _md(colab_badge(rel_path)),
        _md("## Outline\n1. [First idea](#1.-First-idea)\n2. [Try it](#2.-Try-it)\n"
            "3. [Summary](#3.-Summary)\n4. [Exercises](#4.-Exercises)\n\n"
            "The first code cell sets up the lab; it is the same in every lab."),
        _code(SETUP_CELL),
        _md("## 1. First idea\n\n**Key idea:** "
            f"{TEMPLATE_MARK} one sentence)\n\n{TEMPLATE_MARK} a short explanation, the formula "
            "in LaTeX where there is one)"),
        _code(f"{TEMPLATE_MARK} a lesson cell of 1 to 8 lines that ends with the value to show)"),
        _code(f"{CHECK_LABEL}{TEMPLATE_MARK} what the prose claims)\n"
              f"{TEMPLATE_MARK} asserts of every number the text states)", check),
        _md(f"{TEMPLATE_MARK} one sentence: what to notice in the output)\n\n## 2. Try it\n\n"
            f"{TEMPLATE_MARK} a control from utils.widgets, where moving something teaches more "
            "than reading)"),
        _md(f"## 3. Summary\n\n- {TEMPLATE_MARK} three to five bullets)"),
        _md(f"## 4. Exercises\n\n### Exercise 1: {TEMPLATE_MARK} what the learner writes)\n\n"
            f"{TEMPLATE_MARK} the task, and what the check holds it against)\n\n"
            "<details>\n<summary><b>Hint 1: the idea</b></summary>\n\n"
            f"{TEMPLATE_MARK} the idea in words, no code)\n</details>\n\n"
            "<details>\n<summary><b>Hint 2: the functions</b></summary>\n\n"
            f"{TEMPLATE_MARK} the functions and arguments to use, inline code only)\n"
            "</details>\n\n"
            "<details>\n<summary><b>Hint 3: the outline of the code</b></summary>\n\n"
            f"```python\n# {TEMPLATE_MARK} only the lines that go between the markers)\n```\n"
            "</details>"),
    ]


def readme_row(number: int, rel_path: str, title: str) -> str:
    return (f"| {number} | [{title}]({rel_path}) | {TEMPLATE_MARK} topics) | "
            f"{TEMPLATE_MARK} run time from python3 -m utils run) | {colab_badge(rel_path)} |")


def add_readme_row(row: str, readme: pathlib.Path) -> None:
    """Insert ``row`` after the last row of the README's lab table (the first table)."""
    lines = readme.read_text(encoding="utf-8").splitlines()
    rows = [i for i, line in enumerate(lines) if line.startswith("| ") and "](labs/" in line]
    if not rows:
        raise ValueError(f"{readme} has no lab table (rows that link to labs/).")
    lines.insert(rows[-1] + 1, row)
    readme.write_text("\n".join(lines) + "\n", encoding="utf-8")


def new_lab(number, name, title=None, *, root: pathlib.Path = ROOT) -> pathlib.Path:
    """Write ``labs/NN_name.ipynb`` from the template and add its README row; return its path."""
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= 99:
        raise ValueError(f"number must be a whole number from 1 to 99, got {number!r}.")
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError(f"name must be lower-case letters, digits and underscores, starting "
                         f"with a letter (like 'attention'), got {name!r}.")
    taken = sorted(p.name for p in (root / "labs").glob(f"{number:02d}_*.ipynb"))
    if taken:
        raise FileExistsError(f"labs/ already has lab {number:02d}: {taken}. Pick another number.")
    rel = f"labs/{number:02d}_{name}.ipynb"
    title = title or name.replace("_", " ").capitalize()
    nb = {"cells": template_cells(rel, title), "nbformat": 4, "nbformat_minor": 5,
          "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                      "name": "python3"},
                       "language_info": {"name": "python"}}}
    path = root / rel
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    add_readme_row(readme_row(number, rel, title), root / "README.md")
    return path


def assert_share(nb: dict) -> tuple[int, int]:
    """(assert lines, code lines) a reader sees unfolded: check cells are left out; blank lines
    and comments are not counted."""
    asserts = lines = 0
    for cell in nb["cells"]:
        src = cell_source(cell)
        if cell.get("cell_type") != "code" or src.startswith(CHECK_LABEL):
            continue
        for line in src.splitlines():
            if line.strip() and not line.strip().startswith("#"):
                lines += 1
                asserts += bool(_ASSERT.match(line))
    return asserts, lines


def main(argv=None) -> int:
    import argparse
    parser = argparse.ArgumentParser(prog="python3 -m utils new-lab",
                                     description="Write a new lab from the template.")
    parser.add_argument("number", type=int, help="the lab's number, e.g. 10")
    parser.add_argument("name", help="file-name part, e.g. attention (gives labs/10_attention.ipynb)")
    parser.add_argument("--title", help="the lab's title (default: from the name)")
    args = parser.parse_args(argv)
    try:
        path = new_lab(args.number, args.name, args.title)
    except (ValueError, FileExistsError) as exc:
        parser.error(str(exc))
    print(f"wrote {path.relative_to(ROOT)} and its README row. Fill in every '{TEMPLATE_MARK}' "
          f"place, then: python3 -m utils run {path.relative_to(ROOT)}")
    return 0
