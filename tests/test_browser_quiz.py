"""The four practice quizzes in JupyterLab in headless Chromium, answered as a learner would.

A small notebook, written into a copy of the repository, holds the setup cell and one cell per
quiz. The test runs it, then answers every question of every quiz once wrongly and once rightly
through the page (letter buttons, toggles and Check, a typed number and Enter) and waits each
time for the feedback line to say so; it checks the scores, a reset, that the quiz's text
version is hidden where the widget renders, and everything tests/browser_support.py counts as
a problem (errors in callbacks, tracebacks, widgets that did not render, console errors).
Skips without Chromium or playwright, like tests/test_browser.py (fails instead with CI=true).
"""
from __future__ import annotations

import os
import re
import time

import nbformat
import pytest

from browser_support import (VIEWPORT, JupyterLabServer, LabRun, copy_repository, find_chromium,
                             launch_chromium)
from utils.lab_setup import ROOT, SETUP_CELL
from utils.quiz import QUIZ_DIR, load

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = ROOT / "tests" / "artifacts" / "browser"
QUIZZES = [p.stem for p in sorted(QUIZ_DIR.glob("*.yaml"))]
NOTEBOOK = "labs/quiz_browser_check.ipynb"
WRONG = re.compile(r"Not quite|Partly right")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A copy of the repository with the quiz notebook in it, served by JupyterLab."""
    if find_chromium() is None:
        reason = "Chromium is not installed (set NN_LABS_CHROMIUM or install chromium)"
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail(reason)
        pytest.skip(reason)
    import playwright.sync_api  # noqa: F401  (pinned; imported here so the lanes, which leave
    #                                    the browser tests out, need not install it)
    base = tmp_path_factory.mktemp("quiz_browser")
    root = copy_repository(ROOT, base / "repo")
    cells = [nbformat.v4.new_code_cell(SETUP_CELL)]
    cells += [nbformat.v4.new_code_cell(f'from utils.quiz import Quiz\nQuiz("{name}")')
              for name in QUIZZES]
    nb = nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": {
        "name": "python3", "display_name": "Python 3", "language": "python"}})
    nbformat.write(nb, root / NOTEBOOK)
    server = JupyterLabServer(root, base / "state", ARTIFACTS / "jupyterlab-quiz-server.log")
    server.start()
    yield server
    server.stop()


def feedback_of(card) -> str:
    return card.locator(".widget-htmlmath").last.inner_text()


def wait_for(card, pattern, what: str, timeout: float = 20) -> str:
    """Wait until the card's feedback matches ``pattern`` (a regex, or "" for empty)."""
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        text = feedback_of(card).strip()
        if (pattern == "" and text == "") or (pattern and re.search(pattern, text)):
            return text
        card.page.wait_for_timeout(150)
    raise AssertionError(f"{what}: the feedback did not change as expected; it shows {text!r}")


def answer(card, q: dict, response) -> None:
    """Give ``response`` through the controls of ``card`` the way a learner does."""
    ids = [o["id"] for o in q["options"]]
    if q["kind"] == "single":
        card.locator(".widget-toggle-buttons button").nth(ids.index(response)).click()
    elif q["kind"] == "multiple":
        toggles = card.locator("button.widget-toggle-button")
        for i, oid in enumerate(ids):
            pressed = "mod-active" in (toggles.nth(i).get_attribute("class") or "")
            if pressed != (oid in response):
                toggles.nth(i).click()
        card.locator("button:text-is('Check')").click()
    else:
        box = card.locator("input[type=text]")
        box.fill(response)
        box.press("Enter")


def wrong_response(q: dict):
    first_wrong = next(iter(q["feedback"]))
    if q["kind"] == "numeric":
        return f"{first_wrong:g}"
    return first_wrong if q["kind"] == "single" else [first_wrong]


def right_response(q: dict):
    if q["kind"] == "numeric":
        return repr(q["answer"])
    return q["answer"][0] if q["kind"] == "single" else list(q["answer"])


def test_every_question_answered_wrongly_then_rightly_in_jupyterlab(served):
    from playwright.sync_api import sync_playwright
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright, find_chromium())
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        run = LabRun(page, served, NOTEBOOK, expected_cells=1 + len(QUIZZES))
        try:
            run.open()
            run.run_all(timeout=180)
            run.check_execution()
            assert not run.problems, run.problems
            quizzes = page.locator(".jp-Notebook .nn-quiz")
            quizzes.first.wait_for(timeout=60_000)
            assert quizzes.count() == len(QUIZZES)
            text_versions = page.locator(".jp-Notebook .nn-quiz-text")
            assert text_versions.count() == len(QUIZZES)
            assert not any(text_versions.nth(i).is_visible() for i in range(len(QUIZZES))), \
                "the quiz's text version stays visible next to the rendered widget"
            checked = 0
            for n, name in enumerate(QUIZZES):
                quiz, questions = quizzes.nth(n), load(name)
                cards = quiz.locator(".nn-quiz-question")
                assert cards.count() == len(questions)
                for i, q in enumerate(questions):
                    card = cards.nth(i)
                    card.scroll_into_view_if_needed()
                    what = f"{name}, question '{q['id']}'"
                    answer(card, q, wrong_response(q))
                    wait_for(card, WRONG, f"{what}, answered wrongly")
                    answer(card, q, right_response(q))
                    wait_for(card, r"^✔\s*Right\.", f"{what}, answered rightly")
                    checked += 1
                score = quiz.locator(".widget-html").last
                assert "Every answer is right" in score.inner_text(), score.inner_text()
            quiz = quizzes.first
            quiz.locator("button:text-is('Reset')").click()
            wait_for(quiz.locator(".nn-quiz-question").first, "", "after Reset")
            page.wait_for_timeout(500)
            assert "Score: 0 of" in quiz.locator(".widget-html").last.inner_text()
            run.check_page()
            run.screenshot(ARTIFACTS / "quizzes.png")
        finally:
            context.close()
            browser.close()
            served.shutdown_kernels()
    with open(ARTIFACTS / "timings.txt", "a", encoding="utf-8") as f:
        f.write(f"{NOTEBOOK}\t{time.monotonic() - start:.1f} s: {checked} questions answered "
                "wrongly and rightly\n")
    assert not run.problems, "problems a learner would see:\n- " + "\n- ".join(run.problems)
