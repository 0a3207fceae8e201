"""A network namespace whose only way out is a veth pair with a tbf qdisc: a studio with a slow uplink.

Everything stays on this machine: the namespace reaches the host side of the veth (a private
10.x address) and nothing else; the host side is where the relay and the "platforms" listen.
Needs root and iproute2 (`ip`, `tc`); made and removed by the test.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass

import pytest


@dataclass(frozen=True)
class LimitedUplink:
    namespace: str
    host_address: str      # where servers outside listen (the veth's host side)
    inner_address: str

    def command(self, *argv: str) -> list[str]:
        return ["ip", "netns", "exec", self.namespace, *argv]


def _ip(*argv: str) -> None:
    subprocess.run(argv, check=True, capture_output=True, text=True, timeout=30)


@contextlib.contextmanager
def limited_uplink(rate_kbit: int) -> Iterator[LimitedUplink]:
    if os.geteuid() != 0 or not shutil.which("ip") or not shutil.which("tc"):
        pytest.fail("the uplink test needs root and iproute2 (ip, tc): run `make test`, which installs them")
    tag = f"{os.getpid() % 100000}"
    namespace, outside, inside = f"studio-up-{tag}", f"sup{tag}h", f"sup{tag}n"
    subnet = f"10.213.{os.getpid() % 250}"
    uplink = LimitedUplink(namespace, f"{subnet}.1", f"{subnet}.2")
    _ip("ip", "netns", "add", namespace)
    try:
        _ip("ip", "link", "add", outside, "type", "veth", "peer", "name", inside)
        _ip("ip", "link", "set", inside, "netns", namespace)
        _ip("ip", "addr", "add", f"{uplink.host_address}/30", "dev", outside)
        _ip("ip", "link", "set", outside, "up")
        _ip(*uplink.command("ip", "addr", "add", f"{uplink.inner_address}/30", "dev", inside))
        _ip(*uplink.command("ip", "link", "set", inside, "up"))
        _ip(*uplink.command("ip", "link", "set", "lo", "up"))
        # the studio's upload: what leaves the namespace is shaped; what comes back is not
        _ip(*uplink.command("tc", "qdisc", "add", "dev", inside, "root", "tbf", "rate", f"{rate_kbit}kbit",
                            "burst", "16kb", "latency", "200ms"))
        yield uplink
    finally:
        subprocess.run(["ip", "netns", "del", namespace], capture_output=True, timeout=30)
        subprocess.run(["ip", "link", "del", outside], capture_output=True, timeout=30)
