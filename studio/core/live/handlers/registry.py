"""`@handles(commands.X)`: a handler registers itself for one declared live command.

A handler is `(ctx: LiveContext, command) -> answer dict | None | LATER`. It runs where the
command's declaration says (`runs_on`): on the engine thread at a frame boundary, or on the
engine process's worker thread. tests/control/test_command_registry.py fails when a declared
command has no handler, or a handler names a command the registry does not declare.
"""

from __future__ import annotations

from typing import Callable

from studio.wire.commands import REGISTRY, Command

Handler = Callable[["object", Command], object]
HANDLERS: dict[type[Command], Handler] = {}
LATER = object()  # a handler that answers the command's future itself, later (WaitFrames)


def handles(command_class: type[Command]):
    def register(handler: Handler) -> Handler:
        if REGISTRY.get(command_class.__name__) is not command_class:
            raise TypeError(f"{handler.__name__} handles {command_class.__name__}, which studio/wire/commands.py "
                            "does not declare")
        if command_class in HANDLERS:
            raise TypeError(f"{command_class.__name__} has two handlers: {HANDLERS[command_class].__name__} and "
                            f"{handler.__name__}")
        HANDLERS[command_class] = handler
        return handler
    return register


__all__ = ["HANDLERS", "LATER", "handles", "Handler"]
