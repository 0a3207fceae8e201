"""The local recording: a container that stays playable if the studio is killed.

Fragmented MP4 writes a self-contained fragment at each keyframe, so a killed
recording loses at most the fragment in progress; Matroska writes clusters as
it goes. Plain MP4 (moov at the end) would be unreadable after a crash, so it
is never used.
"""

from __future__ import annotations

from pathlib import Path

from studio.core.output.packets import StreamLayout
from studio.core.output.sink_worker import SinkSpec
from studio.errors import UserInputError

RECORDING_FORMATS = {
    ".mp4": ("mp4", {"movflags": "frag_keyframe+empty_moov+default_base_moof"}),
    ".m4v": ("mp4", {"movflags": "frag_keyframe+empty_moov+default_base_moof"}),
    ".mov": ("mov", {"movflags": "frag_keyframe+empty_moov+default_base_moof"}),
    ".mkv": ("matroska", {}),
    ".flv": ("flv", {}),
}


def recording_spec(path: str | Path, layout: StreamLayout) -> SinkSpec:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in RECORDING_FORMATS:
        known = ", ".join(sorted(RECORDING_FORMATS))
        raise UserInputError(f"recording {path}: unknown file type {suffix or '(none)'!r}; use one of {known}")
    directory = path.parent if str(path.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserInputError(f"recording {path}: cannot create folder {directory} ({error.strerror})") from None
    if path.is_dir():
        raise UserInputError(f"recording {path}: is a folder")
    try:
        with open(path, "ab"):
            pass
    except OSError as error:
        raise UserInputError(f"recording {path}: cannot be written ({error.strerror})") from None
    container_format, options = RECORDING_FORMATS[suffix]
    return SinkSpec(url=str(path), label=f"recording {path}", container_format=container_format,
                    layout=layout, container_options=dict(options))
