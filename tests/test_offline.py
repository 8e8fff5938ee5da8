"""Nothing is downloaded at run time: `python3 -m utils test` runs the whole suite with no
network (utils/__main__.py, ``offline_prefix``: ``unshare -n`` on Linux), and this module
proves the network is really gone. Where that is impossible the test skips and says why."""
import os
import socket
import subprocess
import sys

import pytest

from utils.__main__ import offline_prefix

PUBLIC = ("1.1.1.1", 443)     # any host outside this machine


def reach(address, timeout=3.0) -> bool:
    try:
        with socket.create_connection(address, timeout=timeout):
            return True
    except OSError:
        return False


def test_this_test_session_has_no_network():
    if os.environ.get("NN_LABS_OFFLINE") != "1":
        why = os.environ.get("NN_LABS_OFFLINE_WHY_NOT") or "the tests were not started by " \
              "`python3 -m utils test`, which is what takes the network away"
        pytest.skip(f"the suite runs with the network here: {why}")
    assert not reach(PUBLIC), "a test session started offline can reach another host"
    with pytest.raises(OSError):
        socket.getaddrinfo("pypi.org", 443)
    # loopback still works: JupyterLab, Chromium and the kernels talk over it
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    assert reach(server.getsockname(), timeout=1.0)
    server.close()


def test_offline_prefix_takes_the_network_away_from_a_process():
    prefix, why_not = offline_prefix()
    if not prefix:
        pytest.skip(f"no way to take the network away here: {why_not}")
    probe = ("import socket\n"
             "try:\n    socket.create_connection(('1.1.1.1', 443), timeout=3); print('online')\n"
             "except OSError as e:\n    print('offline', e.errno)")
    out = subprocess.run([*prefix, sys.executable, "-c", probe], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("offline"), out.stdout


def test_nn_labs_online_turns_it_off(monkeypatch):
    monkeypatch.setenv("NN_LABS_ONLINE", "1")
    assert offline_prefix() == ([], "NN_LABS_ONLINE is set")
