"""The local recording: a container that stays playable if the studio is killed.

Fragmented MP4 writes a self-contained fragment at each keyframe, so a killed
recording loses at most the fragment in progress; Matroska writes clusters as
it goes in clusters. Plain MP4 (moov at the end) would be unreadable after a crash, so it
is never used.
"""

from __future__ import annotations

import os
from pathlib import Path

from studio.core.output.packets import StreamLayout
from studio.core.output.sink_worker import SinkSpec
from studio.errors import UserInputError

# Half-second fragments and clusters bound what a crash can lose, at a cost of
# about 1 % in file size.
_FRAGMENTED_MP4 = {"movflags": "frag_keyframe+empty_moov+default_base_moof", "frag_duration": "500000"}
_LIVE_MATROSKA = {"cluster_time_limit": "500"}

RECORDING_FORMATS = {
    ".mp4": ("mp4", _FRAGMENTED_MP4),
    ".m4v": ("mp4", _FRAGMENTED_MP4),
    ".mov": ("mov", _FRAGMENTED_MP4),
    ".mkv": ("matroska", _LIVE_MATROSKA),
    ".flv": ("flv", {}),
}


def recording_spec(path: str | Path, layout: StreamLayout, overwrite: bool = False) -> SinkSpec:
    """The recorder's spec; refuses an existing file unless `overwrite` (restarting the same command
    after a crash must not destroy the first half of the show)."""
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
    if path.exists() and not overwrite:
        raise UserInputError(f"recording {path}: the file already exists; give --overwrite to replace it, "
                             "or choose another name (nothing was recorded)")
    if not os.access(directory, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise UserInputError(f"recording {path}: cannot be written (permission denied)")
    container_format, options = RECORDING_FORMATS[suffix]
    return SinkSpec(url=str(path), label=f"recording {path}", container_format=container_format,
                    layout=layout, container_options=dict(options))
