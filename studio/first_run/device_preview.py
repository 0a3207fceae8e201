"""The setup wizard's live preview of one camera or microphone, in a process of its own.

The window opens no device itself: it reaches the core only through the shared-memory frames and
plain data (tests/test_layering.py), and a camera stuck in its driver must never freeze it. This
process opens the source the wizard chose with the engine's own words and classes (`open_video`,
`open_audio`: `camera:NAME`, `test`, `mic:NAME`, `tone`, as `studio engine --source/--audio` takes
them), publishes its pictures to shared memory (studio/core/frames.py, which the console's monitor
widget reads) and prints one JSON line per event on stdout:

    {"state": "live" | "lost", "reason": "..."}     the device came or went (the capture classes' own reports)
    {"levels": [[rms, peak, peak], ...], "clipped": false}   ~20 a second: obs-websocket's inputLevelsMul
    {"error": "..."}                                 the source could not be opened (then exit 2)

It ends when its stdin closes (the wizard stopped it, or died) or on SIGTERM.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import time

from studio.core.audio_strip import AudioStrip
from studio.core.canvas import Canvas
from studio.core.capture.source import AUDIO_SAMPLE_RATE
from studio.core.capture.specs import open_audio, open_video
from studio.core.capture.test_card import TestCardSource
from studio.core.frames import FramePublisher
from studio.errors import StudioError

PREVIEW = Canvas(640, 360, 30)
LEVELS_EVERY_S = 0.05


class _Lines:
    """JSON lines on stdout from any thread (the devices report from their own)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def send(self, **message) -> None:
        with self._lock:
            try:
                sys.stdout.write(json.dumps(message) + "\n")
                sys.stdout.flush()
            except (BrokenPipeError, ValueError):
                pass   # the wizard is gone; stdin's end stops us next


def _stop_on_eof_or_sigterm(stop: threading.Event) -> None:
    def watch_parent() -> None:
        sys.stdin.buffer.read()
        stop.set()

    threading.Thread(target=watch_parent, name="wizard pipe", daemon=True).start()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())


def preview_video(spec: str, frames_name: str, lines: _Lines, stop: threading.Event) -> None:
    source = open_video(spec, PREVIEW, on_state_change=lambda state, reason: lines.send(state=state, reason=reason))
    source.start()   # a camera's returns with its first picture, or raises
    publisher = FramePublisher(frames_name, PREVIEW.width, PREVIEW.height)
    lines.send(state="live", reason=source.description)
    try:
        started_s, frame_s = time.monotonic(), 1 / PREVIEW.fps
        while not stop.wait(frame_s):
            frame = source.frame_at(time.monotonic() - started_s)
            if frame is not None:
                publisher.publish(frame)
    finally:
        publisher.close()
        source.close()


def preview_audio(spec: str, lines: _Lines, stop: threading.Event) -> None:
    source = open_audio(spec, TestCardSource(16, 16, PREVIEW.fps),
                        on_state_change=lambda state, reason: lines.send(state=state, reason=reason))
    source.start()
    strip = AudioStrip()
    lines.send(state="live", reason=source.description)
    try:
        read_at_s = time.monotonic()
        while not stop.wait(LEVELS_EVERY_S):
            now_s = time.monotonic()
            samples = int((now_s - read_at_s) * AUDIO_SAMPLE_RATE)
            read_at_s += samples / AUDIO_SAMPLE_RATE
            strip.process(source.read(samples))
            levels, clipped = strip.read_levels()
            lines.send(levels=[[round(level.rms, 6), round(level.peak, 6), round(level.peak, 6)] for level in levels],
                       clipped=clipped)
    finally:
        source.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="studio.first_run.device_preview")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--video", metavar="SPEC", help="a camera or the test card: camera:NAME | test")
    which.add_argument("--audio", metavar="SPEC", help="a microphone or the tone: mic:NAME | tone")
    parser.add_argument("--frames", metavar="NAME", help="the shared-memory block to publish pictures to")
    args = parser.parse_args(argv)
    if args.video and not args.frames:
        parser.error("--video needs --frames NAME")
    from studio import crash_reports

    crash_reports.install("device preview")
    lines, stop = _Lines(), threading.Event()
    _stop_on_eof_or_sigterm(stop)
    try:
        if args.video:
            preview_video(args.video, args.frames, lines, stop)
        else:
            preview_audio(args.audio, lines, stop)
    except (StudioError, OSError) as error:
        lines.send(error=str(error))
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
