"""The labs as Google Colab runs them: a notebook alone in an empty folder.

"Open in Colab" gives a learner the notebook and nothing else, so the setup cell has to fetch the
repository (utils/, data/, images/) itself. This test runs exactly what Colab changes, without a
network, and not a whole lab a second time (nbval and the browser test already run every lab):

1. A probe notebook, alone in an empty folder (Colab's /content), holds the labs' setup cell,
   a cell that loads every data file the labs load (checksums verified), one cell per diagram a
   lab shows with ``show_image``, and one short training cell (a Keras model fitted on the
   digits), then a cell that says where ``utils`` came from.
2. Colab is faked: a folder on the kernel's PYTHONPATH holds ``google/colab/__init__.py`` and no
   ``google/__init__.py``, so ``google`` stays a namespace package and protobuf's
   ``google.protobuf`` (which TensorFlow imports) still loads next to the fake ``google.colab``.
3. The setup cell is pointed at a local clone through ``NN_LABS_REPO_URL`` (the variable it
   honours). The clone's origin is a throwaway git repository made from the *working tree* under
   test (tracked files plus new files git does not ignore, as they are on disk), so uncommitted
   work is tested too.
4. nbclient executes the probe in a fresh kernel (it stops at the first error, with the
   traceback). The test then checks that the setup cell made a shallow clone and nothing else,
   that ``utils`` came from it, that the data loaded with the stored shapes, that every diagram
   arrived as an image and that the training cell learned.
"""
from __future__ import annotations

import os
import pathlib
import shutil
import re
import subprocess

import nbformat
import pytest

from browser_support import COPY_IGNORE
from utils.lab_setup import REPO_DIRNAME, SETUP_CELL
from utils.notebook import ROOT, reference_labs

pytestmark = [pytest.mark.colab, pytest.mark.slow]

LABS = reference_labs()
GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "colab-simulation", "GIT_AUTHOR_EMAIL": "test@example.invalid",
           "GIT_COMMITTER_NAME": "colab-simulation", "GIT_COMMITTER_EMAIL": "test@example.invalid",
           "GIT_TERMINAL_PROMPT": "0"}
FAKE_COLAB = '''"""Stand-in for Colab's google.colab package (tests/test_colab_simulation.py).
The labs only test that it imports; nothing else of Colab is imitated."""
IN_COLAB_SIMULATION = True
'''


SHOW_IMAGE = re.compile(r"""show_image\(\s*["']([^"']+)["']""")


def diagrams_the_labs_show() -> list[str]:
    """Every images/ file a lab shows with show_image("...")."""
    names = set()
    for lab in LABS:
        for cell in nbformat.read(lab, as_version=4).cells:
            if cell.cell_type == "code":
                names.update(SHOW_IMAGE.findall(cell.source))
    return sorted(names)


def git(*args, cwd) -> str:
    env = {**os.environ, **GIT_ENV}
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"git {' '.join(args)} failed:\n{done.stdout}{done.stderr}"
    return done.stdout


def skipped(rel_path: str) -> bool:
    """Never part of a clone: virtual environments (.venv, .venv-ci from .ci/run), caches,
    test artifacts, an earlier simulation's clone."""
    parts = pathlib.PurePosixPath(rel_path).parts
    return (parts[0].startswith(".venv") or parts[0] == ".git"
            or bool(COPY_IGNORE("", list(parts))))


def working_tree_files(root: pathlib.Path) -> list[str]:
    """Files a clone would have if the working tree were committed now: tracked files that
    exist, plus untracked files git does not ignore. Without git metadata (a tarball): every
    file but the ones :func:`skipped` names."""
    if (root / ".git").exists():
        out = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=root)
        names = out.split("\0")
    else:
        names = [p.relative_to(root).as_posix() for p in root.rglob("*")]
    return sorted({n for n in names if n and not skipped(n) and (root / n).is_file()})


@pytest.fixture
def origin(tmp_path) -> pathlib.Path:
    """A git repository holding the working tree under test, one commit."""
    if shutil.which("git") is None:
        message = "the Colab simulation needs git (the setup cell clones with it)"
        if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
            pytest.fail(message)
        pytest.skip(message)
    repo = tmp_path / "origin"
    for name in working_tree_files(ROOT):
        dest = repo / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, dest)
    git("init", "--quiet", "--initial-branch=main", cwd=repo)
    git("add", "--all", cwd=repo)
    git("commit", "--quiet", "--no-gpg-sign", "-m", "working tree under test", cwd=repo)
    return repo


@pytest.fixture
def fake_colab(tmp_path) -> pathlib.Path:
    """A folder with google/colab/__init__.py and no google/__init__.py (namespace package)."""
    folder = tmp_path / "fake-colab"
    (folder / "google" / "colab").mkdir(parents=True)
    (folder / "google" / "colab" / "__init__.py").write_text(FAKE_COLAB, encoding="utf-8")
    return folder


DATA_CELL = """\
from utils.data import load_digits
from utils.labs.lab01.data import load_coffee_data
X, y = load_digits()
print("digits", X.shape, y.shape)
print("coffee", load_coffee_data()[0].shape)"""

TRAINING_CELL = """\
import keras
model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(10)])
model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              optimizer=keras.optimizers.Adam(learning_rate=0.01))
history = model.fit(X[:1000], y[:1000], epochs=3, batch_size=100, verbose=0)
print("loss falls", history.history["loss"][-1] < history.history["loss"][0])"""

WHERE_CELL = f'''\
import pathlib, google.colab, google.protobuf, utils
clone = (pathlib.Path.cwd() / "{REPO_DIRNAME}").resolve()
assert google.colab.IN_COLAB_SIMULATION
assert pathlib.Path(utils.__file__).resolve().parent.parent == clone, utils.__file__
print("utils imported from the clone")'''


def probe_notebook() -> nbformat.NotebookNode:
    cells = [SETUP_CELL, DATA_CELL,
             *(f"from utils.lab_setup import show_image\nshow_image({name!r})"
               for name in diagrams_the_labs_show()),
             TRAINING_CELL, WHERE_CELL]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def text_of(cell) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


def test_the_labs_show_diagrams():
    assert diagrams_the_labs_show(), "no lab calls show_image: the probe would test no image"


def test_what_colab_changes_works_from_the_clone(tmp_path, origin, fake_colab, monkeypatch):
    from nbclient import NotebookClient

    content = tmp_path / "content"          # Colab's working folder: the notebook only
    content.mkdir()
    nb = probe_notebook()
    monkeypatch.setenv("NN_LABS_REPO_URL", origin.as_uri())      # file:// so --depth 1 applies
    monkeypatch.setenv("PYTHONPATH", str(fake_colab))
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))  # no profile, no startup files
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)
    for name in ("MPLBACKEND", "TF_CPP_MIN_LOG_LEVEL", "TF_ENABLE_ONEDNN_OPTS", "KERAS_BACKEND"):
        monkeypatch.delenv(name, raising=False)   # conftest.py's nbval settings; Colab has none

    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(content)}}).execute()

    clone = content / REPO_DIRNAME
    assert (clone / "utils" / "lab_setup.py").is_file(), "the setup cell did not clone the repository"
    assert git("rev-parse", "--is-shallow-repository", cwd=clone).strip() == "true", \
        "the setup cell's clone should be shallow (--depth 1), as in Colab"
    assert sorted(p.name for p in content.iterdir()) == [REPO_DIRNAME], \
        "the probe wrote outside its folder or needed more than the clone"
    assert text_of(nb.cells[1]) == "digits (5000, 400) (5000,)\ncoffee (200, 2)\n"
    images = nb.cells[2:-2]
    assert len(images) == len(diagrams_the_labs_show())
    for cell in images:
        assert any("image/png" in o.get("data", {}) for o in cell.outputs), \
            f"{cell.source.splitlines()[-1]} showed no image"
    assert text_of(nb.cells[-2]) == "loss falls True\n"
    assert text_of(nb.cells[-1]) == "utils imported from the clone\n"
