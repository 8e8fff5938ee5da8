"""utils.lab_setup (the setup cell's work and the repository address) and utils.__main__."""
import json
import os
import pathlib
import random
import subprocess
import sys

import numpy as np
import pytest

from utils import lab_setup
from utils import __main__ as entry
from utils.notebook import read


def test_colab_url_and_badge_use_the_one_repository_address():
    url = lab_setup.colab_url("labs/01_tensorflow_training.ipynb")
    slug = lab_setup.REPO_URL.removeprefix("https://github.com/")
    assert url == (f"https://colab.research.google.com/github/{slug}/blob/{lab_setup.BRANCH}/"
                   "labs/01_tensorflow_training.ipynb")
    assert lab_setup.colab_badge("labs/x.ipynb").endswith(f"({lab_setup.colab_url('labs/x.ipynb')})")
    assert lab_setup.REPO_URL + ".git" in lab_setup.SETUP_CELL


@pytest.mark.parametrize("bad", ["labs/x.py", "/abs/labs/x.ipynb", "labs\\x.ipynb", 3])
def test_colab_url_rejects_bad_paths(bad):
    with pytest.raises(ValueError, match="notebook_path must"):
        lab_setup.colab_url(bad)


def test_seed_everything_makes_generators_repeat():
    import tensorflow as tf
    lab_setup.seed_everything(7)
    first = (random.random(), np.random.rand(), float(tf.random.uniform([])))
    lab_setup.seed_everything(7)
    assert (random.random(), np.random.rand(), float(tf.random.uniform([]))) == first
    with pytest.raises(ValueError, match="seed must be >= 0, got -1"):
        lab_setup.seed_everything(-1)
    with pytest.raises(TypeError, match="seed must be a whole number"):
        lab_setup.seed_everything("0")


def test_setup_cell_runs_in_a_fresh_interpreter_from_a_subfolder(tmp_path):
    """The setup cell finds the repository from labs/ and leaves TensorFlow quiet."""
    code = (lab_setup.SETUP_CELL + "\nimport tensorflow as tf\nprint('ok', tf.random.uniform([1]).numpy().round(4))\n"
            "os.write(2, b'stderr is back\\n')\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TF_", "KERAS_", "NN_LABS"))}
    run = subprocess.run([sys.executable, "-c", code], cwd=lab_setup.ROOT / "labs", env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("ok")
    noise = [line for line in run.stderr.splitlines() if line.strip() and line != "stderr is back"]
    assert not noise, f"TensorFlow log noise reached stderr: {noise[:3]}"
    assert run.stderr.splitlines()[-1:] == ["stderr is back"], "stderr was not restored"
    outside = subprocess.run([sys.executable, "-c", lab_setup.SETUP_CELL], cwd=tmp_path, env=env,
                             capture_output=True, text=True, timeout=300)
    assert outside.returncode != 0
    assert "No repository (a folder with utils/lab_setup.py) above" in outside.stderr


def test_show_image_and_missing_image():
    images = sorted(p.name for p in (lab_setup.ROOT / "images").glob("*.png"))
    assert images, "images/ holds the labs' diagrams; none found"
    assert lab_setup.show_image(images[0], width=300).width == 300
    with pytest.raises(FileNotFoundError, match=r"images/nope.png does not exist\. Images there:"):
        lab_setup.image_path("nope.png")
    with pytest.raises(TypeError, match="name must be a file name in images/"):
        lab_setup.image_path(None)
    with pytest.raises(ValueError, match="width must be >= 50"):
        lab_setup.show_image("nope.png", width=1)


def test_sync_rewrites_stale_setup_cells_and_buttons(tmp_path):
    (tmp_path / "labs").mkdir()
    nb = {"cells": [
        {"cell_type": "markdown", "metadata": {}, "source": "# T"},
        {"cell_type": "markdown", "metadata": {},
         "source": "[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/old/repo/blob/main/labs/a.ipynb)"},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": "# Setup: the same cell in every lab (old version)\nimport os"},
        {"cell_type": "code", "metadata": {"tags": ["mine"]}, "execution_count": None,
         "outputs": [], "source": "# @title check: one is one\nassert 1 == 1"},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": "assert 2 == 2   # a lesson cell: left alone"}],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 4}
    path = tmp_path / "labs" / "a.ipynb"
    path.write_text(json.dumps(nb))
    (tmp_path / "README.md").write_text(
        "| 1 | [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/old/repo/blob/main/labs/a.ipynb) |\n")
    assert lab_setup.sync_notebook(path, root=tmp_path) is True
    cells = read(path)["cells"]
    assert lab_setup.colab_badge("labs/a.ipynb") in cells[1]["source"]
    assert cells[2]["source"] == lab_setup.SETUP_CELL
    assert cells[3]["metadata"] == {"tags": ["mine", "check"], "jupyter": {"source_hidden": True},
                                    "cellView": "form"}
    assert cells[4]["metadata"] == {}
    assert lab_setup.sync_notebook(path, root=tmp_path) is False      # idempotent
    assert lab_setup.sync_readme(root=tmp_path) is True
    assert lab_setup.colab_badge("labs/a.ipynb") in (tmp_path / "README.md").read_text()


def test_entry_point_usage_and_python_check(monkeypatch, capsys):
    assert entry.main([]) == 2
    usage = capsys.readouterr().out
    for command in ("lab", "test", "run", "sync", "new-lab", "images", "learner", "crossval"):
        assert f"\n    {command} " in usage, f"the usage text does not list {command}"
    assert entry.main(["nonsense"]) == 2
    assert "Unknown command 'nonsense'" in capsys.readouterr().out
    assert entry.main(["run"]) == 2
    assert "needs one or more notebook paths" in capsys.readouterr().out
    monkeypatch.setattr(sys, "version_info", (3, 9, 0))
    with pytest.raises(SystemExit, match=r"These labs need Python 3.10 to 3.13; this is Python"):
        entry.ensure_environment()


def test_entry_point_reuses_an_up_to_date_environment(tmp_path, monkeypatch):
    venv = tmp_path / "venv"
    python = entry.venv_python(venv)
    python.parent.mkdir(parents=True)
    python.write_text("")
    (venv / "requirements.sha256").write_text(entry.requirements_digest() + "\n")
    monkeypatch.setenv("NN_LABS_VENV", str(venv))
    monkeypatch.setattr(entry.subprocess, "run", lambda *a, **k: pytest.fail("must not reinstall"))
    assert entry.ensure_environment() == entry.venv_python(venv.resolve())


@pytest.mark.parametrize("command", sorted(entry.MODULE_COMMANDS))
def test_every_command_runs_a_module_with_a_main(command):
    """Each contributor command names a module of utils whose main(argv) exists."""
    import importlib
    module = importlib.import_module(entry.MODULE_COMMANDS[command])
    assert callable(getattr(module, "main", None)), f"{module.__name__} has no main(argv)"
    line = entry.command_line(command, ["--x"], pathlib.Path("py"))
    assert line[0] == "py" and line[-1] == "--x" and entry.MODULE_COMMANDS[command] in line[2]


def test_lab_test_and_run_command_lines():
    py = pathlib.Path("py")
    assert entry.command_line("test", ["-k", "x"], py) == ["py", "-m", "pytest", "-k", "x"]
    assert entry.command_line("lab", [], py)[:4] == ["py", "-m", "jupyter", "lab"]
    assert entry.command_line("run", ["a.ipynb"], py)[-1] == "a.ipynb"


def test_a_failed_tensorflow_import_still_shows_its_error_and_restores_stderr(monkeypatch, capfd):
    """import_tensorflow_quietly hides the import's C++ chatter, not a Python error."""
    import builtins
    real_import = builtins.__import__

    def broken(name, *args, **kwargs):
        if name == "tensorflow":
            os.write(2, b"chatter during the import\n")
            raise ImportError("No module named 'tensorflow' (simulated)")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "tensorflow", raising=False)
    monkeypatch.setattr(builtins, "__import__", broken)
    with pytest.raises(ImportError, match="simulated"):
        lab_setup.import_tensorflow_quietly()
    os.write(2, b"after\n")
    assert capfd.readouterr().err == "after\n"


def test_every_diagram_has_alt_text_and_shows_it_in_the_outputs_metadata():
    import json
    texts = json.loads((lab_setup.ROOT / "images" / "alt-text.json").read_text(encoding="utf-8"))
    pngs = sorted(p.name for p in (lab_setup.ROOT / "images").glob("*.png"))
    assert sorted(texts) == pngs
    for name, text in texts.items():
        assert len(text.split()) >= 25 and not text.lower().startswith(("a plot", "an image")), name
    data, metadata = lab_setup.show_image("coffee_network.png", width=320)._repr_mimebundle_()
    assert metadata == {"image/png": {"width": 320, "alt": texts["coffee_network.png"]}}
    assert data["image/png"] and data["text/plain"].startswith("<images/coffee_network.png: ")
