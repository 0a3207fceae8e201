"""The program encoder's settings, and the H.264 encoder they open, in a module that loads no codec library.

`studio broadcast` reads them from its options before the engine is imported (an output worker connects
meanwhile: studio/commands/_early_outputs.py), and both the engine's encoder (encoder.py) and a worker
that needs the encoder's SPS/PPS before the first frame (sink_worker.py) open x264 through
`open_h264_encoder`: the same options, declared once, so the parameter sets agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from studio.core.capture.audio_format import AUDIO_CHANNELS, AUDIO_SAMPLE_RATE
from studio.core.output import defaults
from studio.core.output.packets import StreamLayout

# AV_CODEC_FLAG_GLOBAL_HEADER: SPS/PPS in the context's extradata (PyAV 18 names no such flag).
GLOBAL_HEADER_FLAG = 1 << 22


@dataclass(frozen=True)
class EncoderSettings:
    width: int
    height: int
    fps: int
    video_bitrate_kbps: int = 4500
    audio_bitrate_kbps: int = 160
    keyframe_interval_s: float = 2.0
    preset: str = defaults.DEFAULT_X264_PRESET

    @property
    def keyframe_interval_frames(self) -> int:
        return max(1, round(self.keyframe_interval_s * self.fps))

    def layout(self) -> StreamLayout:
        return StreamLayout(
            width=self.width, height=self.height, fps=self.fps,
            audio_sample_rate=AUDIO_SAMPLE_RATE, audio_channels=AUDIO_CHANNELS,
            audio_bitrate_bps=self.audio_bitrate_kbps * 1000,
            video_bitrate_bps=self.video_bitrate_kbps * 1000,
            keyframe_interval_frames=self.keyframe_interval_frames,
            x264_preset=self.preset,
        )


def open_h264_encoder(layout: StreamLayout, global_header: bool = False):
    """libx264 opened for `layout`'s video: the engine's encoder (SPS/PPS in-band on every keyframe), or with
    `global_header` the same encoder whose extradata holds those SPS/PPS (what an FLV header needs)."""
    import av

    context = av.CodecContext.create("libx264", "w")
    context.width = layout.width
    context.height = layout.height
    context.pix_fmt = "yuv420p"
    context.time_base = Fraction(1, layout.fps)
    context.framerate = Fraction(layout.fps, 1)
    context.bit_rate = layout.video_bitrate_bps
    context.gop_size = layout.keyframe_interval_frames
    context.max_b_frames = 0
    if global_header:
        context.flags |= GLOBAL_HEADER_FLAG
    keyint = layout.keyframe_interval_frames
    kbps = layout.video_bitrate_bps // 1000
    context.options = {
        "preset": layout.x264_preset,
        "tune": "zerolatency",
        "profile": "high",
        "maxrate": f"{kbps}k",
        "bufsize": f"{kbps}k",
        # Fixed GOP: platforms reject streams whose keyframes come late.
        "x264-params": f"keyint={keyint}:min-keyint={keyint}:scenecut=0:nal-hrd=cbr:force-cfr=1",
    }
    context.open()
    return context


def h264_extradata(layout: StreamLayout) -> bytes:
    """The SPS/PPS (Annex B) the engine's encoder will send for `layout`: x264 opened, read and let go (about
    2 ms; an encoder left open would hold about 8 MB at 1080p)."""
    context = open_h264_encoder(layout, global_header=True)
    try:
        return bytes(context.extradata or b"")
    finally:
        del context
