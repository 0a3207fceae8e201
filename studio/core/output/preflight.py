"""Preflight: would this destination accept the show's encoder settings?

`preflight(settings, destination)` is a pure function: it compares the encoder
settings, the destination's URL and its key state with the platform's documented
limits (studio/core/output/platforms.py) and returns one result per check. A
`fail` means the platform would reject or break the stream (a sourced, H-confidence
limit), so `studio broadcast` refuses to start that destination; a `warn` is advice,
or a limit we only know from an uncertain (M/L) source.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Protocol
from urllib.parse import urlsplit

from studio.core.capture.source import AUDIO_SAMPLE_RATE
from studio.core.output.encoder_settings import EncoderSettings
from studio.core.output.platforms import Limit, Orientation, Platform, find_placeholder, get_platform


class Verdict(str, Enum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"


@dataclass(frozen=True)
class CheckResult:
    check: str
    verdict: Verdict
    reason: str


@dataclass(frozen=True)
class PreflightReport:
    destination: str
    platform: str
    results: tuple[CheckResult, ...]

    @property
    def failures(self) -> list[CheckResult]:
        return [r for r in self.results if r.verdict is Verdict.FAIL]

    @property
    def warnings(self) -> list[CheckResult]:
        return [r for r in self.results if r.verdict is Verdict.WARN]

    @property
    def ok(self) -> bool:
        return not self.failures

    def verdict_of(self, check: str) -> Verdict:
        return next(r.verdict for r in self.results if r.check == check)


class PreflightTarget(Protocol):
    """What preflight needs of a destination (a ResolvedDestination has all of it)."""

    name: str
    preset: str
    url: str  # without the key

    @property
    def key_state(self) -> str: ...


def _fmt_s(seconds: float) -> str:
    return f"{seconds:g} s"


def preflight(settings: EncoderSettings, destination: PreflightTarget,
              audio_sample_rate_hz: int = AUDIO_SAMPLE_RATE) -> PreflightReport:
    platform = get_platform(destination.preset)
    name = platform.display_name
    checks = [
        _check_url(destination.url, platform),
        _check_key(str(getattr(destination.key_state, "value", destination.key_state)), platform),
        _check_video_bitrate(settings.video_bitrate_kbps, platform),
        _check_keyframe(settings.keyframe_interval_s, platform),
        _check_resolution(settings.width, settings.height, platform),
        _check_orientation(settings.width, settings.height, platform),
        _check_fps(settings.fps, platform),
        _check_audio(settings.audio_bitrate_kbps, audio_sample_rate_hz, platform),
    ]
    return PreflightReport(destination=destination.name, platform=name, results=tuple(checks))


def _breach(check: str, limit: Limit, reason: str) -> CheckResult:
    """Past a sourced (H) limit the platform would reject the stream: fail. Past an uncertain one: warn."""
    if limit.sourced:
        return CheckResult(check, Verdict.FAIL, reason)
    return CheckResult(check, Verdict.WARN, f"{reason} (an uncertain figure, confidence {limit.confidence.value}: "
                                            f"{limit.source_text}; check the platform's own page)")


def _check_url(url: str, platform: Platform) -> CheckResult:
    placeholder = find_placeholder(url)
    if placeholder:
        return CheckResult("url", Verdict.FAIL, f"the URL still contains the placeholder {placeholder!r}; "
                                                f"paste the real one from {platform.where_to_find}")
    scheme = urlsplit(url).scheme
    if scheme not in ("rtmp", "rtmps"):
        return CheckResult("url", Verdict.FAIL, f"scheme {scheme or '(none)'}:// is not rtmp:// or rtmps://")
    required = platform.rtmps_required
    if scheme == "rtmp" and required is not None and required.value:
        return _breach("url", required, f"{platform.display_name} requires RTMPS; the URL is {scheme}://")
    if scheme == "rtmp" and platform.rtmps_url:
        return CheckResult("url", Verdict.WARN, f"rtmp:// sends the stream key unencrypted; "
                                                f"{platform.display_name} also takes {platform.rtmps_url}")
    return CheckResult("url", Verdict.PASS, f"{scheme}://")


def _check_key(state: str, platform: Platform) -> CheckResult:
    if state == "missing":
        return CheckResult("key", Verdict.FAIL, "no stream key set (studio destination set-key NAME --key-stdin)")
    if state == "used":
        return CheckResult("key", Verdict.FAIL, f"this {platform.display_name} key was already used for a broadcast and "
                                                "works only once; get a new key and run set-key")
    return CheckResult("key", Verdict.PASS, "set" + (" (single-use)" if platform.key_single_use else ""))


def _check_video_bitrate(kbps: int, platform: Platform) -> CheckResult:
    name = platform.display_name
    top, recommended = platform.max_video_bitrate_kbps, platform.recommended_max_video_bitrate_kbps
    if top is not None and kbps > top.value:
        return _breach("video bitrate", top, f"video bitrate {kbps} kb/s is above {name}'s {top.value} kb/s")
    if recommended is not None and kbps > recommended.value:
        return CheckResult("video bitrate", Verdict.WARN,
                           f"video bitrate {kbps} kb/s is above the {recommended.value} kb/s {name} recommends")
    return CheckResult("video bitrate", Verdict.PASS, f"{kbps} kb/s")


def _check_keyframe(interval_s: float, platform: Platform) -> CheckResult:
    name = platform.display_name
    top, recommended = platform.max_keyframe_interval_s, platform.recommended_keyframe_interval_s
    if top is not None and interval_s > top.value:
        return _breach("keyframe interval", top, f"keyframe interval {_fmt_s(interval_s)} is above {name}'s maximum of "
                                                 f"{_fmt_s(top.value)}")
    if recommended is not None and interval_s != recommended.value:
        return CheckResult("keyframe interval", Verdict.WARN,
                           f"keyframe interval {_fmt_s(interval_s)}; {name} recommends {_fmt_s(recommended.value)}")
    return CheckResult("keyframe interval", Verdict.PASS, _fmt_s(interval_s))


def _check_resolution(width: int, height: int, platform: Platform) -> CheckResult:
    limit = platform.max_size_px
    if limit is not None:
        max_long, max_short = limit.value
        if max(width, height) > max_long or min(width, height) > max_short:
            return _breach("resolution", limit, f"resolution {width}x{height} is above {platform.display_name}'s "
                                                f"{max_long}x{max_short} (either orientation)")
    return CheckResult("resolution", Verdict.PASS, f"{width}x{height}")


def _check_orientation(width: int, height: int, platform: Platform) -> CheckResult:
    actual = Orientation.PORTRAIT if height > width else Orientation.LANDSCAPE
    if actual is Orientation.PORTRAIT and platform.vertical_accepted is False:
        return CheckResult("orientation", Verdict.FAIL,
                           f"{platform.display_name} does not take a vertical {width}x{height} stream; "
                           "bind this destination to the landscape canvas")
    if actual is Orientation.PORTRAIT and platform.vertical_accepted is None:
        return CheckResult("orientation", Verdict.WARN,
                           f"vertical {width}x{height}: whether {platform.display_name} takes it is not documented")
    wanted = platform.recommended_orientation
    if wanted is not None and actual is not wanted:
        shape = "9:16" if wanted is Orientation.PORTRAIT else "16:9"
        reason = (f"{actual.value} {width}x{height}; {platform.display_name} recommends {wanted.value} ({shape}), "
                  "viewers will see bars or a crop")
        if platform.vertical:  # a landscape show still goes out; the vertical canvas is the better fit
            return CheckResult("orientation", Verdict.WARN,
                               reason + " (send it the vertical canvas: --to-vertical, docs/canvases.md)")
        return _breach("orientation", platform.orientation, reason)
    return CheckResult("orientation", Verdict.PASS, actual.value)


def _check_fps(fps: int, platform: Platform) -> CheckResult:
    limit = platform.max_fps
    if limit is not None and fps > limit.value:
        return _breach("frame rate", limit, f"frame rate {fps} fps is above {platform.display_name}'s {limit.value} fps")
    return CheckResult("frame rate", Verdict.PASS, f"{fps} fps")


def _check_audio(kbps: int, sample_rate_hz: int, platform: Platform) -> CheckResult:
    name = platform.display_name
    rates, top = platform.audio_sample_rates_hz, platform.max_audio_bitrate_kbps
    if rates is not None and sample_rate_hz not in rates.value:
        allowed = " or ".join(f"{r / 1000:g} kHz" for r in rates.value)
        return _breach("audio", rates, f"audio sample rate {sample_rate_hz / 1000:g} kHz; {name} takes {allowed}")
    if top is not None and kbps > top.value:
        return _breach("audio", top, f"audio bitrate {kbps} kb/s is above {name}'s {top.value} kb/s")
    return CheckResult("audio", Verdict.PASS, f"AAC {kbps} kb/s, {sample_rate_hz / 1000:g} kHz")
