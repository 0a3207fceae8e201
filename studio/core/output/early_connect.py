"""A destination connected while the engine is still starting (`studio broadcast`'s start-up).

A warm worker (workers.py) may be told, before the engine has planned anything, which plain-RTMP output
it will most likely write: an `EarlyTarget`, worked out from the command line by the same parser and
defaults the engine uses (studio/commands/_early_outputs.py). It connects at once: the RTMP handshake,
connect and publish, and the FLV header with its AVC sequence header, whose SPS/PPS come from an x264
opened with the engine's own options (encoder_settings.h264_extradata) and AAC's AudioSpecificConfig
from the muxer's AAC encoder. When the engine hands over the real SinkSpec, a spec for the same output
keeps the connection; any other is connected afresh, as without this. The first keyframe's in-band
SPS/PPS are checked against those sent in the header: should they differ, the output is opened again
from that keyframe (run_sink_worker).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from studio.core.output.encoder_settings import h264_extradata
from studio.core.output.muxer import open_output

if TYPE_CHECKING:
    from studio.core.output.sink_worker import SinkSpec

SPS, PPS = 7, 8


@dataclass(frozen=True)
class EarlyTarget:
    """The output a warm worker may connect to before it is given one (its repr shows no URL: SinkSpec's)."""

    spec: SinkSpec


@dataclass
class EarlyOutput:
    """A container whose header has gone out, and the SPS/PPS it declared; or why it could not connect
    (`failure`: the output's first attempt failed, and the engine's backoff decides when to try again)."""

    spec: SinkSpec
    container: object = None
    video: object = None
    audio: object = None
    parameter_sets: tuple[bytes, ...] = ()
    failure: str | None = None

    def close(self) -> None:
        if self.container is None:
            return
        try:
            self.container.close()
        except Exception:  # noqa: BLE001 - a connection nobody will use: closing is best effort
            pass


def connect_early(target: EarlyTarget, give_up_after_s: float) -> EarlyOutput | None:
    """Connect and write the header (or say why not). A server that never answers cannot hold the worker past
    `give_up_after_s` (PyAV sets no timeout): it exits."""
    import av

    from studio.core.output.sink_worker import describe_av_error

    spec = target.spec
    extradata = h264_extradata(spec.layout)
    connected = threading.Event()
    watchdog = threading.Timer(give_up_after_s, _give_up, args=(connected,))
    watchdog.daemon = True
    watchdog.start()
    container = None
    try:
        container, video, audio = open_output(spec, spec.url, extradata)
        container.start_encoding()
    except (av.error.FFmpegError, OSError) as error:
        EarlyOutput(spec, container).close()
        return EarlyOutput(spec, failure=describe_av_error(error))
    except Exception:  # noqa: BLE001 - not the server's doing: the output connects later, as without this
        EarlyOutput(spec, container).close()
        return None
    finally:
        connected.set()
        watchdog.cancel()
    return EarlyOutput(spec, container, video, audio, parameter_sets(extradata))


def _give_up(connected: threading.Event) -> None:
    """Still connecting when the engine would have handed over its spec long ago: end the process as a normal
    end (no crash report), since its main thread is stuck in FFmpeg."""
    if connected.is_set():
        return
    from studio import crash_reports

    crash_reports.finish()
    os._exit(0)


def parameter_sets(annex_b: bytes | memoryview) -> tuple[bytes, ...]:
    """The SPS and PPS NAL units of an Annex B buffer (an encoder's extradata, a keyframe), in order."""
    data = bytes(annex_b)
    found = []
    for unit in data.split(b"\x00\x00\x01")[1:]:
        unit = unit.rstrip(b"\x00")   # the next unit's four-byte start code begins with a zero
        if unit and unit[0] & 0x1F in (SPS, PPS):
            found.append(unit)
    return tuple(found)
