"""OBS's stats and output requests from a real engine: the free space is the recording disk's, the frame
render time is measured, never a constant (a Companion or Touch Portal panel shows both to the producer);
each output has its own canvas's size and the status fields OBS gives."""

from __future__ import annotations

import shutil

import pytest

from studio.wire.client import ControlError
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
            directory = client.request("GetRecordDirectory")
        assert state["recording_folder"] == f"{disk}/friday"
        assert directory == {"recordDirectory": f"{disk}/friday"}
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
        with pytest.raises(ControlError) as no_folder:
            client.request("GetRecordDirectory")
        assert no_folder.value.code == 600 and "--record" in no_folder.value.comment
    assert stats["availableDiskSpace"] == pytest.approx(shutil.disk_usage(REPO).free / MIB, rel=0.05), stats
    assert engine.stop() == 0, engine.log()


OUTPUT_STATUS_FIELDS = {"outputActive", "outputReconnecting", "outputTimecode", "outputDuration", "outputCongestion",
                        "outputBytes", "outputSkippedFrames", "outputTotalFrames"}


def test_each_output_has_its_canvass_size_and_obss_status_fields(engine_factory, rtmp_server, tmp_path):
    engine = engine_factory("--size", "320x180", "--to-vertical", rtmp_server.url("tall"),
                            "--record", str(tmp_path / "show.mkv"))
    with engine.client() as client:
        canvases = client.vendor("GetShowState")["canvases"]
        outputs = {o["outputName"]: o for o in client.request("GetOutputList")["outputs"]}
        vertical = next(name for name in outputs if name != "recording")
        assert (outputs[vertical]["outputWidth"], outputs[vertical]["outputHeight"]) == (
            canvases["vertical"]["width"], canvases["vertical"]["height"]), outputs
        assert (outputs["recording"]["outputWidth"], outputs["recording"]["outputHeight"]) == (320, 180)

        idle = client.request("GetOutputStatus", {"outputName": vertical})
        assert set(idle) == OUTPUT_STATUS_FIELDS and idle["outputActive"] is False, idle
        client.request("StartRecord")
        wait_until(lambda: client.request("GetOutputStatus", {"outputName": "recording"})["outputBytes"] > 0, 30,
                   "the recording's first bytes")
        recording = client.request("GetOutputStatus", {"outputName": "recording"})
        assert set(recording) == OUTPUT_STATUS_FIELDS and recording["outputActive"] is True, recording
        assert recording["outputTotalFrames"] > 0
    assert engine.stop() == 0, engine.log()


def test_getvideosettings_gives_the_program_canvas(engine_factory):
    engine = engine_factory("--size", "640x360", "--fps", "25")
    with engine.client() as client:
        video = client.request("GetVideoSettings")
    assert video == {"fpsNumerator": 25, "fpsDenominator": 1, "baseWidth": 640, "baseHeight": 360,
                     "outputWidth": 640, "outputHeight": 360}
    assert engine.stop() == 0, engine.log()
