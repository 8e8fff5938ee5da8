"""The documentation (README.md, CONTRIBUTING.md, docs/*.md) tells the truth about the repository:

- every path in backticks (inline code and fenced blocks) that names something in the repository
  exists; a pattern (``NN`` for a lab's number, ``<name>`` or ``*`` for any part, as in
  ``utils/labs/labNN/checks.py``) matches at least one file or folder;
- every relative Markdown link resolves, and its ``#anchor`` names a heading of the target;
- every Colab address opens a notebook of this repository (``REPO_URL``) that exists;
- the README stays a learner's page: short, the two set-up commands, links to the rest.
"""
from __future__ import annotations

import glob
import re

import pytest

from utils.lab_setup import REPO_URL
from utils.notebook import ROOT

DOCS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
# A path names something in the repository when it starts with one of its folders or files.
TOP_FOLDERS = ("labs", "utils", "tests", "data", "images", "docs", "LICENSES", ".ci")
TOP_FILES = ("README.md", "CONTRIBUTING.md", "LICENSE", "conftest.py", "pytest.ini", "ruff.toml",
             "requirements.txt", "requirements.lock", "requirements-teacher.txt",
             "requirements-colab.txt")
# Written by the tests and the lanes when they run, ignored by git (.gitignore): not in a clone.
GENERATED = ("tests/artifacts/",)
README_MAX_LINES = 200
SETUP_COMMANDS = ("python3 -m utils lab     # first time: creates .venv and installs "
                  "requirements.txt; then opens JupyterLab on labs/",
                  "python3 -m utils test    # same environment; runs every unit test and "
                  "re-executes every lab with nbval")

FENCE = re.compile(r"^ *(`{3,}|~{3,})[^\n]*\n(.*?)^ *\1[ \t]*$", re.M | re.S)
INLINE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
LINK = re.compile(r"\]\(([^)\s]+)\)")
COLAB = re.compile(r"https://colab\.research\.google\.com/github/([^\s)\]>\"'`]+)")


def rel(path) -> str:
    return path.relative_to(ROOT).as_posix()


def code_spans(markdown: str) -> list[str]:
    """The text of every fenced block and every inline code span."""
    fenced = [m.group(2) for m in FENCE.finditer(markdown)]
    prose = FENCE.sub("", markdown)
    return fenced + [m.group(2) for m in INLINE.finditer(prose)]


def without_code(markdown: str) -> str:
    """The Markdown with its fenced blocks and inline code removed (links inside code are text)."""
    return INLINE.sub("", FENCE.sub("", markdown))


def repository_paths(code: str) -> list[str]:
    """The words of a code span that name a path in the repository."""
    words = re.split(r"[\s,;()\"'=|]+", code)
    found = []
    for word in words:
        word = word.rstrip(".:")
        if word in TOP_FILES or (word.split("/")[0] in TOP_FOLDERS and "/" in word):
            found.append(word)
    return found


def as_glob(path: str) -> str:
    """A documented path as a glob: ``NN`` is a lab's two digits, ``<...>`` any part."""
    pattern = re.sub(r"<[^>]+>", "*", path)
    return pattern.replace("NN", "[0-9][0-9]")


def exists(path: str) -> bool:
    if path.startswith(GENERATED):
        return True
    return bool(glob.glob(as_glob(path), root_dir=ROOT))


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(markdown: str) -> set[str]:
    """The anchors of a Markdown file's headings (a repeated heading gets -1, -2, ...)."""
    seen: dict[str, int] = {}
    found = set()
    for match in re.finditer(r"^#{1,6} +(.+?) *#*$", FENCE.sub("", markdown), re.M):
        base = slug(match.group(1))
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def broken_links(doc) -> list[str]:
    """The relative links of ``doc`` whose file, folder or heading does not exist."""
    text = doc.read_text(encoding="utf-8")
    broken = []
    for target in LINK.findall(without_code(text)):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):          # https:, mailto:
            continue
        name, _, anchor = target.partition("#")
        path = (doc.parent / name).resolve() if name else doc
        if not path.exists():
            broken.append(f"{target} (no {name})")
        elif anchor and path.suffix == ".md" and \
                anchor not in anchors(path.read_text(encoding="utf-8")):
            broken.append(f"{target} (no heading #{anchor} in {path.name})")
    return broken


def test_the_documentation_files_are_there():
    names = [rel(doc) for doc in DOCS]
    assert {"README.md", "CONTRIBUTING.md", "docs/teaching.md", "docs/testing.md"} <= set(names)


@pytest.mark.parametrize("doc", DOCS, ids=rel)
def test_every_path_in_backticks_exists(doc):
    paths = [p for code in code_spans(doc.read_text(encoding="utf-8"))
             for p in repository_paths(code)]
    missing = sorted({p for p in paths if not exists(p)})
    assert not missing, f"{rel(doc)} names paths that do not exist: {missing}"


@pytest.mark.parametrize("doc", DOCS, ids=rel)
def test_every_relative_link_resolves(doc):
    broken = broken_links(doc)
    assert not broken, f"{rel(doc)} has broken links: {broken}"


@pytest.mark.parametrize("doc", DOCS, ids=rel)
def test_every_colab_address_opens_a_notebook_of_this_repository(doc):
    slug_ = REPO_URL.removeprefix("https://github.com/")
    for target in COLAB.findall(doc.read_text(encoding="utf-8")):
        target = target.rstrip(".,;:")
        assert target.startswith(f"{slug_}/blob/"), \
            f"{rel(doc)}: the Colab address {target} is not for {slug_} (utils/lab_setup.py)"
        path = target.split("/blob/", 1)[1].split("/", 1)[1]
        assert (ROOT / path).is_file(), f"{rel(doc)}: the Colab address opens a missing {path}"


def test_the_readme_is_a_short_page_for_learners():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = text.count("\n")
    assert lines <= README_MAX_LINES, \
        f"README.md has {lines} lines; keep it for learners (at most {README_MAX_LINES}): " \
        "teachers' material goes in docs/teaching.md, contributors' in CONTRIBUTING.md"
    fenced = "\n".join(m.group(2) for m in FENCE.finditer(text))
    for command in SETUP_COMMANDS:
        assert command in fenced.splitlines(), f"the README's set-up command changed: {command}"
    links = set(LINK.findall(text))
    for page in ("CONTRIBUTING.md", "docs/teaching.md", "docs/testing.md"):
        assert any(link.split("#")[0] == page for link in links), f"the README must link {page}"


# --- the helpers above find what they should ---------------------------------------------------

def test_code_spans_and_repository_paths():
    markdown = ("See `utils/notebook.py` and ``a `tick` labs/x``.\n\n```bash\n"
                "python3 -m utils run labs/01_a.ipynb  # README.md\n```\n")
    spans = code_spans(markdown)
    assert "python3 -m utils run labs/01_a.ipynb  # README.md\n" in spans
    assert "utils/notebook.py" in spans and "a `tick` labs/x" in spans
    assert [p for s in spans for p in repository_paths(s)] == \
        ["labs/01_a.ipynb", "README.md", "utils/notebook.py", "labs/x"]
    assert repository_paths(".venv/ gradebook/ `python3` labs utils.notebook") == []


def test_patterns_and_missing_paths():
    assert as_glob("utils/labs/labNN/checks.py") == "utils/labs/lab[0-9][0-9]/checks.py"
    assert as_glob("labs/NN_<name>.ipynb") == "labs/[0-9][0-9]_*.ipynb"
    assert exists("utils/labs/labNN/checks.py") and exists("labs/learner/")
    assert exists("tests/artifacts/browser/")          # generated: not in a clone
    assert not exists("utils/lanes.py") and not exists("tests/wrong_solutions/")


def test_anchors_and_broken_links(tmp_path):
    assert slug("The practice lab (lab 5): what it achieves") == \
        "the-practice-lab-lab-5-what-it-achieves"
    assert slug("To change X, edit Y, then run Z") == "to-change-x-edit-y-then-run-z"
    assert slug("The `setup` cell") == "the-setup-cell"
    assert anchors("# A\n## B b\n```\n# not a heading\n```\n## B b\n") == {"a", "b-b", "b-b-1"}
    (tmp_path / "other.md").write_text("# Other\n## Run times\n")
    doc = tmp_path / "doc.md"
    doc.write_text("# Doc\n[a](other.md#run-times) [b](other.md#gone) [c](missing.md) "
                   "[d](#doc) [e](#nope) [f](https://example.org/x) `[g](inline.md)`\n")
    assert broken_links(doc) == ["other.md#gone (no heading #gone in other.md)",
                                 "missing.md (no missing.md)", "#nope (no heading #nope in doc.md)"]
