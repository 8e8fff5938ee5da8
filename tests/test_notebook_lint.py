"""Every notebook in labs/ is well-formed, executed in order, and starts the house way; every
Colab button (notebooks and README) agrees with the one repository address in utils/lab_setup;
every claim-check sits in a check cell that folds away."""
import ast
import json
import re

import nbformat
import pytest

from utils.dev.authoring import TEMPLATE_MARK, assert_share
from utils.lab_setup import (CHECK_LABEL, CHECK_METADATA, REPO_URL, SETUP_CELL, colab_badge,
                             colab_url, is_check_cell)
from utils.notebook import ROOT, cell_source, lab_notebooks, read, reference_labs

README = (ROOT / "README.md").read_text(encoding="utf-8")
ALL = lab_notebooks()
REFERENCE = reference_labs()
LOCAL_PATH = re.compile(r"(/home/|/root/|/tmp/|/Users/|/private/var/|[A-Z]:\\\\?Users|site-packages)")


def rel(path):
    return path.relative_to(ROOT).as_posix()


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]


def test_there_are_labs():
    assert REFERENCE, "labs/ holds no notebooks"


@pytest.mark.parametrize("path", ALL, ids=rel)
def test_valid_nbformat_and_kernel(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", "kernelspec must be python3"
    size = path.stat().st_size
    assert size <= 1_000_000, f"{rel(path)} is {size / 1e6:.2f} MB; keep notebooks under 1 MB"


@pytest.mark.parametrize("path", ALL, ids=rel)
def test_starts_with_title_colab_button_and_setup_cell(path):
    nb = nbformat.read(path, as_version=4)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.lstrip().startswith("# "), \
        "the first cell must be the title (one H1)"
    h1 = [line for c in nb.cells if c.cell_type == "markdown"
          for line in c.source.splitlines() if line.startswith("# ")]
    assert len(h1) == 1, f"exactly one H1 title, found {h1}"
    badges = [c for c in nb.cells[:3] if c.cell_type == "markdown" and "Open In Colab" in c.source]
    assert badges, "an open-in-Colab button must be in the first cells"
    assert colab_badge(rel(path)) in badges[0].source, \
        f"the Colab button must point at {colab_url(rel(path))}; run python3 -m utils sync"
    first_code = code_cells(nb)[0]
    assert first_code.source == SETUP_CELL, \
        "the first code cell must be the setup cell; run python3 -m utils sync"


@pytest.mark.parametrize("path", REFERENCE, ids=rel)
def test_executed_once_top_to_bottom_without_errors(path):
    nb = nbformat.read(path, as_version=4)
    counts = [c.execution_count for c in code_cells(nb)]
    assert counts == list(range(1, len(counts) + 1)), \
        f"execution counts must be 1..{len(counts)} (run all in a fresh kernel), got {counts}"
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            assert out.output_type != "error", f"cell {i} has a stored error"
            text = json.dumps(out.get("text", "")) + json.dumps(out.get("data", {}).get("text/plain", ""))
            assert "Traceback (most recent call last)" not in text, f"cell {i} shows a traceback"
            assert not LOCAL_PATH.search(text), f"cell {i} output shows a local path: " \
                f"{LOCAL_PATH.search(text).group(0)}"


@pytest.mark.parametrize("path", REFERENCE, ids=rel)
def test_listed_in_readme_lab_table(path):
    """One row per lab: its link, its run time in seconds, its Colab button (README.md)."""
    rows = [line for line in README.splitlines() if line.startswith("|") and f"]({rel(path)})" in line]
    assert rows, f"{rel(path)} is not linked from the README's lab table"
    assert colab_badge(rel(path)) in rows[0], f"the README row of {rel(path)} needs its Colab button"
    assert re.search(r"\| \d+ s \| \[!\[Open In Colab\]", rows[0]), \
        f"the README row of {rel(path)} needs its run time ('12 s', from python3 -m utils bench) " \
        "in the column before its Colab button"


def test_every_readme_colab_button_points_at_the_repository():
    targets = re.findall(r"\(https://colab\.research\.google\.com/github/([^)]*)\)", README)
    assert targets, "the README has no Colab buttons"
    slug = REPO_URL.removeprefix("https://github.com/")
    for target in targets:
        assert target.startswith(f"{slug}/blob/"), f"README button {target} is not for {slug}"
        path = target.split("/blob/", 1)[1].split("/", 1)[1]
        assert (ROOT / path).is_file(), f"README button points at a missing notebook {path}"


def test_no_ipympl_anywhere():
    """ipympl / `%matplotlib widget` break in Colab and many local installs: never use them."""
    banned = re.compile(r"(?<![`\w])%matplotlib\s+(widget|ipympl)|import\s+ipympl|^ipympl", re.M)
    for path in [*ALL, *ROOT.joinpath("utils").rglob("*.py"), ROOT / "requirements.txt"]:
        found = banned.search(path.read_text(encoding="utf-8"))
        assert not found, f"{rel(path)} uses ipympl: {found.group(0)!r}"


MAX_ASSERT_SHARE = 0.08   # assert lines / code lines a reader sees unfolded (issue 9)


def only_checks(source: str) -> bool:
    """True when every statement of a cell is an assert or a call of an ``assert...`` function
    (np.testing.assert_allclose...): a cell that exists only to check claims."""
    code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
    try:
        body = ast.parse(code).body
    except SyntaxError:
        return False

    def is_check(node) -> bool:
        if isinstance(node, ast.Assert):
            return True
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            func = node.value.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            return name.startswith("assert")
        return False

    return bool(body) and all(is_check(node) for node in body)


@pytest.mark.parametrize("path", REFERENCE, ids=rel)
def test_check_cells_fold_away_and_lessons_hold_few_asserts(path):
    nb = read(path)
    for i, cell in enumerate(nb["cells"]):
        src = cell_source(cell)
        if cell["cell_type"] != "code" or not src.strip():
            continue
        if is_check_cell(cell):
            assert len(src.splitlines()[0]) > len(CHECK_LABEL) + 3, \
                f"cell {i}: the label line must say what is checked: {CHECK_LABEL}<what>"
            meta = cell.get("metadata", {})
            assert meta.get("jupyter", {}).get("source_hidden") is True \
                and meta.get("cellView") == "form" and "check" in meta.get("tags", []), \
                f"cell {i} is a check cell without the metadata that folds it " \
                f"({CHECK_METADATA}); run python3 -m utils sync"
            assert not cell.get("outputs"), f"cell {i}: a check cell prints nothing"
        else:
            assert not only_checks(src), \
                f"cell {i} holds only checks: start it with '{CHECK_LABEL}<what is checked>' " \
                "and run python3 -m utils sync so it folds away"
    asserts, lines = assert_share(nb)
    assert asserts <= MAX_ASSERT_SHARE * lines, \
        f"{asserts} of the {lines} code lines a reader sees are asserts " \
        f"({asserts / lines:.0%}); move checks into check cells (at most {MAX_ASSERT_SHARE:.0%})"


@pytest.mark.parametrize("path", ALL, ids=rel)
def test_no_template_text_left(path):
    text = path.read_text(encoding="utf-8")
    assert TEMPLATE_MARK not in text, f"{rel(path)} still has '{TEMPLATE_MARK} ...' text to write"


def test_no_template_text_left_in_the_readme():
    assert TEMPLATE_MARK not in README, f"README.md still has '{TEMPLATE_MARK} ...' text to write"


def test_only_checks_recognises_check_cells():
    assert only_checks("assert x == 1\nnp.testing.assert_allclose(a, b)")
    assert not only_checks("x = 1\nassert x == 1")
    assert not only_checks("print(1)")
    assert not only_checks("")


def ignored_without_reason(cell) -> bool:
    """A cell nbval does not compare (the ``# NBVAL_IGNORE_OUTPUT`` line or the
    ``nbval-ignore-output`` tag) that does not say why in a ``# reason: ...`` line."""
    ignored = ("NBVAL_IGNORE_OUTPUT" in cell.source
               or "nbval-ignore-output" in cell.get("metadata", {}).get("tags", []))
    return ignored and not re.search(r"^\s*# reason: \S", cell.source, re.M)


@pytest.mark.parametrize("path", REFERENCE, ids=rel)
def test_every_cell_whose_output_is_not_compared_says_why(path):
    nb = nbformat.read(path, as_version=4)
    bad = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and ignored_without_reason(c)]
    assert not bad, (f"{rel(path)}: cells {bad} are left out of nbval's and the browser test's "
                     "comparison without a '# reason: ...' line saying why")


def test_ignored_without_reason_needs_the_reason_line():
    cell = nbformat.v4.new_code_cell
    assert ignored_without_reason(cell("# NBVAL_IGNORE_OUTPUT\nprint(t)"))
    assert not ignored_without_reason(cell("# NBVAL_IGNORE_OUTPUT\n# reason: a wall-clock time\nprint(t)"))
    assert ignored_without_reason(cell("print(t)", metadata={"tags": ["nbval-ignore-output"]}))
    assert not ignored_without_reason(cell("print(t)"))
