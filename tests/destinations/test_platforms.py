"""The presets are sane data: URLs parse, limits are consistent, the documented numbers hold."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from studio.core.output.platforms import PLATFORMS, UrlSource, find_placeholder, get_platform
from studio.errors import UserInputError

EXPECTED = {"youtube", "facebook", "twitch", "x", "tiktok", "instagram", "linkedin", "amazon-ivs", "custom"}


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
        assert 0 < rec <= top
    if platform.recommended_max_video_bitrate_kbps:
        assert platform.recommended_max_video_bitrate_kbps < platform.max_video_bitrate_kbps
    if platform.key_single_use:
        assert platform.key_per_show
    if platform.max_long_side_px:
        assert platform.max_short_side_px <= platform.max_long_side_px


def test_documented_numbers_from_the_issue():
    youtube, facebook, x = PLATFORMS["youtube"], PLATFORMS["facebook"], PLATFORMS["x"]
    assert youtube.rtmps_url == "rtmps://a.rtmps.youtube.com:443/live2"
    assert youtube.rtmp_url == "rtmp://a.rtmp.youtube.com/live2"
    assert (youtube.recommended_keyframe_interval_s, youtube.max_keyframe_interval_s) == (2.0, 4.0)
    assert (facebook.recommended_keyframe_interval_s, facebook.max_keyframe_interval_s) == (2.0, 4.0)
    assert facebook.requires_rtmps and facebook.rtmps_url == "rtmps://live-api-s.facebook.com:443/rtmp/"
    assert x.max_keyframe_interval_s == 3.0
    assert PLATFORMS["twitch"].max_video_bitrate_kbps == 6000
    assert PLATFORMS["twitch"].rtmps_url == "rtmps://live.twitch.tv:443/app"
    assert PLATFORMS["tiktok"].key_single_use and PLATFORMS["tiktok"].url_source is UrlSource.PER_SHOW
    assert PLATFORMS["instagram"].requires_rtmps and PLATFORMS["instagram"].recommended_orientation.value == "portrait"
    assert PLATFORMS["amazon-ivs"].url_example == "rtmps://INGEST_ENDPOINT:443/app/"
    custom = PLATFORMS["custom"]
    assert custom.schemes == ("rtmps", "rtmp") and custom.max_video_bitrate_kbps is None


def test_unknown_preset_names_the_choices():
    with pytest.raises(UserInputError, match="preset 'periscope': unknown; choose one of youtube, facebook"):
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
