"""Preflight: pass, warn and fail per platform, with reasons that name the value and the limit."""

from __future__ import annotations

import dataclasses

import pytest

from studio.core.output import defaults
from studio.core.output.encoder import EncoderSettings
from studio.core.output.platforms import PLATFORMS
from studio.core.output.preflight import Verdict, preflight
from studio.core.show.destinations import KeyState, ResolvedDestination

DEFAULT = EncoderSettings(
    width=defaults.DEFAULT_WIDTH, height=defaults.DEFAULT_HEIGHT, fps=defaults.DEFAULT_FPS,
    video_bitrate_kbps=defaults.DEFAULT_VIDEO_BITRATE_KBPS, audio_bitrate_kbps=defaults.DEFAULT_AUDIO_BITRATE_KBPS,
    keyframe_interval_s=defaults.DEFAULT_KEYFRAME_INTERVAL_S,
)
URLS = {
    "youtube": "rtmps://a.rtmps.youtube.com:443/live2", "youtube-backup": "rtmps://b.rtmps.youtube.com:443/live2?backup=1",
    "facebook": "rtmps://rtmp-api.facebook.com:443/rtmp/",
    "twitch": "rtmp://live.twitch.tv/app", "x": "rtmp://va.pscp.tv:80/x", "kick": "rtmps://abc.global-contribute.live-video.net:443/app/",
    "tiktok": "rtmps://push-rtmp-l1-va01.tiktokcdn.com/stage", "instagram": "rtmps://live-upload.instagram.com:443/rtmp/",
    "linkedin": "rtmps://abc.channel.media.azure.net:2935/live/0123", "amazon-ivs": "rtmps://abc.global-contribute.live-video.net:443/app/",
    "custom": "rtmp://127.0.0.1/live",
}


def target(preset: str, url: str | None = None, key_state: KeyState = KeyState.SET) -> ResolvedDestination:
    url = url or URLS[preset]
    return ResolvedDestination(name=preset, preset=preset, url=url, publish_url=url + "/k", label=preset,
                               key_state=key_state)


def settings(**changes) -> EncoderSettings:
    return dataclasses.replace(DEFAULT, **changes)


def reasons(report) -> list[str]:
    return [r.reason for r in report.failures]


def test_defaults_match_broadcast():
    assert (DEFAULT.width, DEFAULT.height, DEFAULT.fps) == (1280, 720, 30)
    assert (DEFAULT.video_bitrate_kbps, DEFAULT.audio_bitrate_kbps, DEFAULT.keyframe_interval_s) == (3500, 128, 2.0)


@pytest.mark.parametrize("preset", [p for p in PLATFORMS if not PLATFORMS[p].vertical])
def test_default_settings_pass_every_landscape_platform(preset):
    report = preflight(DEFAULT, target(preset))
    assert report.ok, reasons(report)
    assert not report.warnings, [r.reason for r in report.warnings]
    assert [r.check for r in report.results] == [
        "url", "key", "video bitrate", "keyframe interval", "resolution", "orientation", "frame rate", "audio"]


@pytest.mark.parametrize("preset", ["tiktok", "instagram"])
def test_landscape_to_a_vertical_platform_warns(preset):
    report = preflight(DEFAULT, target(preset))
    assert report.ok
    assert report.verdict_of("orientation") is Verdict.WARN
    orientation = next(r for r in report.warnings if r.check == "orientation")
    assert "recommends portrait (9:16)" in orientation.reason and "--to-vertical" in orientation.reason
    assert preflight(settings(width=720, height=1280), target(preset)).verdict_of("orientation") is Verdict.PASS


def test_twitch_bitrate_failure_names_value_and_limit():
    report = preflight(settings(video_bitrate_kbps=9000), target("twitch"))
    assert reasons(report) == ["video bitrate 9000 kb/s is above Twitch's 6000 kb/s"]


def test_facebook_bitrate_above_recommendation_warns():
    report = preflight(settings(video_bitrate_kbps=7000), target("facebook"))
    assert report.ok and report.verdict_of("video bitrate") is Verdict.WARN
    assert "7000 kb/s is above the 6000 kb/s Facebook recommends" in report.warnings[0].reason
    assert not preflight(settings(video_bitrate_kbps=9500), target("facebook")).ok


@pytest.mark.parametrize("preset, interval_s, verdict", [
    ("youtube", 2.0, Verdict.PASS), ("youtube", 4.0, Verdict.WARN), ("youtube", 5.0, Verdict.FAIL),
    ("facebook", 3.0, Verdict.WARN), ("facebook", 4.5, Verdict.FAIL),
    ("x", 3.0, Verdict.PASS), ("x", 3.5, Verdict.FAIL),
    ("twitch", 2.5, Verdict.FAIL), ("custom", 10.0, Verdict.PASS),
])
def test_keyframe_interval(preset, interval_s, verdict):
    report = preflight(settings(keyframe_interval_s=interval_s), target(preset))
    assert report.verdict_of("keyframe interval") is verdict


def test_keyframe_failure_reason():
    report = preflight(settings(keyframe_interval_s=5.0), target("youtube"))
    assert reasons(report) == ["keyframe interval 5 s is above YouTube's maximum of 4 s"]


def test_rtmp_to_an_rtmps_only_platform_fails_where_the_source_is_sure_and_warns_where_not():
    report = preflight(DEFAULT, target("facebook", url="rtmp://rtmp-api.facebook.com:80/rtmp/"))
    assert reasons(report) == ["Facebook requires RTMPS; the URL is rtmp://"]
    uncertain = preflight(DEFAULT, target("kick", url="rtmp://abc.global-contribute.live-video.net/app/"))
    assert uncertain.ok and uncertain.verdict_of("url") is Verdict.WARN
    assert "uncertain figure, confidence M" in uncertain.warnings[0].reason


def test_plain_rtmp_where_rtmps_exists_warns():
    report = preflight(DEFAULT, target("youtube", url="rtmp://a.rtmp.youtube.com/live2"))
    assert report.ok and report.verdict_of("url") is Verdict.WARN
    assert "rtmps://a.rtmps.youtube.com:443/live2" in report.warnings[0].reason
    assert preflight(DEFAULT, target("custom", url="rtmp://127.0.0.1/live")).verdict_of("url") is Verdict.PASS


def test_placeholder_url_fails():
    report = preflight(DEFAULT, target("amazon-ivs", url="rtmps://INGEST_ENDPOINT:443/app/"))
    assert report.verdict_of("url") is Verdict.FAIL
    assert "placeholder 'INGEST_ENDPOINT'" in reasons(report)[0]


def test_missing_and_used_keys_fail():
    missing = preflight(DEFAULT, target("youtube", key_state=KeyState.MISSING))
    assert reasons(missing) == ["no stream key set (studio destination set-key NAME --key-stdin)"]
    used = preflight(settings(width=720, height=1280), target("tiktok", key_state=KeyState.USED))
    assert "already used for a broadcast and works only once" in reasons(used)[0]


@pytest.mark.parametrize("preset, size, verdict", [
    ("youtube", (3840, 2160), Verdict.PASS), ("youtube", (7680, 4320), Verdict.FAIL),
    ("facebook", (1920, 1080), Verdict.PASS), ("facebook", (1080, 1920), Verdict.PASS),
    ("facebook", (2560, 1440), Verdict.FAIL), ("instagram", (1440, 2560), Verdict.WARN),
    ("custom", (7680, 4320), Verdict.PASS),
])
def test_resolution(preset, size, verdict):
    width, height = size
    assert preflight(settings(width=width, height=height), target(preset)).verdict_of("resolution") is verdict


def test_resolution_reason():
    report = preflight(settings(width=2560, height=1440), target("facebook"))
    assert reasons(report) == ["resolution 2560x1440 is above Facebook's 1920x1080 (either orientation)"]


@pytest.mark.parametrize("preset, fps, verdict", [
    ("youtube", 60, Verdict.PASS), ("youtube", 120, Verdict.FAIL),
    ("instagram", 30, Verdict.PASS), ("instagram", 60, Verdict.WARN), ("linkedin", 60, Verdict.WARN),
    ("facebook", 120, Verdict.FAIL),
])
def test_frame_rate(preset, fps, verdict):
    report = preflight(settings(fps=fps), target(preset))
    assert report.verdict_of("frame rate") is verdict
    if verdict is Verdict.FAIL:
        assert f"frame rate {fps} fps is above" in reasons(report)[0]


def test_audio_bitrate_and_sample_rate():
    report = preflight(settings(audio_bitrate_kbps=192), target("x"))
    assert reasons(report) == ["audio bitrate 192 kb/s is above X's 128 kb/s"]
    report = preflight(DEFAULT, target("linkedin"), audio_sample_rate_hz=44_100)
    assert report.ok and report.verdict_of("audio") is Verdict.WARN, "LinkedIn's 48 kHz is an uncertain (L) figure"
    assert "audio sample rate 44.1 kHz; LinkedIn takes 48 kHz (an uncertain figure, confidence L" in report.warnings[0].reason
    report = preflight(DEFAULT, target("youtube"), audio_sample_rate_hz=32_000)
    assert reasons(report) == ["audio sample rate 32 kHz; YouTube takes 44.1 kHz or 48 kHz"]
    assert preflight(DEFAULT, target("custom"), audio_sample_rate_hz=32_000).ok


def test_several_failures_are_all_reported():
    report = preflight(settings(video_bitrate_kbps=9000, keyframe_interval_s=5.0, fps=120), target("twitch"))
    assert [r.check for r in report.failures] == ["video bitrate", "keyframe interval", "frame rate"]


def test_report_is_pure_and_repeatable():
    destination = target("youtube")
    assert preflight(DEFAULT, destination) == preflight(DEFAULT, destination)
