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
