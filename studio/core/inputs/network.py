"""Network inputs: a phone, a guest's OBS or a hardware encoder, over RTMP (listen or pull) or RTSP (pull).

`rtmp://HOST:PORT/APP/NAME?listen=1` is FFmpeg's own spelling for listen mode: the studio is the
server and the phone app pushes to that URL; without `listen=1` (and for `rtsp://`) the studio
pulls from a server. Demuxing and decoding run on the input's own thread (PyAV releases the GIL
while it waits and decodes); a stream that ends, errs or stays silent for READ_TIMEOUT_S is lost,
and the thread listens (or connects) again at once for a listener, with backoff for a pull.

SRT is not offered by PyAV's wheels (their FFmpeg is built without libsrt: `av.open("srt://...")`
raises ProtocolNotFoundError); Debian's and Ubuntu's ffmpeg packages and the static builds from
johnvansickle.com and BtbN carry it (`ffmpeg -protocols | grep srt`). See docs/sources.md.
"""

from __future__ import annotations

import threading
import time
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import av

from studio.core import picture
from studio.core.capture.drift import DriftBuffer
from studio.core.capture.source import AUDIO_SAMPLE_RATE
from studio.core.inputs.feed import InputStateListener, ThreadedFeed
from studio.errors import UserInputError

# A connected stream that sends nothing for this long is lost (a phone out of coverage keeps its socket).
READ_TIMEOUT_S = 2.0
# A listener waits this long for a push before it re-arms (so closing the input never waits longer).
LISTEN_WAIT_S = 2
CONNECT_TIMEOUT_S = 5.0
FIRST_RETRY_S, MAX_RETRY_S = 0.5, 5.0
SCHEMES = ("rtmp", "rtmps", "rtsp")


def is_network_spec(spec: str) -> bool:
    return urlsplit(spec).scheme.lower() in (*SCHEMES, "srt")


def parse_network_spec(spec: str) -> tuple[str, bool]:
    """(the URL FFmpeg opens, listen mode) for a network spec; a UserInputError names what is wrong."""
    parts = urlsplit(spec)
    scheme = parts.scheme.lower()
    if scheme == "srt":
        raise UserInputError(f"input {spec}: SRT is not in this build's FFmpeg (PyAV's wheels leave libsrt out); "
                             "push RTMP instead, or see docs/sources.md for the builds that carry SRT")
    if scheme not in SCHEMES or not parts.hostname:
        raise UserInputError(f"input {spec}: expected rtmp://HOST:PORT/APP/NAME?listen=1, rtmp://... or rtsp://...")
    query = parse_qsl(parts.query, keep_blank_values=True)
    listen = any(key == "listen" and value in ("1", "") for key, value in query)
    if listen and scheme != "rtmp":
        raise UserInputError(f"input {spec}: only rtmp:// listens (a phone or OBS pushes to it)")
    if listen and parts.port is None:
        raise UserInputError(f"input {spec}: give the port to listen on, e.g. rtmp://0.0.0.0:1936/live/guest?listen=1")
    rest = urlencode([(key, value) for key, value in query if key != "listen"])
    return urlunsplit((parts.scheme, parts.netloc, parts.path, rest, parts.fragment)), listen


class NetworkFeed(ThreadedFeed):
    kind = "network"

    def __init__(self, name: str, spec: str, on_state: InputStateListener | None = None):
        super().__init__(name, spec, on_state)
        self.url, self.listen = parse_network_spec(spec)
        self.state = "listening" if self.listen else "connecting"
        self.sound = DriftBuffer()       # the stream's sound, on the show clock (the mixer pulls it)

    def _options(self) -> dict[str, str]:
        if self.listen:
            return {"listen": "1", "timeout": str(LISTEN_WAIT_S)}
        return {"rtsp_transport": "tcp"} if self.url.startswith("rtsp") else {}

    def read(self, stop: threading.Event) -> None:
        wait_s = FIRST_RETRY_S
        while not stop.is_set():
            try:
                container = av.open(self.url, options=self._options(),
                                    timeout=(LISTEN_WAIT_S + CONNECT_TIMEOUT_S, READ_TIMEOUT_S))
            except (av.error.FFmpegError, OSError) as error:
                if self.listen and isinstance(error, TimeoutError):
                    continue          # nobody pushed yet: listen again
                self._lost(f"cannot open: {error.strerror if hasattr(error, 'strerror') else error}")
                if self.listen:
                    stop.wait(FIRST_RETRY_S)     # e.g. the port is taken: try again shortly
                else:
                    stop.wait(wait_s)
                    wait_s = min(wait_s * 1.5, MAX_RETRY_S)
                continue
            wait_s = FIRST_RETRY_S
            try:
                self._decode(container, stop)
                self._lost("the stream ended")
            except (av.error.FFmpegError, OSError) as error:
                self._lost(f"the stream broke off ({getattr(error, 'strerror', None) or error})")
            finally:
                container.close()

    def _decode(self, container, stop: threading.Event) -> None:
        if not container.streams.video:
            raise av.error.InvalidDataError(0, "no video stream")
        stream = container.streams.video[0]
        stream.codec_context.thread_count = 1    # decoded on this thread alone: its CPU is this input's (ListInputs)
        sound = container.streams.audio[0] if container.streams.audio else None
        # Its sound waits in the mixer's ring (its target latency): its pictures wait as long, to stay together.
        self.picture_delay_s = self.sound.target_latency_s if sound is not None else 0.0
        resampler = av.AudioResampler(format="flt", layout="stereo", rate=AUDIO_SAMPLE_RATE)
        self.sound.reset()
        for packet in container.demux(*[s for s in (stream, sound) if s is not None]):
            if stop.is_set():
                return
            read_at_s = time.monotonic()
            if packet.stream.type == "audio":
                for frame in packet.decode():
                    for resampled in resampler.resample(frame):
                        self.sound.push(resampled.to_ndarray().reshape(-1, 2))
                continue
            for frame in packet.decode():
                even = frame.width % 2 == 0 and frame.height % 2 == 0
                wanted = picture.I420 if self.picture_format == picture.I420 and even else picture.BGR
                self.publish(frame.to_ndarray(format=wanted), read_at_s)

    def _lost(self, reason: str) -> None:
        if self.state == "live":
            self.set_state("lost", reason)
        elif self.listen:
            self.reason = reason
