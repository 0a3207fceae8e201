"""`studio broadcast`: run a show headless to RTMP destinations and a recording.

Declaring its options loads no engine (NumPy, OpenCV, PyAV, Qt): the options are parsed once
before the engine is imported, to connect the destinations meanwhile
(studio/commands/_early_outputs.py). The engine's modules are imported where they are used.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
from pathlib import Path

from studio.commands._canvas_options import add_canvas_options, vertical_plan
from studio.commands._db_option import add_db_option, db_path
from studio.commands._destination_option import add_destination_options, resolve_for_broadcast
from studio.commands._encoder_options import add_encoder_options, encoder_settings
from studio.commands._relay_option import add_relay_options, through_relay
from studio.core.canvas import LANDSCAPE, VERTICAL
from studio.core.checks import check_ca_file, check_duration, check_output_file
from studio.core.engine_stats import EngineStats
from studio.core.output.destination import check_reachable, parse_destination_url, refuse_duplicates
from studio.core.output.health import OutputHealth, OutputState
from studio.core.output.recorder import recording_spec
from studio.core.plan import DestinationPlan, Plan, RealtimePlan, ShowPlan, SourcesPlan
from studio.core.secrets import redact_url
from studio.core.spec_help import AUDIO_SPEC_HELP, INPUT_SPEC_HELP, VIDEO_SPEC_HELP
from studio.errors import UserInputError


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "broadcast",
        description="Encode the program once and send it to every --to destination and the --record file.",
    )
    add_show_options(parser)
    parser.set_defaults(handler=run_broadcast)


def add_show_options(parser) -> None:
    """The options `studio broadcast` and `studio engine` share: sources, show, outputs, encoder."""
    parser.add_argument("--source", default=None, help=f"{VIDEO_SPEC_HELP} (default: test; `studio devices` lists cameras)")
    parser.add_argument("--input", action="append", default=[], metavar="NAME=SPEC",
                        help=f"a named input of the switcher (repeatable; the first is on Program): {INPUT_SPEC_HELP}; "
                             "see docs/sources.md")
    parser.add_argument("--music-bed", metavar="PATH", help="with --input: a sound file looped under the show as the "
                                                              "`Music` channel, ducked under the microphone")
    parser.add_argument("--duck-under", metavar="CHANNEL", help="with --music-bed: the channel it ducks under "
                                                               "(default: Mic, or Tone without a microphone)")
    parser.add_argument("--monitor", metavar="SINK", help="play the program's sound (only the soloed channels while "
                        "any is soloed) to this output for the producer's headphones: a PulseAudio sink's name, or "
                        "`default`; default: off")
    parser.add_argument("--audio", default=None, help=f"{AUDIO_SPEC_HELP} (default: the file's sound for file sources, "
                                                      "else tone; `studio devices` lists microphones)")
    parser.add_argument("--demo", action="store_true", help="put the demo show's graphics on screen")
    parser.add_argument("--to", action="append", default=[], metavar="URL",
                        help="RTMP/RTMPS destination fed the landscape canvas (repeatable)")
    parser.add_argument("--record", metavar="PATH",
                        help="record the landscape canvas to PATH (.mp4 fragmented, .mkv, .mov or .flv)")
    parser.add_argument("--overwrite", action="store_true", help="with --record/--record-vertical: replace an existing file")
    parser.add_argument("--duration", type=float, default=None, metavar="S", help="stop after S seconds of show time")
    add_encoder_options(parser)
    add_canvas_options(parser)
    parser.add_argument("--as-fast-as-possible", action="store_true", help="do not pace to real time (benchmarks)")
    parser.add_argument("--stats-json", metavar="PATH", help="write the final counters as JSON to PATH")
    parser.add_argument("--ca-file", metavar="PEM", help="trust this CA bundle for rtmps:// destinations")
    parser.add_argument("--quiet", action="store_true", help="no progress line")
    parser.add_argument("--show", metavar="NAME", help="play this show from the database (its rundown, products, cues)")
    parser.add_argument("--auto-advance", action="store_true", help="with --show: start each segment at its planned time")
    add_db_option(parser)
    add_destination_options(parser)
    add_relay_options(parser)


def format_audio(audio: dict) -> str:
    """`audio -12/-15 dBFS gain +6 dB MUTED clipped 3 LOST`: the meter (peak/RMS) and what is unusual."""
    if not audio:
        return "audio -"
    text = f"audio {audio['peak_dbfs']:.0f}/{audio['rms_dbfs']:.0f} dBFS"
    if audio.get("gain_db"):
        text += f" gain {audio['gain_db']:+g} dB"
    if audio.get("muted"):
        text += " MUTED"
    if audio.get("clipped_samples"):
        text += f" clipped {audio['clipped_samples']}"
    if audio.get("state") and audio["state"] != "live":
        text += f" {audio['state'].upper()}"
    return text


def format_progress(stats: EngineStats) -> str:
    parts = [
        f"{int(stats.show_time_s) // 60:02d}:{int(stats.show_time_s) % 60:02d}",
        f"{stats.fps:5.1f} fps",
        f"skipped {stats.frames_skipped}",
        format_audio(stats.audio),
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
    if args.ca_file:
        check_ca_file(args.ca_file)
    if getattr(args, "stats_json", None):
        check_output_file(args.stats_json, "--stats-json")  # not after a whole show has run
    if args.demo and args.show:
        raise UserInputError("--demo and --show both choose what is on screen: give one of them")
    if args.auto_advance and not args.show:
        raise UserInputError("--auto-advance plays a rundown: it needs --show NAME")


def _destination_plans(args, settings_for) -> tuple[DestinationPlan, ...]:
    """Every --to/--to-vertical URL and stored destination (preflighted on its canvas). A stored destination
    gets the canvas it was stored with, or its platform's default (TikTok, Instagram: vertical)."""
    plans = [DestinationPlan(label=redact_url(url), url=url, ca_file=args.ca_file) for url in args.to]
    plans += [DestinationPlan(label=redact_url(url) + " (vertical)", url=url, ca_file=args.ca_file, canvas=VERTICAL)
              for url in args.to_vertical]
    stored = resolve_for_broadcast(args, settings_for(LANDSCAPE),
                                   settings_for=lambda d: settings_for(d.canvas))
    for destination in stored:
        plans.append(DestinationPlan(label=destination.label, url=destination.publish_url,
                                     ca_file=destination.ca_file, stored=destination,
                                     canvas=destination.canvas))
    refuse_duplicates((plan.label, plan.url) for plan in plans)
    return tuple(plans)


def _check_destinations(plans: tuple[DestinationPlan, ...], check_reachable_now: bool) -> None:
    """Each URL parsed, and reached unless asked not to (an idle engine checks when it goes live) or
    the relay sends to it (the relay reaches the platform, not this computer)."""
    for plan in plans:
        if check_reachable_now and not plan.via_relay:
            check_reachable(plan.url, label=plan.label)
        else:
            parse_destination_url(plan.url)


def build_plan(args, always_open_db: bool = False, check_reachable_now: bool = True) -> Plan:
    """The plan `studio broadcast` and `studio engine` options describe (checked, destinations resolved).
    The database is opened for --show, or always for the engine (live takes look products up there)."""
    _check_choices(args)
    settings = encoder_settings(args)
    check_duration(args.duration, settings.fps)
    vertical = vertical_plan(args, needed=True)  # options checked even when nothing uses them
    sized = Plan(encoder=settings, vertical=vertical)
    recordings = {LANDSCAPE: Path(args.record) if args.record else None,
                  VERTICAL: Path(args.record_vertical) if args.record_vertical else None}
    if recordings[LANDSCAPE] is not None and recordings[LANDSCAPE] == recordings[VERTICAL]:
        raise UserInputError(f"--record and --record-vertical are both {args.record}: give each canvas its own file")
    for canvas, path in recordings.items():
        if path is not None:  # a bad or existing path is refused before anything starts
            recording_spec(path, sized.encoder_for(canvas).layout(), overwrite=args.overwrite)
    if args.overwrite and not any(recordings.values()):
        raise UserInputError("--overwrite replaces an existing recording: give --record PATH too")
    relay, destinations = through_relay(args, _destination_plans(args, sized.encoder_for), settings,
                                        check_reachable_now)
    _check_destinations(destinations, check_reachable_now)
    if recordings[VERTICAL] is None and not any(d.canvas == VERTICAL for d in destinations):
        vertical = None
    return Plan(
        encoder=settings,
        sources=_sources_plan(args),
        show=ShowPlan(db_path=db_path(args) if (args.show or always_open_db) else None, name=args.show, demo=args.demo, auto_advance=args.auto_advance),
        destinations=destinations,
        recording=recordings[LANDSCAPE],
        overwrite_recording=args.overwrite,
        realtime=RealtimePlan(paced=not args.as_fast_as_possible, duration_s=args.duration),
        vertical=vertical,
        vertical_recording=recordings[VERTICAL],
        relay=relay,
    )


def _sources_plan(args) -> SourcesPlan:
    """--source, or the switcher's --input NAME=SPEC (each name once; not both)."""
    from studio.core.inputs.network import carries_secret
    from studio.core.inputs.specs import split_input

    if args.input and args.source is not None:
        raise UserInputError("--source and --input: give one (with inputs, the first --input is on Program)")
    inputs = tuple(split_input(text) for text in args.input)
    names = [name for name, _ in inputs]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise UserInputError(f"--input {twice[0]}: named twice (each input has its own name)")
    if (args.music_bed or args.duck_under) and not inputs:
        raise UserInputError("--music-bed and --duck-under mix with inputs: give --input NAME=SPEC too")
    for name, spec in inputs:
        if carries_secret(spec):
            print(f"studio: warning: --input {name}: its URL's stream key or password is on this command line, which "
                  f"other users see in `ps`: `studio show inputs SHOW --add {name}=...` keeps it in the key store",
                  file=sys.stderr)
    return SourcesPlan(video=args.source or "test", audio=args.audio, inputs=inputs, music_bed=args.music_bed,
                       duck_under=args.duck_under, monitor=args.monitor)


def run_broadcast(args) -> int:
    from studio.core.session import Session

    plan = build_plan(args)
    if not plan.destinations and plan.recording is None and plan.vertical_recording is None:
        raise UserInputError("nothing to send to: give at least one --to URL, --destination NAME or --record PATH")

    def on_state_change(health: OutputHealth, previous: OutputState) -> None:
        print(format_state_change(health, previous), file=sys.stderr, flush=True)

    def on_source_state(what: str, state: str, reason: str) -> None:
        print(f"{what}: {state} ({reason})", file=sys.stderr, flush=True)

    session = Session(plan, on_state_change=on_state_change, on_source_state=on_source_state)
    stop = threading.Event()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signal_number, lambda *_: stop.set())

    def print_progress(stats: EngineStats) -> None:
        if not args.quiet:
            print(format_progress(stats), file=sys.stderr, flush=True)

    stats = session.run(stop=stop, on_stats=print_progress)
    if args.stats_json:
        Path(args.stats_json).write_text(json.dumps(stats.as_dict(), indent=2))
    for path in (args.record, args.record_vertical):
        if path:
            print(f"recording written to {path}", file=sys.stderr)
    never_reached = [output for output in stats.outputs if not output.ever_live]
    for output in never_reached:
        print(f"studio: error: {output.label}: never went live ({output.last_error or 'no reason given'})", file=sys.stderr)
    return 1 if never_reached else 0
