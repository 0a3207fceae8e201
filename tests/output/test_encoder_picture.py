"""The encoder hands x264 its converted picture without copying it (VideoFrame.from_numpy_buffer): each
frame must still be encoded as it was when it was submitted, although the same buffer is converted into
again for the next frame."""

from __future__ import annotations

import av
import numpy as np

from studio.core.output.encoder import EncoderSettings, ProgramEncoder

SHADES = (16, 235, 60, 200, 128, 30, 220, 90)  # neighbours far apart: a frame showing the next one's picture fails


def _decoded_luma_means(packets) -> list[float]:
    decoder = av.CodecContext.create("h264", "r")
    means = []
    for packet in packets:
        for frame in decoder.decode(av.Packet(packet.data)):
            means.append(float(frame.to_ndarray(format="yuv420p")[: frame.height].mean()))
    for frame in decoder.decode(None):
        means.append(float(frame.to_ndarray(format="yuv420p")[: frame.height].mean()))
    return means


def test_each_frame_is_encoded_as_submitted_though_the_buffer_is_reused():
    settings = EncoderSettings(width=320, height=240, fps=30, video_bitrate_kbps=2000, keyframe_interval_s=0.1)
    encoder = ProgramEncoder(settings, with_audio=False)
    packets = []
    for index in range(24):
        shade = SHADES[index % len(SHADES)]
        grey = np.full((settings.height, settings.width, 3), shade, np.uint8)
        frame = encoder.video_frame(grey, index)  # as the encoder thread does: convert, then encode
        packets += encoder.encode_frame(frame)
    packets += encoder.flush_video()
    means = _decoded_luma_means(packets)
    assert len(means) == 24
    for index, mean in enumerate(means):
        expected_luma = 16 + 219 * SHADES[index % len(SHADES)] / 255  # BT.601 video range
        assert abs(mean - expected_luma) < 6, (index, mean, expected_luma)


def test_the_vertical_size_keeps_its_chroma_rows_apart():
    """720 wide: chroma rows of 360 bytes, not a multiple of 32; the planes must still line up."""
    settings = EncoderSettings(width=720, height=1280, fps=30, video_bitrate_kbps=3000)
    encoder = ProgramEncoder(settings, with_audio=False)
    picture = np.zeros((1280, 720, 3), np.uint8)
    picture[:, :360] = (255, 0, 0)  # blue left half, red right half
    picture[:, 360:] = (0, 0, 255)
    packets = encoder.encode_frame(encoder.video_frame(picture, 0)) + encoder.flush_video()
    decoder = av.CodecContext.create("h264", "r")
    frames = [f for p in packets for f in decoder.decode(av.Packet(p.data))] + list(decoder.decode(None))
    bgr = frames[0].to_ndarray(format="bgr24")
    assert bgr.shape == (1280, 720, 3)
    assert bgr[640, 100, 0] > 200 and bgr[640, 100, 2] < 60  # blue stays on the left
    assert bgr[640, 620, 2] > 200 and bgr[640, 620, 0] < 60  # red on the right


def test_the_encoder_adds_no_frame_of_latency_each_frame_comes_back_from_its_own_encode():
    """Take-to-air counts the encode of the take's frame: x264 must not hold a frame back (lookahead,
    frame threads, B-frames). zerolatency gives a packet per encode call, for that very frame."""
    settings = EncoderSettings(width=640, height=360, fps=30)
    encoder = ProgramEncoder(settings, with_audio=False)
    for index in range(10):
        picture = np.full((settings.height, settings.width, 3), SHADES[index % len(SHADES)], np.uint8)
        packets = encoder.encode_video(picture, index)
        assert [packet.pts for packet in packets] == [index], (index, packets)
    assert encoder.flush_video() == []
