"""Start `studio broadcast`'s and `studio engine`'s output workers before the engine's modules are imported.

Called with the command's argument strings before they are parsed (parsing imports the
engine: most of start-up). Each --to, --to-vertical, --record and --record-vertical gets a
worker that loads PyAV meanwhile (studio.core.output.workers). A count that is off (an
abbreviated option, a bad command line) costs nothing but time: an output without a warm
worker spawns one as before, and a warm worker nobody takes exits on its own.
"""

from __future__ import annotations

OUTPUT_OPTIONS = ("--to", "--to-vertical", "--record", "--record-vertical")
MAX_EARLY_WORKERS = 8


def count_outputs(arguments: list[str]) -> int:
    return sum(1 for argument in arguments if argument.split("=", 1)[0] in OUTPUT_OPTIONS)


def start_output_workers(arguments: list[str]) -> None:
    """`studio broadcast`: its workers, and no multiprocessing resource tracker (it would track nothing:
    studio.core.output.workers.skip_resource_tracker)."""
    if "-h" in arguments or "--help" in arguments:
        return
    from studio.core.output.workers import skip_resource_tracker

    skip_resource_tracker()
    _prestart(arguments)


def _prestart(arguments: list[str]) -> None:
    count = min(count_outputs(arguments), MAX_EARLY_WORKERS)
    if count and "-h" not in arguments and "--help" not in arguments:
        from studio.core.output.workers import prestart_workers

        prestart_workers(count)


def start_engine_workers(arguments: list[str]) -> None:
    """`studio engine`: its outputs start when it goes live, maybe long after start-up, on the frame
    loop: have the worker server up by then (and warm workers with --live, which goes live at once)."""
    if "-h" in arguments or "--help" in arguments:
        return
    if "--live" in arguments:
        _prestart(arguments)
    from studio.core.output.workers import start_server_in_background

    start_server_in_background()
