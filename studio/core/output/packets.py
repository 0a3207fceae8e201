"""Encoded packets as plain, picklable data, so they can cross into worker processes."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Iterator, Literal

from studio.core.output import defaults

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
    # The encoder's own choices, which its SPS/PPS depend on (a worker that writes the FLV header before the
    # first frame opens x264 with them: encoder_settings.h264_extradata).
    keyframe_interval_frames: int = round(defaults.DEFAULT_KEYFRAME_INTERVAL_S * defaults.DEFAULT_FPS)
    x264_preset: str = defaults.DEFAULT_X264_PRESET


# -- the wire between the engine and an output worker -----------------------------------------------
# One pipe message per batch (normally a frame: its video packet and the audio since the last one),
# as raw bytes: a header per packet, then its data. No pickling, one write and one wake-up per frame.
_HEADER = struct.Struct("<?qqII?I")  # is_video, pts, dts, time_base num, den, is_keyframe, data length
CLOSE_BATCH = b""  # the engine has finished: finalise the output


def encode_batch(packets: list[EncodedPacket]) -> bytes:
    parts = []
    for packet in packets:
        parts.append(_HEADER.pack(packet.kind == "video", packet.pts, packet.dts, packet.time_base_num,
                                  packet.time_base_den, packet.is_keyframe, len(packet.data)))
        parts.append(packet.data)
    return b"".join(parts)


def decode_batch(message: bytes) -> Iterator[tuple[StreamKind, memoryview, int, int, int, int, bool]]:
    """(kind, data, pts, dts, time_base_num, time_base_den, is_keyframe) for each packet of a batch."""
    view = memoryview(message)
    offset = 0
    while offset < len(view):
        is_video, pts, dts, tb_num, tb_den, is_keyframe, size = _HEADER.unpack_from(view, offset)
        offset += _HEADER.size
        yield "video" if is_video else "audio", view[offset:offset + size], pts, dts, tb_num, tb_den, is_keyframe
        offset += size
