"""Every lab in JupyterLab in a real browser, run and clicked as a learner would.

nbval runs a notebook in a bare kernel: it never renders a widget, and ipywidgets swallows an
exception raised inside a callback. This test starts JupyterLab (loopback port, random token,
isolated configuration, serving a copy of the repository), opens each notebook of ``labs/`` in
headless Chromium (Debian's ``chromium`` package, driven by ``playwright``), runs all cells from
the Run menu, moves the controls, and fails on anything a learner would see go wrong:

- an error output, or a traceback shown inside any output (widget outputs included), or an
  error the kernel reported while running a widget callback;
- a widget that did not render ("Error displaying widget", "Loading widget..." forever, or its
  text repr such as ``interactive(children=...`` instead of the control);
- a JavaScript error on the page (uncaught, or logged to the console), a failed request, a
  request to another host (the labs work offline; the Colab button's image gets a stand-in);
- a code cell left unexecuted;
- a text output of Run All that differs from the stored one (tests/output_compare.py: with
  nbval's run, this makes every lab executed twice in fresh kernels, both times as stored);
- a cell with controls none of which changes an output when moved, or a lab with widgets where
  no control changes anything.

ipykernel 7.0-7.2 sometimes leaves a request unread until another client connects
(https://github.com/ipython/ipykernel/issues/1554): cells wait at [*] behind an idle kernel.
The harness then opens a second connection (a learner would reopen the notebook), and the test
warns that it had to; it is not the lab's fault.

A screenshot of each lab after its run goes to ``tests/artifacts/browser/`` (git-ignored), with
``timings.txt`` (seconds per lab). Without Chromium the tests skip with the reason; with
``CI=true`` (set by ``.ci/run`` and CI services) a missing Chromium fails instead.
"""
from __future__ import annotations

import hashlib
import json
import os
import pathlib
import time
import warnings

import pytest

from browser_support import (VIEWPORT, JupyterLabServer, LabRun, copy_repository,
                             find_chromium, launch_chromium, strip_outputs)
from keyboard_support import keyboard_move
from output_compare import compare_with_stored, executions_from_messages
from utils.notebook import ROOT, cell_source, read, reference_labs

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "tests" / "artifacts" / "browser"
LABS = reference_labs()
RUN_TIMEOUT = float(os.environ.get("NN_LABS_BROWSER_TIMEOUT", "300"))   # seconds per lab


def rel(path: pathlib.Path) -> str:
    return path.relative_to(ROOT).as_posix()


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def sha256(path: pathlib.Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def code_cells_to_run(path: pathlib.Path) -> int:
    """Run All sends every code cell with source (JupyterLab skips blank ones)."""
    nb = read(path)
    return sum(1 for c in nb["cells"] if c["cell_type"] == "code" and cell_source(c).strip())


@pytest.fixture(scope="session")
def chromium() -> str:
    """Chromium's path; skips (locally) or fails (CI) when the browser or playwright is missing."""
    problems = []
    path = find_chromium()
    if path is None:
        problems.append("Chromium is not installed (Debian/Ubuntu: sudo apt-get install chromium; "
                        "or set NN_LABS_CHROMIUM to a Chromium executable)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problems.append("the Python package playwright is missing (pip install -r requirements.txt)")
    if problems:
        message = "browser tests need a browser: " + "; ".join(problems)
        if in_ci():
            pytest.fail(message + ". CI=true is set, so this is a failure, not a skip.")
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def jupyterlab(chromium, tmp_path_factory):
    """JupyterLab serving a copy of the repository (outside it), notebooks without outputs.
    Module scope: server and browser stop before nbval runs the labs in the same session."""
    started = time.monotonic()
    base = tmp_path_factory.mktemp("jupyterlab")
    served = copy_repository(ROOT, base / "repo")
    assert ROOT not in served.resolve().parents, "JupyterLab must serve a copy outside the repository"
    for path in LABS:
        strip_outputs(served / rel(path))
    server = JupyterLabServer(served, base / "state", ARTIFACTS / "jupyterlab-server.log")
    server.start()
    server.started = started
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser(chromium, jupyterlab):
    from playwright.sync_api import sync_playwright
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    timings = ARTIFACTS / "timings.txt"
    timings.write_text("", encoding="utf-8")
    with sync_playwright() as playwright:
        chrome = launch_chromium(playwright, chromium)
        yield chrome
        chrome.close()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    with open(timings, "a", encoding="utf-8") as f:
        f.write(f"all labs: {time.monotonic() - jupyterlab.started:.1f} s from copying the "
                f"repository and starting JupyterLab to the last lab, {os.cpu_count()} CPUs, "
                f"load average {load:.1f} at the end\n")


@pytest.mark.slow
@pytest.mark.parametrize("path", LABS, ids=rel)
def test_lab_in_jupyterlab(path, jupyterlab, browser):
    start = time.monotonic()
    served = jupyterlab.root / rel(path)
    served_before = sha256(served)
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    run = LabRun(page, jupyterlab, rel(path), expected_cells=code_cells_to_run(served))
    keyboard = {}
    shot = ARTIFACTS / f"{path.stem}.png"
    try:
        run.open()
        run_seconds = run.run_all(timeout=RUN_TIMEOUT)
        run.check_execution()
        if not run.problems:
            # the second execution of the lab in this test session (nbval's is the first):
            # its text outputs must be the stored ones (tests/output_compare.py)
            run.problems += [f"not reproducible: {p}" for p in compare_with_stored(
                path, executions_from_messages(run.traffic.messages))]
        if not run.problems:        # no point clicking controls of a lab that did not run
            run.move_controls()
            keyboard = keyboard_move(run)       # one control by keyboard only
        widgets = page.locator(".jp-Notebook .jupyter-widgets").count()
        run.check_page()
        run.screenshot(shot)
    finally:
        context.close()
        jupyterlab.shutdown_kernels()
    total = time.monotonic() - start
    with open(ARTIFACTS / "timings.txt", "a", encoding="utf-8") as f:
        f.write(f"{rel(path)}\t{total:.1f} s total\t{run_seconds:.1f} s Run All\t"
                f"{run.summary()}" + (f"\tkernel nudged: {run.nudges}" if run.nudges else "")
                + (f"\tkeyboard: {keyboard['control']['kind']} reached after {keyboard['tabs']} "
                   f"Tab(s), {'+'.join(keyboard['keys'])} changed cells "
                   f"{keyboard['changed_cells']}" if "changed_cells" in keyboard else "")
                + "\n")
    if run.nudges:
        warnings.warn(f"{rel(path)}: the kernel left a request unanswered until a second "
                      f"connection woke it ({'; '.join(run.nudges)}). This is ipykernel 7's "
                      "https://github.com/ipython/ipykernel/issues/1554, which learners meet as "
                      "cells stuck at [*]; ipykernel 6.29.5 does not have it.", stacklevel=1)

    problems = sorted(run.problems, key=lambda p: "unexecuted" in p)   # the cause first
    assert not problems, (
        f"{rel(path)} in JupyterLab ({len(problems)} problem(s); screenshot: "
        f"{shot.relative_to(ROOT)}):\n- " + "\n- ".join(problems))
    if widgets:
        assert any(m["changed_cells"] for m in run.moves), (
            f"{rel(path)} shows {widgets} widget element(s) but moving its controls "
            f"({len(run.controls)} found) changed no output (screenshot: {shot.relative_to(ROOT)})")
    # JupyterLab only ever sees the copy, and with autosave off it does not even save that
    assert sha256(served) == served_before, \
        f"JupyterLab saved {rel(path)} (its copy) while running it: autosave must be off"


# --- the checks themselves, without a browser -------------------------------------------------

def test_kernel_frames_are_read_in_both_websocket_protocols():
    """The parser agrees with jupyter_server's own v1 serializer and reads legacy JSON frames."""
    from jupyter_server.services.kernels.connection.base import serialize_msg_to_ws_v1
    from browser_support import parse_kernel_frame
    msg = {"header": {"msg_type": "error"}, "parent_header": {"msg_type": "comm_msg"},
           "metadata": {}, "content": {"ename": "ValueError", "evalue": "bad", "traceback": []}}
    binary = serialize_msg_to_ws_v1(msg, "iopub", pack=lambda d: json.dumps(d).encode())
    for frame in (binary, json.dumps({**msg, "channel": "iopub"})):
        parsed = parse_kernel_frame(frame)
        assert (parsed["channel"], parsed["msg_type"], parsed["parent_type"]) == \
            ("iopub", "error", "comm_msg")
        assert parsed["content"]["ename"] == "ValueError"
    assert parse_kernel_frame(b"\x01") is None and parse_kernel_frame("not json") is None


def test_kernel_errors_from_widget_callbacks_are_problems():
    from browser_support import KernelTraffic
    traffic = KernelTraffic()
    def frame(msg_type, content, parent="comm_msg"):
        return json.dumps({"channel": "iopub", "header": {"msg_type": msg_type},
                           "parent_header": {"msg_type": parent}, "content": content})
    traffic._on_frame(frame("stream", {"name": "stderr", "text": "UserWarning: fine\n"}))
    traffic._on_frame(frame("stream", {"name": "stdout", "text": "epoch 1\n"}))
    assert traffic.problems() == []
    traffic._on_frame(frame("error", {"ename": "ZeroDivisionError", "evalue": "division by zero",
                                      "traceback": ["\x1b[0;31mZeroDivisionError\x1b[0m"]}))
    traffic._on_frame(frame("stream", {"name": "stderr",
                                       "text": "Traceback (most recent call last):\n  ...\n"}))
    found = traffic.problems()
    assert len(found) == 2 and "ZeroDivisionError: division by zero" in found[0]
    assert "(in reply to comm_msg)" in found[0] and "traceback on stderr" in found[1]


def test_failure_patterns_match_what_ipywidgets_and_jupyterlab_show():
    import ipywidgets as widgets
    from browser_support import RAW_WIDGET_REPR, WIDGET_ERROR, CELL_TRACEBACK
    for shown in (repr(widgets.IntSlider(3)), repr(widgets.interactive(lambda k: k, k=2)),
                  repr(widgets.VBox([widgets.Dropdown(options=["a", "b"])])),
                  repr(widgets.FloatSlider(min=0.5))):
        assert RAW_WIDGET_REPR.search(shown), shown
    for fine in ("Dense(3, activation='relu')", "<Sequential name=sequential, built=True>",
                 "print(f(value=3))", "accuracy 0.9312"):
        assert not RAW_WIDGET_REPR.search(fine), fine
    assert WIDGET_ERROR.search("Could not draw: IndexError: list index out of range")
    assert not WIDGET_ERROR.search("mean squared error J = 3.2426")
    assert CELL_TRACEBACK.search("Cell In[14], line 1\n----> 1 raise ValueError")
