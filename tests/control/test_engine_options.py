"""`studio engine`'s control options say what they do (issue 21: misleading options)."""

from __future__ import annotations

import ipaddress
import json
import re
import socket

import pytest

from studio.wire.client import ControlClient
from tests.broadcast.run_studio import run_studio
from tests.fixtures.engine import user_env

pytestmark = pytest.mark.slow


def _one_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def _is_an_address_of_this_machine(host: str) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, 0))
        except OSError:
            return False
    return True


def test_listening_on_every_address_warns_and_connect_info_gives_a_reachable_host(engine_factory):
    engine = engine_factory("--size", "640x360", "--control-listen", "0.0.0.0:0")
    port = int(engine.url.rsplit(":", 1)[1])
    warning = engine.wait_for_line(r"warning:.*reachable from the network")
    assert f"0.0.0.0:{port}" in warning and "password" in warning
    result = engine.control("connect-info")
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["port"] == port and info["password"] == engine.password
    assert info["host"] != "0.0.0.0" and "0.0.0.0" not in info["url"]
    if info["host"] is None:   # no route off this machine: it says to choose an address
        assert "choose" in info["note"]
        return
    address = ipaddress.ip_address(info["host"])
    assert not address.is_loopback and not address.is_unspecified and _is_an_address_of_this_machine(info["host"])
    assert info["url"] == f"ws://{info['host']}:{port}"
    with ControlClient(info["url"], info["password"]).connect() as client:   # a remote tool's way in
        assert client.vendor("GetShowState")["segments"]


def test_loopback_listen_has_no_warning_and_connect_info_is_unchanged(engine_factory):
    engine = engine_factory("--size", "640x360", "--control-listen", "127.0.0.1:0")
    info = json.loads(engine.control("connect-info").stdout)
    assert (info["url"], info["host"]) == (engine.url, "127.0.0.1")
    assert not any("warning" in line for line in engine.lines), engine.log()


def test_control_port_beside_control_listen_is_an_error(tmp_path):
    result = run_studio("engine", "--control-listen", "127.0.0.1:4471", "--control-port", "4472",
                        extra_env=user_env(tmp_path), timeout_s=30)
    assert result.returncode == 2
    line = _one_line(result)
    assert "--control-port" in line and "--control-listen" in line


def test_a_port_in_use_is_one_line_and_leaks_no_shared_memory(tmp_path):
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = run_studio("engine", "--size", "640x360", "--quiet", "--control-port", str(port),
                            extra_env=user_env(tmp_path))
    assert result.returncode == 2, result.stderr
    assert "cannot listen" in result.stderr
    assert "leaked" not in result.stderr and "shared_memory" not in result.stderr, result.stderr


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604])
def test_a_password_file_others_can_read_is_refused_with_the_fix(tmp_path, mode):
    env = user_env(tmp_path)
    path = tmp_path / "config" / "control-password"
    path.parent.mkdir(parents=True)
    path.write_text("hunter2-but-longer\n")
    path.chmod(mode)
    for command in (("control", "connect-info"), ("engine", "--size", "640x360", "--quiet", "--control-port", "0")):
        result = run_studio(*command, extra_env=env, timeout_s=60)
        assert result.returncode == 2, (command, result.stderr)
        line = _one_line(result)
        assert f"chmod 600 {path}" in line and "hunter2" not in result.stdout + result.stderr, line
        assert re.search(r"0?o?6[04]4|group|others", line)
