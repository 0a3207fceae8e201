"""Start `studio broadcast`'s and `studio engine`'s output workers before the engine's modules are imported.

Called with the command's argument strings before they are parsed (importing the engine is most of
start-up). Each --to, --to-vertical, --record and --record-vertical gets a worker that loads PyAV
meanwhile (studio.core.output.workers). A count that is off (an abbreviated option, a bad command
line) costs nothing but time: an output without a warm worker spawns one as before, and a warm worker
nobody takes exits on its own.

`studio broadcast` also reads its command line with the real parser (declaring its options loads no
engine) and tells the workers the plain `rtmp://` --to destinations it will start, with the stream
layout the engine's own option defaults give: each connects at once (early_connect.py), while the
engine imports. Whatever is uncertain (a command line that does not parse, options the engine would
refuse, rtmps://, stored destinations, the vertical canvas) connects later, as it would have.
"""

from __future__ import annotations

import contextlib
import io

OUTPUT_OPTIONS = ("--to", "--to-vertical", "--record", "--record-vertical")
MAX_EARLY_WORKERS = 8


def count_outputs(arguments: list[str]) -> int:
    return sum(1 for argument in arguments if argument.split("=", 1)[0] in OUTPUT_OPTIONS)


def start_output_workers(arguments: list[str]) -> None:
    """`studio broadcast`: its workers, the destinations they can connect to already, and no multiprocessing
    resource tracker (it would track nothing: studio.core.output.workers.skip_resource_tracker)."""
    if "-h" in arguments or "--help" in arguments:
        return
    from studio.core.output.workers import skip_resource_tracker

    skip_resource_tracker()
    if _prestart(arguments):
        from studio.core.output.workers import connect_early

        connect_early(early_destinations(arguments))


def _prestart(arguments: list[str]) -> bool:
    count = min(count_outputs(arguments), MAX_EARLY_WORKERS)
    if count and "-h" not in arguments and "--help" not in arguments:
        from studio.core.output.workers import prestart_workers

        prestart_workers(count)
    return bool(count)


def early_destinations(arguments: list[str], command: str = "broadcast") -> list:
    """The SinkSpecs `studio broadcast ARGUMENTS` will give its plain-RTMP --to destinations, as the engine will
    build them (studio.core.session); [] when the command line would not get that far."""
    from studio.cli import build_parser
    from studio.commands._encoder_options import encoder_settings
    from studio.core.output.destination import destination_spec, refuse_duplicates
    from studio.core.output.stream_url import parse_stream_url
    from studio.core.secrets import redact_url
    from studio.errors import StudioError

    try:
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            args = build_parser(prepare=False).parse_args([command, *arguments])
        layout = encoder_settings(args).layout()
        refuse_duplicates((redact_url(url), url) for url in args.to)
        return [destination_spec(url, layout, ca_file=args.ca_file, label=redact_url(url))
                for url in args.to if parse_stream_url(url).scheme == "rtmp"]
    except (SystemExit, StudioError):   # the command itself will say what is wrong, in its own time
        return []


def start_engine_workers(arguments: list[str]) -> None:
    """`studio engine`: its outputs start when it goes live, maybe long after start-up, on the frame
    loop: have the worker server up by then (and warm workers with --live, which goes live at once)."""
    if "-h" in arguments or "--help" in arguments:
        return
    if "--live" in arguments:
        _prestart(arguments)
    from studio.core.output.workers import start_server_in_background

    start_server_in_background()
