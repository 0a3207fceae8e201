"""Live command handlers, one small module per area; importing this package registers them all.

See registry.py for `@handles`, context.py for the state they share.
"""

from studio.core.live.handlers import (  # noqa: F401 - imported for their @handles registrations
    catalog, comments, destinations, graphics, inputs, outputs, products, rundown, shows, sources, state,
)
from studio.core.live.handlers.registry import HANDLERS, LATER, handles

__all__ = ["HANDLERS", "LATER", "handles"]
