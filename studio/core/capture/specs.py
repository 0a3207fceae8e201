"""Source specs: the text a producer types (`test`, `file:PATH`, `camera:0`, `tone`) to the source it opens.

One place for every spec, so `studio broadcast`, `studio engine`, the control API's
SetVideoSource/SetAudioSource and the window all accept the same words.
"""

from __future__ import annotations

from studio.core.canvas import Canvas
from studio.core.capture.audio import SilenceSource, ToneSource
from studio.core.capture.camera import CameraSource
from studio.core.capture.media_file import FileAudio, MediaFileSource
from studio.core.capture.source import AudioSource, VideoSource
from studio.core.capture.test_card import TestCardSource
from studio.core.checks import check_number
from studio.errors import UserInputError

VIDEO_SPEC_HELP = "test | file:PATH | camera:INDEX"
MAX_CAMERA_INDEX = 63  # OpenCV numbers devices from 0; beyond this it is a typo, not a camera
AUDIO_SPEC_HELP = "tone | silence | file"


def open_video(spec: str, canvas: Canvas) -> VideoSource:
    """The video source a spec names (not started yet), or a UserInputError naming the spec."""
    if spec == "test":
        return TestCardSource(canvas.width, canvas.height, canvas.fps)
    if spec.startswith("file:"):
        return MediaFileSource(spec[len("file:"):])
    if spec.startswith("camera:"):
        index_text = spec[len("camera:"):]
        if not index_text.isdigit():
            raise UserInputError(f"--source {spec}: the camera index must be a whole number, e.g. camera:0")
        index = int(check_number(f"--source {spec}: camera index", int(index_text), 0, MAX_CAMERA_INDEX, whole=True))
        return CameraSource(index, canvas.width, canvas.height, canvas.fps)
    raise UserInputError(f"--source {spec!r}: expected {VIDEO_SPEC_HELP.replace(' | ', ', ')}")


def open_audio(spec: str | None, video: VideoSource) -> AudioSource:
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
    raise UserInputError(f"--audio {spec!r}: expected tone, silence or file")
