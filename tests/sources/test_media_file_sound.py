"""A file's sound at the show's rate and layout (48 kHz planar stereo, an AAC track's) skips the resampler and
is the same sound as the resampler gives; any other rate or layout is still resampled to it."""

from __future__ import annotations

import subprocess

import av
import numpy as np
import pytest

from studio.core.capture.media_file import MediaFileSource

pytestmark = pytest.mark.slow


def clip(path, rate: int, layout: str) -> str:
    subprocess.run(["ffmpeg", "-y", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                    "testsrc2=size=64x36:rate=30", "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate={rate}",
                    "-t", "1", "-ac", "2" if layout == "stereo" else "1", "-c:v", "libx264", "-c:a", "aac",
                    str(path)], check=True)
    return str(path)


def resampled(path: str) -> np.ndarray:
    resampler = av.AudioResampler(format="fltp", layout="stereo", rate=48000)
    with av.open(path) as container:
        chunks = [r.to_ndarray() for f in container.decode(audio=0) for r in resampler.resample(f)]
    return np.concatenate(chunks, axis=1)


@pytest.mark.parametrize("rate, layout, skips", [(48000, "stereo", True), (44100, "mono", False)])
def test_a_files_sound_is_what_the_resampler_gives(tmp_path, rate, layout, skips):
    path = clip(tmp_path / f"{rate}.mkv", rate, layout)
    source = MediaFileSource(path)
    got = source.read_audio(24000)
    source.close()
    assert got.shape == (2, 24000)
    expected = resampled(path)[:, :24000]
    assert np.allclose(got, expected, atol=1e-6)
    assert source._resampler_used is not skips
