"""Which cameras and microphones this machine has, by name, and picking one by name.

One small interface (`DeviceCatalog`) with the system's implementation and a
fixed list for tests, so nothing that lists devices touches the platform in a
constructor. Cameras are named from /sys/class/video4linux on Linux (the
node's number is the index the camera opens as, /dev/videoN); microphones come from the audio
back-end (PulseAudio sources by name where a PulseAudio server answers, else
PortAudio's input devices).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path

from studio.errors import UserInputError

VIDEO4LINUX = Path("/sys/class/video4linux")


@dataclass(frozen=True)
class DeviceInfo:
    kind: str  # "camera" | "microphone"
    name: str  # what the system calls it; what `camera:NAME` / `mic:NAME` match against
    key: object  # how the back-end opens it: a camera index, a PulseAudio source, a PortAudio index
    label: str = ""  # a longer description, when the system has one
    default: bool = False

    def describe(self) -> str:
        text = self.name if not self.label or self.label == self.name else f"{self.name} ({self.label})"
        return text + (" [default]" if self.default else "")


class DeviceCatalog(ABC):
    @abstractmethod
    def cameras(self) -> list[DeviceInfo]: ...

    @abstractmethod
    def microphones(self) -> list[DeviceInfo]: ...


class FixedDevices(DeviceCatalog):
    """The null/test catalog: the devices it is given, nothing from the platform."""

    def __init__(self, cameras: list[DeviceInfo] = (), microphones: list[DeviceInfo] = (), audio_backend=None):
        self._cameras, self._microphones = list(cameras), list(microphones)
        self.audio_backend = audio_backend

    def cameras(self) -> list[DeviceInfo]:
        return list(self._cameras)

    def microphones(self) -> list[DeviceInfo]:
        return list(self._microphones)


class SystemDevices(DeviceCatalog):
    def __init__(self, video4linux: Path = VIDEO4LINUX, audio_backend=None):
        self._video4linux = video4linux
        self._audio_backend = audio_backend

    @property
    def audio_backend(self):
        """The microphone back-end, made on first use (importing it loads PortAudio)."""
        if self._audio_backend is None:
            from studio.core.capture.audio_backend import SoundDeviceBackend

            self._audio_backend = SoundDeviceBackend()
        return self._audio_backend

    def cameras(self) -> list[DeviceInfo]:
        if not self._video4linux.is_dir():
            return []  # not Linux: cameras are opened by index (or name) only
        return video4linux_cameras(self._video4linux)

    def microphones(self) -> list[DeviceInfo]:
        return self.audio_backend.microphones()


def video4linux_cameras(root: Path) -> list[DeviceInfo]:
    """Capture nodes under /sys/class/video4linux: /dev/videoN is camera index N.

    A USB camera often has two nodes (picture and metadata); only the node whose
    `index` is 0 carries the picture.
    """
    cameras = []
    for node in sorted(root.glob("video*"), key=lambda path: _node_number(path.name)):
        number = _node_number(node.name)
        if number < 0 or _read(node / "index", "0") != "0":
            continue
        cameras.append(DeviceInfo("camera", _read(node / "name", node.name), number, label=f"/dev/{node.name}"))
    return cameras


def _node_number(name: str) -> int:
    digits = name[len("video"):]
    return int(digits) if digits.isdigit() else -1


def _read(path: Path, fallback: str) -> str:
    try:
        return path.read_text().strip()
    except OSError:
        return fallback


def pick_device(devices: list[DeviceInfo], wanted: str, option: str, kind: str) -> DeviceInfo:
    """The one `kind` ("camera", "microphone") whose name or label is `wanted` (any case), else the
    one containing it. Unknown or ambiguous names are a UserInputError that lists the candidates.
    """
    kind = kind + "s"
    needle = wanted.casefold()
    exact = [d for d in devices if needle in (d.name.casefold(), d.label.casefold())]
    if len(exact) == 1:
        return exact[0]
    partial = exact or [d for d in devices if needle in d.name.casefold() or needle in d.label.casefold()]
    if len(partial) == 1:
        return partial[0]
    if not partial:
        listing = "; ".join(d.describe() for d in devices) or "none found"
        raise UserInputError(f"{option}: no {kind[:-1]} matches {wanted!r}; {kind}: {listing}")
    listing = "; ".join(d.describe() for d in partial)
    raise UserInputError(f"{option}: {wanted!r} matches {len(partial)} {kind}, give more of the name: {listing}")
