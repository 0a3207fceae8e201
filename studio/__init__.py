"""Live Shopping Studio: a broadcaster for live shopping shows."""

__version__ = "0.1.0"
