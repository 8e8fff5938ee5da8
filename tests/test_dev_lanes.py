"""The compatibility lanes' logic (utils/dev/lanes/), without a network, a venv or a kernel:
comparing printed outputs, finding error outputs, finding the Pythons, the command lines, the
environment stamps, and requirements-colab.txt against the direct pins it is made from."""
from __future__ import annotations

import os
import pathlib
import re
import stat
import subprocess
import sys

import nbformat
import pytest

from utils.dev import lanes
from utils.dev.lanes import colab, envs, matrix, outputs
from utils.notebook import ROOT

SANITIZERS = outputs.load_sanitizers(ROOT / "tests" / "nbval_sanitize.cfg")


def code(source, *outputs, count=1):
    cell = nbformat.v4.new_code_cell(source, execution_count=count)
    cell.outputs = list(outputs)
    return cell


def stdout(text):
    return nbformat.v4.new_output("stream", name="stdout", text=text)


def stderr(text):
    return nbformat.v4.new_output("stream", name="stderr", text=text)


def result(text, **extra):
    return nbformat.v4.new_output("execute_result", data={"text/plain": text, **extra},
                                  execution_count=1)


def notebook(*cells):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Lab"), *cells])


# --- comparing printed outputs -------------------------------------------------------------

def test_a_changed_number_is_listed_with_cell_stored_and_new_text():
    stored = notebook(code("print(loss)", stdout("epochs 205\nloss 0.2000\n"), count=3),
                      code("x", result("array([1., 2.])")))
    fresh = notebook(code("print(loss)", stdout("epochs 205\nloss 0.2001\n"), count=3),
                     code("x", result("array([1., 2.])")))
    diffs, problems = outputs.compare_outputs(stored, fresh, SANITIZERS)
    assert problems == []
    assert [(d.cell, d.label) for d in diffs] == [(1, "In [3]: print(loss)")]
    assert outputs.changed_lines(diffs[0].stored, diffs[0].fresh) == \
        ["stored: loss 0.2000", "colab:  loss 0.2001"]


def test_same_printed_text_gives_no_difference():
    nb = notebook(code("print(1)", stdout("1\n")), code("y", result("2")))
    assert outputs.compare_outputs(nb, nbformat.from_dict(nb), SANITIZERS) == ([], [])


def test_what_nbval_does_not_compare_is_not_listed():
    """stderr, timings the sanitize file masks, widget views, NBVAL_IGNORE_OUTPUT cells."""
    widget = {"application/vnd.jupyter.widget-view+json": {"model_id": "abc", "version_major": 2}}
    stored = notebook(
        code("fit()", stdout("10/10 - 5ms/step - loss: 0.5\n"), stderr("TF warning A\n")),
        code("slider", result("interactive(children=(FloatSlider(value=1.0),))", **widget)),
        code("# NBVAL_IGNORE_OUTPUT: timing\nprint(t)", stdout("0.52 s\n")))
    fresh = notebook(
        code("fit()", stdout("10/10 - 7ms/step - loss: 0.5\n"), stderr("TF warning B\n")),
        code("slider", result("interactive(children=(FloatSlider(value=1.0, layout=L),))",
                              **widget)),
        code("# NBVAL_IGNORE_OUTPUT: timing\nprint(t)", stdout("0.61 s\n")))
    assert outputs.compare_outputs(stored, fresh, SANITIZERS) == ([], [])


def test_a_text_result_is_compared_next_to_stdout():
    stored = notebook(code("f()", stdout("a\n"), result("0.5")))
    fresh = notebook(code("f()", stdout("a\n"), result("0.25")))
    diffs, _ = outputs.compare_outputs(stored, fresh, SANITIZERS)
    assert outputs.changed_lines(diffs[0].stored, diffs[0].fresh) == ["stored: 0.5", "colab:  0.25"]


def test_cells_that_do_not_match_up_are_problems():
    stored = notebook(code("a = 1"), code("b = 2"))
    assert outputs.compare_outputs(stored, notebook(code("a = 1")))[1] == \
        ["3 cells stored, 2 executed"]
    assert outputs.compare_outputs(stored, notebook(code("a = 1"), code("b = 3")))[1] == \
        ["cell 2: the source differs"]


def test_the_sanitize_file_is_read_like_nbval():
    assert SANITIZERS, "tests/nbval_sanitize.cfg has no regex sections"
    assert outputs.sanitize("at 0x7f3a2b1c9d00, 12ms/step", SANITIZERS) == \
        "at 0xADDRESS, T/step"


# --- errors ----------------------------------------------------------------------------------

def error(ename, evalue):
    return nbformat.v4.new_output("error", ename=ename, evalue=evalue,
                                  traceback=["\x1b[0;31m---------\x1b[0m",
                                             f"\x1b[0;31m{ename}\x1b[0m: {evalue}"])


def test_error_outputs_are_found_with_their_message():
    nb = notebook(code("print(1)", stdout("1\n")),
                  code("# @title check: the loss falls\nassert loss < 0.2",
                       error("AssertionError", "loss 0.25 is not below 0.2")))
    found = outputs.error_outputs(nb)
    assert [i for i, _ in found] == [2]
    assert found[0][1].startswith("AssertionError: loss 0.25 is not below 0.2")
    assert "\x1b" not in found[0][1]
    assert outputs.error_outputs(notebook(code("print(1)", stdout("1\n")))) == []


def test_the_lab_report_fails_on_errors_and_lists_differences():
    diff = outputs.Difference(4, "In [2]: print(acc)", "acc 0.936\n", "acc 0.934\n")
    ok = outputs.format_lab_report("labs/05.ipynb", 31.2, [diff], [], [])
    assert ok[0] == "labs/05.ipynb: ok, 31 s; 1 cell(s) print differently, 0 error output(s)"
    assert ok[1:] == ["  cell 4 (In [2]: print(acc)):", "    stored: acc 0.936",
                      "    colab:  acc 0.934"]
    bad = outputs.format_lab_report("labs/05.ipynb", None, [], [], [(7, "AssertionError: x")])
    assert bad[0].startswith("labs/05.ipynb: FAILED;") and "  ERROR in cell 7:" in bad


# --- finding the Pythons ---------------------------------------------------------------------

def executable(path: pathlib.Path) -> pathlib.Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.mark.skipif(os.name == "nt", reason="POSIX executables")
def test_candidates_are_path_then_pyenv_newest_first(tmp_path):
    on_path = executable(tmp_path / "bin" / "python3.12")
    pyenv = tmp_path / "pyenv"
    old = executable(pyenv / "versions" / "3.12.1" / "bin" / "python3.12")
    new = executable(pyenv / "versions" / "3.12.10" / "bin" / "python3.12")
    executable(pyenv / "versions" / "3.12-dev" / "bin" / "python3.12")
    executable(pyenv / "versions" / "3.13.0" / "bin" / "python3.13")
    found = envs.candidate_pythons("3.12", path=str(tmp_path / "bin"), pyenv_root=str(pyenv),
                                    windows=False)
    assert found == [[str(on_path)], [str(new)], [str(old)]]
    assert envs.candidate_pythons("3.10", path=str(tmp_path / "bin"), pyenv_root=str(pyenv),
                                   windows=False) == []


def test_windows_uses_the_py_launcher(tmp_path):
    launcher = executable(tmp_path / ("py.exe" if os.name == "nt" else "py"))
    found = envs.candidate_pythons("3.11", path=str(tmp_path), pyenv_root=str(tmp_path / "no"),
                                    windows=True)
    assert [str(launcher), "-3.11"] in found


def test_discovery_keeps_only_pythons_that_run_the_version():
    """A pyenv shim for an unselected version exists on PATH but fails: it is not taken."""
    candidates = {"3.10": [["shim3.10"], ["real3.10"]], "3.11": [["real3.11"]],
                  "3.12": [["shim3.12"]], "3.13": []}
    runs = {"real3.10": "3.10", "real3.11": "3.11", "shim3.12": None}
    found = envs.discover_pythons(candidates=lambda v: candidates[v],
                                   version_of=lambda c: runs.get(c[0]))
    assert found == {"3.10": ["real3.10"], "3.11": ["real3.11"], "3.12": None, "3.13": None}
    assert envs.describe_pythons(found) == [
        "  Python 3.10: real3.10", "  Python 3.11: real3.11",
        "  Python 3.12: NOT FOUND", "  Python 3.13: NOT FOUND"]


def test_python_version_of_runs_the_command():
    def run(command, **kwargs):
        assert command[:2] == ["python9", "-c"]
        return subprocess.CompletedProcess(command, 0, stdout="3.12\n", stderr="")

    def broken(command, **kwargs):
        return subprocess.CompletedProcess(command, 127, stdout="", stderr="not found")

    def missing(command, **kwargs):
        raise FileNotFoundError(command[0])

    assert envs.python_version_of(["python9"], run=run) == "3.12"
    assert envs.python_version_of(["python9"], run=broken) is None
    assert envs.python_version_of(["python9"], run=missing) is None


def test_the_running_python_is_found():
    import sys
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert envs.python_version_of([sys.executable]) == version


def test_the_matrix_plan_says_what_runs_is_skipped_and_missing():
    found = {"3.10": ["p10"], "3.11": ["p11"], "3.12": None, "3.13": ["p13"]}
    assert matrix.matrix_plan(found, "3.11", skip_current=True, ci=True) == \
        (["3.10", "3.13"], ["3.11"], ["3.12"])
    assert matrix.matrix_plan(found, "3.11", skip_current=False, ci=False) == \
        (["3.10", "3.11", "3.13"], [], ["3.12"])


def test_ci_is_read_like_the_other_tests():
    assert envs.in_ci({"CI": "true"}) and envs.in_ci({"CI": "1"})
    assert not envs.in_ci({}) and not envs.in_ci({"CI": "false"}) and not envs.in_ci({"CI": "0"})


# --- command lines ---------------------------------------------------------------------------

def test_the_matrix_runs_unit_tests_and_nbval_without_the_browser():
    assert matrix.matrix_test_command("/v/bin/python") == \
        ["/v/bin/python", "-m", "pytest", "-m", "not browser and not teacher"]
    assert matrix.matrix_test_command("py", ["-x"])[-1] == "-x"


def test_the_colab_lane_runs_the_unit_tests_only():
    """It executes the labs itself, Colab-style; nbval would run them a second time."""
    assert colab.colab_test_command("py") == \
        ["py", "-m", "pytest", "tests", "-m", "not browser and not teacher"]


def test_the_colab_lane_executes_each_lab_alone_in_its_folder(tmp_path):
    command = colab.colab_execute_command("py", tmp_path / "c" / "01.ipynb", tmp_path / "c",
                                          tmp_path / "out.ipynb")
    assert command[:2] == ["py", "-c"] and "allow_errors=True" in command[2]
    assert command[3:] == [str(tmp_path / "c" / "01.ipynb"), str(tmp_path / "c"),
                           str(tmp_path / "out.ipynb")]
    compile(colab.EXECUTE_NOTEBOOK, "<executor>", "exec")


def test_environments_install_like_the_main_one(tmp_path):
    from utils import __main__ as commands
    (tmp_path / "requirements.txt").write_text("x==1\n")
    (tmp_path / "requirements.lock").write_text("x==1\n")
    assert envs.lock_install_args(tmp_path) == commands.install_command("py", tmp_path)[-4:]


def test_refreshing_the_colab_pins_resolves_for_colab(tmp_path):
    command = colab.refresh_pins_command(tmp_path / "f.txt", tmp_path / "d.in", tmp_path / "o",
                                         ["uv"])
    assert command[:3] == ["uv", "pip", "compile"]
    assert command[command.index("-c") + 1] == str(tmp_path / "f.txt")
    assert command[command.index("--python-version") + 1] == colab.COLAB_PYTHON == "3.13"
    assert "--no-python-downloads" in command


def test_the_kernel_sees_the_fake_colab_and_the_snapshot(tmp_path):
    env = colab.colab_kernel_env(tmp_path / "origin", tmp_path / "fake", tmp_path / "ipy",
                                 base={"MPLBACKEND": "Agg", "TF_CPP_MIN_LOG_LEVEL": "3",
                                       "NN_LABS_VENV": "/x", "PATH": "/bin"})
    assert env["PYTHONPATH"] == str(tmp_path / "fake")
    assert env["NN_LABS_REPO_URL"] == (tmp_path / "origin").as_uri()
    assert env["NN_LABS_REPO_URL"].startswith("file://"), "file:// so that --depth 1 applies"
    assert "MPLBACKEND" not in env and "TF_CPP_MIN_LOG_LEVEL" not in env
    assert "NN_LABS_VENV" not in env and env["PATH"] == "/bin"
    assert env["GIT_CONFIG_NOSYSTEM"] == "1"


def test_the_snapshot_leaves_out_environments_and_build_output():
    for rel in (".venv/x", ".venv-colab/bin/python", ".venv-py3.10/a", ".git/HEAD",
                "build/lanes/colab.md", "tests/artifacts/browser/a.png", "utils/__pycache__/a.pyc"):
        assert colab.skipped_path(rel), rel
    for rel in ("utils/dev/lanes/colab.py", "labs/01_tensorflow_training.ipynb", ".ci/run",
                "buildings.txt"):
        assert not colab.skipped_path(rel), rel


def test_the_setup_cell_clones_into_the_folder_the_lane_checks():
    from utils.lab_setup import REPO_DIRNAME
    assert colab.REPO_DIRNAME == REPO_DIRNAME


# --- environment stamps ----------------------------------------------------------------------

def test_a_venv_whose_stamp_matches_is_reused(tmp_path, monkeypatch):
    venv = tmp_path / ".venv-py3.12"
    executable(envs.venv_python(venv))
    (tmp_path / "r.txt").write_text("x==1\n")
    stamp = envs.environment_stamp(["python3.12"], [tmp_path / "r.txt"])
    (venv / "lane-stamp.txt").write_text(stamp)
    monkeypatch.setattr(envs.subprocess, "run",
                        lambda *a, **k: pytest.fail("a matching stamp must not reinstall"))
    assert envs.ensure_venv(venv, ["python3.12"], ["-r", "r.txt"], stamp, log=lambda m: None) \
        == envs.venv_python(venv)


def test_the_stamp_changes_with_the_files_and_the_python(tmp_path):
    (tmp_path / "r.txt").write_text("x==1\n")
    first = envs.environment_stamp(["python3.12"], [tmp_path / "r.txt"])
    assert envs.environment_stamp(["python3.13"], [tmp_path / "r.txt"]) != first
    (tmp_path / "r.txt").write_text("x==2\n")
    assert envs.environment_stamp(["python3.12"], [tmp_path / "r.txt"]) != first


def test_a_stale_venv_is_rebuilt_from_scratch(tmp_path, monkeypatch):
    venv = tmp_path / ".venv-colab"
    executable(envs.venv_python(venv))
    (venv / "lane-stamp.txt").write_text("old\n")
    (venv / "left-over").write_text("from the old environment")
    calls = []

    def run(command, **kwargs):
        calls.append(command)
        if command[1:3] == ["-m", "venv"]:
            executable(envs.venv_python(venv))
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(envs.subprocess, "run", run)
    monkeypatch.setattr(envs, "uv_command", lambda python=None: ["uv"])
    envs.ensure_venv(venv, ["python3.12"], ["-r", "req.txt"], "new\n", log=lambda m: None)
    assert not (venv / "left-over").exists()
    assert calls == [["python3.12", "-m", "venv", str(venv)],
                     ["uv", "pip", "install", "--quiet", "--python", str(envs.venv_python(venv)),
                      "-r", "req.txt"]]
    assert (venv / "lane-stamp.txt").read_text() == "new\n"


def test_without_uv_the_venv_s_own_pip_installs_without_compiling(tmp_path):
    python = tmp_path / "bin" / "python"
    command = envs.lane_install_command(python, ["-r", "req.txt"], uv=[])
    assert command[:4] == [str(python), "-m", "pip", "install"]
    assert command[-2:] == ["-r", "req.txt"] and "--no-compile" in command


def test_a_lane_s_tests_know_the_lane_and_not_the_main_venv():
    env = envs.lane_test_env("colab", {"NN_LABS_VENV": "/v", "VIRTUAL_ENV": "/v", "PATH": "/b"})
    assert env == {"PATH": "/b", "NN_LABS_LANE": "colab"}


@pytest.mark.skipif(os.environ.get("NN_LABS_LANE") == "colab",
                    reason="the Colab stack (requirements-colab.txt) has no uv; the lanes are "
                           "started from the main environment, which has")
def test_the_lanes_install_with_the_uv_requirements_txt_pins():
    """requirements.txt pins uv, so the environment the lanes run in has it, at UV_VERSION."""
    uv = envs.uv_command()
    assert uv == [sys.executable, "-m", "uv"], f"uv is not importable in {sys.executable}"
    done = subprocess.run([*uv, "--version"], capture_output=True, text=True, check=True)
    assert done.stdout.split()[1] == envs.UV_VERSION
    pins = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert f"uv=={envs.UV_VERSION}" in pins.splitlines()


# --- requirements-colab.txt ------------------------------------------------------------------

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)$")


def colab_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / colab.COLAB_REQUIREMENTS).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            match = PIN.match(line)
            assert match, f"{colab.COLAB_REQUIREMENTS}: not an exact pin: {line!r}"
            pins[match[1].lower().replace("_", "-")] = match[2]
    return pins


def test_the_colab_file_holds_every_direct_pin_at_its_version():
    pins = colab_pins()
    for direct in colab.COLAB_DIRECT:
        name, version = direct.split("==")
        assert pins.get(name) == version, \
            f"{colab.COLAB_REQUIREMENTS} has {name}=={pins.get(name)}, COLAB_DIRECT {direct}"


def test_the_colab_stack_is_colabs():
    """Colab's newest published list (googlecolab/backend-info, 2026-08-19: Python 3.13);
    Colab installs the full tensorflow wheel."""
    pins = colab_pins()
    assert {k: pins[k] for k in ("keras", "numpy", "ipywidgets", "matplotlib", "ipython",
                                 "ipykernel", "nbclient", "sympy", "pyyaml")} == \
        {"keras": "3.13.2", "numpy": "2.1.3", "ipywidgets": "7.7.1", "matplotlib": "3.10.0",
         "ipython": "7.34.0", "ipykernel": "6.17.1", "nbclient": "0.10.4", "sympy": "1.14.0",
         "pyyaml": "6.0.3"}
    assert pins["tensorflow"] == "2.20.0" and "tensorflow-cpu" not in pins
    assert colab.COLAB_PYTHON == "3.13"
    header = (ROOT / "requirements-colab.txt").read_text(encoding="utf-8")
    assert "a72407924822ea377410b69f0a290150bcb5c9c2 (2026-08-19" in header


def test_the_lanes_test_with_no_network_like_the_test_command(monkeypatch):
    from utils import __main__ as commands
    monkeypatch.setattr(commands, "offline_prefix", lambda: (["unshare", "-n", "--"], ""))
    command, env = envs.offline(["py", "-m", "pytest"], {"PATH": "/bin"})
    assert command == ["unshare", "-n", "--", "py", "-m", "pytest"]
    assert env == {"PATH": "/bin", "NN_LABS_OFFLINE": "1", "NN_LABS_OFFLINE_WHY_NOT": ""}
    monkeypatch.setattr(commands, "offline_prefix", lambda: ([], "not Linux"))
    command, env = envs.offline(["py"], {})
    assert command == ["py"] and env["NN_LABS_OFFLINE"] == "0"
    assert env["NN_LABS_OFFLINE_WHY_NOT"] == "not Linux"


def test_an_unsupported_python_is_refused_with_the_supported_list(capsys):
    assert lanes.main(["matrix", "--python", "3.9"]) == 2
    assert "3.10" in capsys.readouterr().out


def test_a_stored_notebook_without_outputs_is_a_problem():
    stored = notebook(code("print(1)", count=None))
    fresh = notebook(code("print(1)", stdout("1\n")))
    diffs, problems = outputs.compare_outputs(stored, fresh)
    assert len(diffs) == 1 and problems == [
        "the stored notebook is not executed: no outputs to compare with (python3 -m utils run it)"]
