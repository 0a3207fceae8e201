"""`studio broadcast`: run a show headless to RTMP destinations and a recording."""

from __future__ import annotations

import json
import signal
import sys
import threading
from pathlib import Path

from studio.commands._db_option import add_db_option, open_db
from studio.commands._destination_option import (
    add_destination_options,
    after_live,
    resolve_for_broadcast,
)
from studio.commands._encoder_options import add_encoder_options, encoder_settings
from studio.core.canvas import Canvas
from studio.core.capture.audio import SilenceSource, ToneSource
from studio.core.capture.camera import CameraSource
from studio.core.capture.media_file import FileAudio, MediaFileSource
from studio.core.capture.source import AudioSource, VideoSource
from studio.core.capture.test_card import TestCardSource
from studio.core.engine import Engine, EngineStats
from studio.core.graphics.demo import DemoDirector
from studio.core.graphics.model import SlateData
from studio.core.graphics.program import ProgramGraphics
from studio.core.keystore import KeyStore
from studio.core.live_show import LiveShow
from studio.core.output.destination import check_reachable, destination_spec
from studio.core.output.encoder import EncoderSettings
from studio.core.output.health import OutputHealth, OutputState
from studio.core.output.recorder import recording_spec
from studio.core.output.sink import OutputSink
from studio.core.output.sink_worker import SinkSpec
from studio.core.show.background_writer import BackgroundWriter
from studio.core.show.destinations import ResolvedDestination
from studio.errors import UserInputError

CAMERA_LOST_SLATE = SlateData("We'll be right back", "The picture returns in a moment")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "broadcast", help="run a show headless to RTMP destinations and/or a recording",
        description="Encode the program once and send it to every --to destination and the --record file.",
    )
    parser.add_argument("--source", default="test", help="test | file:PATH | camera:INDEX (default: test)")
    parser.add_argument("--audio", default=None, help="tone | silence | file (default: the file's sound for file sources, else tone)")
    parser.add_argument("--demo", action="store_true", help="put the demo show's graphics on screen")
    parser.add_argument("--to", action="append", default=[], metavar="URL", help="RTMP/RTMPS destination (repeatable)")
    parser.add_argument("--record", metavar="PATH", help="record to PATH (.mp4 fragmented, .mkv, .mov or .flv)")
    parser.add_argument("--duration", type=float, default=None, metavar="S", help="stop after S seconds of show time")
    add_encoder_options(parser)
    parser.add_argument("--as-fast-as-possible", action="store_true", help="do not pace to real time (benchmarks)")
    parser.add_argument("--stats-json", metavar="PATH", help="write the final counters as JSON to PATH")
    parser.add_argument("--ca-file", metavar="PEM", help="trust this CA bundle for rtmps:// destinations")
    parser.add_argument("--quiet", action="store_true", help="no progress line")
    parser.add_argument("--show", metavar="NAME", help="play this show from the database (its rundown, products, cues)")
    parser.add_argument("--auto-advance", action="store_true", help="with --show: start each segment at its planned time")
    add_db_option(parser)
    add_destination_options(parser)
    parser.set_defaults(handler=run_broadcast)


def _open_video(spec: str, canvas: Canvas) -> VideoSource:
    if spec == "test":
        return TestCardSource(canvas.width, canvas.height, canvas.fps)
    if spec.startswith("file:"):
        return MediaFileSource(spec[len("file:"):])
    if spec.startswith("camera:"):
        index_text = spec[len("camera:"):]
        if not index_text.isdigit():
            raise UserInputError(f"--source {spec}: the camera index must be a whole number, e.g. camera:0")
        return CameraSource(int(index_text), canvas.width, canvas.height, canvas.fps)
    raise UserInputError(f"--source {spec!r}: expected test, file:PATH or camera:INDEX")


def _open_audio(choice: str | None, video: VideoSource) -> AudioSource:
    if choice is None:
        choice = "file" if isinstance(video, MediaFileSource) and video.has_audio else "tone"
    if choice == "tone":
        return ToneSource()
    if choice == "silence":
        return SilenceSource()
    if choice == "file":
        if not isinstance(video, MediaFileSource):
            raise UserInputError("--audio file: needs --source file:PATH")
        if not video.has_audio:
            raise UserInputError(f"--audio file: {video.path} has no audio stream")
        return FileAudio(video)
    raise UserInputError(f"--audio {choice!r}: expected tone, silence or file")


def _program_graphics(args, width: int, height: int) -> tuple[ProgramGraphics, list, LiveShow | None]:
    """The graphics on the program, and what drives them: the demo, a show's rundown, or nothing yet.

    Built on this thread, the engine's, which ProgramGraphics needs for its QGuiApplication.
    """
    graphics = ProgramGraphics(width, height)
    if args.demo:
        return graphics, [DemoDirector(graphics).tick], None
    if args.show:
        live_show = LiveShow(open_db(args), args.show, graphics, auto_advance=args.auto_advance)
        return graphics, [live_show.tick], live_show
    return graphics, [], None


def _show_camera_lost_slate(graphics: ProgramGraphics, lost: bool) -> None:
    if lost:
        graphics.show("slate", CAMERA_LOST_SLATE)
    else:
        graphics.hide("slate")


def format_progress(stats: EngineStats) -> str:
    parts = [
        f"{int(stats.show_time_s) // 60:02d}:{int(stats.show_time_s) % 60:02d}",
        f"{stats.fps:5.1f} fps",
        f"skipped {stats.frames_skipped}",
    ]
    for output in stats.outputs:
        parts.append(
            f"{output.label}: {output.state} {output.bitrate_kbps:.0f} kb/s {output.fps:.0f} fps"
            f" queue {output.queue_ms:.0f} ms dropped {output.dropped_frames} reconnects {output.reconnects}"
        )
    return " | ".join(parts)


def format_state_change(health: OutputHealth, previous: OutputState) -> str:
    line = f"{health.label}: {previous} -> {health.state}"
    if health.state in (OutputState.RECONNECTING, OutputState.STALLED, OutputState.FAILED) and health.last_error:
        line += f" ({health.last_error})"
    if health.state == OutputState.RECONNECTING and health.next_attempt_in_s is not None:
        line += f", next attempt in {health.next_attempt_in_s:.1f} s"
    if health.kind == "recording" and health.state == OutputState.FAILED:
        line = "ALERT: recording stopped, streaming goes on: " + line
    return line


def _check_choices(args) -> None:
    if args.duration is not None and args.duration <= 0:
        raise UserInputError(f"--duration {args.duration:g}: must be more than 0 seconds")
    if args.ca_file and not Path(args.ca_file).is_file():
        raise UserInputError(f"--ca-file {args.ca_file}: no such file")
    if args.demo and args.show:
        raise UserInputError("--demo and --show both choose what is on screen: give one of them")
    if args.auto_advance and not args.show:
        raise UserInputError("--auto-advance plays a rundown: it needs --show NAME")


def _destination_specs(args, settings: EncoderSettings) -> tuple[list[SinkSpec], dict[str, ResolvedDestination]]:
    """Specs for every --to URL and stored destination (checked reachable), and the stored ones by label."""
    layout = settings.layout()
    specs = [destination_spec(url, layout, ca_file=args.ca_file) for url in args.to]
    stored_by_label = {}
    for destination in resolve_for_broadcast(args, settings):
        specs.append(destination_spec(destination.publish_url, layout, ca_file=destination.ca_file,
                                      label=destination.label))
        stored_by_label[destination.label] = destination
    for spec in specs:
        check_reachable(spec.url, label=spec.label)
    return specs, stored_by_label


def run_broadcast(args) -> int:
    _check_choices(args)
    settings = encoder_settings(args)
    width, height = settings.width, settings.height
    canvas = Canvas(width, height, settings.fps)
    specs, stored_by_label = _destination_specs(args, settings)
    if not specs and not args.record:
        raise UserInputError("nothing to send to: give at least one --to URL, --destination NAME or --record PATH")
    record_spec = recording_spec(args.record, settings.layout()) if args.record else None
    keystore = KeyStore.open() if stored_by_label else None
    key_writer = BackgroundWriter(None, name="key store") if stored_by_label else None  # keyring I/O off the frame loop
    graphics, frame_hooks, live_show = _program_graphics(args, width, height)
    video = _open_video(args.source, canvas)
    audio = _open_audio(args.audio, video)
    video.start()  # a camera that does not open is bad input, reported before anything starts

    def on_state_change(health: OutputHealth, previous: OutputState) -> None:
        print(format_state_change(health, previous), file=sys.stderr, flush=True)
        if health.state == OutputState.LIVE and health.label in stored_by_label:
            destination = stored_by_label.pop(health.label)
            key_writer.submit(f"spend the key of {destination.name}", lambda _: after_live(keystore, destination))
        if live_show is not None:
            live_show.record_output_state(health, previous)

    realtime = not args.as_fast_as_possible
    outputs = [OutputSink(spec, reconnect=True, on_state_change=on_state_change, realtime=realtime) for spec in specs]
    if record_spec is not None:
        outputs.append(OutputSink(record_spec, reconnect=False, on_state_change=on_state_change, realtime=realtime))
    engine = Engine(settings, video, audio, outputs, realtime=realtime, overlays=[graphics],
                    frame_hooks=frame_hooks, on_source_lost=lambda lost: _show_camera_lost_slate(graphics, lost))

    stop = threading.Event()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signal_number, lambda *_: stop.set())

    def print_progress(stats: EngineStats) -> None:
        if not args.quiet:
            print(format_progress(stats), file=sys.stderr, flush=True)

    try:
        stats = engine.run(duration_s=args.duration, stop=stop, on_stats=print_progress)
    finally:  # the owner waits for its writers, whatever ended the show
        if live_show is not None:
            live_show.finish(engine.stats.show_time_s)
        if key_writer is not None:
            key_writer.close()
    if args.stats_json:
        Path(args.stats_json).write_text(json.dumps(stats.as_dict(), indent=2))
    if args.record:
        print(f"recording written to {args.record}", file=sys.stderr)
    never_reached = [output for output in stats.outputs if not output.ever_live]
    for output in never_reached:
        print(f"studio: error: {output.label}: never went live ({output.last_error or 'no reason given'})", file=sys.stderr)
    return 1 if never_reached else 0
