"""The one error a live command fails with: a status code (obs-websocket's numbers) and a reason."""

from __future__ import annotations


class CommandError(Exception):
    """A request that cannot be carried out: the status code and a one-line reason for the client."""

    def __init__(self, code: int, comment: str):
        super().__init__(comment)
        self.code = int(code)
        self.comment = comment


__all__ = ["CommandError"]
