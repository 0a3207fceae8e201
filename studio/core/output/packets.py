"""Encoded packets as plain, picklable data, so they can cross into worker processes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

StreamKind = Literal["video", "audio"]


@dataclass(frozen=True, slots=True)
class EncodedPacket:
    kind: StreamKind
    data: bytes
    pts: int
    dts: int
    time_base_num: int
    time_base_den: int
    is_keyframe: bool

    @property
    def pts_s(self) -> float:
        return self.pts * self.time_base_num / self.time_base_den


@dataclass(frozen=True, slots=True)
class StreamLayout:
    """What a muxer needs to know to accept the packets of one program."""

    width: int
    height: int
    fps: int
    audio_sample_rate: int
    audio_channels: int
    audio_bitrate_bps: int
    video_bitrate_bps: int = 0
