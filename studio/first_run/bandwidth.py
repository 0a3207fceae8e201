"""The first-run wizard's bandwidth test: what bitrate can this uplink carry to each destination?

As OBS's auto-configuration does: push a real stream (x264 CBR, veryfast, 2 s keyframes) at a target
bitrate to each chosen destination in turn for a few seconds, and read what got through (what the
destination acknowledged per second while live, and the frames dropped). Where frames dropped or
less than 75 % of the target got through, recommend 70 % of what got through; else the target. Twitch keys get
`?bandwidthtest=true`, so nothing goes public. The push is `studio broadcast` in a process of
its own (nothing facing the network runs in the window or the engine).

One uplink carries every destination at once: when the bitrates wanted add up to more than it
carried, recommend the relay (`studio relay config`: send once to a server that fans out).
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from studio.child_processes import studio_command

TEST_SECONDS = 8
TEST_SIZE = "1280x720"
LIMITED_BELOW = 0.75      # less than this share of the target got through: the uplink is the limit
RECOMMENDED_SHARE = 0.70  # of what got through, as OBS recommends
BANDWIDTH_TEST_PRESETS = {"twitch"}  # platforms whose ingest takes `?bandwidthtest=true` (not shown to viewers)
RELAY_COMMAND = "studio relay config"


@dataclass(frozen=True)
class BandwidthResult:
    destination: str
    target_kbps: int
    measured_kbps: float
    dropped_frames: int
    error: str | None = None

    @property
    def limited(self) -> bool:
        return self.dropped_frames > 0 or self.measured_kbps < LIMITED_BELOW * self.target_kbps

    @property
    def recommended_kbps(self) -> int:
        if self.error is not None:
            return 0
        return int(RECOMMENDED_SHARE * self.measured_kbps) if self.limited else self.target_kbps


@dataclass(frozen=True)
class Recommendation:
    bitrates_kbps: dict[str, int]
    uplink_kbps: float | None        # what the uplink carried at most; None when no test reached its limit
    relay: bool

    def summary(self) -> str:
        lines = [f"{name}: {kbps} kb/s" for name, kbps in self.bitrates_kbps.items()]
        if self.uplink_kbps is not None:
            lines.append(f"uplink: about {self.uplink_kbps:.0f} kb/s got through")
        if self.relay:
            lines.append(f"together they need more than the uplink carries: send once to a relay that fans "
                         f"out (`{RELAY_COMMAND}`)")
        return "\n".join(lines)


def bandwidth_test_url(url: str, preset: str | None) -> str:
    """The URL to push the test to: Twitch's bandwidth-test mode where the platform offers one."""
    if preset in BANDWIDTH_TEST_PRESETS:
        return url + ("&" if "?" in url else "?") + "bandwidthtest=true"
    return url


def run_bandwidth_test(destination: str, url: str, target_kbps: int, seconds: int = TEST_SECONDS,
                       run: Callable[..., subprocess.CompletedProcess] = subprocess.run) -> BandwidthResult:
    """Push the test card at `target_kbps` to `url` for `seconds`; what got through."""
    with tempfile.TemporaryDirectory(prefix="studio-bandwidth-") as folder:
        stats_path = Path(folder) / "stats.json"
        command = studio_command("broadcast", "--to", url, "--duration", str(seconds), "--size", TEST_SIZE,
                                 "--video-bitrate", str(target_kbps), "--x264-preset", "veryfast",
                                 "--keyframe-interval", "2", "--quiet", "--stats-json", str(stats_path))
        result = run(command, capture_output=True, text=True, timeout=seconds + 120, stdin=subprocess.DEVNULL)
        try:
            stats = json.loads(stats_path.read_text())
        except (OSError, ValueError):
            error = (result.stderr.strip().splitlines() or [f"exit code {result.returncode}"])[-1]
            return BandwidthResult(destination, target_kbps, 0.0, 0, error=error)
    output = next((o for o in stats.get("outputs", []) if o.get("kind") != "recording"), None)
    if output is None or not output.get("ever_live"):
        return BandwidthResult(destination, target_kbps, 0.0, 0,
                               error=(output or {}).get("last_error") or "the destination never took the stream")
    # What the destination acknowledged per second while live (connecting left out, as OBS leaves out its start);
    # where the platform cannot count it, the recent rate of bytes written, which a slow link's buffers inflate.
    elapsed_s = max(float(stats.get("elapsed_s") or seconds), 0.1)
    measured_kbps = float(output.get("delivered_kbps") or output.get("bitrate_kbps")
                          or output["bytes_written"] * 8 / 1000 / elapsed_s)
    return BandwidthResult(destination, target_kbps, measured_kbps, int(output.get("dropped_frames", 0)))


def recommend(results: list[BandwidthResult]) -> Recommendation:
    """A bitrate per destination, and whether the uplink needs the relay to carry them all."""
    reached = [result for result in results if result.error is None]
    bitrates = {result.destination: result.recommended_kbps for result in reached}
    limited = [result.measured_kbps for result in reached if result.limited]
    uplink = max(limited) if limited else None
    # Together, at the bitrates wanted: more than the uplink carried (known only where a test reached its limit).
    relay = uplink is not None and len(reached) > 1 and sum(result.target_kbps for result in reached) > uplink
    return Recommendation(bitrates, uplink, relay)
