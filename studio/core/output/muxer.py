"""An output container for one SinkSpec: its H.264 stream (packets muxed as the engine encoded them) and AAC.

Without `video_extradata` the H.264 stream's SPS/PPS come from the first keyframe (PyAV holds the header
back until it has them), so the header goes out with the first packet. With them (a worker that connects
while the engine starts: early_connect.py) `start_encoding` can write the header at once.
"""

from __future__ import annotations

import io
from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studio.core.output.sink_worker import SinkSpec


def open_output(spec: SinkSpec, url: str, video_extradata: bytes | None = None):
    """(container, video stream, audio stream); nothing is written before `start_encoding` or the first mux."""
    import av

    container = av.open(url, "w", format=spec.container_format, options=dict(spec.container_options))
    layout = spec.layout
    if video_extradata is None:
        video = container.add_mux_stream(
            "h264", rate=layout.fps, width=layout.width, height=layout.height,
            time_base=Fraction(1, layout.fps),
        )
    else:
        video = _video_stream_with_extradata(container, spec, video_extradata)
    # The AAC encoder behind this stream is opened only to produce the
    # AudioSpecificConfig the muxer needs; it never encodes anything.
    audio = container.add_stream("aac", rate=layout.audio_sample_rate, layout="stereo")
    audio.bit_rate = layout.audio_bitrate_bps
    return container, video, audio


def _video_stream_with_extradata(container, spec: SinkSpec, extradata: bytes):
    """A stream whose parameters (SPS/PPS included) are set before the header: PyAV lets a stream made from a
    template carry them without opening an encoder, and a mux-only stream cannot be given extradata. The
    template is a stream of a container never written."""
    import av

    layout = spec.layout
    scratch = av.open(io.BytesIO(), "w", format=spec.container_format)
    try:
        template = scratch.add_stream("libx264", rate=layout.fps, width=layout.width, height=layout.height,
                                      time_base=Fraction(1, layout.fps))
        video = container.add_stream_from_template(template)
    finally:
        scratch.close()
    video.extradata = extradata           # its codec context's, copied to the stream when the header is written
    video.time_base = Fraction(1, layout.fps)
    return video
