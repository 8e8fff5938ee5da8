"""The book's Sphinx source folder, written from the stored, executed labs (nothing re-executed).

:func:`write_sources` fills ``build/book-src/``:

- ``labs/NN_name.ipynb``: each reference lab as stored, with what a page needs instead of a
  kernel (:func:`for_the_book`): the Colab button drawn from a file shipped with the site (not
  Colab's server), download links under it, the check cells folded behind their title (MyST-NB's
  ``hide-input`` tag, a ``<details>``), a line under every control saying that moving it needs
  the notebook, and the quiz cell's widget replaced by the page's own quiz
  (:mod:`utils.dev.book.quizzes`); the widget state keeps only the controls' models;
- ``downloads/``: the lab as stored and its learner version, for the download links;
- ``licences/``: the licence texts the landing page links;
- ``quizzes/``: the quiz files the pages were made from (the tests read them there);
- ``index.md``: the landing page (:mod:`utils.dev.book.landing`).
"""
from __future__ import annotations

import copy
import json
import pathlib
import re
import shutil

from utils.dev.book.landing import LICENCE_FILES, landing_page, licence_copy
from utils.dev.book.quizzes import quiz_html
from utils.lab_setup import CHECK_LABEL, colab_url, is_check_cell
from utils.notebook import QUIZ_DIR, ROOT, cell_source, learner_path, read, reference_labs

__all__ = ["write_sources", "for_the_book", "quiz_name", "widget_views", "reachable", "BADGE"]

BADGE = "_static/colab-badge.svg"       # the site's own button picture (static/colab-badge.svg)
COLAB_BADGE_MD = re.compile(r"\[!\[Open In Colab\]\([^)]*\)\]\(([^)\s]+)\)")
QUIZ_CALL = re.compile(r"""\bQuiz\(\s*["']([^"']+)["']\s*\)""")
VIEW = "application/vnd.jupyter.widget-view+json"
STATE = "application/vnd.jupyter.widget-state+json"
CONTROL_NOTE = ("The picture at the setting stored in the notebook. Moving the control redraws "
                "it only where the notebook runs:")


def colab_button(url: str, page_depth: int = 1) -> str:
    """The open-in-Colab button as HTML, its picture served by the site itself."""
    return (f'<a class="nn-book-colab" href="{url}"><img src="{"../" * page_depth}{BADGE}" '
            'alt="Open In Colab" width="117" height="20"></a>')


def quiz_name(cell: dict) -> str | None:
    """The quiz a code cell shows (``Quiz("name")``), or None."""
    if cell["cell_type"] != "code":
        return None
    found = QUIZ_CALL.search(cell_source(cell))
    return found.group(1) if found else None


def widget_views(cell: dict) -> list[str]:
    """The model ids of the widgets a code cell's outputs show."""
    return [o["data"][VIEW]["model_id"] for o in cell.get("outputs", [])
            if VIEW in o.get("data", {})]


def reachable(state: dict, roots: list[str]) -> set[str]:
    """The models ``roots`` show, with every model they refer to (children, layouts, styles)."""
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        mid = todo.pop()
        if mid in seen or mid not in state:
            continue
        seen.add(mid)
        for value in state[mid].get("state", {}).values():
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str) and item.startswith("IPY_MODEL_"):
                    todo.append(item[len("IPY_MODEL_"):])
    return seen


def _markdown_cell(text: str, cell_id: str) -> dict:
    return {"cell_type": "markdown", "id": cell_id, "metadata": {}, "source": text}


def _html_output(markup: str) -> dict:
    return {"output_type": "display_data", "metadata": {}, "data": {"text/html": markup}}


def _downloads(rel: str, has_learner: bool) -> dict:
    name = pathlib.PurePosixPath(rel).name
    links = [f"{{download}}`the notebook with the solutions <../downloads/{name}>`"]
    if has_learner:
        links.append(f"{{download}}`its learner version, whose exercises are blank "
                     f"<../downloads/learner/{name}>`")
    return _markdown_cell("To run it on your own machine "
                          "([how to run the labs](../index.md#How-to-run-the-labs)), download "
                          + " or ".join(links) + ".", "nn-book-downloads")


def _fold_check(cell: dict) -> None:
    title = cell_source(cell).splitlines()[0][len(CHECK_LABEL):].strip()
    meta = cell.setdefault("metadata", {})
    tags = meta.setdefault("tags", [])
    tags.append("hide-input")
    meta["mystnb"] = {"code_prompt_show": f"Check: {title}", "code_prompt_hide": "Hide the check"}


def _note_controls(cell: dict, url: str) -> None:
    note = (f'<p class="nn-book-control-note">{CONTROL_NOTE} {colab_button(url)}</p>')
    cell["outputs"].append(_html_output(note))


def _show_quiz(cell: dict, quiz: pathlib.Path) -> None:
    cell["outputs"] = [_html_output(quiz_html(quiz))]
    cell["metadata"].setdefault("tags", []).append("remove-input")


def for_the_book(nb: dict, rel: str, has_learner: bool,
                 quiz_dir: pathlib.Path = QUIZ_DIR) -> dict:
    """A copy of the stored lab ``nb`` (repository path ``rel``) made for a page, its quiz read
    from ``quiz_dir``: see the module docstring. ValueError if the lab has no Colab button to
    put the downloads under."""
    nb = copy.deepcopy(nb)
    url = colab_url(rel)
    cells, kept_views, badge_seen = [], [], False
    for cell in nb["cells"]:
        cells.append(cell)
        source = cell_source(cell)
        if cell["cell_type"] == "markdown" and COLAB_BADGE_MD.search(source):
            cell["source"] = COLAB_BADGE_MD.sub(lambda m: colab_button(m.group(1)), source)
            cells.append(_downloads(rel, has_learner))
            badge_seen = True
        elif is_check_cell(cell):
            _fold_check(cell)
        elif quiz_name(cell):
            _show_quiz(cell, pathlib.Path(quiz_dir) / f"{quiz_name(cell)}.yaml")
        elif widget_views(cell):
            kept_views += widget_views(cell)
            _note_controls(cell, url)
    if not badge_seen:
        raise ValueError(f"{rel} has no open-in-Colab button ([![Open In Colab](...)](...)); "
                         "python3 -m utils sync writes one.")
    if nb.get("nbformat_minor", 0) < 5:       # cell ids came with nbformat 4.5
        for cell in cells:
            cell.pop("id", None)
    nb["cells"] = cells
    widgets = nb.get("metadata", {}).get("widgets", {}).get(STATE)
    if widgets:
        keep = reachable(widgets["state"], kept_views)
        widgets["state"] = {mid: m for mid, m in widgets["state"].items() if mid in keep}
    return nb


def _write_json(path: pathlib.Path, nb: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def write_sources(dest: pathlib.Path, root: pathlib.Path = ROOT) -> list[pathlib.Path]:
    """Write the book's source folder ``dest`` (emptied first) from the labs in ``root``;
    return the reference labs it holds, in order."""
    dest = pathlib.Path(dest)
    if dest.exists():
        shutil.rmtree(dest)
    labs = reference_labs(root)
    if not labs:
        raise FileNotFoundError(f"no lab notebooks in {root / 'labs'}: nothing to build.")
    shutil.copytree(root / QUIZ_DIR.relative_to(ROOT), dest / "quizzes")   # as built from
    quizzes = {}
    for path in labs:
        rel = path.relative_to(root).as_posix()
        learner = learner_path(path)
        nb = read(path)
        quizzes.update({quiz_name(c): path for c in nb["cells"] if quiz_name(c)})
        _write_json(dest / "labs" / path.name,
                    for_the_book(nb, rel, learner.is_file(), dest / "quizzes"))
        (dest / "downloads" / "learner").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest / "downloads" / path.name)
        if learner.is_file():
            shutil.copyfile(learner, dest / "downloads" / "learner" / path.name)
    for licence, _what, _label in LICENCE_FILES:
        (dest / licence_copy(licence)).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / licence, dest / licence_copy(licence))
    (dest / "index.md").write_text(landing_page(labs, quizzes, root, dest / "quizzes"),
                                   encoding="utf-8")
    return labs
