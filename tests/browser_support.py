"""Drive a lab the way a learner uses it: JupyterLab in headless Chromium (tests/test_browser.py).

The pieces, each usable on its own (also from a scratch script, to try a notebook by hand):

- :func:`find_chromium` and :data:`CHROMIUM_ARGS`: Debian's ``chromium`` package, launched by
  Python's ``playwright`` with an explicit executable path (playwright's own browser download is
  never used), with every background network feature off: the test machine has no network.
- :func:`copy_repository` and :class:`JupyterLabServer`: JupyterLab on a loopback port with a
  random token and an isolated configuration (its own config, data, runtime, settings and
  workspace folders; no update check, no news, no terminals, autosave off), serving a *copy* of
  the repository, so nothing JupyterLab does (autosave, checkpoints) can touch ``labs/``.
- :class:`KernelTraffic`: reads the kernel's messages off the page's websocket. ipywidgets
  swallows an exception raised in a callback (a learner sees nothing, or a line in JupyterLab's
  log console); the kernel still sends it, as an ``error`` message or a traceback on stderr.
- :class:`LabRun`: opens one notebook, runs all cells through the Run menu, moves the controls
  it finds, collects every problem a learner would see, and takes a screenshot.
"""
from __future__ import annotations

import json
import os
import pathlib
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from utils.notebook import read

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    # Without these Chromium keeps opening connections to Google services, which a closed
    # network refuses (and which have no place in a test).
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
CHROMIUM_NAMES = ("chromium", "chromium-browser")
VIEWPORT = {"width": 1280, "height": 900}
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")

# What JupyterLab / ipywidgets show instead of a control when a widget cannot be displayed.
WIDGET_FAILURES = ("Error displaying widget", "Error rendering output item")
# A widget's text repr, shown when no widget manager rendered it: "interactive(children=(...",
# "IntSlider(value=3, ...)", "VBox(children=(...".
RAW_WIDGET_REPR = re.compile(
    r"\b(interactive|[A-Z][A-Za-z]*(?:Slider|Dropdown|Buttons?|Box|Output|Checkbox|Text|Label|"
    r"HTML|Image|Progress|Select|Tab|Accordion|Play))\((?:children|value|description|options|"
    r"layout|outputs|index|min|max)=")
TRACEBACK_MARKERS = ("Traceback (most recent call last)",)
# An exception's name and message ("ValueError: w must be ...") in a widget's text (HTML or
# Label widgets: the message lines of controls), where a callback that caught its error shows it.
WIDGET_ERROR = re.compile(r"\b[A-Z][A-Za-z]*(Error|Exception): ")
# IPython's traceback header for an error raised in a notebook cell ("Cell In[3], line 2").
CELL_TRACEBACK = re.compile(r"Cell In\s*\[\d*\],\s*line \d+")

# Console messages that are not errors of the labs. Each entry: (regex, why it is harmless).
BENIGN_CONSOLE = [
    (re.compile(r"Failed to load resource: the server responded with a status of 404 .*"),
     "a 404 for an optional JupyterLab endpoint; the URL is checked in LabRun.bad_responses"),
]
# Requests that leave the machine. The one a lab is allowed to make is its open-in-Colab button
# (an image on colab.research.google.com); the test serves a stand-in for it, as the test machine
# has no network. Anything else external is reported: the labs must work offline.
EXTERNAL_URL = re.compile(r"^https?://(?!(127\.0\.0\.1|localhost)[:/])")
ALLOWED_EXTERNAL = re.compile(r"^https://colab\.research\.google\.com/assets/colab-badge\.svg$")
BADGE_STAND_IN = ('<svg xmlns="http://www.w3.org/2000/svg" width="117" height="20">'
                  '<rect width="117" height="20" rx="3" fill="#555"/><text x="8" y="14" '
                  'fill="#fff" font-family="sans-serif" font-size="11">Open in Colab</text></svg>')
# 404s JupyterLab's front end gets in this isolated configuration, where the optional server
# extension jupyter-lsp is not loaded; any other failed request is reported.
BENIGN_404 = re.compile(r"/lsp/status$")


# ------------------------------------------------------------------------------ Chromium

def find_chromium() -> str | None:
    """Path of a Chromium executable: ``$NN_LABS_CHROMIUM`` if set, else ``chromium`` (Debian's
    package) or ``chromium-browser`` on PATH, else None."""
    explicit = os.environ.get("NN_LABS_CHROMIUM")
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def launch_chromium(playwright, executable: str):
    """Launch headless Chromium from ``executable`` (never a playwright-downloaded browser)."""
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS,
                                      headless=True)


# ------------------------------------------------------------------------------ JupyterLab

COPY_IGNORE = shutil.ignore_patterns(".git", ".venv*", "__pycache__", ".ipynb_checkpoints",
                                     ".pytest_cache", "artifacts", "build", "nn-training-labs")


def copy_repository(root: pathlib.Path, dest: pathlib.Path) -> pathlib.Path:
    """Copy the working tree (without .git, virtual environments and test artifacts) to
    ``dest`` and return ``dest``. JupyterLab serves the copy, so its autosave and checkpoints
    can never change a file in ``labs/``."""
    shutil.copytree(root, dest, ignore=COPY_IGNORE)
    return dest


def strip_outputs(path: pathlib.Path) -> None:
    """Remove the stored outputs and execution counts of a notebook (a copy): every output on
    the page afterwards comes from this run, and an unexecuted cell shows an empty prompt.

    Folded check cells are unfolded in the copy: JupyterLab renders neither the source nor the
    execution count of a cell whose input is hidden, so a folded cell could not be seen to run.
    (That check cells carry the folding metadata is the notebook lint's test.)"""
    nb = read(path)
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
            cell.get("metadata", {}).get("jupyter", {}).pop("source_hidden", None)
    nb.get("metadata", {}).pop("widgets", None)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class JupyterLabServer:
    """JupyterLab serving ``root`` on 127.0.0.1 with a random token, configured in isolation.

    Isolation: ``JUPYTER_NO_CONFIG`` (no user or system config files are read), and private
    data, runtime, IPython, settings and workspace folders under ``state_dir``. User settings
    written there turn off autosave, news and update checks, and attach every cell to the page
    (``windowingMode: none``) so the whole notebook can be checked and photographed.
    """

    SETTINGS = {
        "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
        "@jupyterlab/apputils-extension/notification": {"fetchNews": "false",
                                                        "checkForUpdates": False},
        "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    }
    # Variables the test process has (conftest.py sets them for nbval) but a learner does not:
    # MPLBACKEND=Agg in particular would stop the kernel's inline figures.
    DROP_ENV = ("MPLBACKEND", "TF_CPP_MIN_LOG_LEVEL", "TF_ENABLE_ONEDNN_OPTS", "KERAS_BACKEND",
                "JUPYTER_CONFIG_DIR", "JUPYTER_CONFIG_PATH", "JUPYTER_PATH", "PYTEST_CURRENT_TEST")

    def __init__(self, root: pathlib.Path, state_dir: pathlib.Path, log_path: pathlib.Path,
                 python: str = sys.executable):
        self.root, self.state_dir, self.log_path = root, state_dir, log_path
        self.python = python
        self.port = free_port()
        self.token = secrets.token_hex(24)
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = None

    def environment(self) -> dict:
        env = {k: v for k, v in os.environ.items() if k not in self.DROP_ENV}
        s = self.state_dir
        env.update(JUPYTER_NO_CONFIG="1", JUPYTER_DATA_DIR=str(s / "data"),
                   JUPYTER_RUNTIME_DIR=str(s / "runtime"), IPYTHONDIR=str(s / "ipython"),
                   JUPYTERLAB_SETTINGS_DIR=str(s / "settings"),
                   JUPYTERLAB_WORKSPACES_DIR=str(s / "workspaces"),
                   JUPYTER_PLATFORM_DIRS="1")
        return env

    def command(self) -> list[str]:
        cmd = [self.python, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
               f"--port={self.port}", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={self.root}",
               "--ServerApp.terminals_enabled=False", "--LabApp.news_url=None",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")      # CI containers run as root
        return cmd

    def start(self, timeout: float = 120) -> JupyterLabServer:
        for name, values in self.SETTINGS.items():
            path = self.state_dir / "settings" / f"{name}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values, indent=1), encoding="utf-8")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "w", encoding="utf-8")
        self.proc = subprocess.Popen(self.command(), env=self.environment(), cwd=self.root,
                                     stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with code {self.proc.returncode}:\n"
                                   f"{self.log_tail()}")
            try:
                self.api("GET", "/api/status")
                return self
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"JupyterLab did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def api(self, method: str, path: str):
        req = urllib.request.Request(self.base + path, method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def url(self, rel_path: str) -> str:
        """Address that opens ``rel_path`` (relative to the served root) in a fresh layout."""
        return f"{self.base}/lab/tree/{rel_path}?reset&token={self.token}"

    def shutdown_kernels(self) -> None:
        """Stop every kernel (one lab's TensorFlow kernel holds ~0.5 GB)."""
        try:
            for session in self.api("GET", "/api/sessions") or []:
                self.api("DELETE", f"/api/sessions/{session['id']}")
            for kernel in self.api("GET", "/api/kernels") or []:
                self.api("DELETE", f"/api/kernels/{kernel['id']}")
        except (urllib.error.URLError, OSError):
            pass

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(encoding="utf-8").splitlines()[-n:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.shutdown_kernels()
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if getattr(self, "_log", None):
            self._log.close()


# ------------------------------------------------------------------------------ kernel messages

def parse_kernel_frame(payload) -> dict | None:
    """One kernel websocket frame as ``{channel, msg_type, parent_type, parent_id, content}``.

    JupyterLab 4 and jupyter_server 2 speak the binary ``v1.kernel.websocket.jupyter.org``
    protocol (8-byte count, 8-byte offsets, then channel, header, parent header, metadata,
    content, buffers); older servers send one JSON text per message. Both are read here.
    """
    try:
        if isinstance(payload, (bytes, bytearray)):
            n = int.from_bytes(payload[:8], "little")
            if n < 6:
                return None
            offsets = [int.from_bytes(payload[8 * (i + 1): 8 * (i + 2)], "little")
                       for i in range(n)]
            channel = payload[offsets[0]:offsets[1]].decode("utf-8")
            header, parent, _meta, content = (json.loads(payload[offsets[i]:offsets[i + 1]])
                                              for i in range(1, 5))
        else:
            msg = json.loads(payload)
            channel, header = msg.get("channel"), msg.get("header", {})
            parent, content = msg.get("parent_header", {}), msg.get("content", {})
    except (ValueError, UnicodeDecodeError, IndexError):
        return None
    return {"channel": channel, "msg_type": header.get("msg_type"),
            "parent_type": (parent or {}).get("msg_type"),
            "parent_id": (parent or {}).get("msg_id"), "content": content or {},
            "time": time.monotonic()}


NUDGE_MARK = "nnlabs-nudge=1"
# ipykernel 7.0-7.2 can leave a request unread on its shell socket until the next client
# connects (https://github.com/ipython/ipykernel/issues/1554, fixed by ipykernel PR #1529):
# the notebook shows cells waiting ([*]) behind an idle kernel, forever. The harness then opens
# a second connection to the kernel, as reopening the notebook would, and reports that it did.
NUDGE_JS = """async (url) => {
  const ws = new WebSocket(url);
  await new Promise(done => { ws.onopen = done; ws.onerror = done; setTimeout(done, 5000); });
  await new Promise(done => setTimeout(done, 1500));
  ws.close();
}"""
STALL_SECONDS = 20


class KernelTraffic:
    """Collects the messages every kernel sends to the page (attach before opening a lab)."""

    def __init__(self):
        self.messages: list[dict] = []

    def attach(self, page) -> None:
        page.on("websocket", self._on_websocket)

    def kernel_url(self) -> str | None:
        return getattr(self, "_kernel_url", None)

    def _on_websocket(self, ws) -> None:
        if "/api/kernels/" in ws.url and "/channels" in ws.url and NUDGE_MARK not in ws.url:
            self._kernel_url = ws.url
            ws.on("framereceived", self._on_frame)

    def _on_frame(self, payload) -> None:
        msg = parse_kernel_frame(payload)
        if msg:
            self.messages.append(msg)

    def count(self, channel: str, msg_type: str) -> int:
        return sum(1 for m in self.messages if m["channel"] == channel and m["msg_type"] == msg_type)

    def last_state(self) -> str | None:
        for m in reversed(self.messages):
            if m["channel"] == "iopub" and m["msg_type"] == "status":
                return m["content"].get("execution_state")
        return None

    def kernel_died(self) -> bool:
        """jupyter_server reports a dead or restarting kernel as an iopub status."""
        return any(m["channel"] == "iopub" and m["msg_type"] == "status"
                   and m["content"].get("execution_state") in ("dead", "restarting")
                   for m in self.messages)

    def problems(self) -> list[str]:
        """Errors the kernel reported: error outputs (also those raised in widget callbacks,
        which ipywidgets turns into an error message instead of raising), and tracebacks
        written to stderr (an exception in a trait observer is logged there by the comm layer)."""
        found = []
        for m in self.messages:
            c, where = m["content"], f"(in reply to {m['parent_type']})"
            if m["channel"] == "iopub" and m["msg_type"] == "error":
                tb = ANSI.sub("", "\n".join(c.get("traceback", [])[-3:]))
                found.append(f"kernel error {where}: {c.get('ename')}: {c.get('evalue')}\n{tb}")
            elif m["channel"] == "iopub" and m["msg_type"] == "stream" and c.get("name") == "stderr":
                text = ANSI.sub("", c.get("text", ""))
                if any(t in text for t in TRACEBACK_MARKERS) or "Exception in comm_msg" in text:
                    found.append(f"traceback on stderr {where}:\n{text[-1500:]}")
        return found

    def wait_quiet(self, page, since: int, timeout: float, settle: float = 0.6,
                   no_reply_after: float = 3.0) -> None:
        """Wait until the kernel went idle after message number ``since`` and stayed idle for
        ``settle`` seconds (or sent nothing at all for ``no_reply_after`` seconds)."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            page.wait_for_timeout(150)
            statuses = [m for m in self.messages[since:]
                        if m["channel"] == "iopub" and m["msg_type"] == "status"]
            if not statuses:
                if time.monotonic() - start > no_reply_after:
                    return
                continue
            last = statuses[-1]
            if (last["content"].get("execution_state") == "idle"
                    and time.monotonic() - last["time"] >= settle):
                return


# ------------------------------------------------------------------------------ the page

# Interactive ipywidgets controls, by DOM class (ipywidgets 8 in JupyterLab 4).
CONTROL_SELECTOR = (".widget-slider, .widget-dropdown, .widget-toggle-buttons, .widget-radio, "
                    ".widget-checkbox, .widget-button, .widget-toggle-button, .widget-text, "
                    ".widget-textarea, .widget-play, .widget-select, .widget-select-multiple, "
                    ".widget-colorpicker, .widget-datepicker, .widget-upload, .widget-tagsinput")

STATE_JS = """() => {
  const cells = Array.from(document.querySelectorAll('.jp-Notebook .jp-Cell'));
  const code = cells.map((c, i) => ({c, i})).filter(x => x.c.classList.contains('jp-CodeCell'));
  const ind = document.querySelector('.jp-Notebook-ExecutionIndicator');
  return {
    ncells: cells.length,
    code: code.map(x => ({
      index: x.i,
      prompt: (x.c.querySelector('.jp-InputArea-prompt') || x.c.querySelector('.jp-InputPrompt')
               || {}).textContent || '',
      source: (x.c.querySelector('.cm-content') || {}).innerText || '',
      // a folded check cell (source_hidden) shows a placeholder instead of its editor
      folded: !!x.c.querySelector('.jp-InputPlaceholder'),
    })),
    status: ind ? ind.getAttribute('data-status') : null,
  };
}"""

# Everything a learner would see as broken, per cell: error outputs, tracebacks in any output
# (widget outputs are output areas too), widgets that did not render.
DOM_PROBLEMS_JS = """([failures, reprSource, cellTb, widgetErrorSource]) => {
  const repr = new RegExp(reprSource);
  const widgetError = new RegExp(widgetErrorSource);
  const tbCell = new RegExp(cellTb);
  const found = [];
  document.querySelectorAll('.jp-Notebook .jp-Cell').forEach((cell, i) => {
    const area = cell.querySelector('.jp-Cell-outputArea');
    if (!area) return;
    area.querySelectorAll('.jp-OutputArea-output').forEach(out => {
      const text = out.innerText || out.textContent || '';
      const mime = out.getAttribute('data-mime-type') || '';
      if (text.includes('Traceback (most recent call last)') || tbCell.test(text))
        found.push(`cell ${i}: a traceback is shown (${mime || 'output'}): ` + text.slice(0, 600));
      for (const f of failures)
        if (text.includes(f)) found.push(`cell ${i}: "${f}": ` + text.slice(0, 300));
      if (mime === 'text/plain' || mime.endsWith('stdout')) {
        const m = text.match(repr);
        if (m) found.push(`cell ${i}: a widget shown as text instead of a control: ` + m[0]);
      }
    });
    // a widget's own message line showing an error (utils.widgets.FigureControl catches an
    // error in its callback and writes "Could not draw: ValueError: ..." to its status line)
    area.querySelectorAll('.widget-html-content, .widget-htmlmath-content, .widget-label').forEach(w => {
      const text = (w.textContent || '').trim();
      const m = text.match(widgetError);
      if (m) found.push(`cell ${i}: a widget shows an error: ` + text.slice(0, 300));
    });
    // the widget renderer writes this into the output while it waits for the widget's model
    area.querySelectorAll('.jp-OutputArea-output').forEach(w => {
      if ((w.textContent || '').trim() === 'Loading widget...')
        found.push(`cell ${i}: a widget never rendered ("Loading widget...")`);
    });
  });
  return found;
}"""

# Mark every control with data-nnlabs-control=N and describe it; one entry per control.
CONTROLS_JS = """(sel) => {
  const list = [];
  document.querySelectorAll('.jp-Notebook .jp-Cell').forEach((cell, i) => {
    const area = cell.querySelector('.jp-Cell-outputArea');
    if (!area) return;
    area.querySelectorAll(sel).forEach(el => {
      if (el.parentElement && el.parentElement.closest(sel)) return;   // nested part
      const label = ((el.querySelector('.widget-label') || {}).textContent || el.textContent || '')
        .trim().slice(0, 40);
      let kind = null, target = null, detail = '';
      if (el.matches('.widget-slider')) {
        target = el.querySelector('.noUi-handle'); kind = 'slider';
        if (target) detail = target.getAttribute('aria-valuenow') + '/' +
                             target.getAttribute('aria-valuemax');
      } else if (el.matches('.widget-dropdown')) {
        target = el.querySelector('select'); kind = 'dropdown';
      } else if (el.matches('.widget-toggle-buttons')) {
        target = el.querySelector('button:not(.mod-active)'); kind = 'toggle-buttons';
      } else if (el.matches('.widget-radio')) {
        target = el.querySelector('input[type=radio]:not(:checked)'); kind = 'radio';
      } else if (el.matches('.widget-checkbox')) {
        target = el.querySelector('input[type=checkbox]'); kind = 'checkbox';
      } else if (el.matches('.widget-toggle-button, .widget-button')) {
        target = el; kind = 'button';
      }
      if (!kind || !target || target.disabled) return;
      const id = String(list.length);
      target.setAttribute('data-nnlabs-control', id);
      // which question of a quiz (utils/quiz/widget.py's nn-quiz-question boxes), -1 outside one
      const box = el.closest('.nn-quiz-question');
      const question = box ? Array.from(area.querySelectorAll('.nn-quiz-question')).indexOf(box) : -1;
      list.push({id, cell: i, kind, label, detail, question});
    });
  });
  return list;
}"""

# A fingerprint of what every cell's outputs show, controls left out (a slider's own readout
# changing is not its output changing). Images count by their bytes: ipywidgets.Image shows a
# fresh blob: URL on every update, so the URL alone would always "change".
SNAPSHOT_JS = """async (sel) => {
  const h = (s) => { let x = 0; for (let i = 0; i < s.length; i++) x = (x * 31 + s.charCodeAt(i)) | 0;
                     return x.toString(16) + ':' + s.length; };
  const cells = Array.from(document.querySelectorAll('.jp-Notebook .jp-Cell'));
  const snap = {};
  for (let i = 0; i < cells.length; i++) {
    const area = cells[i].querySelector('.jp-Cell-outputArea');
    if (!area) continue;
    const parts = [];
    for (const img of area.querySelectorAll('img')) {
      if (img.closest(sel)) continue;
      let src = img.getAttribute('src') || '';
      if (src.startsWith('blob:')) {
        try {
          const bytes = new Uint8Array(await (await fetch(src)).arrayBuffer());
          let x = 0; for (const b of bytes) x = (x * 31 + b) | 0;
          src = 'blob#' + x + ':' + bytes.length;
        } catch (e) { src = 'blob:unreadable'; }
      }
      parts.push(h(src));
    }
    const clone = area.cloneNode(true);
    clone.querySelectorAll(sel).forEach(e => e.remove());
    snap[i] = h(clone.textContent || '') + '|' + parts.join(',');
  }
  return snap;
}"""


class LabRun:
    """One notebook opened in JupyterLab, run, exercised and photographed.

    ``problems`` collects everything that should fail the test, as readable sentences.
    """

    def __init__(self, page, server: JupyterLabServer, rel_path: str, expected_cells: int):
        self.page, self.server, self.rel_path = page, server, rel_path
        self.expected_cells = expected_cells     # non-empty code cells Run All executes
        self.traffic = KernelTraffic()
        self.traffic.attach(page)
        self.page_errors: list[str] = []
        self.console_errors: list[str] = []
        self.bad_responses: list[str] = []
        self.problems: list[str] = []
        self.controls: list[dict] = []
        self.moves: list[dict] = []
        self.left_to_quiz_test: list[dict] = []   # controls of a quiz's later questions
        self.nudges: list[str] = []
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        page.on("console", self._on_console)
        page.on("response", self._on_response)
        self.external: list[str] = []
        page.route(EXTERNAL_URL, self._on_external)

    def _on_external(self, route) -> None:
        url = route.request.url
        if ALLOWED_EXTERNAL.match(url):
            route.fulfill(status=200, content_type="image/svg+xml", body=BADGE_STAND_IN)
        else:
            self.external.append(url)
            route.abort("blockedbyclient")

    def _on_console(self, msg) -> None:
        if msg.type == "error":
            self.console_errors.append(msg.text)

    def _on_response(self, resp) -> None:
        if resp.status >= 400:
            self.bad_responses.append(f"{resp.status} {resp.url.split('?')[0]}")

    # -- steps ----------------------------------------------------------------------------
    def open(self, timeout: float = 90) -> None:
        """Load JupyterLab with the notebook and wait until its kernel has answered."""
        self.page.goto(self.server.url(self.rel_path), wait_until="domcontentloaded",
                       timeout=timeout * 1000)
        self.page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=timeout * 1000)
        start = time.monotonic()
        while self.traffic.count("shell", "kernel_info_reply") == 0:
            waited = time.monotonic() - start
            if waited > timeout:
                raise AssertionError(f"the kernel of {self.rel_path} did not start within "
                                     f"{timeout:.0f} s (nudged {len(self.nudges)} times)")
            if waited > STALL_SECONDS * (len(self.nudges) + 1) and self.traffic.kernel_url():
                self.nudge("no kernel_info_reply on the notebook's connection")
            self.page.wait_for_timeout(200)
        self.page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]',
                                    timeout=timeout * 1000)

    def menu(self, menu: str, item: str, timeout: float = 30) -> None:
        """Click ``menu`` > ``item`` in the menu bar, once the item is enabled."""
        deadline = time.monotonic() + timeout
        while True:
            self.page.click(f".lm-MenuBar-itemLabel:text-is('{menu}')")
            entry = self.page.locator(f".lm-Menu-item:has(.lm-Menu-itemLabel:text-is('{item}'))")
            entry.wait_for(timeout=timeout * 1000)
            if "lm-mod-disabled" not in (entry.get_attribute("class") or ""):
                entry.click()
                return
            self.page.keyboard.press("Escape")
            if time.monotonic() > deadline:
                raise AssertionError(f"the menu item {menu} > {item} stayed disabled")
            self.page.wait_for_timeout(500)

    def run_all(self, timeout: float) -> float:
        """Run > Run All Cells, then wait until the kernel answered every cell. Returns seconds."""
        start = time.monotonic()
        for _attempt in range(3):
            self.menu("Run", "Run All Cells")
            # The click took effect when a prompt shows [*] (queued) or a number (the stored
            # outputs were stripped), or the kernel started a cell. Click again only if not:
            # a second Run All would run every cell twice.
            for _ in range(40):
                if self._started():
                    break
                self.page.wait_for_timeout(250)
            if self._started():
                break
        else:
            self.problems.append("Run > Run All Cells did not start the notebook (3 tries)")
            return time.monotonic() - start
        deadline = start + timeout
        while True:
            replies = self.traffic.count("shell", "execute_reply")
            if replies >= self.expected_cells:
                break
            if self.traffic.kernel_died():
                self.problems.append(f"the kernel died ({replies} of {self.expected_cells} "
                                     "cells answered)")
                break
            if time.monotonic() > deadline:
                self.problems.append(f"Run All did not finish within {timeout:.0f} s "
                                     f"({replies} of {self.expected_cells} cells answered)")
                break
            quiet = time.monotonic() - self.traffic.messages[-1]["time"]
            if quiet > STALL_SECONDS:
                if not self._queued():
                    self.problems.append(f"Run All stopped: {replies} of {self.expected_cells} "
                                         f"cells answered, the kernel has been idle for "
                                         f"{STALL_SECONDS} s")
                    break
                if self.traffic.last_state() == "idle" and len(self.nudges) < 3:
                    self.nudge(f"cells wait behind an idle kernel after {replies} of "
                               f"{self.expected_cells} replies")
            self.page.wait_for_timeout(250)
        # widgets render after their cell finished; give the page a moment to settle
        self.wait_rendered(timeout=60)
        return time.monotonic() - start

    def nudge(self, why: str) -> None:
        """Open (and close) a second connection to the kernel, with a session of its own (the
        notebook's session id would replace the notebook's connection): see NUDGE_JS."""
        url = self.traffic.kernel_url()
        if not url:
            return
        channels = url.split("?")[0]
        self.nudges.append(why)
        self.page.evaluate(NUDGE_JS, f"{channels}?session_id={secrets.token_hex(16)}"
                                     f"&token={self.server.token}&{NUDGE_MARK}")
        self.traffic.messages.append({"channel": "harness", "msg_type": "nudge",
                                      "parent_type": None, "content": {},
                                      "time": time.monotonic()})

    def _queued(self) -> bool:
        return any("*" in c["prompt"] for c in self.page.evaluate(STATE_JS)["code"])

    def _started(self) -> bool:
        if self.traffic.count("iopub", "execute_input"):
            return True
        prompts = [c["prompt"] for c in self.page.evaluate(STATE_JS)["code"]]
        return any(re.search(r"\[(\*|\d+)\]", p) for p in prompts)

    def _busy(self) -> bool:
        state = self.page.evaluate(STATE_JS)
        return any("*" in c["prompt"] for c in state["code"]) or state["status"] == "busy"

    def wait_rendered(self, timeout: float) -> None:
        """Wait until no cell runs or waits to run and no widget is still loading."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            busy = self._busy()
            loading = self.page.evaluate(
                "() => Array.from(document.querySelectorAll('.jp-Notebook .jp-OutputArea-output'))"
                ".some(w => (w.textContent || '').trim() === 'Loading widget...')")
            if not busy and not loading:
                self.page.wait_for_timeout(400)
                return
            self.page.wait_for_timeout(250)

    def check_execution(self) -> None:
        """Every non-empty code cell ran, once, in order ([1], [2], ...), as Run All does."""
        state = self.page.evaluate(STATE_JS)
        numbers, unexecuted = [], []
        for c in state["code"]:
            if not c["source"].strip() and not c.get("folded"):
                continue
            m = re.fullmatch(r"\s*\[(\d+)\]:\s*", c["prompt"])
            if m:
                numbers.append(int(m.group(1)))
            else:
                unexecuted.append(c)
        if unexecuted:
            first = unexecuted[0]
            self.problems.append(
                f"{len(unexecuted)} code cell(s) left unexecuted, the first: cell {first['index']} "
                f"(prompt {first['prompt'].strip() or 'empty'}) {first['source'].strip()[:70]!r}")
        if numbers and numbers != list(range(1, len(numbers) + 1)):
            self.problems.append(f"cells did not run once each in order: execution counts "
                                 f"{numbers}")

    def check_page(self) -> None:
        self.problems += self.page.evaluate(
            DOM_PROBLEMS_JS, [list(WIDGET_FAILURES), RAW_WIDGET_REPR.pattern,
                              CELL_TRACEBACK.pattern, WIDGET_ERROR.pattern])
        self.problems += self.traffic.problems()
        self.problems += [f"JavaScript error on the page: {e}" for e in self.page_errors]
        for text in self.console_errors:
            if self.external and "ERR_BLOCKED_BY_CLIENT" in text:
                continue        # reported above, with its address
            if not any(rx.search(text) for rx, _ in BENIGN_CONSOLE):
                self.problems.append(f"JavaScript console error: {text[:500]}")
        for url in dict.fromkeys(self.external):
            self.problems.append(f"the page requested an external resource (the labs must work "
                                 f"offline): {url}")
        for resp in self.bad_responses:
            if not BENIGN_404.search(resp):
                self.problems.append(f"a request failed: {resp}")
        # de-duplicate, keeping order
        self.problems = list(dict.fromkeys(self.problems))

    def snapshot(self) -> dict:
        return self.page.evaluate(SNAPSHOT_JS, CONTROL_SELECTOR)

    def move_controls(self, timeout: float = 120) -> None:
        """Move every control once, one at a time, in page order: a slider one step, a
        dropdown to another option, a click on a button, toggle, radio button or checkbox.
        Each move is recorded in ``self.moves`` with the cells whose outputs changed. Errors a
        move causes are collected by :meth:`check_page`; a cell none of whose controls changes
        any output is a problem here.

        In a practice quiz (``Quiz(...)``, one of labs/quizzes/) only the first question's
        controls and the quiz's own buttons are moved: tests/test_browser_quiz.py answers every
        question of every quiz wrongly and rightly in JupyterLab, and moving the other questions
        again here cost about 35 s a lab (1.5 s a control)."""
        self.controls = self.page.evaluate(CONTROLS_JS, CONTROL_SELECTOR)
        self.left_to_quiz_test = [c for c in self.controls if c.get("question", -1) > 0]
        by_cell: dict[int, list[dict]] = {}
        for c in self.controls:
            if c.get("question", -1) <= 0:
                by_cell.setdefault(c["cell"], []).append(c)
        before = self.snapshot()
        for cell, controls in by_cell.items():
            for control in controls:
                since = len(self.traffic.messages)
                if not self._move(control):
                    continue
                self.traffic.wait_quiet(self.page, since, timeout=timeout)
                if not any(m["channel"] == "iopub" for m in self.traffic.messages[since:]):
                    # every message to the kernel makes it report busy/idle: none came back
                    self.nudge(f"no reply to moving {control['kind']} '{control['label']}'")
                    self.traffic.wait_quiet(self.page, since, timeout=timeout)
                self.wait_rendered(timeout=30)
                after = self.snapshot()
                changed = sorted(int(k) for k in after if before.get(k) != after[k])
                self.moves.append({**control, "changed_cells": changed})
                before = after
            if not any(m["changed_cells"] for m in self.moves if m["cell"] == cell):
                tried = ", ".join(f"{c['kind']} '{c['label']}'" for c in controls)
                self.problems.append(f"cell {cell}: moving its controls ({tried}) changed no "
                                     "output")

    def _move(self, control: dict) -> bool:
        target = self.page.locator(f'[data-nnlabs-control="{control["id"]}"]')
        if target.count() != 1 or not target.is_visible() or not target.is_enabled():
            return False        # redrawn, hidden or disabled by an earlier move
        target.scroll_into_view_if_needed()
        kind = control["kind"]
        if kind == "slider":
            now, _, high = control["detail"].partition("/")
            key = "ArrowLeft" if now == high else "ArrowRight"
            target.focus()
            target.press(key)
        elif kind == "dropdown":
            options = target.evaluate("s => Array.from(s.options).map(o => o.value)")
            current = target.evaluate("s => s.selectedIndex")
            if len(options) < 2:
                return False
            target.select_option(index=1 if current == 0 else 0)
        else:
            target.click()
        return True

    def screenshot(self, path: pathlib.Path, max_height: int = 15000) -> None:
        """The whole notebook as a learner sees it after the run: one tall PNG (the viewport is
        stretched to the notebook's height, up to ``max_height`` pixels)."""
        scroller = "document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer')"
        # fold the file browser away (click its open tab) so the notebook gets the width
        current = self.page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
        if current.count():
            current.first.click()
            self.page.wait_for_timeout(300)
        height = self.page.evaluate(
            f"() => {{ const o = {scroller}; if (!o) return 0;"
            " const cells = o.querySelectorAll('.jp-Cell'); if (!cells.length) return o.scrollHeight;"
            " const last = cells[cells.length - 1].getBoundingClientRect();"
            " return last.bottom - o.getBoundingClientRect().top + o.scrollTop + 40; }")
        chrome = 160    # menu bar, tab bar, toolbar and status bar around the notebook
        self.page.set_viewport_size({"width": VIEWPORT["width"],
                                     "height": max(VIEWPORT["height"],
                                                   min(int(height) + chrome, max_height))})
        self.page.wait_for_timeout(500)
        self.page.evaluate(f"() => {{ const o = {scroller}; if (o) o.scrollTop = 0; }}")
        self.page.wait_for_timeout(300)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path))
        self.page.set_viewport_size(VIEWPORT)

    def summary(self) -> str:
        moved = [m for m in self.moves if m["changed_cells"]]
        later = self.left_to_quiz_test
        return (f"{len(self.controls)} controls, {len(self.moves)} moved, {len(moved)} with a "
                f"visible change"
                + (f", {len(later)} in later quiz questions left to test_browser_quiz.py"
                   if later else "") + ": " + "; ".join(f"cell {m['cell']} {m['kind']} '{m['label']}'"
                                                f" -> cells {m['changed_cells']}" for m in moved))
