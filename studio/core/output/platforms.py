"""Platform presets: where each platform takes a stream and what it accepts, each limit with its source.

One frozen `Platform` per platform in `PLATFORMS`. Every limit is a `Limit`:
the value, where it comes from (`SOURCES`) and how sure we are (`Confidence`,
from /work/shared/research/platform-limits.md, collected 2026-11). Preflight
refuses what breaks a sourced (H) limit and only warns on an uncertain (M/L)
one; `studio destination presets` and docs/destinations.md show the same data.
A limit of `None` means no figure is known, and preflight checks nothing there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from enum import Enum
from typing import Any

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


class Confidence(str, Enum):
    HIGH = "H"    # an official page or OBS's services.json: preflight refuses past it
    MEDIUM = "M"  # a reputable secondary source: preflight warns
    LOW = "L"     # third party or inferred: preflight warns

    @property
    def sourced(self) -> bool:
        return self is Confidence.HIGH


SOURCES = {
    "obs": "OBS Studio plugins/rtmp-services/data/services.json (format 5, 2026-07)",
    "youtube": "YouTube Help: live encoder settings (support.google.com/youtube/answer/2853702)",
    "facebook": "Facebook Live Video API (developers.facebook.com/docs/live-video-api)",
    "twitch": "Twitch Creator Camp / Broadcasting Guidelines",
    "x": "X Help: Media Studio Producer",
    "linkedin": "LinkedIn Help: go live with a third-party broadcast tool",
    "secondary": "a reputable secondary source (platform-limits research, 2026-11)",
    "inferred": "third party or inferred (platform-limits research, 2026-11)",
    "aws": "Amazon IVS User Guide: streaming configuration (not re-checked in the 2026-11 research)",
}


@dataclass(frozen=True)
class Limit:
    value: Any
    confidence: Confidence
    source: str  # a key of SOURCES

    def __post_init__(self) -> None:
        if self.source not in SOURCES:
            raise ValueError(f"unknown source {self.source!r}")

    @property
    def sourced(self) -> bool:
        return self.confidence.sourced

    @property
    def source_text(self) -> str:
        return SOURCES[self.source]


H, M, L = Confidence.HIGH, Confidence.MEDIUM, Confidence.LOW


@dataclass(frozen=True)
class Platform:
    id: str
    display_name: str
    source: str                          # where the URL and key come from (help page)
    where_to_find: str                   # where the user finds URL and key on the platform
    url_source: UrlSource
    rtmps_url: str | None = None         # fixed ingest URLs, when the platform has them
    rtmp_url: str | None = None
    url_example: str | None = None       # shape of a per-account URL, placeholders in CAPITALS
    app_path_segments: int = 1           # path segments of the application; what follows is the key
    backup_of: str | None = None         # the preset this one is the backup ingest of
    # Query parameters of the ingest URL that are not secret (YouTube's backup=1). Every other query
    # value of a URL pasted for this preset (?token=, ?auth=, ?sig=...) is a secret: key store, masked.
    public_query: tuple[str, ...] = ()
    key_per_show: bool = False           # a new key for every show
    key_single_use: bool = False         # a key works for one broadcast only
    audio_codec: str = "aac"
    # -- limits, each with its source and confidence ---------------------------------------
    rtmps_required: Limit | None = None
    max_video_bitrate_kbps: Limit | None = None
    recommended_max_video_bitrate_kbps: Limit | None = None
    recommended_keyframe_interval_s: Limit | None = None
    max_keyframe_interval_s: Limit | None = None
    max_size_px: Limit | None = None     # (long side, short side): either orientation
    max_fps: Limit | None = None
    audio_sample_rates_hz: Limit | None = None
    max_audio_bitrate_kbps: Limit | None = None
    orientation: Limit | None = None     # "vertical" (9:16 first), "both", "landscape"

    @property
    def allows_rtmp(self) -> bool:
        """Plain rtmp:// is refused only where RTMPS is required by a sourced limit."""
        return not (self.rtmps_required and self.rtmps_required.value and self.rtmps_required.sourced)

    @property
    def requires_rtmps(self) -> bool:
        return not self.allows_rtmp

    @property
    def vertical(self) -> bool:
        """A vertical-first platform (9:16): a landscape canvas is shown with bars or cropped."""
        return self.orientation is not None and self.orientation.value == "vertical"

    @property
    def vertical_accepted(self) -> bool | None:
        """Whether a 9:16 stream is taken: True, False (a landscape-only platform, from a
        sourced or reputable page), or None (not documented: preflight warns)."""
        if self.id in ("custom", "amazon-ivs"):
            return True  # your own server, or IVS (any aspect ratio within its size limit)
        if self.orientation is None:
            return None
        if self.orientation.value in ("vertical", "both"):
            return True
        return False if self.orientation.confidence in (Confidence.HIGH, Confidence.MEDIUM) else None

    @property
    def default_canvas(self) -> str:
        """The canvas a destination on this platform gets unless told otherwise (docs/canvases.md)."""
        return "vertical" if self.vertical else "landscape"

    @property
    def recommended_orientation(self) -> Orientation | None:
        if self.orientation is None or self.orientation.value == "both":
            return None
        return Orientation.PORTRAIT if self.vertical else Orientation.LANDSCAPE

    @property
    def default_url(self) -> str | None:
        """The URL a destination gets when none is given: RTMPS when the platform has it."""
        return self.rtmps_url or self.rtmp_url

    @property
    def schemes(self) -> tuple[str, ...]:
        return ("rtmps", "rtmp") if self.allows_rtmp else ("rtmps",)

    def limits(self) -> dict[str, Limit]:
        """Every known limit by field name, in declaration order."""
        return {f.name: getattr(self, f.name) for f in fields(self)
                if isinstance(getattr(self, f.name), Limit)}


_AAC_RATES = (44_100, 48_000)
_YOUTUBE_LIMITS = dict(
    rtmps_required=Limit(False, H, "youtube"),
    max_video_bitrate_kbps=Limit(51_000, H, "obs"),
    recommended_keyframe_interval_s=Limit(2.0, H, "youtube"), max_keyframe_interval_s=Limit(4.0, H, "youtube"),
    max_size_px=Limit((3840, 2160), H, "youtube"), max_fps=Limit(60, H, "youtube"),
    audio_sample_rates_hz=Limit(_AAC_RATES, H, "youtube"), max_audio_bitrate_kbps=Limit(160, H, "obs"),
    orientation=Limit("both", M, "secondary"),
)
_YOUTUBE_KEY = "YouTube Studio > Create > Go live > Stream > Stream settings: 'Stream key' (the URL is fixed)"

PLATFORMS: dict[str, Platform] = {platform.id: platform for platform in (
    Platform(
        id="youtube", display_name="YouTube", source=SOURCES["youtube"], where_to_find=_YOUTUBE_KEY,
        url_source=UrlSource.FIXED,
        rtmps_url="rtmps://a.rtmps.youtube.com:443/live2", rtmp_url="rtmp://a.rtmp.youtube.com/live2",
        **_YOUTUBE_LIMITS,
    ),
    Platform(
        id="youtube-backup", display_name="YouTube (backup ingest)", source=SOURCES["youtube"],
        where_to_find=_YOUTUBE_KEY + "; the same key as the primary, sent to the backup server",
        url_source=UrlSource.FIXED, backup_of="youtube", public_query=("backup",),
        rtmps_url="rtmps://b.rtmps.youtube.com:443/live2?backup=1", rtmp_url="rtmp://b.rtmp.youtube.com/live2?backup=1",
        **_YOUTUBE_LIMITS,
    ),
    Platform(
        id="facebook", display_name="Facebook", source=SOURCES["facebook"],
        where_to_find="Facebook > Live video > Streaming software: copy 'Stream key' (the URL is fixed; RTMPS only)",
        url_source=UrlSource.FIXED, rtmps_url="rtmps://rtmp-api.facebook.com:443/rtmp/",
        rtmps_required=Limit(True, H, "facebook"),
        max_video_bitrate_kbps=Limit(9_000, H, "facebook"),
        recommended_max_video_bitrate_kbps=Limit(6_000, H, "facebook"),
        recommended_keyframe_interval_s=Limit(2.0, H, "facebook"), max_keyframe_interval_s=Limit(4.0, H, "facebook"),
        max_size_px=Limit((1920, 1080), H, "facebook"), max_fps=Limit(60, H, "facebook"),
        audio_sample_rates_hz=Limit(_AAC_RATES, H, "facebook"), max_audio_bitrate_kbps=Limit(256, H, "facebook"),
        orientation=Limit("landscape", H, "facebook"),
    ),
    Platform(
        id="instagram", display_name="Instagram", source=SOURCES["secondary"],
        where_to_find="Instagram on the web > Create > Live video: 'Stream key' (new every broadcast, RTMPS)",
        url_source=UrlSource.FIXED, rtmps_url="rtmps://live-upload.instagram.com:443/rtmp/",
        key_per_show=True, key_single_use=True,
        rtmps_required=Limit(True, M, "secondary"),
        max_video_bitrate_kbps=Limit(6_000, M, "secondary"),
        recommended_keyframe_interval_s=Limit(2.0, L, "inferred"),
        max_size_px=Limit((1280, 720), M, "secondary"), max_fps=Limit(30, M, "secondary"),
        audio_sample_rates_hz=Limit((44_100,), M, "secondary"), max_audio_bitrate_kbps=Limit(256, M, "secondary"),
        orientation=Limit("vertical", M, "secondary"),
    ),
    Platform(
        id="tiktok", display_name="TikTok", source=SOURCES["secondary"],
        where_to_find="TikTok LIVE Center / LIVE Studio > 'Stream key' for this LIVE: 'Server URL' and 'Stream key' (both new every show)",
        url_source=UrlSource.PER_SHOW, url_example="rtmps://SERVER.tiktokcdn.com/stage",
        key_per_show=True, key_single_use=True,
        rtmps_required=Limit(True, L, "inferred"),
        recommended_keyframe_interval_s=Limit(2.0, L, "inferred"),
        max_size_px=Limit((1920, 1080), L, "inferred"), max_fps=Limit(30, L, "inferred"),
        max_audio_bitrate_kbps=Limit(128, L, "inferred"),
        orientation=Limit("vertical", M, "secondary"),
    ),
    Platform(
        id="x", display_name="X", source=SOURCES["x"],
        where_to_find="Media Studio > Producer > Sources > Create source: 'RTMP URL' (per account and region) and 'Stream key'",
        url_source=UrlSource.PER_ACCOUNT, url_example="rtmp://REGION.pscp.tv:80/x",
        rtmps_required=Limit(False, M, "secondary"),
        max_video_bitrate_kbps=Limit(12_000, H, "obs"),
        max_keyframe_interval_s=Limit(3.0, H, "obs"),
        max_size_px=Limit((1920, 1080), L, "inferred"), max_fps=Limit(60, H, "obs"),
        max_audio_bitrate_kbps=Limit(128, H, "obs"),
    ),
    Platform(
        id="twitch", display_name="Twitch", source=SOURCES["twitch"],
        where_to_find="Twitch Creator Dashboard > Settings > Stream: 'Primary Stream key' (the URL is fixed)",
        url_source=UrlSource.FIXED, rtmp_url="rtmp://live.twitch.tv/app",
        rtmps_required=Limit(False, H, "obs"),
        max_video_bitrate_kbps=Limit(6_000, H, "obs"),
        recommended_keyframe_interval_s=Limit(2.0, H, "twitch"), max_keyframe_interval_s=Limit(2.0, H, "twitch"),
        max_size_px=Limit((1920, 1080), M, "secondary"), max_fps=Limit(60, H, "obs"),
        audio_sample_rates_hz=Limit(_AAC_RATES, H, "twitch"), max_audio_bitrate_kbps=Limit(320, H, "twitch"),
        orientation=Limit("landscape", M, "secondary"),
    ),
    Platform(
        id="linkedin", display_name="LinkedIn", source=SOURCES["linkedin"],
        where_to_find="LinkedIn > Create an event or Go live > Stream setup: 'Stream URL' and 'Stream key' (per broadcast)",
        url_source=UrlSource.PER_SHOW, url_example="rtmps://CHANNEL.channel.media.azure.net:2935/live/STREAM_ID",
        app_path_segments=2, key_per_show=True,
        rtmps_required=Limit(False, M, "secondary"),
        max_video_bitrate_kbps=Limit(3_500, L, "inferred"),
        recommended_keyframe_interval_s=Limit(2.0, L, "inferred"),
        max_size_px=Limit((1920, 1080), L, "inferred"), max_fps=Limit(30, L, "inferred"),
        audio_sample_rates_hz=Limit((48_000,), L, "inferred"), max_audio_bitrate_kbps=Limit(128, L, "inferred"),
        orientation=Limit("landscape", L, "inferred"),
    ),
    Platform(
        id="kick", display_name="Kick", source=SOURCES["secondary"],
        where_to_find="Kick > Creator Dashboard > Settings > Stream URL & Key: 'Stream URL' and 'Stream Key' (per account)",
        url_source=UrlSource.PER_ACCOUNT, url_example="rtmps://STREAM_ID.global-contribute.live-video.net:443/app/",
        rtmps_required=Limit(True, M, "secondary"),
        max_video_bitrate_kbps=Limit(8_000, L, "inferred"),
        recommended_keyframe_interval_s=Limit(2.0, L, "inferred"),
        max_size_px=Limit((1920, 1080), L, "inferred"), max_fps=Limit(60, L, "inferred"),
        max_audio_bitrate_kbps=Limit(160, L, "inferred"),
        orientation=Limit("landscape", L, "inferred"),
    ),
    Platform(
        id="amazon-ivs", display_name="Amazon IVS", source=SOURCES["aws"],
        where_to_find="AWS console > Amazon IVS > Channels > your channel: 'Ingest server' and 'Stream key' (per channel)",
        url_source=UrlSource.PER_CHANNEL, url_example="rtmps://INGEST_ENDPOINT:443/app/",
        max_video_bitrate_kbps=Limit(8_500, L, "aws"),  # STANDARD channel; BASIC allows 1500 kb/s at 480p
        recommended_keyframe_interval_s=Limit(2.0, L, "aws"), max_keyframe_interval_s=Limit(2.0, L, "aws"),
        max_size_px=Limit((1920, 1080), L, "aws"), max_fps=Limit(60, L, "aws"),
        max_audio_bitrate_kbps=Limit(160, L, "aws"),
    ),
    Platform(
        id="custom", display_name="custom RTMP/RTMPS", source="(your server: no limits assumed)",
        where_to_find="your server's ingest URL (rtmp://HOST/APP or rtmps://HOST:443/APP) and stream key",
        url_source=UrlSource.USER, url_example="rtmp://HOST/APP",
    ),
)}

# Text a platform's help page uses in place of a real value, left in a pasted URL.
PLACEHOLDER_PATTERN = re.compile(
    r"<[^<>]*>|\{[^{}]*\}|\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|\b(?:HOST|APP|SERVER|REGION|CHANNEL)\b|\.\.\.|…"
)


# Query names some preset declares public: kept visible when a URL is masked without its preset.
PUBLIC_QUERY_NAMES = frozenset(name.lower() for platform in PLATFORMS.values() for name in platform.public_query)


def get_platform(preset: str) -> Platform:
    try:
        return PLATFORMS[preset]
    except KeyError:
        raise UserInputError(f"preset {preset!r}: unknown; choose one of {', '.join(PLATFORMS)}") from None


def find_placeholder(url: str) -> str | None:
    """The first placeholder left in `url` (e.g. INGEST_ENDPOINT), or None."""
    match = PLACEHOLDER_PATTERN.search(url)
    return match.group(0) if match else None
