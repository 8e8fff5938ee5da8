"""The setup cell's work, and the one place that holds the repository's address.

Every lab starts with the same setup cell (``SETUP_CELL`` below). It

(a) in Colab, clones the repository next to the notebook so ``utils/``, ``data/`` and
    ``images/`` are there (``REPO_URL``; the environment variable ``NN_LABS_REPO_URL``
    overrides it, which the simulated-Colab test uses to point at a local clone),
(b) locally, finds the repository root above the working directory and makes it importable,
(c)-(e) calls :func:`setup`, which seeds Python, NumPy and TensorFlow, keeps TensorFlow's C++
    log noise out of cell outputs and applies the house plot style.

A fork changes ``REPO_URL`` (and ``BRANCH``) here and runs ``python3 -m utils sync``: that
rewrites the setup cell and the open-in-Colab button of every lab and the README's buttons, and
gives every check cell (first line ``# @title check: ...``) the metadata that folds it.
``tests/test_notebook_lint.py`` fails if any of them disagrees with this file.
"""
from __future__ import annotations

import json
import os
import pathlib
import random
import re
import sys
import warnings

from utils.notebook import ROOT, cell_source, lab_notebooks, read

REPO_URL = "https://github.com/ml-course-labs/nn-training-labs"
BRANCH = "main"
REPO_DIRNAME = "nn-training-labs"   # the folder the setup cell clones into, in Colab
DEFAULT_SEED = 0

SETUP_CELL = '''\
# Setup: the same cell in every lab. In Colab it fetches the repository; everywhere it makes
# utils/ importable, seeds Python, NumPy and TensorFlow, hides TensorFlow's log noise and
# applies the house plot style. (Written by `python3 -m utils sync`; do not edit.)
import os, sys, pathlib, subprocess
REPO_URL = os.environ.get("NN_LABS_REPO_URL", "{repo_url}")
try:
    import google.colab  # noqa: F401 -- this module exists only in Colab
    if not pathlib.Path("{dirname}").exists():
        subprocess.run(["git", "clone", "--quiet", "--depth", "1", REPO_URL, "{dirname}"], check=True)
except ImportError:
    pass
here = pathlib.Path.cwd().resolve()
root = next((p for p in [here, *here.parents, here / "{dirname}"] if (p / "utils" / "lab_setup.py").is_file()), None)
if root is None:
    raise FileNotFoundError(f"No repository (a folder with utils/lab_setup.py) above {{here}}: open this notebook from your clone of the labs.")
if str(root) not in sys.path:
    sys.path.insert(0, str(root))
from utils.lab_setup import setup
setup(seed=0)'''.format(repo_url=REPO_URL + ".git", dirname=REPO_DIRNAME)


def colab_url(notebook_path: str) -> str:
    """The 'Open in Colab' address of a notebook, given its path inside the repository."""
    if not isinstance(notebook_path, str) or not notebook_path.endswith(".ipynb"):
        raise ValueError(f"notebook_path must be a repository path ending in .ipynb, got "
                         f"{notebook_path!r}.")
    if notebook_path.startswith("/") or "\\" in notebook_path:
        raise ValueError(f"notebook_path must be relative to the repository root with '/' "
                         f"separators (like 'labs/01_x.ipynb'), got {notebook_path!r}.")
    slug = REPO_URL.removeprefix("https://github.com/")
    return f"https://colab.research.google.com/github/{slug}/blob/{BRANCH}/{notebook_path}"


def colab_badge(notebook_path: str) -> str:
    """Markdown for the open-in-Colab button of a notebook."""
    return (f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
            f"({colab_url(notebook_path)})")


def quiet_tensorflow() -> None:
    """Keep TensorFlow's C++ and Python log chatter out of cell outputs.

    The environment variables only work if they are set before TensorFlow is first imported,
    which is why :func:`setup` calls this first.
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")      # C++ INFO, WARNING and ERROR lines
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")     # the oneDNN banner; also bit-stable
    import logging
    logging.getLogger("tensorflow").setLevel(logging.ERROR)
    try:
        import absl.logging
        absl.logging.set_verbosity(absl.logging.ERROR)
    except ImportError:  # pragma: no cover - absl comes with TensorFlow
        pass
    warnings.filterwarnings("ignore", module=r"tensorflow.*")
    warnings.filterwarnings("ignore", module=r"keras.*", category=UserWarning)
    import_tensorflow_quietly()


def import_tensorflow_quietly() -> None:
    """Import TensorFlow with file descriptor 2 pointed at the null device for the import only.

    The full ``tensorflow`` wheel of TensorFlow 2.17-2.19 (what Colab ships) writes lines such
    as "Unable to register cuDNN factory" straight to the process's stderr while it is
    imported, before any log level applies; a Jupyter kernel shows them as a red block under
    the setup cell. They are harmless on a machine without a GPU. A failed import still
    raises its Python exception, shown as usual once stderr is back."""
    if "tensorflow" in sys.modules:
        return
    sys.stderr.flush()
    saved = os.dup(2)
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 2)
        import tensorflow  # noqa: F401
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(null)


def seed_everything(seed: int = DEFAULT_SEED) -> None:
    """Seed Python's ``random``, NumPy's global generator and TensorFlow, and make TensorFlow's
    ops deterministic, so a lab prints the same numbers every time it runs on a machine."""
    from utils.validation import check_int
    seed = check_int(seed, "seed", low=0, high=2**32 - 1)
    random.seed(seed)
    import numpy as np
    np.random.seed(seed)
    import keras
    import tensorflow as tf
    keras.utils.set_random_seed(seed)
    tf.get_logger().setLevel("ERROR")   # TensorFlow resets its logger to INFO in a kernel
    try:
        tf.config.experimental.enable_op_determinism()
    except Exception:  # pragma: no cover - older TensorFlow without the switch
        pass


def setup(seed: int = DEFAULT_SEED) -> None:
    """Everything the setup cell does after the repository is importable (steps c-e)."""
    quiet_tensorflow()
    seed_everything(seed)
    from utils.figures.style import apply_style
    apply_style()
    from utils.figures.alt import install
    install()               # every figure's output carries its alt text
    explain_failed_checks()  # a failing check cell says why and what to do, not a traceback


RERUN_ADVICE = ("What to do: restart and run the lab from the top (JupyterLab: Kernel > Restart "
                "Kernel and Run All Cells; Colab: Runtime > Restart session and run all). If it "
                "still fails with the lab's cells unchanged, it is a bug in the lab: please report "
                "it with this message.")


def check_failure_lines(title: str, etype: type, value: BaseException, tb) -> list[str]:
    """What a learner sees when the check cell titled ``title`` raises ``value``: which check,
    the line that failed and its error, why checks fail and what to do; no traceback."""
    where = None
    while tb is not None:                 # the innermost line of the check cell itself
        import linecache
        name = tb.tb_frame.f_code.co_filename
        if linecache.getline(name, 1).startswith(CHECK_LABEL):
            where = (tb.tb_lineno, linecache.getline(name, tb.tb_lineno).strip())
        tb = tb.tb_next
    error = " ".join(str(value).split())
    error = f"{etype.__name__}: {error[:300]}{'...' if len(error) > 300 else ''}"
    if isinstance(value, NameError):
        missing = getattr(value, "name", None) or str(value)
        return [f"CheckNotRun: this check ({title}) needs `{missing}`, which a cell above makes "
                f"and which has not run yet.",
                "What to do: run the cells above this one first (JupyterLab: Run > Run All "
                "Above Selected Cell; Colab: Runtime > Run before), then this one."]
    lines = [f"CheckFailed: this check of the outputs above did not pass: {title}."]
    if where:
        lines.append(f"  The line that failed (line {where[0]} of the check): {where[1]}")
    lines += [f"  {error}",
              "A check holds the numbers printed above to what the lab's text says about them. "
              "It fails when a cell above was changed (expected if you are experimenting: the "
              "text describes the lab as it is), skipped, or run out of order.",
              RERUN_ADVICE]
    return lines


def explain_failed_checks(shell=None) -> bool:
    """Show a failing check cell (first line :data:`CHECK_LABEL`) as
    :func:`check_failure_lines` instead of a traceback into hidden code, in the running IPython
    ``shell``; the cell still fails (nbval and Run All stop at it). Once per shell; False
    outside IPython."""
    if shell is None:
        ipython = sys.modules.get("IPython")
        shell = ipython.get_ipython() if ipython is not None else None
    if shell is None or not hasattr(shell, "events") or not hasattr(shell, "set_custom_exc"):
        return False
    if getattr(shell, "_nn_labs_checks", False):
        return True
    state = {}

    def handler(shell, etype, value, tb, tb_offset=None):
        own = getattr(value, "_render_traceback_", None)     # an exercise not ready: its advice
        lines = own() if callable(own) else check_failure_lines(state["title"], etype, value, tb)
        shell._showtraceback(etype, value, lines)

    def before(info=None):
        source = getattr(info, "raw_cell", "") or ""
        if source.startswith(CHECK_LABEL):
            state["title"] = source.splitlines()[0].removeprefix(CHECK_LABEL).strip()
            shell.set_custom_exc((Exception,), handler)

    def after(result=None):
        if state.pop("title", None) is not None:
            shell.set_custom_exc((), None)

    shell.events.register("pre_run_cell", before)
    shell.events.register("post_run_cell", after)
    shell._nn_labs_checks = True
    return True


def image_path(name: str) -> pathlib.Path:
    """Path of a file in ``images/``; a clear error if it is not there."""
    if not isinstance(name, str) or not name:
        raise TypeError(f"name must be a file name in images/ (a str), got {name!r}.")
    path = ROOT / "images" / name
    if not path.is_file():
        have = sorted(p.name for p in (ROOT / "images").glob("*") if p.is_file())
        raise FileNotFoundError(f"images/{name} does not exist. Images there: {have}. "
                                "Regenerate them with `python3 -m utils images`.")
    return path


def image_alt(name: str) -> str:
    """The alt text of ``images/<name>`` (``images/alt-text.json``: what the diagram shows)."""
    path = image_path(name)
    texts = json.loads((path.parent / "alt-text.json").read_text(encoding="utf-8"))
    if name not in texts:
        raise KeyError(f"images/alt-text.json has no alt text for {name!r}: add one (what the "
                       f"diagram shows and what to notice). It has {sorted(texts)}.")
    return texts[name]


class DiagramImage:
    """A PNG from ``images/`` as Jupyter shows it: the picture, its width and its alt text in
    the output's metadata (``{"image/png": {"width": ..., "alt": ...}}``), on every IPython
    (``IPython.display.Image`` takes no alt text before IPython 8)."""

    def __init__(self, name: str, width: int):
        self.name, self.width, self.alt = name, width, image_alt(name)
        self.png = image_path(name).read_bytes()

    def _repr_mimebundle_(self, include=None, exclude=None):
        import base64
        data = {"image/png": base64.b64encode(self.png).decode("ascii"),
                "text/plain": f"<images/{self.name}: {self.alt}>"}
        return data, {"image/png": {"width": self.width, "alt": self.alt}}

    def __repr__(self) -> str:
        return f"DiagramImage({self.name!r}, width={self.width})"


def show_image(name: str, width: int = 600) -> DiagramImage:
    """Display an image from ``images/`` with its alt text (works in JupyterLab, Colab and on
    GitHub)."""
    from utils.validation import check_int
    width = check_int(width, "width", low=50, high=2000)
    return DiagramImage(name, width)


# --- keeping notebooks and README in step with REPO_URL ------------------------------------

_BADGE_RE = re.compile(r"\[!\[Open In Colab\]\([^)]*\)\]\(([^)]*)\)")


CHECK_LABEL = "# @title check: "
# Folds a check cell's source: JupyterLab reads jupyter.source_hidden, Colab cellView "form" (with
# the #@title line as the folded cell's title); the tag lets tools find check cells.
CHECK_METADATA = {"jupyter": {"source_hidden": True}, "cellView": "form", "tags": ["check"]}


def is_check_cell(cell) -> bool:
    """A code cell whose first line is the check label (``# @title check: <what>``)."""
    return cell.get("cell_type") == "code" and cell_source(cell).startswith(CHECK_LABEL)


def fold_check_cell(cell) -> bool:
    """Give a check cell the metadata that folds it; True if it changed."""
    meta = cell.setdefault("metadata", {})
    before = repr(meta)
    meta.setdefault("jupyter", {})["source_hidden"] = True
    meta["cellView"] = "form"
    tags = meta.setdefault("tags", [])
    if "check" not in tags:
        tags.append("check")
    return repr(meta) != before


def sync_notebook(path: pathlib.Path, root: pathlib.Path = ROOT) -> bool:
    """Rewrite one notebook's Colab button, setup cell and check-cell metadata from this file.
    Returns True if it changed."""
    nb = read(path)
    rel = path.relative_to(root).as_posix()
    changed = False
    for cell in nb["cells"]:
        src = cell_source(cell)
        if cell["cell_type"] == "markdown" and "Open In Colab" in src:
            new = _BADGE_RE.sub(colab_badge(rel).replace("\\", "\\\\"), src)
            if new != src:
                cell["source"], changed = new, True
        if cell["cell_type"] == "code" and src.startswith("# Setup: the same cell in every lab"):
            if src != SETUP_CELL:
                cell["source"], changed = SETUP_CELL, True
        if is_check_cell(cell):
            changed = fold_check_cell(cell) or changed
    if changed:
        path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return changed


def sync_readme(root: pathlib.Path = ROOT) -> bool:
    """Point every Colab button in README.md at ``REPO_URL``/``BRANCH``."""
    readme = root / "README.md"
    text = readme.read_text(encoding="utf-8")

    def fix(match):
        old = match.group(1)
        path = old.split("/blob/", 1)[1].split("/", 1)[1] if "/blob/" in old else old
        return colab_badge(path)

    new = _BADGE_RE.sub(fix, text)
    if new != text:
        readme.write_text(new, encoding="utf-8")
    return new != text


def main(argv=None) -> int:
    """``python3 -m utils sync``: bring every lab and the README in step with this file."""
    import argparse
    parser = argparse.ArgumentParser(
        prog="python3 -m utils sync",
        description="Rewrite every lab's setup cell, Colab button and check-cell metadata, and "
                    "the README's Colab buttons, from utils/lab_setup.py.")
    parser.parse_args(argv)
    changed = [p for p in lab_notebooks() if sync_notebook(p)]
    if sync_readme():
        changed.append(ROOT / "README.md")
    for p in changed:
        print(f"updated {p.relative_to(ROOT)}")
    print(f"{len(changed)} file(s) updated for {REPO_URL} ({BRANCH}).")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
