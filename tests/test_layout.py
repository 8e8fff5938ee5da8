"""The layout's rules, held by code (CONTRIBUTING.md, "Layout"):

- one home per lab: shared code (everything in utils/ but utils/labs/, utils/dev/ and the
  command entry point) never imports a lab's home; no lab's home imports another's;
- the teacher's and the developer's tools are off the learner's path: no lab notebook, no lab
  home and no shared module imports utils.teacher or utils.dev;
- modules of at most 400 lines and functions of at most 60, in utils/ and tests/.
"""
from __future__ import annotations

import ast
import pathlib
import re

import pytest

from utils.notebook import ROOT, cell_source, read, reference_labs

UTILS = ROOT / "utils"
MODULES = sorted(UTILS.rglob("*.py"))
TOOLS = ("utils.teacher", "utils.dev")


def imported(path: pathlib.Path) -> set[str]:
    """Every module ``path`` imports (absolute names; ``from a import b`` gives a and a.b)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def home_of(path: pathlib.Path) -> str | None:
    parts = path.relative_to(UTILS).parts
    return parts[1] if parts[0] == "labs" and len(parts) > 2 else None


def kind_of(path: pathlib.Path) -> str:
    top = path.relative_to(UTILS).parts[0]
    if top in ("dev", "teacher") or path.name == "__main__.py":
        return "tool"
    return "lab" if top == "labs" else "shared"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_follow_the_layout(path):
    names = imported(path)
    kind, home = kind_of(path), home_of(path)
    labs = {n for n in names if n.startswith("utils.labs.")}
    if kind == "shared":
        assert not labs, f"shared code imports a lab's home: {sorted(labs)}"
    if kind == "lab":
        others = {n for n in labs if n.split(".")[2] != home}
        assert not others, f"lab home {home} imports another lab's home: {sorted(others)}"
    if kind != "tool":
        tools = {n for n in names if n.startswith(TOOLS)}
        assert not tools, f"the learner's path imports a tool: {sorted(tools)}"


@pytest.mark.parametrize("path", reference_labs(), ids=lambda p: p.name)
def test_no_lab_imports_a_tool_or_another_labs_home(path):
    number = path.name[:2]
    for cell in read(path)["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = cell_source(cell)
        assert not re.search(r"\butils\.(teacher|dev)\b", source), source[:200]
        for home in re.findall(r"\butils\.labs\.lab(\d\d)\b", source):
            assert home == number, f"{path.name} imports lab {home}'s home"


def _too_long(path: pathlib.Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
    found = []
    if path.is_relative_to(UTILS) and len(source.splitlines()) > 400:
        found.append(f"{name}: {len(source.splitlines())} lines")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            if length > 60:
                found.append(f"{name}:{node.lineno} {node.name}: {length} lines")
    return found


def test_modules_and_functions_stay_short():
    paths = MODULES + sorted((ROOT / "tests").rglob("*.py"))
    problems = [p for path in paths for p in _too_long(path)]
    assert not problems, "over 400 lines (a utils module) or 60 (a function):\n" + \
        "\n".join(problems)


def test_the_rules_catch_what_they_are_for(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from utils.labs.lab04.figures import x\nimport utils.dev.bench\n"
                   "def f():\n" + "    x = 1\n" * 61)
    assert {"utils.labs.lab04.figures", "utils.dev.bench"} <= imported(bad)
    assert any("f: 62 lines" in p for p in _too_long(bad))
    assert kind_of(UTILS / "figures" / "curves.py") == "shared"
    assert kind_of(UTILS / "labs" / "lab04" / "figures.py") == "lab"
    assert home_of(UTILS / "labs" / "lab04" / "figures.py") == "lab04"
    assert kind_of(UTILS / "teacher" / "learner.py") == "tool"
