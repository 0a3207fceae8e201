"""A plan: everything one broadcast session needs, as plain typed data.

`studio broadcast`, `studio engine` and the window each build a Plan from what
their user chose; `studio.core.session.Session` turns it into a running show.
Nothing here knows about argparse or Qt. Stream keys travel only inside
`DestinationPlan.url`, which is kept out of every repr.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from studio.core.canvas import DEFAULT_VERTICAL_SIZE, LANDSCAPE, VERTICAL, Canvas
from studio.core.output.encoder_settings import EncoderSettings
from studio.core.output.relay_url import RelayUrl

if TYPE_CHECKING:  # only a type here: a plain broadcast never loads the destinations store (sqlite-utils, keyring)
    from studio.core.show.destinations import ResolvedDestination


@dataclass(frozen=True)
class SourcesPlan:
    video: str = "test"           # a spec for studio.core.capture.specs.open_video
    audio: str | None = None      # a spec for open_audio; None: the file's sound, else a tone
    # (name, spec) pairs for studio.core.inputs.specs.open_input; given, they replace `video` (the first is on Program)
    inputs: tuple[tuple[str, str], ...] = ()
    music_bed: str | None = None  # a sound file looped under the show, ducked under `duck_under` (inputs only)
    duck_under: str | None = None # the channel the bed ducks under; None: the --audio channel (Mic)
    monitor: str | None = None    # the headphones' output (a PulseAudio sink, `default`); None: off


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
    canvas: str = LANDSCAPE                      # which canvas's encode it receives
    via_relay: bool = False                      # pushed by the plan's relay, not sent from here


@dataclass(frozen=True)
class RealtimePlan:
    paced: bool = True                   # False: as fast as possible (benchmarks)
    duration_s: float | None = None      # None: until stopped


@dataclass(frozen=True)
class VerticalPlan:
    """The second, 9:16 canvas (docs/canvases.md): same frame rate, audio and keyframes as the main one."""

    width: int = DEFAULT_VERTICAL_SIZE[0]
    height: int = DEFAULT_VERTICAL_SIZE[1]
    video_bitrate_kbps: int = 3000
    crop_offset: float = 0.0             # -1 left edge .. 0 centre .. +1 right edge of the camera picture


@dataclass(frozen=True)
class Plan:
    encoder: EncoderSettings
    sources: SourcesPlan = SourcesPlan()
    show: ShowPlan = ShowPlan()
    destinations: tuple[DestinationPlan, ...] = ()
    recording: Path | None = None
    overwrite_recording: bool = False   # replace an existing recording file instead of refusing
    realtime: RealtimePlan = RealtimePlan()
    vertical: VerticalPlan | None = None           # None: one canvas only
    vertical_recording: Path | None = None         # a recording of the vertical canvas (needs `vertical`)
    relay: RelayUrl | None = None                  # one stream to this relay, which pushes to every destination

    def __post_init__(self) -> None:
        if self.vertical is None and (self.vertical_recording is not None
                                      or any(d.canvas == VERTICAL for d in self.destinations)):
            raise ValueError("a destination or recording is bound to the vertical canvas, but the plan has none")

    def encoder_for(self, canvas: str) -> EncoderSettings:
        """The encoder settings of one canvas: the vertical one differs only in size and bitrate."""
        if canvas == VERTICAL and self.vertical is not None:
            return replace(self.encoder, width=self.vertical.width, height=self.vertical.height,
                           video_bitrate_kbps=self.vertical.video_bitrate_kbps)
        return self.encoder

    @property
    def canvas(self) -> Canvas:
        return Canvas(self.encoder.width, self.encoder.height, self.encoder.fps)
