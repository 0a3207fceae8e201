"""Killing the gateway costs the show nothing: the engine restarts it on the same address (issue 21)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from studio.errors import StudioError

pytestmark = [pytest.mark.slow, pytest.mark.realtime]


def gateway_pids(engine_pid: int) -> list[int]:
    """The engine's `python -m studio.gateway` children, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == engine_pid and b"studio.gateway" in cmdline:
            found.append(int(entry.name))
    return found


def connect_when_back(engine, timeout_s: float = 60.0):
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            return engine.client(timeout_s=10)
        except StudioError:
            assert time.monotonic() < deadline, engine.log()
            time.sleep(0.05)


def test_sigkill_of_the_gateway_costs_no_frame_and_clients_come_back(engine_factory, tmp_path):
    engine = engine_factory("--size", "640x360", "--record", str(tmp_path / "show.mkv"), "--live")
    with engine.client() as client:
        client.vendor("TakeProduct", {"sku": "TV-55-4K"})
        before = client.vendor("GetShowState")
    [gateway] = gateway_pids(engine.process.pid)
    os.kill(gateway, signal.SIGKILL)
    with connect_when_back(engine) as client:
        after = client.vendor("GetShowState")
        assert after["program"]["sku"] == "TV-55-4K"            # the show went on as it was
        assert after["frame"] > before["frame"]
        assert after["stats"]["frames_skipped"] == before["stats"]["frames_skipped"]
        assert after["recording"] is True
    [restarted] = gateway_pids(engine.process.pid)
    assert restarted != gateway
    engine.wait_for_line(r"control gateway restarted on ws://")
    assert engine.url in engine.log()
    assert engine.stop() == 0, engine.log()


def test_the_gateway_ends_with_the_engine_even_when_the_engine_is_killed(engine_factory):
    engine = engine_factory("--size", "320x180")
    [gateway] = gateway_pids(engine.process.pid)
    os.kill(engine.process.pid, signal.SIGKILL)      # the engine alone, not its process group
    deadline = time.monotonic() + 30
    while Path(f"/proc/{gateway}").exists() and "Z" not in _state(gateway):
        assert time.monotonic() < deadline, "the gateway outlived its engine"
        time.sleep(0.05)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"
