"""The book built and read as a reader reads it (utils/dev/book/, docs/book.md).

The site is built once for the session (in a temporary folder, by ``.venv-book``, with no
network when the suite runs under ``python3 -m utils test``), served from 127.0.0.1, and every
lab's page opened in headless Chromium (Debian's package, as tests/test_browser.py). A page
fails on a JavaScript error, a failed request or a request to another host (aborted and
reported), an image that does not load or has no alt text, a control not drawn from its stored
state (its picture, its sliders' values), a folded check cell or hint that is not folded. Each
quiz is answered wrongly then rightly, question by question: the feedback and the score must
change as in the notebook, Reset must clear them, and quiz.js must grade typed numbers exactly as
``utils.quiz.grade`` does. The search must find lab 09.

Screenshots and the build's time and size go to ``tests/artifacts/book/`` (git-ignored). Without
Chromium or ``.venv-book`` the tests skip with the reason; with ``CI=true`` that is a failure.
"""
from __future__ import annotations

import functools
import html.parser
import http.server
import os
import re
import threading

import pytest

from browser_support import EXTERNAL_URL, VIEWPORT, find_chromium, launch_chromium
from utils.dev.book.build import book_environment, build
from utils.dev.book.sources import STATE, quiz_name, widget_views
from utils.lab_setup import colab_url, is_check_cell
from utils.notebook import ROOT, cell_source, read, reference_labs
from utils.quiz import grade, read_quiz
from utils.quiz.grading import parse_number
from utils.quiz.widget import feedback_html, score_text

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("book")]

ARTIFACTS = ROOT / "tests" / "artifacts" / "book"
LABS = reference_labs()
QUIZ_LABS = [p for p in LABS if any(quiz_name(c) for c in read(p)["cells"])]
SEARCH = ("backpropagation", "labs/09_backpropagation.html")   # a term of lab 09, its page
SLIDERS = ("FloatSliderModel", "IntSliderModel", "FloatLogSliderModel")
TAGS = re.compile(r"<[^>]+>")


def rel(path) -> str:
    return path.relative_to(ROOT).as_posix()


def skip_or_fail(message: str):
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        pytest.fail(message + " (CI=true: a failure, not a skip)")
    pytest.skip(message)


# --- the build ----------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The book, built once: (its folder, build()'s report, the sources it was built from). The
    pages are checked against those sources, not against labs/ as it is later in the session."""
    try:
        python = book_environment(install=False)
    except RuntimeError as exc:
        skip_or_fail(f"the book's environment is missing: {exc}")
    tmp = tmp_path_factory.mktemp("book")
    report = build(out=tmp / "book", work=tmp / "work", python=python)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    network = "no network" if os.environ.get("NN_LABS_OFFLINE") == "1" else "the network up"
    (ARTIFACTS / "build.txt").write_text(
        f"built in {report['seconds']:.1f} s ({report['sources_seconds']:.1f} s sources) with "
        f"{network}, {os.cpu_count()} CPUs: {report['pages']} pages, {report['files']} files, "
        f"{report['bytes'] / 1e6:.1f} MB\n", encoding="utf-8")
    return tmp / "book", report, tmp / "work" / "src"


class Loads(html.parser.HTMLParser):
    """What a page makes the browser load (not the links it only offers), and its images."""
    SOURCES = {"script": "src", "img": "src", "iframe": "src", "source": "src", "audio": "src",
               "video": "src", "embed": "src", "object": "data"}
    LINKED = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest"}

    def __init__(self):
        super().__init__()
        self.loads, self.images = [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get(self.SOURCES.get(tag, "")):
            self.loads.append(a[self.SOURCES[tag]])
        if tag == "link" and set((a.get("rel") or "").split()) & self.LINKED:
            self.loads.append(a.get("href") or "")
        if tag == "img":
            self.images.append(a)


def test_the_book_builds_offline_with_nothing_from_another_host(site):
    out, report, _src = site
    pages = {rel_page.relative_to(out).as_posix(): rel_page for rel_page in out.rglob("*.html")}
    assert {"index.html", "search.html", *(f"labs/{p.stem}.html" for p in LABS)} <= set(pages)
    assert report["pages"] == len(LABS) + 1 and (out / "searchindex.js").is_file()
    off_host = re.compile(r"^(https?:)?//")
    for name, page in pages.items():
        parsed = Loads()
        parsed.feed(page.read_text(encoding="utf-8"))
        assert not [u for u in parsed.loads if off_host.match(u)], f"{name} loads from another host"
        assert all((img.get("alt") or "").strip() for img in parsed.images), \
            f"{name}: an img without alt text"
    for css in out.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        assert not re.search(r"(url\(\s*['\"]?|@import\s+['\"])(https?:)?//", text), css.name


def test_every_lab_page_offers_its_notebook_and_learner_version(site):
    out, _report, src = site
    for path in LABS:
        page = (out / "labs" / f"{path.stem}.html").read_text(encoding="utf-8")
        links = sorted(set(re.findall(r'href="\.\./(_downloads/[^"]+)"', page)))
        learner = src / "downloads" / "learner" / path.name
        wanted = [src / "downloads" / path.name] + ([learner] if learner.is_file() else [])
        assert len([link for link in links if link.endswith(path.name)]) == len(wanted), links
        served = sorted((out / link).read_bytes() for link in links if link.endswith(path.name))
        assert served == sorted(p.read_bytes() for p in wanted)
        assert f'href="{colab_url(rel(path))}"' in page


# --- the pages in a browser ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def served(site):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site[0])))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser(site):
    path = find_chromium()
    if path is None:
        skip_or_fail("Chromium is not installed (sudo apt-get install chromium, or set "
                     "NN_LABS_CHROMIUM)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("the Python package playwright is missing (requirements.txt)")
    with sync_playwright() as playwright:
        chrome = launch_chromium(playwright, path)
        yield chrome
        chrome.close()


class Reader:
    """One page in a fresh browser context, and every problem a reader would meet on it."""

    def __init__(self, browser, url: str):
        self.context = browser.new_context(viewport=VIEWPORT)
        self.page = page = self.context.new_page()
        self.problems: list[str] = []
        page.on("console", lambda m: self.problems.append(f"console error: {m.text}")
                if m.type == "error" else None)
        page.on("pageerror", lambda e: self.problems.append(f"JavaScript error: {e}"))
        page.on("response", lambda r: self.problems.append(f"HTTP {r.status}: {r.url}")
                if r.status >= 400 else None)
        page.route(EXTERNAL_URL, self._off_host)
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")

    def _off_host(self, route) -> None:
        self.problems.append(f"a request to another host: {route.request.url}")
        route.abort()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def reader(browser, served):
    opened = []

    def open_page(page: str) -> Reader:
        opened.append(Reader(browser, served + page))
        return opened[-1]

    yield open_page
    for r in opened:
        r.close()


def stored_controls(book: dict) -> tuple[list[dict], dict]:
    """(the widget models of the lab's controls, by kind) as the book keeps them."""
    state = book["metadata"].get("widgets", {}).get(STATE, {}).get("state", {})
    models = list(state.values())
    return models, {name: [m["state"] for m in models if m["model_name"] == name]
                    for name in ("HTMLModel", "DropdownModel", *SLIDERS)}


def check_pictures(page, models: list[dict]) -> None:
    """Each control shows the picture stored with it, with its alt text."""
    for model in models:
        value = model["state"].get("value") if model["model_name"] == "HTMLModel" else ""
        for src, alt in re.findall(r'<img src="([^"]+)" alt="([^"]*)"', value or ""):
            shown = page.evaluate("""src => Array.from(document.querySelectorAll(
                '.widget-subarea img')).filter(i => i.getAttribute('src') === src)
                .map(i => i.alt)""", src)
            assert shown and all(a == html.unescape(alt) for a in shown), \
                f"a control's stored picture is not shown with its alt text: {alt[:60]}"


def close_to(text: str, value: float) -> bool:
    shown = float(text.replace("\u2212", "-"))
    if "e" in text.lower():
        return abs(shown - value) <= 1e-2 * abs(value)
    decimals = len(text.split(".")[1]) if "." in text else 0
    return abs(shown - value) <= 0.51 * 10 ** -decimals + 1e-12


def check_controls(page, by_kind: dict) -> None:
    """The sliders show their stored values, the drop-downs their stored choice."""
    stored = [s for kind in SLIDERS for s in by_kind[kind]]
    readouts = page.locator(".widget-subarea .widget-readout").all_inner_texts()
    assert len(readouts) == sum(s.get("readout", True) for s in stored), readouts
    for s in stored:
        assert any(close_to(t, s["value"]) for t in readouts), f"no slider shows {s['value']}"
    chosen = page.locator(".widget-subarea .widget-dropdown select").evaluate_all(
        "els => els.map(e => e.options[e.selectedIndex].text.replace(/\\u00a0/g, ' '))")
    assert sorted(chosen) == sorted(s["_options_labels"][s["index"]]
                                    for s in by_kind["DropdownModel"])


def check_folds(page, book: dict) -> None:
    """Check cells folded behind their title, hints collapsed; a check opens on a click."""
    checks = page.locator("article details.hide.above-input", has_text="Check:")
    assert checks.count() == sum(is_check_cell(c) for c in book["cells"])
    hints = sum(cell_source(c).count("<details>") for c in book["cells"]
                if c["cell_type"] == "markdown")
    assert page.locator("article details:not(.hide)").count() == hints
    assert not page.locator("article details[open]").count(), "something is unfolded on opening"
    if checks.count():
        checks.first.locator("summary").click()
        assert checks.first.locator("pre").first.is_visible()


@pytest.mark.parametrize("path", LABS, ids=lambda p: p.stem)
def test_a_lab_page_reads_as_the_notebook_stored_it(path, site, reader):
    book = read(site[2] / "labs" / path.name)       # the lab as the page was built from it
    views = [v for c in book["cells"] for v in widget_views(c)]
    r = reader(f"labs/{path.stem}.html")
    page = r.page
    page.wait_for_function("n => document.querySelectorAll('.widget-subarea').length >= n",
                           arg=len(views), timeout=30_000)
    models, by_kind = stored_controls(book)
    check_pictures(page, models)
    check_controls(page, by_kind)
    images = page.evaluate("() => Array.from(document.images).map(i => [i.complete && "
                           "i.naturalWidth > 0, i.alt, i.getAttribute('src').slice(0, 80)])")
    assert all(ok for ok, _alt, _src in images), [src for ok, _a, src in images if not ok]
    assert all(alt.strip() for _ok, alt, _src in images), "an image without alt text"
    notes = page.locator(".nn-book-control-note a.nn-book-colab")
    assert notes.count() == len([c for c in book["cells"] if widget_views(c)])
    assert all(h == colab_url(rel(path)) for h in notes.evaluate_all("a => a.map(e => e.href)"))
    assert page.locator("mjx-container").count() > 0, "no maths typeset"
    check_folds(page, book)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    if views:
        page.locator(".widget-subarea").first.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / f"{path.stem}_control.png"))
    assert not r.problems, f"{rel(path)}'s page:\n- " + "\n- ".join(r.problems)


# --- the quizzes and the search -----------------------------------------------------------------

def plain_runs(markdown: str) -> list[str]:
    """Stretches of a quiz text that read the same on the page (no maths, code or markup)."""
    return [run.strip() for run in re.split(r"\$[^$]*\$|`[^`]*`|\*+|[()\[\]{}_^\\]", markdown)
            if len(run.strip()) >= 20]


def responses(q: dict) -> tuple:
    """(a wrong answer, the right one) as a learner gives them: an option id, a list of option
    ids, or the typed text."""
    if q["kind"] == "numeric":
        wrong = next(iter(q["feedback"]), q["answer"] * 3 + 7)
        return f"{wrong:g}", repr(q["answer"])
    wrong = next(o["id"] for o in q["options"] if o["id"] not in q["answer"])
    return (wrong, q["answer"][0]) if q["kind"] == "single" else ([wrong], q["answer"])


def give(card, q: dict, response) -> None:
    """Answer through the page's controls, as a reader does."""
    if q["kind"] == "numeric":
        card.locator(".nn-book-entry").fill(response)
        card.locator(".nn-book-entry").press("Enter")
        return
    if q["kind"] == "single":
        card.locator(f'.nn-book-option[data-option="{response}"]').click()
        return
    for option in q["options"]:
        button = card.locator(f'.nn-book-option[data-option="{option["id"]}"]')
        if (button.get_attribute("aria-checked") == "true") != (option["id"] in response):
            button.click()
    card.locator(".nn-book-check").click()


def check_numbers_as_python_does(page, questions: list[dict]) -> None:
    """quiz.js's grading of typed numbers gives utils.quiz.grade's feedback, to the character."""
    for i, q in enumerate(questions):
        if q["kind"] != "numeric":
            continue
        texts = [repr(q["answer"]), *(f"{v:g}" for v in q["feedback"]), "abc", "1,5", "15%",
                 "inf", "", "  ", repr(q["answer"] * 1e7 + 1), repr(-q["answer"] - 1), "1e-7",
                 "1_000", "-0"]
        shown = page.evaluate("""([i, texts]) => {
            const data = document.querySelector('.nn-book-quiz').nnBookQuiz.data;
            return texts.map(t => window.nnBookQuiz.gradeNumber(data.questions[i], t,
                                                                  data.problems));
        }""", [i, texts])
        for text, got in zip(texts, shown):
            correct, feedback = grade(q, text)
            result = correct if parse_number(text)[0] is not None else None
            assert got == {"result": result, "html": feedback_html(result, feedback)}, \
                f"question {q['id']}, typed {text!r}"


@pytest.mark.parametrize("path", QUIZ_LABS, ids=lambda p: p.stem)
def test_the_quiz_works_on_the_page(path, site, reader):
    name = next(quiz_name(c) for c in read(site[2] / "labs" / path.name)["cells"] if quiz_name(c))
    _title, questions = read_quiz(site[2] / "quizzes" / f"{name}.yaml")    # as built from
    r = reader(f"labs/{path.stem}.html")
    quiz, page = r.page.locator(".nn-book-quiz"), r.page
    score = quiz.locator(".nn-book-score")
    secrets = [run for q in questions for run in plain_runs(q["explanation"])]
    assert secrets and not [s for s in secrets if s in quiz.inner_text()], \
        "an answer is in the quiz's text before any answer was given"
    results = [None] * len(questions)
    for i, q in enumerate(questions):
        card = quiz.locator(".nn-book-question").nth(i)
        for response, right in zip(responses(q), (False, True)):
            give(card, q, response)
            results[i] = right
            verdict = "Right." if right else ("Partly right." if q["kind"] == "multiple"
                                             and set(response) & set(q["answer"]) else "Not quite.")
            assert verdict in card.locator(".nn-book-feedback").inner_text(), (q["id"], response)
            assert score.inner_text() == TAGS.sub("", score_text(results)), (q["id"], response)
            if i == 0 and not right:
                card.scroll_into_view_if_needed()
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / f"{path.stem}_quiz.png"))
    assert any(s in quiz.inner_text() for s in secrets), "no explanation shown after answering"
    check_numbers_as_python_does(page, questions)
    quiz.locator(".nn-book-reset").click()
    assert score.inner_text() == TAGS.sub("", score_text([None] * len(questions)))
    assert not "".join(quiz.locator(".nn-book-feedback").all_inner_texts()).strip()
    assert not quiz.locator('[aria-checked="true"]').count()
    assert not "".join(quiz.locator(".nn-book-entry").evaluate_all("e => e.map(x => x.value)"))
    assert not r.problems, f"{rel(path)}'s quiz:\n- " + "\n- ".join(r.problems)


def test_search_finds_lab_09_offline_and_the_landing_page_lists_the_labs(reader):
    landing = reader("index.html")
    links = landing.page.locator("article a").evaluate_all(
        "a => a.map(e => e.getAttribute('href'))")
    assert [f"labs/{p.stem}.html" for p in LABS] == [h for h in dict.fromkeys(links)
                                                    if re.fullmatch(r"labs/\d\d_\w+\.html", h)]
    term, page_of_lab = SEARCH
    search = reader(f"search.html?q={term}")
    search.page.wait_for_selector("#search-results ul.search li", timeout=20_000)
    found = search.page.locator("#search-results ul.search li a").evaluate_all(
        "a => a.map(e => e.getAttribute('href'))")
    assert any(h.split("?")[0].split("#")[0].endswith(page_of_lab) for h in found), found
    search.page.screenshot(path=str(ARTIFACTS / "search.png"))
    assert not landing.problems + search.problems, landing.problems + search.problems
