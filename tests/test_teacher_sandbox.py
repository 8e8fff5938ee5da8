"""utils/teacher/gradebook/sandbox.py and runner.py: the sandbox every submission runs in, and
the hostile class (tests/hostile/): every attack class of the issue "Grading a class that may
cheat" graded with ``python3 -m utils grade`` from a COPY of the repository, with a fake HOME
and a fake token in the grader's environment.

The tests that need bubblewrap skip where it cannot run, except in CI (``CI=true``), where they
fail: .ci/run installs Debian's bubblewrap package.
"""
import csv
import hashlib
import json
import os
import pathlib
import re
import secrets
import shutil
import signal
import subprocess
import sys
import sysconfig
import time

import nbformat
import pytest

from hostile import NO_KERNEL, Targets, build
from utils.notebook import ROOT, cell_source, read
from utils.teacher import gradebook
from utils.teacher.gradebook import execute, runner, sandbox, watch
from utils.teacher.gradebook.execute import RunResult
from utils.teacher.gradebook.submissions import Submission

MODE, WHY = sandbox.probe()
needs_sandbox = pytest.mark.skipif(not MODE and os.environ.get("CI") != "true",
                                   reason=f"no sandbox here: {WHY}")


# --- sandbox.py without a sandbox ------------------------------------------------------------

def test_parse_size_reads_units_and_names_the_argument():
    assert sandbox.parse_size("2G", "--memory") == 2 << 30
    assert sandbox.parse_size("512m", "--disk") == 512 << 20
    assert sandbox.parse_size("1.5GB", "--memory") == int(1.5 * 2**30)
    assert sandbox.parse_size("100k", "--x") == 100 << 10
    assert sandbox.parse_size("4096", "--x") == 4096
    for bad in ("", "0", "-1G", "lots", "2Q", "nan"):
        with pytest.raises(ValueError, match=f"--disk must be a size > 0 .* got {bad!r}"):
            sandbox.parse_size(bad, "--disk")


def test_limits_defaults_and_the_rlimits_the_runner_sets():
    d = sandbox.DEFAULT_LIMITS
    assert (d.memory, d.processes, d.file_size, d.cpu_time, d.disk) == (
        2 << 30, 256, 100 << 20, 600, 512 << 20)
    assert d.rlimits(True) == {"memory": 2 << 30, "processes": 256, "file_size": 100 << 20,
                               "cpu_time": 600}
    assert d.rlimits(False)["processes"] is None      # it would count all the teacher's


def test_probe_says_why_there_is_no_sandbox(monkeypatch):
    monkeypatch.setattr(sandbox.sys, "platform", "darwin")
    assert sandbox.probe.__wrapped__() == ("", "bubblewrap runs only on Linux (this is darwin)")
    monkeypatch.setattr(sandbox.sys, "platform", "linux")
    monkeypatch.setattr(sandbox.shutil, "which", lambda name: None)
    assert "apt-get install bubblewrap" in sandbox.probe.__wrapped__()[1]
    monkeypatch.setattr(sandbox.shutil, "which", lambda name: "/usr/bin/" + name)
    monkeypatch.setattr(sandbox.subprocess, "run", lambda *a, **k: subprocess.CompletedProcess(
        a, 1, "", "bwrap: No permissions to create new namespace"))
    mode, why = sandbox.probe.__wrapped__()
    assert mode == "" and "No permissions to create new namespace" in why
    assert "user namespaces" in why
    message = sandbox.unavailable_message(why)
    assert "docker run --rm --network none" in message and "--no-sandbox" in message


def _binds(command: list[str]) -> dict[str, str]:
    """{destination: source} of a bubblewrap command's binds."""
    found = {}
    for i, arg in enumerate(command):
        if arg in ("--bind", "--ro-bind", "--ro-bind-try"):
            found[command[i + 2]] = command[i + 1]
    return found


@pytest.mark.parametrize("mode", ["root", "user"])
def test_the_command_shows_only_what_the_lab_needs(mode, tmp_path):
    box = sandbox.Sandbox(mode)
    command = box.command(tmp_path, 2_000_000_123, {"HOME": "/tmp/home"})
    binds = _binds(command)
    assert binds["/course/utils"] == str(ROOT / "utils")
    assert {binds[f"/course/{p}"] for p in ("data", "images", "labs/quizzes")} == {
        str(ROOT / p) for p in ("data", "images", "labs/quizzes")}
    assert binds["/grading/out"] == str(tmp_path / "out")
    shown = set(binds.values())
    for hidden in (ROOT, ROOT / "labs", ROOT / "tests", ROOT / ".git", pathlib.Path.home(),
                   ROOT / "labs" / "08_derivatives.ipynb", ROOT / "labs" / "learner"):
        assert str(hidden) not in shown, hidden
    assert not [s for s in shown if s.startswith(str(ROOT)) and not s.startswith(
        (str(ROOT / "utils"), str(ROOT / "data"), str(ROOT / "images"), str(ROOT / "labs/quizzes"),
         sys.prefix))]
    text = " ".join(command)
    for hidden in ("utils/teacher", "utils/dev"):
        assert f"--tmpfs /course/{hidden} --remount-ro /course/{hidden}" in text
    for flag in ("--die-with-parent", "--new-session", "--unshare-pid", "--unshare-net",
                 "--unshare-ipc", "--clearenv", "--remount-ro /course", "--remount-ro /",
                 "--setenv HOME /tmp/home", f"--size {512 << 20} --tmpfs /course/work"):
        assert flag in text, flag
    assert ("--setenv" not in command[command.index("--"):])    # nothing of the grader's after
    if mode == "root":
        assert "setpriv --reuid=2000000123 --regid=2000000123 --clear-groups" in text
        assert "--no-new-privs" in text and "--unshare-user" not in command
    else:
        assert "--unshare-user --uid 65534 --gid 65534 --disable-userns" in text
        assert "setpriv" not in command
    assert command[-2:] == ["/grading/runner.py", "/grading/job.json"]


def test_parents_are_made_open_to_the_sandbox():
    made = {"/etc"}
    assert sandbox._parents(["/root/.pyenv/x", "/root/other"], made) == [
        "--perms", "0755", "--dir", "/root", "--perms", "0755", "--dir", "/root/.pyenv"]


def test_prepare_the_host_folder(tmp_path):
    box = sandbox.Sandbox("user")
    assert box.prepare(tmp_path) == 65534
    assert (tmp_path / "out").is_dir()
    assert "learner:x:65534:65534::/tmp/home" in (tmp_path / "etc" / "passwd").read_text()
    plain = tmp_path / "plain"
    plain.mkdir()
    sandbox.Sandbox("none").prepare(plain)
    assert sorted(p.name for p in plain.iterdir()) == ["home", "out", "tmp", "utils", "work"]
    assert (plain / "utils" / "lab_setup.py").is_file()
    if os.geteuid() == 0:
        rooted = tmp_path / "rooted"
        rooted.mkdir()
        uid = sandbox.Sandbox("root").prepare(rooted)
        assert uid >= 2_000_000_000 and (rooted / "out").stat().st_uid == uid


def test_process_tree_memory_and_folder_size(tmp_path):
    proc = subprocess.Popen(["sh", "-c", "sleep 30 & sleep 30 & wait"])
    try:
        time.sleep(0.5)
        tree = watch.process_tree(proc.pid)
        assert tree[0] == proc.pid and len(tree) == 3
        assert watch.resident_bytes(tree) > 0 and watch.resident_bytes([10**9]) == 0
        assert 0 < watch.proportional_bytes(tree) <= watch.resident_bytes(tree)
        assert set(watch.started(tree)) == set(tree) and watch.started([10**9]) == {}
    finally:
        for pid in reversed(watch.process_tree(proc.pid)):
            os.kill(pid, signal.SIGKILL)
        proc.wait()
    (tmp_path / "a").write_bytes(b"x" * 100_000)
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "b").write_bytes(b"x" * 100_000)
    (tmp_path / "link").symlink_to("/usr")
    assert 200_000 <= watch.folder_bytes(tmp_path) <= 220_000
    assert watch.folder_bytes(tmp_path, most=2) == 1 << 62


def test_memory_is_confirmed_by_proportional_memory_at_most_every_two_seconds(monkeypatch):
    box, counted = sandbox.Sandbox("root", sandbox.Limits(memory=1000)), []
    monkeypatch.setattr(sandbox, "process_tree", lambda pid: [pid])
    monkeypatch.setattr(sandbox, "resident_bytes", lambda pids: 5000)      # forks share pages
    monkeypatch.setattr(sandbox, "proportional_bytes", lambda pids: counted.append(1) or 900)
    confirm = [0.0]
    assert box._memory(1, confirm) == 0 and counted == [1]
    assert box._memory(1, confirm) == 0 and counted == [1]        # not again within 2 s
    confirm[0] = 0.0
    monkeypatch.setattr(sandbox, "proportional_bytes", lambda pids: 2000)
    assert box._memory(1, confirm) == 2000
    monkeypatch.setattr(sandbox, "resident_bytes", lambda pids: 500)
    assert box._memory(1, [0.0]) == 0


def test_the_watch_stops_a_run_over_its_time_or_its_disk(tmp_path):
    box = sandbox.Sandbox("none", sandbox.Limits(disk=100_000))
    (tmp_path / "out").mkdir()
    for seconds, big, said in ((0.5, 0, "after 0 s (the overall time limit)"),
                               (30, 200_000, "wrote more than 0 MB into its results folder")):
        (tmp_path / "out" / "big").write_bytes(b"x" * big)
        proc = subprocess.Popen(["sleep", "30"], start_new_session=True)
        start = time.monotonic()
        try:
            assert said in box._watch(proc, tmp_path / "out", start + seconds, seconds)
        finally:
            box._end(proc)
        assert time.monotonic() - start < 5 and proc.poll() is not None
    proc = subprocess.Popen(["true"])
    assert box._watch(proc, tmp_path / "out", time.monotonic() + 30, 30) == ""


def test_a_failed_write_of_the_executed_notebook_keeps_the_verdict(monkeypatch, tmp_path):
    from utils.teacher.gradebook import submissions
    lab = submissions.find_lab("08", submissions.known_labs())
    nb = read(ROOT / "labs" / "learner" / "08_derivatives.ipynb")
    run = RunResult(results={1: {"status": "passed", "message": "Exercise 1 passed"}},
                    nb=execute.normalize(nb))
    monkeypatch.setattr(gradebook, "run_notebook", lambda *a, **k: run)
    (tmp_path / "executed").write_text("a file where the folder should be")
    row = gradebook.grade_submission(Submission(tmp_path / "ann.ipynb", "ann", nb), lab, [lab],
                                     (1, 1), tmp_path / "executed")
    assert (row.status, row.total([1])) == ("graded", 1)
    assert "the executed notebook could not be written (FileExistsError" in row.reason


# --- the sandbox at work (a kernel each) -----------------------------------------------------

PROBE = r'''
import json, os, pathlib, socket
seen = {"uid": os.getuid(), "cwd": os.getcwd(), "root": sorted(os.listdir("/")),
        "course": sorted(os.listdir("/course")), "labs": sorted(os.listdir("/course/labs")),
        "teacher": os.listdir("/course/utils/teacher"), "pids": len([p for p in os.listdir("/proc") if p.isdigit()])}
for name, path in {"repo": ROOT, "home": HOME}.items():      # at most the Python environment
    seen[name] = sorted(os.listdir(path)) if os.path.isdir(path) else []
seen["reference"] = os.path.exists(ROOT + "/labs/08_derivatives.ipynb")
import sysconfig
venv = os.path.join(sysconfig.get_paths()["purelib"], PROBE_FILE)    # the Python environment
for name, path in {"utils": "/course/utils/x.py", "course": "/course/x.py", "root": "/x",
                   "venv": venv}.items():
    try:
        pathlib.Path(path).write_text("x")
        seen["write " + name] = "done"
    except OSError as exc:
        seen["write " + name] = type(exc).__name__
try:
    socket.create_connection(("1.1.1.1", 80), timeout=2)
    seen["network"] = "connected"
except OSError as exc:
    seen["network"] = type(exc).__name__
print("SEEN " + json.dumps(seen))
'''


def _tiny(*sources):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])


def _seen(run, tag):
    text = "".join(o.get("text", "") for c in run.nb.cells for o in c.get("outputs", []))
    return json.loads(text.split(tag + " ", 1)[1].splitlines()[0])


@pytest.mark.slow
@needs_sandbox
def test_the_sandbox_shows_only_what_the_lab_needs():
    probe_file = f"nn-probe-{secrets.token_hex(6)}.txt"
    source = (f"ROOT, HOME = {str(ROOT)!r}, {str(pathlib.Path.home())!r}\n"
              f"PROBE_FILE = {probe_file!r}\n" + PROBE)
    run = execute.run_notebook(_tiny(source), "utils.labs.lab08.checks", [1], 30, 10,
                               sandbox=sandbox.Sandbox(MODE))
    written = pathlib.Path(sysconfig.get_paths()["purelib"], probe_file)
    if written.exists():        # a broken sandbox: take it out of the shared environment
        written.unlink()
    seen = _seen(run, "SEEN")
    assert seen["uid"] != 0 and seen["cwd"] == "/course/work"
    assert seen["course"] == ["data", "images", "labs", "utils", "work"]
    assert seen["labs"] == ["quizzes"] and seen["teacher"] == []
    python = {pathlib.Path(p).relative_to(d).parts[0] for p in (sys.prefix, sys.base_prefix)
              for d in (ROOT, pathlib.Path.home()) if pathlib.Path(p).is_relative_to(d)}
    assert set(seen["repo"]) <= python and set(seen["home"]) <= python, seen
    assert not seen["reference"]
    writes = {seen["write utils"], seen["write course"], seen["write root"], seen["write venv"]}
    assert writes <= {"OSError", "PermissionError"}, seen
    assert seen["network"] == "OSError" and seen["pids"] < 10


@pytest.mark.slow
@needs_sandbox
def test_a_frozen_runner_is_stopped_from_outside_with_all_its_processes(monkeypatch):
    marker = f"nn-hostile-{secrets.token_hex(6)}"
    source = (f"import os, signal, subprocess, sys\n"
              f"subprocess.Popen([sys.executable, '-c', 'import time  # {marker}\\n"
              f"time.sleep(120)'], start_new_session=True)\n"
              "os.kill(os.getppid(), signal.SIGSTOP)")
    for name, value in (("IOPUB_GRACE", 1), ("SETTLE_GRACE", 1), ("STARTUP_GRACE", 8)):
        monkeypatch.setattr(execute, name, value)
    start = time.monotonic()
    run = execute.run_notebook(_tiny(source), "utils.labs.lab08.checks", [1], 5, 2,
                               sandbox=sandbox.Sandbox(MODE))
    assert run.status == "timeout" and "(the overall time limit)" in run.detail, run.detail
    assert time.monotonic() - start < 60
    assert _survivors(marker) == []


# --- the hostile class ---------------------------------------------------------------------

COPIED = ("utils", "labs", "data", "images", "README.md", "requirements.txt",
          "requirements.lock")


def _copy_repository(dest: pathlib.Path) -> None:
    dest.mkdir()
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, symlinks=True)
        else:
            shutil.copy2(source, dest / name)
    (dest / "tests").mkdir()
    (dest / "tests" / "test_canary.py").write_text("def test_nothing():\n    pass\n")
    (dest / ".git").mkdir()
    (dest / ".git" / "config").write_text("[core]\n\tbare = false\n")
    (dest / "canary.txt").write_text("a canary in the repository\n")


def _tree_hashes(folder: pathlib.Path) -> dict:
    """{relative path: sha256, or 'dir', or 'link -> target'} of everything under ``folder``."""
    found = {}
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        if path.is_symlink():
            found[key] = "link -> " + os.readlink(path)
        elif path.is_dir():
            found[key] = "dir"
        else:
            found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _survivors(marker: str) -> list[str]:
    """Processes whose command line or environment holds ``marker``."""
    found, needle = [], marker.encode()
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        for part in ("cmdline", "environ"):
            try:
                data = open(f"/proc/{entry.name}/{part}", "rb").read()
            except OSError:
                continue
            if needle in data:
                found.append(f"{entry.name}: {data[:120]!r}")
                break
    return found


def _grade(repo, subs, out, env, *extra):
    command = [sys.executable, "-c", "import sys; from utils.teacher.gradebook import main; "
               "sys.exit(main(sys.argv[1:]))", str(subs), "--out", str(out), *extra]
    return subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True,
                          timeout=900)


@pytest.mark.slow
@needs_sandbox
@pytest.mark.xdist_group("hostile")       # one worker runs the class, so its fixture runs once
class TestHostileClass:
    """tests/hostile graded with ``--jobs 2`` by the command, from a copy of the repository,
    with HOME pointing at a fake home and a fake token in the grader's environment."""

    TOKEN = "NN_LABS_FAKE_TOKEN"

    @pytest.fixture(scope="class")
    def graded(self, tmp_path_factory):
        root = tmp_path_factory.mktemp("hostile")
        repo, home, subs, out = (root / n for n in ("repo", "home", "subs", "out"))
        _copy_repository(repo)
        home.mkdir()
        subs.mkdir()
        (home / "canary.txt").write_text("a canary in the teacher's home\n")
        (home / ".ssh").mkdir()
        (home / ".ssh" / "id_rsa").write_text("not a real key\n")
        marker, token = f"nn-hostile-{secrets.token_hex(6)}", f"tok-{secrets.token_hex(16)}"
        targets = Targets(str(home), str(repo), str(subs), str(out), self.TOKEN, marker)
        expected = build(subs, targets)
        before = {"repo": _tree_hashes(repo), "subs": _tree_hashes(subs),
                  "home": _tree_hashes(home)}
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home),
               "LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1", self.TOKEN: token}
        start = time.monotonic()
        done = _grade(repo, subs, out, env, "--lab", "08", "--jobs", "2", "--timeout", "120",
                      "--check-timeout", "30", "--file-size", "50M", "--disk", "128M")
        seconds = time.monotonic() - start
        survivors = _survivors(marker)
        with open(out / "grades.csv", newline="", encoding="utf-8") as f:
            rows = {r["file"].lstrip("'"): r for r in csv.DictReader(f)}
        csv_hash = hashlib.sha256((out / "grades.csv").read_bytes()).hexdigest()
        time.sleep(3)       # a process that outlived the grader would rewrite grades.csv now
        return dict(root=root, repo=repo, home=home, subs=subs, out=out, done=done,
                    rows=rows, expected=expected, before=before, marker=marker, token=token,
                    seconds=seconds, survivors=survivors + _survivors(marker),
                    csv_hash=csv_hash, env=env)

    def _executed(self, graded, name) -> dict:
        return read(graded["out"] / "executed" / f"{pathlib.Path(name).stem}.ipynb")

    def _text(self, graded, name) -> str:
        nb = self._executed(graded, name)
        return "".join(cell_source({"source": o.get("text", "")}) for c in nb["cells"]
                       for o in c.get("outputs", []))

    def _printed(self, graded, name, tag) -> dict:
        return json.loads(self._text(graded, name).split(tag + " ", 1)[1].splitlines()[0])

    def test_the_command_ends_well_and_every_file_has_its_row(self, graded):
        assert graded["done"].returncode == 0, graded["done"].stdout + graded["done"].stderr
        assert "each in its own sandbox" in graded["done"].stdout
        assert "Traceback" not in graded["done"].stderr
        assert set(graded["rows"]) == set(graded["expected"])
        for name, expect in graded["expected"].items():
            row = graded["rows"][name]
            assert row["status"] == expect.status, (name, row)
            text = row["reason"] + " " + row["exercise_1_message"]
            assert re.search(expect.pattern, text), (name, expect.pattern, text[:500])
            assert row["sandbox"] == "bubblewrap"

    def test_no_unearned_point_and_the_honest_keep_theirs(self, graded):
        for name, expect in graded["expected"].items():
            assert int(graded["rows"][name]["total"]) == expect.points, (name, graded["rows"][name])

    def test_nothing_outside_the_sandbox_changed(self, graded):
        for folder in ("repo", "subs"):
            assert _tree_hashes(graded[folder]) == graded["before"][folder], folder
        home = _tree_hashes(graded["home"])     # the grader's own caches (matplotlib) may add
        assert {k: home.get(k) for k in graded["before"]["home"]} == graded["before"]["home"]
        assert not {".pwned", "big"} & set(home)
        assert not pathlib.Path("/tmp", graded["marker"]).exists()
        assert hashlib.sha256((graded["out"] / "grades.csv").read_bytes()).hexdigest() == \
            graded["csv_hash"]
        assert not list(graded["out"].rglob(f"*{graded['marker']}*"))
        report = self._printed(graded, "snoop.ipynb", "FILES")
        assert report.pop("/tmp") == "done"     # its own /tmp, not the machine's (above)
        assert set(report.values()) <= {"PermissionError", "FileNotFoundError", "OSError"}, report

    def test_no_process_is_left_behind(self, graded):
        assert graded["survivors"] == []
        report = self._printed(graded, "persist.ipynb", "PERSIST")
        assert report == {"setsid": "done", "double fork": "done"}     # they did start

    def test_the_graders_environment_and_command_line_are_out_of_reach(self, graded):
        found = self._printed(graded, "snoop.ipynb", "PROC")
        assert found["token"] == [] and found["grader"] == [] and found["report"] == {}
        assert graded["token"] not in found["ppid_environ"]
        for path in graded["out"].rglob("*"):
            if path.is_file():
                assert graded["token"].encode() not in path.read_bytes(), path

    def test_resources_are_limited(self, graded):
        report = self._printed(graded, "resources.ipynb", "RESOURCES")
        assert report["memory: 4.2 GB in one process"] == "MemoryError"
        assert report["processes: 2000 forks"] == "BlockingIOError" and report["forks"] < 256
        assert report["disk: 200 MB in /tmp"] == "OSError"      # 50 MB per file, 128 MB in all
        assert report["disk: 200 MB in the working folder"] == "OSError"
        assert "more than the limit of 2048 MB" in graded["rows"]["memory.ipynb"]["reason"]

    def test_outputs_are_cut_in_place_and_the_gradebook_stays_readable(self, graded):
        floods = graded["out"] / "executed" / "floods.ipynb"
        assert floods.stat().st_size < runner.OUTPUT_LIMIT + 1_000_000
        nbformat.validate(nbformat.read(floods, as_version=4))
        text = floods.read_text()
        assert text.count("characters of output cut here") >= 4
        printed = self._text(graded, "longlog.ipynb")
        assert "epoch 2999" in printed and "cut here" not in printed      # kept whole
        rows = graded["rows"]
        assert max(len(v) for r in rows.values() for v in r.values()) <= 10_000
        formula = rows['=HYPERLINK("evil.example","marks").ipynb']
        assert formula["learner"].startswith("'=HYPERLINK(")
        assert "hidden file" in rows[".hidden.ipynb"]["reason"]
        assert "dup.IPYNB, dup.ipynb, dup.txt have the same learner name" in rows["dup.txt"][
            "reason"]
        assert {rows[n]["learner"] for n in ("dup.ipynb", "dup.IPYNB", "dup.txt")} == {
            "dup.IPYNB (1)", "dup.ipynb (2)", "dup.txt"}    # apart on every file system

    def test_the_marks_attacks_found_nothing_to_use(self, graded):
        assert self._printed(graded, "marks.ipynb", "REFERENCE") == {}
        assert self._printed(graded, "marks.ipynb", "FAKEUTILS")["utils"].startswith(
            "/course/work/fake/")       # it did shadow utils in its own kernel

    def test_bad_arguments_stop_the_command_with_a_clear_message(self, graded):
        (graded["root"] / "a-file").write_text("x")
        cases = {("--timeout", "nan"): "--timeout must be a finite number of seconds > 0",
                 ("--timeout", "inf"): "got 'inf'",
                 ("--check-timeout", "nan"): "--check-timeout must be a finite number",
                 ("--out", str(graded["root"] / "a-file")): "--out must be a folder"}
        for (flag, value), message in cases.items():
            out = graded["root"] / "never"
            args = [flag, value] if flag != "--out" else []
            target = value if flag == "--out" else out
            done = _grade(graded["repo"], graded["subs"], target, graded["env"], *args)
            assert done.returncode == 2 and message in done.stderr, done.stderr
            assert "Traceback" not in done.stderr and not out.exists()

    def test_few_kernels_and_within_their_limits(self, graded):
        kernels = sum(1 for name in graded["expected"] if name not in NO_KERNEL)
        assert kernels == 9         # about a minute two at a time on a quiet 2-core machine
        seconds = {name: float(row["seconds"]) for name, row in graded["rows"].items()}
        assert max(seconds.values()) < 120 + 3 * 30 + 4 * 20 + 60, seconds
        assert graded["seconds"] < kernels / 2 * 120 + 60, graded["seconds"]
