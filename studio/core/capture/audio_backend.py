"""Microphone input (and the headphones monitor's output) through PortAudio (the `sounddevice` library), one small interface.

PortAudio 19.6 (Debian 12) reaches PulseAudio through ALSA's `pulse` device, which
always opens the server's default source and cannot list the server's sources. So
where a PulseAudio server answers, microphones are listed from it (`pulsectl`)
and a named source is opened as PortAudio's `pulse` device with `PULSE_SOURCE`
naming it: libpulse reads that variable when the ALSA plugin connects. Opening
is serialised so two opens never race on the variable. Elsewhere (macOS,
Windows, ALSA without PulseAudio) PortAudio's own input devices are listed and
opened by index.
"""

from __future__ import annotations

import os
import threading
from abc import ABC, abstractmethod
from typing import Callable, Protocol

import numpy as np

from studio.core.capture.devices import DeviceInfo
from studio.core.capture.source import AUDIO_SAMPLE_RATE
from studio.errors import UserInputError

PULSE_PORTAUDIO_DEVICE = "pulse"
DEFAULT_OUTPUT = "default"       # an output named so: the system's default (a PulseAudio server's default sink)
_open_lock = threading.Lock()
_open_streams = 0  # PortAudio may re-list devices only while no stream is open


class InputStream(Protocol):
    def close(self) -> None: ...


class AudioBackend(ABC):
    @abstractmethod
    def microphones(self) -> list[DeviceInfo]:
        """Every input the system offers now (re-read on each call: devices come and go)."""

    @abstractmethod
    def open_input(self, device: DeviceInfo | None, on_block: Callable[[np.ndarray], None]) -> InputStream:
        """Start capturing `device` (None: the system default) at the show rate; `on_block`
        gets float32 (frames, channels) arrays on the back-end's thread. Raises OSError
        when the device cannot be opened."""


class SoundDeviceBackend(AudioBackend):
    def microphones(self) -> list[DeviceInfo]:
        sd = _sounddevice(refresh=True)
        if _has_pulse_device(sd):
            sources = _pulse_sources()
            if sources is not None:
                return sources
        default_index = sd.default.device[0]
        return [
            DeviceInfo("microphone", device["name"], index, label=sd.query_hostapis(device["hostapi"])["name"],
                       default=index == default_index)
            for index, device in enumerate(sd.query_devices())
            if device["max_input_channels"] > 0
        ]

    def open_input(self, device: DeviceInfo | None, on_block: Callable[[np.ndarray], None]) -> InputStream:
        sd = _sounddevice()

        def callback(indata, frames, time_info, status) -> None:
            on_block(indata.copy())

        global _open_streams
        with _open_lock:
            key = None if device is None else device.key
            if isinstance(key, str):  # a PulseAudio source, reached through ALSA's pulse device
                previous = os.environ.get("PULSE_SOURCE")
                os.environ["PULSE_SOURCE"] = key
                try:
                    stream = _start(sd, PULSE_PORTAUDIO_DEVICE, callback)
                finally:
                    _restore_env("PULSE_SOURCE", previous)
            else:
                stream = _start(sd, key, callback)
            _open_streams += 1
        return _CountedStream(stream)

    def open_output(self, sink: str, pull: Callable[[int], np.ndarray]) -> InputStream:
        """Play to `sink` (a PulseAudio sink's name, or `default`: the system's default output) at the show rate;
        `pull(count)` gives float32 (count, 2) arrays on the back-end's thread. OSError when it cannot open."""
        sd = _sounddevice()

        def callback(outdata, frames, time_info, status) -> None:
            outdata[:] = pull(frames)

        global _open_streams
        with _open_lock:
            if sink != DEFAULT_OUTPUT and _has_pulse_device(sd):   # a PulseAudio sink, through ALSA's pulse device
                previous = os.environ.get("PULSE_SINK")
                os.environ["PULSE_SINK"] = sink
                try:
                    stream = _start_output(sd, PULSE_PORTAUDIO_DEVICE, callback)
                finally:
                    _restore_env("PULSE_SINK", previous)
            else:
                stream = _start_output(sd, None if sink == DEFAULT_OUTPUT else sink, callback)
            _open_streams += 1
        return _CountedStream(stream)


class _CountedStream:
    def __init__(self, stream):
        self._stream = stream

    def close(self) -> None:
        global _open_streams
        with _open_lock:
            if self._stream is None:
                return
            stream, self._stream = self._stream, None
            _open_streams -= 1
        stream.close(ignore_errors=True)


def _start(sd, device, callback):
    try:
        info = sd.query_devices(device, "input")
        channels = max(1, min(2, int(info["max_input_channels"])))
        # 'high' latency: PortAudio's ALSA path loses samples on a loaded machine with 'low'.
        stream = sd.InputStream(device=device, samplerate=AUDIO_SAMPLE_RATE, channels=channels, dtype="float32",
                                latency="high", callback=callback)
        stream.start()
        return stream
    except (sd.PortAudioError, ValueError) as error:
        raise OSError(str(error)) from None


def _start_output(sd, device, callback):
    try:
        stream = sd.OutputStream(device=device, samplerate=AUDIO_SAMPLE_RATE, channels=2, dtype="float32",
                                 latency="high", callback=callback)
        stream.start()
        return stream
    except (sd.PortAudioError, ValueError) as error:
        raise OSError(str(error)) from None


def _restore_env(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value


def _sounddevice(refresh: bool = False):
    try:
        import sounddevice
    except OSError as error:  # no PortAudio library on the system
        raise UserInputError(f"microphone capture needs PortAudio (Debian: libportaudio2): {error}") from None
    with _open_lock:
        if refresh and _open_streams == 0:
            # PortAudio lists devices once per initialisation: start afresh so a device plugged in
            # since is seen (never while a stream runs: terminating would end it).
            sounddevice._terminate()
            sounddevice._initialize()
    return sounddevice


def _has_pulse_device(sd) -> bool:
    return any(device["name"] == PULSE_PORTAUDIO_DEVICE for device in sd.query_devices())


def _pulse_sources() -> list[DeviceInfo] | None:
    """The PulseAudio server's sources (monitors included: they capture what a sink plays), or None."""
    try:
        import pulsectl

        with pulsectl.Pulse("live-shopping-studio", connect=True) as pulse:
            default = pulse.server_info().default_source_name
            return [DeviceInfo("microphone", source.name, source.name, label=source.description,
                               default=source.name == default) for source in pulse.source_list()]
    except Exception:  # no libpulse, no server: fall back to PortAudio's own list
        return None
