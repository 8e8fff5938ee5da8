"""utils/dev/book/: the book's sources, quizzes and landing page, without Sphinx or a browser.

The build itself (in .venv-book, with no network) and every page in headless Chromium are
tests/test_book_browser.py.
"""
from __future__ import annotations

import copy
import fnmatch
import json
import re

import pytest

from utils.dev.book import build as book_build
from utils.dev.book.anchors import jupyter_anchor
from utils.dev.book.landing import LICENCE_FILES, lab_table, licence_copy
from utils.dev.book.quizzes import MAX_MULTIPLE_OPTIONS, quiz_data, quiz_html
from utils.dev.book.sources import (BADGE, STATE, for_the_book, quiz_name, reachable,
                                    widget_views, write_sources)
from utils.lab_setup import CHECK_LABEL, colab_url, is_check_cell
from utils.notebook import (QUIZ_DIR, ROOT, cell_source, headings, learner_path, read,
                            reference_labs, title)
from utils.quiz import read_quiz
from utils.quiz.grading import grade, parse_number
from utils.quiz.text import to_html
from utils.quiz.widget import feedback_html, score_text

LABS = reference_labs()
QUIZZES = sorted(p.stem for p in QUIZ_DIR.glob("*.yaml"))
SCRIPT = re.compile(r"<script\b.*?</script>", re.S)


def rel(path) -> str:
    return path.relative_to(ROOT).as_posix()


def strings(data) -> list[str]:
    """Every text in a JSON value."""
    if isinstance(data, str):
        return [data]
    items = data.values() if isinstance(data, dict) else data if isinstance(data, list) else []
    return [text for item in items for text in strings(item)]


# --- quizzes ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", QUIZZES)
def test_the_quiz_page_shows_no_answer_until_asked(name):
    page = quiz_html(name)
    visible = SCRIPT.sub("", page)
    data = "\n".join(strings(json.loads(re.search(r"<script[^>]*>(.*?)</script>", page,
                                                    re.S).group(1))))
    _title, questions = read_quiz(name)
    for q in questions:
        secrets = [to_html(q["explanation"]), *(to_html(t) for t in q["feedback"].values())]
        for secret in secrets:
            body = secret.removeprefix("<p>").removesuffix("</p>")
            assert body not in visible, f"{name}/{q['id']}: an answer is on the page: {body[:80]}"
            assert body in data, f"{name}/{q['id']}: the quiz data lacks {body[:80]}"
        assert f'data-kind="{q["kind"]}"' in visible
    assert visible.count('class="nn-book-question"') == len(questions)


@pytest.mark.parametrize("name", QUIZZES)
def test_choice_feedback_is_the_widgets_for_every_answer(name):
    _title, questions = read_quiz(name)
    for q, item in zip(questions, quiz_data(name)["questions"]):
        if q["kind"] == "numeric":
            continue
        ids = [o["id"] for o in q["options"]]
        assert item["options"] == ids
        expected = len(ids) if q["kind"] == "single" else 2 ** len(ids) - 1
        assert len(item["responses"]) == expected
        for key, shown in item["responses"].items():
            response = key if q["kind"] == "single" else key.split(",")
            correct, text = grade(q, response)
            assert shown == {"result": correct, "html": feedback_html(correct, text)}
            assert key.split(",") == [i for i in ids if i in key.split(",")], "option order"


def fill_as_quiz_js(frame: str, value: float, answer: float, typical: list[str]) -> str:
    """What static/quiz.js does with a wrong number's frame (its browser test holds the two
    equal): the number as Python's :g, the side, the typical mistakes it matches."""
    side = "too high" if value > answer else "too low"
    return (frame.replace("@@VALUE@@", f"{value:g}").replace("@@SIDE@@", side)
            .replace("<p>@@TYPICAL@@</p>", "".join(typical)))


@pytest.mark.parametrize("name", QUIZZES)
def test_a_wrong_numbers_frame_gives_the_widgets_feedback(name):
    data = quiz_data(name)
    _title, questions = read_quiz(name)
    for q, item in zip(questions, data["questions"]):
        if q["kind"] != "numeric":
            continue
        right = feedback_html(True, grade(q, q["answer"])[1])
        assert item["right"] == {"result": True, "html": right}
        for marker in ("@@VALUE@@", "@@SIDE@@", "<p>@@TYPICAL@@</p>"):
            assert item["wrong"].count(marker) == 1, marker
        for value in [*q["feedback"], q["answer"] * 3 + 7, -q["answer"] - 1]:
            typical = [html for wrong, html in item["typical"] if wrong == value]
            assert fill_as_quiz_js(item["wrong"], value, q["answer"], typical) == \
                feedback_html(False, grade(q, value)[1]), f"{name}/{q['id']} at {value}"
    for kind, typed in {"comma": "2,5", "percent": "40%", "not_a_number": "two",
                        "not_finite": "-inf"}.items():
        assert data["problems"][kind].replace("@@TEXT@@", typed) == \
            feedback_html(None, parse_number(typed)[1]), kind


@pytest.mark.parametrize("name", QUIZZES)
def test_the_score_line_is_the_widgets_for_every_count(name):
    data = quiz_data(name)
    n = len(data["questions"])
    assert len(data["scores"]) == (n + 1) * (n + 2) // 2
    assert data["scores"]["0,0"] == score_text([None] * n)
    assert data["scores"][f"{n},0"] == score_text([True] * n)
    assert data["scores"]["1,2"] == score_text([True, False, False] + [None] * (n - 3))


def test_a_multiple_choice_question_with_too_many_options_is_refused(tmp_path):
    options = "\n".join(f"      - {{id: o{i}, text: option {i}}}" for i in range(7))
    feedback = "\n".join(f"      o{i}: wrong {i}" for i in range(1, 7))
    quiz = tmp_path / "big.yaml"
    quiz.write_text("title: Big\nquestions:\n  - id: many\n    kind: multiple\n"
                    "    question: Which?\n    options:\n" + options + "\n    answer: [o0]\n"
                    "    explanation: Because.\n    feedback:\n" + feedback + "\n"
                    "    see: {lab: 01_tensorflow_training.ipynb, heading: The three steps}\n")
    assert MAX_MULTIPLE_OPTIONS < 7
    with pytest.raises(ValueError, match="at most 6 options"):
        quiz_data(quiz)


# --- the notebooks as the book shows them -------------------------------------------------------

@pytest.fixture(scope="module", params=LABS, ids=lambda p: p.name)
def lab(request):
    path = request.param
    stored = read(path)
    before = copy.deepcopy(stored)
    book = for_the_book(stored, rel(path), learner_path(path).is_file())
    assert stored == before, "for_the_book changed the stored notebook"
    return path, stored, book


def test_the_colab_button_and_downloads_are_the_sites_own(lab):
    path, _stored, book = lab
    markdown = [cell_source(c) for c in book["cells"] if c["cell_type"] == "markdown"]
    assert not any("colab.research.google.com/assets" in m for m in markdown)
    button = next(i for i, m in enumerate(markdown) if BADGE in m)
    assert colab_url(rel(path)) in markdown[button]
    downloads = markdown[button + 1]
    assert f"<../downloads/{path.name}>" in downloads
    assert (f"<../downloads/learner/{path.name}>" in downloads) == learner_path(path).is_file()


def test_check_cells_fold_behind_their_title(lab):
    _path, stored, book = lab
    checks = [c for c in book["cells"] if is_check_cell(c)]
    assert len(checks) == sum(is_check_cell(c) for c in stored["cells"]) > 0
    for cell in checks:
        first = cell_source(cell).splitlines()[0]
        assert "hide-input" in cell["metadata"]["tags"]
        assert cell["metadata"]["mystnb"]["code_prompt_show"] == \
            "Check: " + first[len(CHECK_LABEL):].strip()


def test_quizzes_become_the_pages_and_controls_keep_their_state(lab):
    _path, stored, book = lab
    quiz_cells = [c for c in book["cells"] if quiz_name(c)]
    assert len(quiz_cells) == sum(bool(quiz_name(c)) for c in stored["cells"])
    for cell in quiz_cells:
        assert not widget_views(cell) and "remove-input" in cell["metadata"]["tags"]
        assert [list(o["data"]) for o in cell["outputs"]] == [["text/html"]]
        assert 'class="nn-book-quiz' in cell["outputs"][0]["data"]["text/html"]
    controls = [c for c in book["cells"] if widget_views(c)]
    assert len(controls) == sum(bool(widget_views(c)) and not quiz_name(c)
                                for c in stored["cells"])
    for cell in controls:
        assert "nn-book-control-note" in cell["outputs"][-1]["data"]["text/html"]
    if controls:
        stored_state = stored["metadata"]["widgets"][STATE]["state"]
        kept = [v for c in controls for v in widget_views(c)]
        assert set(book["metadata"]["widgets"][STATE]["state"]) == reachable(stored_state, kept)
        assert set(kept) <= set(stored_state), "a control's model is missing from the state"
    for cell in stored["cells"]:
        if quiz_name(cell) and widget_views(cell) and controls:
            quiz_models = reachable(stored["metadata"]["widgets"][STATE]["state"],
                                    widget_views(cell))
            assert not quiz_models & set(book["metadata"]["widgets"][STATE]["state"])


def test_a_lab_without_a_colab_button_is_refused():
    nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": "# Lab 99: x"}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    with pytest.raises(ValueError, match="no open-in-Colab button"):
        for_the_book(nb, "labs/99_x.ipynb", False)


@pytest.mark.parametrize("path", LABS, ids=lambda p: p.name)
def test_every_section_link_of_a_lab_names_one_of_its_headings(path):
    """The labs link their sections with JupyterLab's anchors; conf.py makes them the pages'."""
    nb = read(path)
    anchors = {jupyter_anchor(h) for h in headings(nb)}
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            for anchor in re.findall(r"\]\(#([^)\s]+)\)", cell_source(cell)):
                assert anchor in anchors, f"{path.name}: a link to #{anchor}, no such heading"


# --- the source folder and the landing page -----------------------------------------------------

def test_write_sources_writes_every_lab_its_downloads_and_the_landing_page(tmp_path):
    labs = write_sources(tmp_path / "src")
    src = tmp_path / "src"
    assert labs == LABS
    for path in LABS:
        assert (src / "labs" / path.name).is_file()
        assert (src / "downloads" / path.name).read_bytes() == path.read_bytes()
        learner = learner_path(path)
        if learner.is_file():
            assert (src / "downloads" / "learner" / path.name).read_bytes() == learner.read_bytes()
    for licence, _what, _label in LICENCE_FILES:
        assert (src / licence_copy(licence)).read_bytes() == (ROOT / licence).read_bytes()
    landing = (src / "index.md").read_text(encoding="utf-8")
    table = lab_table(ROOT / "README.md")
    for path in LABS:
        assert f"**[{title(read(path))}]({rel(path)})**, {table[rel(path)]['run_time']}" in landing
        assert f"labs/{path.stem}" in landing.split("```{toctree}")[1]
    for name in QUIZZES:
        assert read_quiz(name)[0] in landing
        assert (src / "quizzes" / f"{name}.yaml").read_bytes() == \
            (QUIZ_DIR / f"{name}.yaml").read_bytes()
    assert "#Practice-quiz" in landing and "## Licence" in landing


def test_the_readme_table_gives_every_lab_a_run_time(tmp_path):
    table = lab_table(ROOT / "README.md")
    assert set(table) == {rel(p) for p in LABS}
    assert all(re.fullmatch(r"\d+(\.\d+)? s", row["run_time"]) for row in table.values())
    readme = tmp_path / "README.md"
    readme.write_text("| 1 | [A](labs/01_a.ipynb) | topics | 3 s (1.0×) | x |\n")
    assert lab_table(readme) == {"labs/01_a.ipynb": {"topics": "topics", "run_time": "3 s"}}


def test_the_book_environment_is_made_once_and_checked(tmp_path):
    with pytest.raises(RuntimeError, match="python3 -m utils book --env"):
        book_build.book_environment(install=False, venv=tmp_path / "venv")
    python = tmp_path / "venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text("")
    (tmp_path / "venv" / "requirements-book.sha256").write_text("old\n")
    with pytest.raises(RuntimeError, match="older than requirements-book.txt"):
        book_build.book_environment(install=False, venv=tmp_path / "venv")
    (tmp_path / "venv" / "requirements-book.sha256").write_text(book_build.book_stamp() + "\n")
    assert book_build.book_environment(install=False, venv=tmp_path / "venv") == python
    command = book_build.sphinx_command(python, tmp_path)
    assert "-W" in command and str(book_build.CONF_DIR) in command


def test_requirements_book_pins_everything_and_shares_the_labs_pins():
    pins = {}
    for line in (ROOT / "requirements-book.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"requirements-book.txt: {line!r} is not pinned"
            pins.setdefault(name.lower(), set()).add(version.split(";")[0].strip())
    for direct in ("sphinx", "myst-nb", "myst-parser", "sphinx-book-theme", "pydata-sphinx-theme"):
        assert len(pins[direct]) == 1, f"{direct}: one version on every Python"
    labs = (ROOT / "requirements.txt").read_text().splitlines()
    for shared in ("ipywidgets", "pyyaml"):
        assert [f"{shared}=={v}" for v in pins[shared]] == \
            [line.split("#")[0].strip() for line in labs if line.startswith(f"{shared}==")]
    assert "sphinx" not in (ROOT / "requirements.txt").read_text().lower()


def test_every_vendored_file_is_listed_with_its_licence():
    vendor = book_build.CONF_DIR / "static" / "vendor"
    listing = (vendor / "README.md").read_text(encoding="utf-8")
    patterns = re.findall(r"`([^`]+)`", listing)
    for path in vendor.rglob("*"):
        name = path.relative_to(vendor).as_posix()
        if path.is_file() and name != "README.md":
            assert any(fnmatch.fnmatchcase(name, p) for p in patterns), \
                f"{name} is not listed in static/vendor/README.md"
    for package in (p for p in vendor.iterdir() if p.is_dir()):
        assert (package / "LICENSE").is_file(), f"{package.name}/ has no LICENSE file"
