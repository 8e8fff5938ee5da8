"""The tiered hints of every graded exercise (the house convention, CONTRIBUTING.md point 4).

Right after each exercise's instructions (the markdown cell just before the exercise cell)
come three collapsed blocks with exactly the summaries of :data:`SUMMARIES`, in that order:

- Hint 1 names the idea in words: no code block, and inline code only for a bare name
  (`m`, `"same"`), never an expression that hands over a line of the answer;
- Hint 2 names the functions and arguments: inline code only, no code block;
- Hint 3 holds one fenced ```python block: only the lines that go between the markers,
  starting at column 0, without the markers or a ``with ... errors(N):`` line. Pasted between
  the exercise cell's markers in place of the reference answer (indented like the START line)
  the cell must compile.

A Hint 3 snippet with a ``...`` blank is an outline and only has to compile. A snippet without
one is complete code, and pasting it must make the check pass: when it is the reference answer
itself (the same syntax tree) the stored output of the check cell, which nbval re-executes,
must say so; otherwise the notebook is run in a kernel with the snippet pasted, up to the
check cell.
"""
import ast
import copy
import io
import re
import textwrap
import tokenize

import pytest

from utils.notebook import (EXERCISE_END, EXERCISE_START, ROOT, answer_region, cell_source,
                            exercise_cells, graded_labs, marker_region, read)

SUMMARIES = ("<b>Hint 1: the idea</b>", "<b>Hint 2: the functions</b>",
             "<b>Hint 3: the outline of the code</b>")
DETAILS_RE = re.compile(r"<details>\s*<summary>(.*?)</summary>(.*?)</details>", re.S)
FENCE_RE = re.compile(r"^[ \t]*(```|~~~)[ \t]*(\w*)[ \t]*\n(.*?)^[ \t]*\1[ \t]*$", re.S | re.M)
INLINE_RE = re.compile(r"`([^`\n]+)`")
BARE_NAME_RE = re.compile(r"""^([A-Za-z_]\w*|"[^"]*"|'[^']*'|\d+(\.\d+)?)$""")
NESTED_WITH_RE = re.compile(r"^\s*with\b.*\berrors\s*\(", re.M)


def hint_blocks(nb: dict, n: int, i: int):
    """The (summary, body) of every `<details>` block whose summary mentions a hint, in the
    markdown cell nearest before exercise cell ``i`` (no other exercise cell in between), and
    that cell's text; ``([], "")`` when there is none."""
    others = set(exercise_cells(nb).values()) - {i}
    for j in range(i - 1, -1, -1):
        if j in others:
            break
        cell = nb["cells"][j]
        if cell["cell_type"] == "markdown":
            text = cell_source(cell)
            return [(m.group(1).strip(), m.group(2)) for m in DETAILS_RE.finditer(text)
                    if "hint" in re.sub(r"<[^>]+>", "", m.group(1)).lower()], text
    return [], ""


def paste(cell_text: str, snippet: str, n: int) -> str:
    """Exercise ``n``'s cell with ``snippet`` between its markers, indented like the START
    line."""
    lines = cell_text.split("\n")
    s, e, indent = marker_region(lines, n)
    body = [indent + line if line.strip() else "" for line in snippet.strip("\n").split("\n")]
    return "\n".join(lines[: s + 1] + body + lines[e:])


def reference_answer(cell_text: str) -> str:
    return textwrap.dedent(answer_region(cell_text))


def is_outline(snippet: str) -> bool:
    """True when the snippet has a ``...`` blank for the learner to fill in."""
    tokens = tokenize.generate_tokens(io.StringIO(snippet).readline)
    return any(tok.type == tokenize.OP and tok.string == "..." for tok in tokens)


def check_cell(nb: dict, n: int) -> int | None:
    """The index of the cell that runs ``grader.check(n)`` (None when there is none)."""
    call = re.compile(rf"\bcheck\(\s*{n}\s*\)")
    return next((j for j, cell in enumerate(nb["cells"])
                 if cell["cell_type"] == "code" and call.search(cell_source(cell))), None)


def stored_text(cell) -> str:
    return "".join(out.get("text", "") if isinstance(out.get("text", ""), str)
                   else "".join(out["text"]) for out in cell.get("outputs", []))


def run_with_snippet(nb: dict, i: int, n: int, snippet: str, path) -> str:
    """Run the notebook, with ``snippet`` pasted in exercise cell ``i``, up to exercise
    ``n``'s check cell in a kernel (started in ``path``'s folder); the check cell's output."""
    import nbclient
    import nbformat
    k = check_cell(nb, n)
    run = copy.deepcopy(nb)
    run["cells"][i]["source"] = paste(cell_source(nb["cells"][i]), snippet, n)
    run["cells"] = [c for c in run["cells"][: k + 1] if c["cell_type"] == "code"]
    for c in run["cells"]:
        c["outputs"], c["execution_count"] = [], None
    node = nbformat.from_dict(run)
    nbclient.NotebookClient(node, timeout=300, allow_errors=True,
                            resources={"metadata": {"path": str(path.parent)}}).execute()
    return stored_text(node["cells"][-1])


def _block_problems(where: str, blocks, text: str) -> list[str]:
    """The three hint blocks' order, adjacency and what Hints 1 and 2 may hold."""
    problems = []
    first = text.rfind("<details>", 0, text.index(SUMMARIES[0]))
    gaps = re.split(r"<details>\s*<summary>.*?</summary>.*?</details>", text[first:],
                    flags=re.S)
    if any(gap.strip() for gap in gaps[1:3]):
        problems.append(f"{where}: the three hint blocks must follow each other, with "
                        f"nothing between them")
    (_, idea), (_, functions), _ = blocks
    for number, body in ((1, idea), (2, functions)):
        if FENCE_RE.search(body) or "```" in body or "<pre" in body or "<code" in body:
            problems.append(f"{where}: Hint {number} must not hold a code block")
    spans = [s for s in INLINE_RE.findall(idea) if not BARE_NAME_RE.match(s.strip())]
    if spans:
        problems.append(f"{where}: Hint 1 names the idea in words; it holds code {spans}")
    return problems


def _snippet_problems(where: str, snippet: str) -> list[str]:
    """Hint 3's code as text: where it starts, and lines it must not hold."""
    code_lines = [line for line in snippet.split("\n") if line.strip()]
    if not code_lines or code_lines[0][0] in " \t":
        return [f"{where}: Hint 3's code must start at column 0 (it is pasted "
                f"indented like the START line)"]
    problems = []
    if EXERCISE_START in snippet or EXERCISE_END in snippet:
        problems.append(f"{where}: Hint 3's code holds a marker line: only the lines that "
                        f"go between the markers belong there")
    if NESTED_WITH_RE.search(snippet):
        problems.append(f"{where}: Hint 3's code holds a `with ... errors(...)` line, which "
                        f"the exercise cell has already: pasted, it would nest a second one")
    return problems


def _pasted_problems(where, nb, n, i, snippet, path, run_complete) -> list[str]:
    """Hint 3 pasted between the markers: it compiles, and a complete one passes the check."""
    cell_text = cell_source(nb["cells"][i])
    try:
        compile(paste(cell_text, snippet, n), f"<exercise {n} with Hint 3>", "exec",
                flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    except SyntaxError as exc:
        return [f"{where}: Hint 3's code pasted between the markers does not compile: "
                f"{type(exc).__name__}: {exc.msg} (line {exc.lineno} of the cell)"]
    if is_outline(snippet):
        return []
    same = ast.dump(ast.parse(snippet)) == ast.dump(ast.parse(reference_answer(cell_text)))
    k = check_cell(nb, n)
    if k is None:
        return [f"{where}: no check cell calls check({n})"]
    if same:
        if f"Exercise {n} passed" not in stored_text(nb["cells"][k]):
            return [f"{where}: Hint 3 is the reference answer, but the stored check output "
                    f"does not say 'Exercise {n} passed'"]
    elif run_complete:
        out = run_with_snippet(nb, i, n, snippet, path)
        if f"Exercise {n} passed" not in out:
            return [f"{where}: Hint 3 is complete code (no `...` blank), but pasted it does "
                    f"not pass the check, which says: {out.strip()!r}"]
    return []


def convention_problems(nb: dict, path=None, run_complete=True) -> list[str]:
    """Every way the notebook's hints break the convention (an empty list when none)."""
    problems = []
    for n, i in sorted(exercise_cells(nb).items()):
        where = f"exercise {n} (cell {i})"
        blocks, text = hint_blocks(nb, n, i)
        summaries = tuple(summary for summary, _ in blocks)
        if summaries != SUMMARIES:
            problems.append(f"{where}: the hint blocks before it must be exactly {SUMMARIES}, "
                            f"in that order, found {summaries}")
            continue
        problems += _block_problems(where, blocks, text)
        fences = FENCE_RE.findall(blocks[2][1])
        if len(fences) != 1 or fences[0][1] != "python":
            problems.append(f"{where}: Hint 3 must hold one ```python code block, found "
                            f"{len(fences)} ({[f[1] or 'no language' for f in fences]})")
            continue
        snippet = fences[0][2]
        text_problems = _snippet_problems(where, snippet)
        problems += text_problems
        if text_problems and text_problems[0].endswith("like the START line)"):
            continue
        problems += _pasted_problems(where, nb, n, i, snippet, path, run_complete)
    return problems


GRADED = graded_labs()


def test_every_graded_lab_is_found():
    assert {p.name for p in GRADED} >= {"06_advanced_optimization.ipynb",
                                        "07_convolutional_layers.ipynb",
                                        "08_derivatives.ipynb", "09_backpropagation.ipynb"}


@pytest.mark.parametrize("path", GRADED, ids=[p.name for p in GRADED])
def test_hints_follow_the_convention(path):
    nb = read(path)
    assert exercise_cells(nb), f"{path.name} is graded but has no exercise cell"
    assert convention_problems(nb, path) == []


# --- the test can fail: a small synthetic graded notebook ------------------------------------

def md(text):
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def code(text, outputs=(), meta=None):
    return {"cell_type": "code", "metadata": meta or {}, "source": text,
            "outputs": list(outputs), "execution_count": None}


def block(summary, body):
    return f"<details>\n<summary>{summary}</summary>\n\n{body}\n</details>\n"


GOOD_HINTS = [block(SUMMARIES[0], "Double means adding the number to itself."),
              block(SUMMARIES[1], "Multiply with `*`; the argument is `x`."),
              block(SUMMARIES[2], "```python\ny = ... * x\n```")]
SETUP = ("import sys, pathlib\nsys.path.insert(0, str(pathlib.Path.cwd().parent))\n"
         "from utils.grading.core import Grader, Exercise, passed, wrong\n"
         "grader = Grader('labs/99_x.ipynb', [Exercise(1, 'double', lambda f: passed(1, 'ok.') "
         "if f(3) == 6 else wrong(1, 'double(3) must be 6.'))])")
EXERCISE = ('def double(x):\n    """Twice x."""\n    with grader.errors(1):\n'
            '        ### START CODE HERE ###\n        y = 2 * x\n        ### END CODE HERE ###\n'
            '    return y')


def synthetic(hints=GOOD_HINTS, answer_output="Exercise 1 passed: ok.\n"):
    return {"metadata": {"nn_labs": {"graded": True}}, "nbformat": 4, "nbformat_minor": 5,
            "cells": [code(SETUP),
                      md("### Exercise 1: double\n\nWrite `double(x)`.\n\n" + "".join(hints)),
                      code(EXERCISE, meta={"nn_labs": {"exercise": 1, "placeholder": "y = None"}}),
                      code("grader.check(1)",
                           [{"output_type": "stream", "name": "stdout", "text": answer_output}])]}


def with_hint(k, body):
    hints = list(GOOD_HINTS)
    hints[k] = block(SUMMARIES[k], body)
    return hints


BROKEN = {   # name: (hint blocks, words of the problem)
    "order": ([GOOD_HINTS[1], GOOD_HINTS[0], GOOD_HINTS[2]], "must be exactly"),
    "old summary": ([block("Hint 1: the idea", "Words."), *GOOD_HINTS[1:]], "must be exactly"),
    "two hints": (GOOD_HINTS[:2], "must be exactly"),
    "apart": ([GOOD_HINTS[0], "Some words.\n", *GOOD_HINTS[1:]], "must follow each other"),
    "code in hint 1": (with_hint(0, "```python\ny = 2 * x\n```"), "Hint 1 must not hold"),
    "answer in hint 1": (with_hint(0, "It is `y = 2 * x`."), "Hint 1 names the idea in words"),
    "code in hint 2": (with_hint(1, "~~~python\ny = 2 * x\n~~~"), "Hint 2 must not hold"),
    "no code in hint 3": (with_hint(2, "`y = 2 * x`"), "Hint 3 must hold one ```python"),
    "indented": (with_hint(2, "```python\n    y = ... * x\n```"), "must start at column 0"),
    "nested with": (with_hint(2, "```python\nwith grader.errors(1):\n    y = ... * x\n```"),
                    "holds a `with ... errors(...)` line"),
    "markers": (with_hint(2, f"```python\n{EXERCISE_START}\ny = ... * x\n{EXERCISE_END}\n```"),
                "marker line"),
    "mis-indented": (with_hint(2, "```python\nif x:\ny = ... * x\n```"),
                     "does not compile: IndentationError"),
    "not python": (with_hint(2, "```python\ny = (... * x\n```"), "does not compile"),
}


def test_a_notebook_that_keeps_the_convention_passes():
    assert convention_problems(synthetic()) == []
    reference = with_hint(2, "```python\ny = 2 * x\n```")      # complete: the reference answer
    assert convention_problems(synthetic(reference)) == []
    assert convention_problems(synthetic(reference, "Exercise 1 needs another look\n")) == [
        "exercise 1 (cell 2): Hint 3 is the reference answer, but the stored check output does "
        "not say 'Exercise 1 passed'"]


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_notebook_that_breaks_the_convention_fails(case):
    hints, words = BROKEN[case]
    problems = convention_problems(synthetic(hints), run_complete=False)
    assert len(problems) == 1 and words in problems[0], problems


def test_a_complete_hint_3_must_pass_the_check_when_pasted(tmp_path):
    path = tmp_path / "labs" / "99_x.ipynb"                    # the kernel starts in tmp_path/labs
    path.parent.mkdir()
    (tmp_path / "utils").symlink_to(ROOT / "utils")
    right = synthetic(with_hint(2, "```python\ny = x + x\n```"))
    assert convention_problems(right, path) == []
    wrong = synthetic(with_hint(2, "```python\ny = x * x\n```"))
    assert convention_problems(wrong, path) == [
        "exercise 1 (cell 2): Hint 3 is complete code (no `...` blank), but pasted it does not "
        "pass the check, which says: 'Exercise 1 needs another look: double(3) must be 6.'"]


def test_the_snippet_helpers():
    assert is_outline("y = ... * x")
    assert not is_outline("y = x  # ... a comment is no blank")
    assert not is_outline("y = 2 * x")
    assert not is_outline("s = '...'")                        # a string is no blank
    assert paste(EXERCISE, "if x:\n    y = 1\n\ny = 2", 1) == EXERCISE.replace(
        "        y = 2 * x\n", "        if x:\n            y = 1\n\n        y = 2\n")
    assert reference_answer(EXERCISE) == "y = 2 * x"
