"""The program encoder: H.264 and AAC, run once per canvas whatever the number of outputs.

The video encoder repeats SPS/PPS in-band on every keyframe (no global header),
which lets each muxer pick them up from the stream and lets any destination
(re)start on any keyframe. An I420 picture (a show's canvases, studio/core/picture.py) goes
to x264 as it is; a BGR one is converted to I420 by the compiled loop (studio/core/pixels.py)
into a reused buffer: about half swscale's cost at 1080p (swscale through PyAV adds two copies).
That buffer goes to x264 as it is (VideoFrame.from_numpy_buffer), not copied
into a new frame (from_ndarray: a fresh 3 MB allocation and copy per 1080p
frame, about 2 ms of CPU here): x264 copies the picture into its own frame
inside x264_encoder_encode, so the buffer is free again once encode returns,
and the next conversion into it comes after that, on the same thread.
"""

from __future__ import annotations

from fractions import Fraction

import av
import numpy as np

from studio.core.capture.source import AUDIO_CHANNELS, AUDIO_SAMPLE_RATE
from studio.core.picture import to_i420
from studio.core.output.encoder_settings import EncoderSettings, open_h264_encoder
from studio.core.output.packets import EncodedPacket

__all__ = ["AAC_FRAME_SAMPLES", "EncoderSettings", "ProgramEncoder"]

AAC_FRAME_SAMPLES = 1024


def _to_encoded(packets, kind) -> list[EncodedPacket]:
    encoded = []
    for packet in packets:
        if packet.pts is None:
            continue
        time_base = packet.time_base
        encoded.append(EncodedPacket(
            kind=kind, data=bytes(packet), pts=packet.pts,
            dts=packet.dts if packet.dts is not None else packet.pts,
            time_base_num=time_base.numerator, time_base_den=time_base.denominator,
            is_keyframe=bool(packet.is_keyframe),
        ))
    return encoded


class ProgramEncoder:
    def __init__(self, settings: EncoderSettings, with_audio: bool = True):
        """`with_audio=False`: video only (a second canvas shares the first one's audio encode)."""
        self.settings = settings
        self._video = self._open_video(settings)
        self._audio = self._open_audio(settings) if with_audio else None
        self._i420 = np.empty((settings.height * 3 // 2, settings.width), np.uint8)
        self._audio_pts = 0

    @staticmethod
    def _open_video(settings: EncoderSettings) -> av.VideoCodecContext:
        return open_h264_encoder(settings.layout())

    @staticmethod
    def _open_audio(settings: EncoderSettings) -> av.AudioCodecContext:
        context = av.CodecContext.create("aac", "w")
        context.sample_rate = AUDIO_SAMPLE_RATE
        context.layout = "stereo"
        context.format = "fltp"
        context.bit_rate = settings.audio_bitrate_kbps * 1000
        context.time_base = Fraction(1, AUDIO_SAMPLE_RATE)
        context.open()
        return context

    def encode_video(self, bgr: np.ndarray, frame_index: int) -> list[EncodedPacket]:
        return self.encode_frame(self.video_frame(bgr, frame_index))

    def video_frame(self, bgr: np.ndarray, frame_index: int) -> av.VideoFrame:
        """A frame for `encode_frame`. A BGR picture is converted into the encoder's own I420 buffer
        (the picture may be written again once this returns; the frame shares that buffer: encode it
        before the next call). An I420 picture (studio/core/picture.py) is neither converted nor
        copied: the frame is the picture itself, which must stay as it is until `encode_frame`
        returns (x264 copies it in there). The engine guarantees that: it composes into two
        pictures per canvas in turn, and writes one again only after the encoder thread has taken
        the next, i.e. after this one's encode (studio/core/output/encoder_thread.py)."""
        if bgr.ndim == 2 and bgr.flags.c_contiguous:
            source = bgr
        elif bgr.ndim == 2:
            source = self._i420
            np.copyto(source, bgr)
        else:
            source = self._i420
            to_i420(bgr, source)
        frame = av.VideoFrame.from_numpy_buffer(source, format="yuv420p")
        frame.pts = frame_index
        frame.time_base = self._video.time_base
        return frame

    def encode_frame(self, frame: av.VideoFrame) -> list[EncodedPacket]:
        return _to_encoded(self._video.encode(frame), "video")

    @property
    def audio_samples_encoded(self) -> int:
        return self._audio_pts

    def encode_audio(self, samples: np.ndarray) -> list[EncodedPacket]:
        """Encode exactly AAC_FRAME_SAMPLES planar float32 samples, shape (2, 1024)."""
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(samples, dtype=np.float32), format="fltp", layout="stereo")
        frame.sample_rate = AUDIO_SAMPLE_RATE
        frame.pts = self._audio_pts
        frame.time_base = self._audio.time_base
        self._audio_pts += samples.shape[1]
        return _to_encoded(self._audio.encode(frame), "audio")

    def flush_video(self) -> list[EncodedPacket]:
        return _to_encoded(self._video.encode(None), "video")

    def flush_audio(self) -> list[EncodedPacket]:
        return _to_encoded(self._audio.encode(None), "audio") if self._audio is not None else []

    def flush(self) -> list[EncodedPacket]:
        return self.flush_video() + self.flush_audio()
