"""Each platform preset's canvas: TikTok and Instagram default to vertical; a vertical stream to a
platform that refuses one fails preflight, to one whose stance is unknown only warns."""

import pytest

from studio.core.output.platforms import PLATFORMS
from studio.core.output.preflight import Verdict, preflight
from tests.destinations.test_preflight import settings, target

VERTICAL_720 = dict(width=720, height=1280, video_bitrate_kbps=3000)


@pytest.mark.parametrize(("preset", "canvas"), [("tiktok", "vertical"), ("instagram", "vertical"),
                                                ("youtube", "landscape"), ("facebook", "landscape")])
def test_presets_default_canvas(preset, canvas):
    assert PLATFORMS[preset].default_canvas == canvas


@pytest.mark.parametrize("preset", ["facebook", "twitch"])
def test_vertical_canvas_refused_where_the_platform_cannot_take_it(preset):
    report = preflight(settings(**VERTICAL_720), target(preset))
    assert not report.ok
    assert report.verdict_of("orientation") is Verdict.FAIL
    name = PLATFORMS[preset].display_name
    assert f"{name} does not take a vertical 720x1280 stream" in report.failures[0].reason


@pytest.mark.parametrize("preset", ["tiktok", "instagram", "youtube", "custom"])
def test_vertical_canvas_passes_where_the_platform_takes_it(preset):
    report = preflight(settings(**VERTICAL_720), target(preset))
    assert report.verdict_of("orientation") is Verdict.PASS, report.results


def test_unknown_vertical_stance_warns():
    report = preflight(settings(**VERTICAL_720), target("x"))
    assert report.ok and report.verdict_of("orientation") is Verdict.WARN


def _stored(tmp_path, name: str, preset: str, url: str | None = None) -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path
    env = {**os.environ, "STUDIO_DB": str(tmp_path / "s.db"), "K": "stream-key-1234", "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-m", "studio", "destination", "add", name, "--preset", preset,
                             "--key-env", "K", *(["--url", url] if url else [])],
                            cwd=Path(__file__).resolve().parents[2], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def _plan(tmp_path, *argv):
    import argparse

    from studio.commands.broadcast import add_show_options, build_plan
    parser = argparse.ArgumentParser()
    add_show_options(parser)
    return build_plan(parser.parse_args(["--db", str(tmp_path / "s.db"), *argv]), check_reachable_now=False)


def test_a_stored_tiktok_destination_goes_to_the_vertical_canvas_and_is_preflighted_there(tmp_path):
    _stored(tmp_path, "tt", "tiktok", "rtmp://127.0.0.1:1935/stage")
    plan = _plan(tmp_path, "--destination", "tt", "--record", str(tmp_path / "l.mp4"))
    (destination,) = plan.destinations
    assert destination.canvas == "vertical" and plan.vertical is not None  # the canvas exists because tt needs it
    assert "stream-key-1234" not in repr(destination)


def test_facebook_stays_landscape(tmp_path):
    _stored(tmp_path, "fb", "facebook")
    plan = _plan(tmp_path, "--destination", "fb")
    assert plan.destinations[0].canvas == "landscape" and plan.vertical is None
