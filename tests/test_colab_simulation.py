"""A lab run as Google Colab runs it: the notebook alone in an empty folder.

"Open in Colab" gives a learner the notebook and nothing else, so the setup cell has to fetch the
repository (utils/, data/, images/) itself. This test reproduces that without a network:

1. It copies one lab, alone, into an empty folder (Colab's /content).
2. It fakes Colab: a folder on the kernel's PYTHONPATH holds ``google/colab/__init__.py`` and no
   ``google/__init__.py``, so ``google`` stays a namespace package and protobuf's
   ``google.protobuf`` (which TensorFlow imports) still loads next to the fake ``google.colab``.
3. It points the setup cell at a local clone through ``NN_LABS_REPO_URL`` (the variable the
   setup cell honours). The clone's origin is a throwaway git repository made from the *working
   tree* under test (tracked files plus new files git does not ignore, as they are on disk), so
   uncommitted work is tested too; cloning the checkout itself would fetch its last commit only.
4. It executes the notebook with a fresh kernel (nbclient) in that folder and checks that the
   setup cell cloned the repository (shallow), that ``utils`` was imported from the clone, and
   that the lab ran to the end without an error (its data files load from the clone's data/)
   and showed its figures and every diagram it takes from the clone's images/.

The lab: the first that loads data files and shows images from images/ (the practice lab), else
the first lab.
"""
from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess

import nbformat
import pytest

from browser_support import ANSI, TRACEBACK_MARKERS, COPY_IGNORE, strip_outputs
from utils.lab_setup import REPO_DIRNAME, ROOT, lab_notebooks

pytestmark = pytest.mark.colab

LABS = [p for p in lab_notebooks() if "learner" not in p.relative_to(ROOT / "labs").parts]
GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "colab-simulation", "GIT_AUTHOR_EMAIL": "test@example.invalid",
           "GIT_COMMITTER_NAME": "colab-simulation", "GIT_COMMITTER_EMAIL": "test@example.invalid",
           "GIT_TERMINAL_PROMPT": "0"}
FAKE_COLAB = '''"""Stand-in for Colab's google.colab package (tests/test_colab_simulation.py).
The labs only test that it imports; nothing else of Colab is imitated."""
IN_COLAB_SIMULATION = True
'''


def uses_data_and_images(path: pathlib.Path) -> bool:
    text = path.read_text(encoding="utf-8")
    return "show_image(" in text and "from utils.data import load_" in text


def pick_lab() -> pathlib.Path | None:
    practice = [p for p in LABS if "practice" in p.name and uses_data_and_images(p)]
    both = [p for p in LABS if uses_data_and_images(p)]
    return (practice or both or LABS or [None])[0]


LAB = pick_lab()


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


CHECK_CELL = f'''\
# Added by tests/test_colab_simulation.py: where did utils come from?
import pathlib, google.colab, google.protobuf, utils
clone = (pathlib.Path.cwd() / "{REPO_DIRNAME}").resolve()
assert google.colab.IN_COLAB_SIMULATION
assert pathlib.Path(utils.__file__).resolve().parent.parent == clone, utils.__file__
print("utils imported from the clone")'''


def image_outputs(nb) -> int:
    return sum(1 for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
               if "image/png" in o.get("data", {}))


@pytest.mark.skipif(LAB is None, reason="labs/ holds no notebook yet")
def test_lab_runs_as_in_colab(tmp_path, origin, fake_colab, monkeypatch):
    from nbclient import NotebookClient

    content = tmp_path / "content"          # Colab's working folder: the notebook only
    content.mkdir()
    notebook = content / LAB.name
    shutil.copy2(LAB, notebook)
    strip_outputs(notebook)
    nb = nbformat.read(notebook, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(CHECK_CELL))

    monkeypatch.setenv("NN_LABS_REPO_URL", origin.as_uri())      # file:// so --depth 1 applies
    monkeypatch.setenv("PYTHONPATH", str(fake_colab))
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))  # no profile, no startup files
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)
    for name in ("MPLBACKEND", "TF_CPP_MIN_LOG_LEVEL", "TF_ENABLE_ONEDNN_OPTS", "KERAS_BACKEND"):
        monkeypatch.delenv(name, raising=False)   # conftest.py's nbval settings; Colab has none

    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(content)}})
    client.execute()          # raises CellExecutionError, with the traceback, on any error

    clone = content / REPO_DIRNAME
    assert (clone / "utils" / "lab_setup.py").is_file(), "the setup cell did not clone the repository"
    assert git("rev-parse", "--is-shallow-repository", cwd=clone).strip() == "true", \
        "the setup cell's clone should be shallow (--depth 1), as in Colab"
    assert sorted(p.name for p in content.iterdir()) == sorted([LAB.name, REPO_DIRNAME]), \
        "the lab wrote outside its folder or needed more than the notebook and the clone"

    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        assert cell.execution_count is not None, f"cell {i} did not run"
        for out in cell.outputs:
            assert out.output_type != "error", f"cell {i}: {out.ename}: {out.evalue}"
            text = ANSI.sub("", out.get("text", "") + json.dumps(out.get("data", {}).get("text/plain", "")))
            assert not any(t in text for t in TRACEBACK_MARKERS), f"cell {i} shows a traceback:\n{text}"
    assert "utils imported from the clone" in nb.cells[-1].outputs[0]["text"]

    assert image_outputs(nb) > 0, f"{LAB.name} showed no image in the Colab simulation"
    for i, cell in enumerate(nb.cells):     # every diagram from images/ arrived with the clone
        if cell.cell_type == "code" and "show_image(" in cell.source:
            assert any("image/png" in o.get("data", {}) for o in cell.outputs), \
                f"cell {i} calls show_image but shows no image"
