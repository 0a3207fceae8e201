"""What the studio knows about one output at a moment: the data the UI and the CLI show."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum


class OutputState(str, Enum):
    CONNECTING = "connecting"      # worker started, no packet written yet
    LIVE = "live"                  # packets are being written
    CONGESTED = "congested"        # live, but the queue is above the drop threshold
    STALLED = "stalled"            # packets waiting, nothing written for a while
    RECONNECTING = "reconnecting"  # lost; the next attempt is scheduled
    FAILED = "failed"              # given up (refused for good, or a recording that cannot write)
    STOPPED = "stopped"            # closed cleanly at the end of the show

    def __str__(self) -> str:
        return self.value


@dataclass
class OutputHealth:
    label: str
    kind: str = "destination"
    state: OutputState = OutputState.CONNECTING
    last_error: str | None = None
    bytes_written: int = 0
    bitrate_kbps: float = 0.0              # over the last 2 s: acknowledged by the destination where known
    # acknowledged by the destination per second since this connection went live (None: the platform cannot tell)
    delivered_kbps: float | None = None
    fps: float = 0.0
    queue_ms: float = 0.0
    peak_queue_ms: float = 0.0
    dropped_frames: int = 0
    reconnects: int = 0
    connect_attempts: int = 0
    ever_live: bool = False
    next_attempt_in_s: float | None = None

    def as_dict(self) -> dict:
        data = asdict(self)
        data["state"] = str(self.state)
        for key in ("bitrate_kbps", "fps", "queue_ms", "peak_queue_ms"):
            data[key] = round(data[key], 1)
        for key in ("next_attempt_in_s", "delivered_kbps"):
            if data[key] is not None:
                data[key] = round(data[key], 1)
        return data
