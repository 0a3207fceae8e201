"""What `studio broadcast` and `studio engine` start before the engine's modules are imported (most of
their start-up): the output workers (studio/commands/_early_outputs.py) and the graphics process
(studio/core/graphics/render_process.py), each loading its own libraries meanwhile."""

from __future__ import annotations

from studio.commands import _early_outputs


# The output workers first (a destination's first byte waits for them), then NumPy, the engine's first
# import anyway, and the graphics process forked after it: it shares NumPy's pages instead of loading
# it again (0.1-0.2 s of CPU while every process of the start competes for two cores).
def start_broadcast(arguments: list[str]) -> None:
    _early_outputs.start_output_workers(arguments)
    _numpy_then_graphics_process(arguments)


def start_engine(arguments: list[str]) -> None:
    _early_outputs.start_engine_workers(arguments)
    _numpy_then_graphics_process(arguments)


def _numpy_then_graphics_process(arguments: list[str]) -> None:
    if "-h" in arguments or "--help" in arguments:
        return
    import numpy  # noqa: F401 - see above

    from studio.cli import own_process
    from studio.core.graphics.render_process import prestart

    prestart(fork=own_process())
