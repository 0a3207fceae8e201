"""Platform presets: where each platform takes a stream and what it accepts, as data.

One frozen `Platform` per platform in `PLATFORMS`. The numbers are the platforms'
published limits, each preset naming the help page they come from; platforms
change them, so docs/destinations.md carries the same table for people to check.
A limit of `None` means the platform documents none (or we know of none), and
preflight checks nothing there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from studio.errors import UserInputError


class UrlSource(str, Enum):
    FIXED = "fixed"            # one ingest URL for everybody (the preset knows it)
    PER_ACCOUNT = "per account"
    PER_CHANNEL = "per channel"
    PER_SHOW = "per show"      # a new URL for every broadcast
    USER = "your server"


class Orientation(str, Enum):
    LANDSCAPE = "landscape"
    PORTRAIT = "portrait"


@dataclass(frozen=True)
class Platform:
    id: str
    display_name: str
    source: str                          # the help page the numbers below come from
    where_to_find: str                   # where the user finds URL and key on the platform
    url_source: UrlSource
    rtmps_url: str | None = None         # fixed ingest URLs, when the platform has them
    rtmp_url: str | None = None
    url_example: str | None = None       # shape of a per-account URL, placeholders in CAPITALS
    allows_rtmp: bool = True
    app_path_segments: int = 1           # path segments of the application; what follows is the key
    max_video_bitrate_kbps: int | None = None
    recommended_max_video_bitrate_kbps: int | None = None
    recommended_keyframe_interval_s: float | None = None
    max_keyframe_interval_s: float | None = None
    max_long_side_px: int | None = None  # orientation-free resolution limits
    max_short_side_px: int | None = None
    recommended_orientation: Orientation | None = None
    vertical_accepted: bool | None = None  # a 9:16 stream: True takes it, False refuses it, None unknown (warn)
    max_fps: int | None = None
    audio_codec: str = "aac"
    audio_sample_rates_hz: tuple[int, ...] | None = (44_100, 48_000)
    max_audio_bitrate_kbps: int | None = None
    key_per_show: bool = False           # a new key for every show
    key_single_use: bool = False         # a key works for one broadcast only

    @property
    def default_canvas(self) -> str:
        """The canvas a destination on this platform gets unless told otherwise (docs/canvases.md)."""
        return "vertical" if self.recommended_orientation is Orientation.PORTRAIT else "landscape"

    @property
    def requires_rtmps(self) -> bool:
        return not self.allows_rtmp

    @property
    def default_url(self) -> str | None:
        """The URL a destination gets when none is given: RTMPS when the platform has it."""
        return self.rtmps_url or self.rtmp_url

    @property
    def schemes(self) -> tuple[str, ...]:
        return ("rtmps", "rtmp") if self.allows_rtmp else ("rtmps",)


_META_SOURCE = "Meta Business Help Center: Live video specs / Facebook Live API best practices"

PLATFORMS: dict[str, Platform] = {platform.id: platform for platform in (
    Platform(
        id="youtube", display_name="YouTube",
        source="YouTube Help: Choose live encoder settings, bitrates, and resolutions",
        where_to_find="YouTube Studio > Create > Go live > Stream > Stream settings: 'Stream key' (the URL is fixed)",
        url_source=UrlSource.FIXED,
        rtmps_url="rtmps://a.rtmps.youtube.com:443/live2", rtmp_url="rtmp://a.rtmp.youtube.com/live2",
        max_video_bitrate_kbps=51_000,  # 2160p60 upper bound
        recommended_keyframe_interval_s=2.0, max_keyframe_interval_s=4.0,
        max_long_side_px=3840, max_short_side_px=2160, max_fps=60,
        vertical_accepted=True,  # vertical live plays 9:16 (research/platform-limits.md: accepted, M)
    ),
    Platform(
        id="facebook", display_name="Facebook",
        source=_META_SOURCE,
        where_to_find="Facebook > Live video > Streaming software: copy 'Stream key' (the URL is fixed; RTMPS only)",
        url_source=UrlSource.FIXED,
        rtmps_url="rtmps://live-api-s.facebook.com:443/rtmp/", allows_rtmp=False,
        max_video_bitrate_kbps=9_000, recommended_max_video_bitrate_kbps=6_000,
        recommended_keyframe_interval_s=2.0, max_keyframe_interval_s=4.0,
        max_long_side_px=1920, max_short_side_px=1080, max_fps=60,
        max_audio_bitrate_kbps=256,
        vertical_accepted=False,  # 'aim for 16:9' (Live API best practices; research/platform-limits.md, H)
    ),
    Platform(
        id="twitch", display_name="Twitch",
        source="Twitch Help: Broadcasting Guidelines",
        where_to_find="Twitch Creator Dashboard > Settings > Stream: 'Primary Stream key' (the URL is fixed)",
        url_source=UrlSource.FIXED,
        rtmps_url="rtmps://live.twitch.tv:443/app", rtmp_url="rtmp://live.twitch.tv/app",
        max_video_bitrate_kbps=6_000,
        recommended_keyframe_interval_s=2.0, max_keyframe_interval_s=2.0,
        max_long_side_px=1920, max_short_side_px=1080, max_fps=60,
        max_audio_bitrate_kbps=160,
        vertical_accepted=False,  # 16:9 player only (research/platform-limits.md, M)
    ),
    Platform(
        id="x", display_name="X",
        source="X Help: Media Studio Producer (live broadcast sources and encoder settings)",
        where_to_find="Media Studio > Producer > Sources > Create source: 'RTMP URL' (per account and region) and 'Stream key'",
        url_source=UrlSource.PER_ACCOUNT, url_example="rtmps://REGION.pscp.tv:443/x",
        max_video_bitrate_kbps=9_000,
        recommended_keyframe_interval_s=2.0, max_keyframe_interval_s=3.0,
        max_long_side_px=1920, max_short_side_px=1080, max_fps=60,
    ),
    Platform(
        id="tiktok", display_name="TikTok",
        source="TikTok Support: LIVE with a stream key (third-party streaming software)",
        where_to_find="TikTok LIVE Center / LIVE Studio > 'Stream key' for this LIVE: 'Server URL' and 'Stream key' (both new every show)",
        url_source=UrlSource.PER_SHOW, url_example="rtmp://SERVER.tiktokcdn.com/stage",
        max_video_bitrate_kbps=6_000,
        recommended_keyframe_interval_s=2.0, max_keyframe_interval_s=4.0,
        max_long_side_px=1920, max_short_side_px=1080, max_fps=60,
        recommended_orientation=Orientation.PORTRAIT,
        key_per_show=True, key_single_use=True,
        vertical_accepted=True,  # vertical is TikTok LIVE's own shape (M)
    ),
    Platform(
        id="instagram", display_name="Instagram",
        source="Instagram Help: Go live on Instagram with Live Producer (streaming software)",
        where_to_find="Instagram on the web > Create > Live video: 'Stream URL' and 'Stream key' (new every broadcast, RTMPS)",
        url_source=UrlSource.PER_SHOW, url_example="rtmps://edgetee-upload-SERVER.fbcdn.net:443/rtmp/",
        allows_rtmp=False,
        max_video_bitrate_kbps=6_000, recommended_max_video_bitrate_kbps=4_000,
        recommended_keyframe_interval_s=2.0, max_keyframe_interval_s=4.0,
        max_long_side_px=1920, max_short_side_px=1080, max_fps=30,
        recommended_orientation=Orientation.PORTRAIT,
        max_audio_bitrate_kbps=256,
        key_per_show=True, key_single_use=True,
        vertical_accepted=True,  # 9:16 (M)
    ),
    Platform(
        id="linkedin", display_name="LinkedIn",
        source="LinkedIn Help: Live streaming best practices / Go live with a third-party broadcast tool",
        where_to_find="LinkedIn > Create an event or Go live > Stream setup: 'Stream URL' and 'Stream key' (per broadcast)",
        url_source=UrlSource.PER_SHOW, url_example="rtmps://CHANNEL.channel.media.azure.net:2935/live/STREAM_ID",
        app_path_segments=2,
        max_video_bitrate_kbps=6_000,
        recommended_keyframe_interval_s=2.0, max_keyframe_interval_s=2.0,
        max_long_side_px=1920, max_short_side_px=1080, max_fps=30,
        audio_sample_rates_hz=(48_000,),
        key_per_show=True,
    ),
    Platform(
        id="amazon-ivs", display_name="Amazon IVS",
        source="Amazon IVS Low-Latency Streaming User Guide: Streaming configuration (channel types)",
        where_to_find="AWS console > Amazon IVS > Channels > your channel: 'Ingest server' and 'Stream key' (per channel)",
        url_source=UrlSource.PER_CHANNEL, url_example="rtmps://INGEST_ENDPOINT:443/app/",
        max_video_bitrate_kbps=8_500,  # STANDARD channel; BASIC allows 1500 kb/s at 480p
        recommended_keyframe_interval_s=2.0, max_keyframe_interval_s=2.0,
        max_long_side_px=1920, max_short_side_px=1080, max_fps=60,
        max_audio_bitrate_kbps=160,
        vertical_accepted=True,  # any aspect ratio within the channel's resolution limit
    ),
    Platform(
        id="custom", display_name="custom RTMP/RTMPS",
        source="(your server: no limits assumed)",
        where_to_find="your server's ingest URL (rtmp://HOST/APP or rtmps://HOST:443/APP) and stream key",
        url_source=UrlSource.USER, url_example="rtmp://HOST/APP",
        audio_sample_rates_hz=None,
        vertical_accepted=True,  # your server: no limits assumed
    ),
)}

# Text a platform's help page uses in place of a real value, left in a pasted URL.
PLACEHOLDER_PATTERN = re.compile(
    r"<[^<>]*>|\{[^{}]*\}|\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|\b(?:HOST|APP|SERVER|REGION|CHANNEL)\b|\.\.\.|…"
)


def get_platform(preset: str) -> Platform:
    try:
        return PLATFORMS[preset]
    except KeyError:
        raise UserInputError(f"preset {preset!r}: unknown; choose one of {', '.join(PLATFORMS)}") from None


def find_placeholder(url: str) -> str | None:
    """The first placeholder left in `url` (e.g. INGEST_ENDPOINT), or None."""
    match = PLACEHOLDER_PATTERN.search(url)
    return match.group(0) if match else None
