"""A plan: everything one broadcast session needs, as plain typed data.

`studio broadcast`, `studio engine` and the window each build a Plan from what
their user chose; `studio.core.session.Session` turns it into a running show.
Nothing here knows about argparse or Qt. Stream keys travel only inside
`DestinationPlan.url`, which is kept out of every repr.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from studio.core.canvas import Canvas
from studio.core.output.encoder import EncoderSettings
from studio.core.show.destinations import ResolvedDestination


@dataclass(frozen=True)
class SourcesPlan:
    video: str = "test"           # a spec for studio.core.capture.specs.open_video
    audio: str | None = None      # a spec for open_audio; None: the file's sound, else a tone


@dataclass(frozen=True)
class ShowPlan:
    """What is on screen: nothing, the demo director, or a show from the database."""

    db_path: Path | None = None
    name: str | None = None
    demo: bool = False
    auto_advance: bool = False


@dataclass(frozen=True)
class DestinationPlan:
    label: str                                   # redacted: safe for people, logs and events
    url: str = field(repr=False)                 # carries the stream key
    ca_file: str | None = None
    stored: ResolvedDestination | None = None    # set for `--destination NAME`: preflight, single-use keys


@dataclass(frozen=True)
class RealtimePlan:
    paced: bool = True                   # False: as fast as possible (benchmarks)
    duration_s: float | None = None      # None: until stopped


@dataclass(frozen=True)
class Plan:
    encoder: EncoderSettings
    sources: SourcesPlan = SourcesPlan()
    show: ShowPlan = ShowPlan()
    destinations: tuple[DestinationPlan, ...] = ()
    recording: Path | None = None
    overwrite_recording: bool = False   # replace an existing recording file instead of refusing
    realtime: RealtimePlan = RealtimePlan()

    @property
    def canvas(self) -> Canvas:
        return Canvas(self.encoder.width, self.encoder.height, self.encoder.fps)
