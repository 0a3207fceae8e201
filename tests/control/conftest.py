"""One idle `studio engine` with a three-segment show, shared by the protocol tests of a module."""

from __future__ import annotations

import pytest

from tests.control.engine_process import EngineProcess, make_show


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    root = tmp_path_factory.mktemp("engine")
    make_show(root)
    process = EngineProcess(root, ("--show", "friday", "--size", "640x360", "--record", str(root / "rec.mkv")))
    yield process
    try:
        assert process.stop() == 0, process.stderr()
    finally:
        process.kill()
