"""Source specs: the text a producer types (`test`, `file:PATH`, `camera:0`, `tone`) to the source it opens.

One place for every spec, so `studio broadcast`, `studio engine`, the control API's
SetVideoSource/SetAudioSource and the window all accept the same words.
"""

from __future__ import annotations

from typing import Callable

from studio.core.canvas import Canvas
from studio.core.capture.audio import SilenceSource, ToneSource
from studio.core.capture.camera import CameraSource
from studio.core.capture.devices import DeviceCatalog, SystemDevices, pick_device
from studio.core.capture.media_file import FileAudio, MediaFileSource
from studio.core.capture.source import AudioSource, VideoSource
from studio.core.spec_help import AUDIO_SPEC_HELP, VIDEO_SPEC_HELP
from studio.errors import UserInputError

# V4L2 numbers nodes below 64 per driver; an index past that is a typo, not a camera.
MAX_CAMERA_INDEX = 63

# Called with (state, reason) on the device's own thread: "lost" or "live".
StateCallback = Callable[[str, str], None]


def open_video(spec: str, canvas: Canvas, devices: DeviceCatalog | None = None,
               on_state_change: StateCallback | None = None) -> VideoSource:
    """The video source a spec names (not started yet), or a UserInputError naming the spec."""
    if spec == "test":
        # Imported only for it: its clock's characters are drawn with Qt, which no other source loads.
        from studio.core.capture.test_card import TestCardSource

        return TestCardSource(canvas.width, canvas.height, canvas.fps)
    if spec.startswith("file:"):
        return MediaFileSource(spec[len("file:"):])
    if spec.startswith("camera:"):
        index, name = _camera(spec, spec[len("camera:"):], devices or SystemDevices())
        return CameraSource(index, canvas.width, canvas.height, canvas.fps, name=name, on_state_change=on_state_change)
    raise UserInputError(f"--source {spec!r}: expected {VIDEO_SPEC_HELP.replace(' | ', ', ')}")


def _camera(spec: str, wanted: str, devices: DeviceCatalog) -> tuple[int, str | None]:
    """A camera's index and name from `camera:2` or `camera:Logitech`."""
    if not wanted:
        raise UserInputError(f"--source {spec}: give the camera's index or name, e.g. camera:0")
    if wanted.isdigit():
        index = int(wanted)
        cameras = devices.cameras()
        known = {camera.key: camera.name for camera in cameras}
        if index > MAX_CAMERA_INDEX or (cameras and index not in known):
            listing = "; ".join(f"{camera.key}: {camera.name}" for camera in cameras) or "none found"
            raise UserInputError(f"--source {spec}: there is no camera {index}; cameras: {listing} "
                                 f"(a camera index is between 0 and {MAX_CAMERA_INDEX})")
        return index, known.get(index)
    camera = pick_device(devices.cameras(), wanted, f"--source {spec}", "camera")
    return int(camera.key), camera.name


def open_audio(spec: str | None, video: VideoSource, devices: DeviceCatalog | None = None,
               on_state_change: StateCallback | None = None) -> AudioSource:
    """The audio source a spec names; None means the file's own sound for file sources, else a tone."""
    if spec is None:
        spec = "file" if isinstance(video, MediaFileSource) and video.has_audio else "tone"
    if spec == "tone":
        return ToneSource()
    if spec == "silence":
        return SilenceSource()
    if spec == "file":
        if not isinstance(video, MediaFileSource):
            raise UserInputError("--audio file: needs --source file:PATH")
        if not video.has_audio:
            raise UserInputError(f"--audio file: {video.path} has no audio stream")
        return FileAudio(video)
    if spec == "mic" or spec.startswith("mic:"):
        return _microphone(spec, devices or SystemDevices(), on_state_change)
    raise UserInputError(f"--audio {spec!r}: expected {AUDIO_SPEC_HELP.replace(' | ', ', ')}")


def _microphone(spec: str, devices: DeviceCatalog, on_state_change: StateCallback | None) -> AudioSource:
    from studio.core.capture.audio_backend import SoundDeviceBackend
    from studio.core.capture.microphone import MicrophoneSource

    backend = getattr(devices, "audio_backend", None) or SoundDeviceBackend()
    wanted = spec[len("mic:"):] if spec.startswith("mic:") else ""
    if not wanted:
        return MicrophoneSource(backend, None, on_state_change=on_state_change)
    device = pick_device(devices.microphones(), wanted, f"--audio {spec}", "microphone")

    def find_again():
        # The same name after a replug; None while it is still gone.
        return next((mic for mic in devices.microphones() if mic.name == device.name), None)

    return MicrophoneSource(backend, device, on_state_change=on_state_change, find_device=find_again)
