"""requirements.lock is current: every direct pin of requirements.txt is in it, at the same
version, wherever (platform, Python) the pin applies. No network: the files are only read.

requirements.lock holds every package, transitive ones included, for every supported platform
and Python 3.10-3.13 (``uv pip compile --universal``); the set-up commands install
``-r requirements.txt -c requirements.lock``. If this test fails, refresh the lock
(CONTRIBUTING.md, "Dependencies"):

    python3 -m pip install uv==0.13.9      # in any virtual environment
    uv pip compile --universal --python-version 3.10 requirements.txt -o requirements.lock
"""
from __future__ import annotations

import itertools
import pathlib
import re

import pytest
from packaging.markers import Marker        # packaging comes with pytest
from packaging.utils import canonicalize_name

from utils import __main__ as commands
from utils.notebook import ROOT
LOCK_COMMAND = "uv pip compile --universal --python-version 3.10 requirements.txt -o requirements.lock"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)\s*(?:;\s*(.+))?$")

# Every platform the README supports, with each supported Python.
PLATFORMS = {
    "Linux x86_64": {"sys_platform": "linux", "platform_system": "Linux",
                     "platform_machine": "x86_64", "os_name": "posix"},
    "Linux aarch64": {"sys_platform": "linux", "platform_system": "Linux",
                      "platform_machine": "aarch64", "os_name": "posix"},
    "macOS arm64": {"sys_platform": "darwin", "platform_system": "Darwin",
                    "platform_machine": "arm64", "os_name": "posix"},
    "macOS x86_64": {"sys_platform": "darwin", "platform_system": "Darwin",
                     "platform_machine": "x86_64", "os_name": "posix"},
    "Windows x86_64": {"sys_platform": "win32", "platform_system": "Windows",
                       "platform_machine": "AMD64", "os_name": "nt"},
}
PYTHONS = {"3.10": "3.10.13", "3.11": "3.11.7", "3.12": "3.12.1", "3.13": "3.13.0"}
ENVIRONMENTS = [
    pytest.param({**platform, "python_version": v, "python_full_version": full,
                  "implementation_name": "cpython", "platform_python_implementation": "CPython"},
                 id=f"{name}-py{v}")
    for (name, platform), (v, full) in itertools.product(PLATFORMS.items(), PYTHONS.items())]


def pins(path: pathlib.Path) -> list[tuple[str, str, Marker | None]]:
    """(canonical name, version, marker) of every `name==version[; marker]` line."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        match = PIN.match(line)
        assert match, f"{path.name}: not an exact pin: {line!r}"
        name, version, marker = match.groups()
        found.append((canonicalize_name(name), version, Marker(marker) if marker else None))
    return found


def applies(marker: Marker | None, env: dict) -> bool:
    return marker is None or marker.evaluate(env)


DIRECT = pins(ROOT / "requirements.txt")
LOCKED = pins(ROOT / "requirements.lock")


def test_the_lock_says_how_it_was_made():
    head = (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()[:3]
    assert any(LOCK_COMMAND in line for line in head), (
        f"requirements.lock should start with uv's header naming `{LOCK_COMMAND}` (the refresh "
        f"command in CONTRIBUTING.md); it starts with {head}")


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_every_direct_pin_is_locked_at_its_version(env):
    """Where a pin of requirements.txt applies, the lock installs exactly that version; where
    it does not, the lock does not install that version of the package either."""
    stale = []
    for name, version, marker in DIRECT:
        locked = sorted({v for n, v, m in LOCKED if n == name and applies(m, env)})
        if applies(marker, env):
            if locked != [version]:
                stale.append(f"{name}=={version}: the lock has {locked or 'nothing'}")
        else:
            others = [v for n, v, m in DIRECT if n == name and applies(m, env)]
            if locked and not others:
                stale.append(f"{name}: requirements.txt installs nothing here, the lock "
                             f"installs {locked}")
    assert not stale, (
        "requirements.lock is stale (run `" + LOCK_COMMAND + "`; CONTRIBUTING.md, Dependencies):\n  "
        + "\n  ".join(stale))


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_the_lock_has_one_version_of_each_package_per_environment(env):
    seen = {}
    for name, version, marker in LOCKED:
        if applies(marker, env):
            seen.setdefault(name, set()).add(version)
    doubles = {n: sorted(v) for n, v in seen.items() if len(v) > 1}
    assert not doubles, f"requirements.lock gives several versions in one environment: {doubles}"


def test_tensorflow_wheel_per_platform():
    """The CPU-only wheel on Linux x86_64 and Windows, the regular one elsewhere: never both."""
    for env in (p.values[0] for p in ENVIRONMENTS):
        tf = {n for n, _, m in LOCKED if n in ("tensorflow", "tensorflow-cpu") and applies(m, env)}
        want = ({"tensorflow-cpu"} if (env["sys_platform"], env["platform_machine"]) in
                (("linux", "x86_64"), ("win32", "AMD64")) else {"tensorflow"})
        assert tf == want, (env["sys_platform"], env["platform_machine"], tf)


def test_the_environment_is_installed_from_the_lock_and_stamped_with_both_files(tmp_path):
    (tmp_path / "requirements.txt").write_text("numpy==2.0.2\n")
    command = commands.install_command(pathlib.Path("py"), tmp_path)
    assert command[-2:] == ["-r", str(tmp_path / "requirements.txt")] and "-c" not in command, \
        "without a lock only requirements.txt is installed"
    no_lock = commands.requirements_digest(tmp_path)
    (tmp_path / "requirements.lock").write_text("numpy==2.0.2\n")
    command = commands.install_command(pathlib.Path("py"), tmp_path)
    assert command[command.index("-r") + 1] == str(tmp_path / "requirements.txt")
    assert command[command.index("-c") + 1] == str(tmp_path / "requirements.lock")
    with_lock = commands.requirements_digest(tmp_path)
    (tmp_path / "requirements.lock").write_text("numpy==2.0.2\nsix==1.17.0\n")
    assert len({no_lock, with_lock, commands.requirements_digest(tmp_path)}) == 3, \
        "the environment stamp must change when requirements.lock changes"
    (tmp_path / "requirements.txt").write_text("numpy==2.1.0\n")
    assert commands.requirements_digest(tmp_path) != with_lock
