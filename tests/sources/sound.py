"""Reading a recording's sound back for assertions: samples on their timestamps, level, pitch."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np

RATE = 48_000


def decoded_sound(path: Path) -> tuple[float, np.ndarray]:
    """(show time of the first sample, the left channel as float32) from a recording, decoded by PyAV."""
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        start_s, chunks = None, []
        for frame in container.decode(stream):
            if start_s is None:
                start_s = float(frame.pts * frame.time_base)
            chunks.append(frame.to_ndarray()[0])
    return start_s, np.concatenate(chunks).astype(np.float32)


def segment(start_s: float, sound: np.ndarray, from_s: float, to_s: float) -> np.ndarray:
    first = int(round((from_s - start_s) * RATE))
    return sound[max(0, first):int(round((to_s - start_s) * RATE))]


def rms_dbfs(samples: np.ndarray) -> float:
    return float(20 * np.log10(np.sqrt(np.mean(np.square(samples, dtype=np.float64))) + 1e-12))


def peak_frequency_hz(samples: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    return float(np.argmax(spectrum) * RATE / len(samples))


def sine_rms_dbfs(peak_dbfs: float) -> float:
    """The RMS of a sine whose peak is `peak_dbfs`."""
    return peak_dbfs - 20 * np.log10(np.sqrt(2))
