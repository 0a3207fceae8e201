"""What `studio broadcast` and `studio engine` start before the engine's modules are imported (most of
their start-up): the output workers (studio/commands/_early_outputs.py) and the graphics process
(studio/core/graphics/render_process.py), each loading its own libraries meanwhile."""

from __future__ import annotations

from studio.commands import _early_outputs


def _graphics_process(arguments: list[str]) -> None:
    if "-h" not in arguments and "--help" not in arguments:
        from studio.core.graphics.render_process import prestart

        prestart()


# The graphics process first: it is forked while this process has a single thread (the output workers
# are started from a thread of their own).
def start_broadcast(arguments: list[str]) -> None:
    _graphics_process(arguments)
    _early_outputs.start_output_workers(arguments)


def start_engine(arguments: list[str]) -> None:
    _graphics_process(arguments)
    _early_outputs.start_engine_workers(arguments)
