"""A microphone on the show clock that survives being unplugged.

The device's callback thread only pushes into a DriftBuffer; the engine only
pulls from it, so the frame loop never waits on a device. A watchdog thread
notices a capture that stalls (no callback for `stall_after_s`) or a stream
that ends, reports the loss, and reopens the device with backoff until it is
back; meanwhile the program carries silence.
"""

from __future__ import annotations

import threading
import time
from typing import Callable

import numpy as np

from studio.core.capture.audio_backend import AudioBackend, InputStream
from studio.core.capture.devices import DeviceInfo
from studio.core.capture.drift import DriftBuffer
from studio.core.capture.source import AUDIO_SAMPLE_RATE, AudioSource
from studio.errors import UserInputError

LIVE, LOST = "live", "lost"
FIRST_RETRY_S = 0.5
# PortAudio through ALSA's pulse plugin can take a second to deliver its first block on a loaded machine.
FIRST_BLOCK_GRACE_S = 3.0
# A desktop sound server may move a stream whose device vanished onto another one (PulseAudio's
# rescue-streams), so sound keeps flowing from the wrong microphone: look the device up this often.
PRESENCE_CHECK_S = 2.0
MAX_RETRY_S = 3.0


class MicrophoneSource(AudioSource):
    def __init__(
        self,
        backend: AudioBackend,
        device: DeviceInfo | None,
        on_state_change: Callable[[str, str], None] | None = None,
        stall_after_s: float = 0.5,
        find_device: Callable[[], DeviceInfo | None] | None = None,
    ):
        """`device` None is the system default. `on_state_change(state, reason)` is called on the
        watchdog thread (callers enqueue; it is where the engine's SourceStateChanged comes from).
        `find_device` looks the device up again before a reopen (it may come back renumbered)."""
        self._backend = backend
        self.device = device
        self.description = f"microphone {device.name}" if device else "microphone (system default)"
        self._on_state_change = on_state_change
        self._stall_after_s = stall_after_s
        self._find_device = find_device or (lambda: device)
        self.buffer = DriftBuffer()
        self.state = LIVE
        self.losses = 0
        self.recoveries = 0
        self._stream: InputStream | None = None
        self._got_block = False
        self._last_block_at_s = 0.0
        self._stop = threading.Event()
        self._watchdog: threading.Thread | None = None

    def start(self) -> None:
        """Open the device; a device that will not open now is the user's error, reported at once."""
        if self._watchdog is not None:
            return
        try:
            self._open(self.device)
        except OSError as error:
            raise UserInputError(f"{self.description} could not be opened: {error}") from None
        self._watchdog = threading.Thread(target=self._watch, name="microphone watchdog", daemon=True)
        self._watchdog.start()

    def _open(self, device: DeviceInfo | None) -> None:
        self._got_block = False
        self._last_block_at_s = time.monotonic()
        self._stream = self._backend.open_input(device, self._on_block)

    def _on_block(self, block: np.ndarray) -> None:
        self._last_block_at_s = time.monotonic()
        self._got_block = True
        self.buffer.push(block)

    def _stalled(self) -> bool:
        allowed_s = self._stall_after_s if self._got_block else max(self._stall_after_s, FIRST_BLOCK_GRACE_S)
        return time.monotonic() - self._last_block_at_s > allowed_s

    def _watch(self) -> None:
        checked_at_s = time.monotonic()
        while not self._stop.wait(0.1):
            if self._stalled():
                self._lose(f"no sound from the device for {self._stall_after_s:g} s")
                self._reopen_until_back()
            elif self.device is not None and time.monotonic() - checked_at_s >= PRESENCE_CHECK_S:
                checked_at_s = time.monotonic()
                if self._still_listed() is False:
                    self._lose("the device is no longer listed by the system")
                    self._reopen_until_back()

    def _still_listed(self) -> bool | None:
        try:
            return self._find_device() is not None
        except Exception:  # a listing that fails says nothing about the device
            return None

    def _lose(self, reason: str) -> None:
        self._close_stream()
        self.buffer.reset()
        self.state = LOST
        self.losses += 1
        self._report(LOST, reason)

    def _reopen_until_back(self) -> None:
        wait_s = FIRST_RETRY_S
        while not self._stop.wait(wait_s):
            wait_s = min(wait_s * 1.5, MAX_RETRY_S)
            try:
                device = self._find_device()
                if device is None and self.device is not None:
                    continue  # still gone
                self._open(device)
            except OSError:
                continue
            # Back only once sound flows again.
            while not self._stop.wait(0.05):
                if self._last_block_at_s > time.monotonic() - 0.05 and self.buffer.latency_s > 0:
                    self.state = LIVE
                    self.recoveries += 1
                    self._report(LIVE, "the device delivers sound again")
                    return
                if self._stalled():
                    self._close_stream()
                    break

    def _report(self, state: str, reason: str) -> None:
        if self._on_state_change is not None:
            self._on_state_change(state, reason)

    def read(self, sample_count: int) -> np.ndarray:
        return self.buffer.pull(sample_count)

    def health(self) -> dict:
        return {
            "state": self.state, "losses": self.losses, "recoveries": self.recoveries,
            "latency_ms": round(self.buffer.latency_s * 1000, 1),
            "drift_correction_ppm": round(self.buffer.correction * 1e6),
            "silence_inserted_s": round(self.buffer.underrun_samples / AUDIO_SAMPLE_RATE, 3),
            "dropped_s": round(self.buffer.dropped_samples / self.buffer.device_rate, 3),
        }

    def _close_stream(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            stream.close()

    def close(self) -> None:
        self._stop.set()
        if self._watchdog is not None and self._watchdog is not threading.current_thread():
            self._watchdog.join(timeout=5.0)
        self._close_stream()
