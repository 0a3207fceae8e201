"""The presets are sane data: URLs parse, limits are consistent, the documented numbers hold."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from studio.core.output.platforms import PLATFORMS, SOURCES, Confidence, Limit, UrlSource, find_placeholder, get_platform
from studio.errors import UserInputError

EXPECTED = {"youtube", "youtube-backup", "facebook", "twitch", "x", "tiktok", "instagram", "linkedin", "kick",
            "amazon-ivs", "custom"}


def test_every_platform_of_the_issue_has_a_preset():
    assert set(PLATFORMS) == EXPECTED
    assert all(platform.id == key for key, platform in PLATFORMS.items())


@pytest.mark.parametrize("platform", PLATFORMS.values(), ids=list(PLATFORMS))
def test_preset_data_is_consistent(platform):
    assert platform.source and platform.where_to_find
    assert platform.audio_codec == "aac"
    if platform.url_source is UrlSource.FIXED:
        assert platform.default_url, "a fixed-URL platform must know its URL"
        assert find_placeholder(platform.default_url) is None
    else:
        assert platform.default_url is None and platform.url_example
    for url in (platform.rtmps_url, platform.rtmp_url):
        if url:
            parts = urlsplit(url)
            assert parts.scheme in platform.schemes and parts.hostname
            assert len([s for s in parts.path.split("/") if s]) == platform.app_path_segments
    if platform.rtmps_url:
        assert platform.rtmps_url.startswith("rtmps://") and urlsplit(platform.rtmps_url).port == 443
    if platform.rtmp_url:
        assert platform.allows_rtmp
    rec, top = platform.recommended_keyframe_interval_s, platform.max_keyframe_interval_s
    if rec is not None and top is not None:
        assert 0 < rec.value <= top.value
    if platform.recommended_max_video_bitrate_kbps:
        assert platform.recommended_max_video_bitrate_kbps.value < platform.max_video_bitrate_kbps.value
    if platform.key_single_use:
        assert platform.key_per_show
    if platform.max_size_px:
        long_side, short_side = platform.max_size_px.value
        assert short_side <= long_side
    for name, limit in platform.limits().items():
        assert isinstance(limit.confidence, Confidence) and limit.source in SOURCES, name


def test_every_limit_is_data_with_a_source_and_a_confidence():
    """No bare numbers: a limit declared without its source would not be shown or weighed by preflight."""
    for platform in PLATFORMS.values():
        for field_name in ("max_video_bitrate_kbps", "max_fps", "max_size_px", "max_audio_bitrate_kbps",
                           "max_keyframe_interval_s", "rtmps_required", "orientation"):
            value = getattr(platform, field_name)
            assert value is None or isinstance(value, Limit), (platform.id, field_name)


def test_research_table_values():
    """Values and confidences from shared/research/platform-limits.md (2026-11)."""
    youtube, facebook, x, twitch = PLATFORMS["youtube"], PLATFORMS["facebook"], PLATFORMS["x"], PLATFORMS["twitch"]
    assert (youtube.max_video_bitrate_kbps.value, youtube.max_video_bitrate_kbps.confidence) == (51_000, Confidence.HIGH)
    assert youtube.max_size_px.value == (3840, 2160) and youtube.max_fps.value == 60
    assert PLATFORMS["youtube-backup"].rtmps_url == "rtmps://b.rtmps.youtube.com:443/live2?backup=1"
    assert PLATFORMS["youtube-backup"].backup_of == "youtube"
    assert facebook.rtmps_url == "rtmps://rtmp-api.facebook.com:443/rtmp/" and facebook.requires_rtmps
    assert (x.max_video_bitrate_kbps.value, x.max_audio_bitrate_kbps.value, x.max_keyframe_interval_s.value) == (12_000, 128, 3.0)
    assert x.max_size_px.confidence is Confidence.LOW
    assert twitch.max_audio_bitrate_kbps.value == 320 and twitch.rtmps_url is None
    instagram, kick, tiktok = PLATFORMS["instagram"], PLATFORMS["kick"], PLATFORMS["tiktok"]
    assert instagram.rtmps_url == "rtmps://live-upload.instagram.com:443/rtmp/" and instagram.max_fps.value == 30
    assert instagram.max_fps.confidence is Confidence.MEDIUM and not instagram.requires_rtmps, "M: warn, not refuse"
    assert kick.url_source is UrlSource.PER_ACCOUNT and kick.max_video_bitrate_kbps.value == 8_000
    assert {p.id for p in PLATFORMS.values() if p.vertical} == {"instagram", "tiktok"}
    assert not tiktok.requires_rtmps and tiktok.rtmps_required.confidence is Confidence.LOW


def test_documented_numbers_from_the_issue():
    youtube, facebook = PLATFORMS["youtube"], PLATFORMS["facebook"]
    assert youtube.rtmps_url == "rtmps://a.rtmps.youtube.com:443/live2"
    assert youtube.rtmp_url == "rtmp://a.rtmp.youtube.com/live2"
    assert (youtube.recommended_keyframe_interval_s.value, youtube.max_keyframe_interval_s.value) == (2.0, 4.0)
    assert (facebook.recommended_keyframe_interval_s.value, facebook.max_keyframe_interval_s.value) == (2.0, 4.0)
    assert PLATFORMS["twitch"].max_video_bitrate_kbps.value == 6000
    assert PLATFORMS["tiktok"].key_single_use and PLATFORMS["tiktok"].url_source is UrlSource.PER_SHOW
    assert PLATFORMS["instagram"].key_single_use and PLATFORMS["instagram"].recommended_orientation.value == "portrait"
    assert PLATFORMS["amazon-ivs"].url_example == "rtmps://INGEST_ENDPOINT:443/app/"
    custom = PLATFORMS["custom"]
    assert custom.schemes == ("rtmps", "rtmp") and custom.max_video_bitrate_kbps is None and not custom.limits()


def test_unknown_preset_names_the_choices():
    with pytest.raises(UserInputError, match="preset 'periscope': unknown; choose one of youtube, youtube-backup, facebook"):
        get_platform("periscope")


@pytest.mark.parametrize("url, placeholder", [
    ("rtmps://INGEST_ENDPOINT:443/app/", "INGEST_ENDPOINT"),
    ("rtmp://<your-server>/live", "<your-server>"),
    ("rtmp://{server}/live", "{server}"),
    ("rtmps://REGION.pscp.tv:443/x", "REGION"),
    ("rtmp://HOST/APP", "HOST"),
])
def test_placeholders_are_found(url, placeholder):
    assert find_placeholder(url) == placeholder


@pytest.mark.parametrize("url", [
    "rtmps://a.rtmps.youtube.com:443/live2", "rtmp://127.0.0.1:1935/live", "rtmps://va.pscp.tv:443/x",
    "rtmps://abc123.global-contribute.live-video.net:443/app/", "rtmp://[::1]:1935/live",
])
def test_real_urls_have_no_placeholder(url):
    assert find_placeholder(url) is None
