"""OBS's GetStats from a real engine: the free space is the recording disk's and the frame render time is
measured, never a constant (a Companion or Touch Portal panel shows both to the producer)."""

from __future__ import annotations

import shutil

import pytest

from tests.fixtures.engine import REPO, wait_until
from tests.fixtures.small_disk import small_disk

pytestmark = [pytest.mark.slow]
MIB = 2**20


def test_getstats_reports_the_recording_disks_free_space_and_the_measured_render_time(engine_factory, tmp_path):
    with small_disk(tmp_path / "disk", "64m") as disk:
        (disk / "filler").write_bytes(b"\0" * 16 * MIB)
        # the recording's folder is made when Record starts: its disk is the nearest existing parent's
        engine = engine_factory("--size", "320x180", "--record", f"{disk}/friday/show.mkv")
        with engine.client() as client:
            wait_until(lambda: client.vendor("GetShowState")["stats"]["frame_render_ms"] > 0, 60,
                       "the first second's frame render time")
            stats = client.request("GetStats")
            state = client.vendor("GetShowState")
        assert state["recording_folder"] == f"{disk}/friday"
        expected_mib = shutil.disk_usage(disk).free / MIB
        assert 40 <= stats["availableDiskSpace"] <= 48, stats
        assert stats["availableDiskSpace"] == pytest.approx(expected_mib, abs=1), "the tmpfs, not the tests' disk"
        assert 0 < stats["averageFrameRenderTime"] < 1000, stats
        assert engine.stop() == 0, engine.log()


def test_getstats_without_a_recording_reports_the_working_directorys_disk(engine_factory):
    engine = engine_factory("--size", "320x180")
    with engine.client() as client:
        stats = client.request("GetStats")
        assert client.vendor("GetShowState")["recording_folder"] is None
    assert stats["availableDiskSpace"] == pytest.approx(shutil.disk_usage(REPO).free / MIB, rel=0.05), stats
    assert engine.stop() == 0, engine.log()
