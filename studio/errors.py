"""Errors that reach the user as one clear line instead of a traceback."""


class StudioError(Exception):
    """Base class for every error the studio reports to its user."""


class UserInputError(StudioError):
    """Bad input from the user: a file, URL, option or row that cannot be used.

    The message names what failed (file, row, field) and never contains a secret.
    """

    exit_code = 2


def error_reason(error: BaseException) -> str:
    """`connection refused`: the OS's words for an error, without the file name or URL
    that Python and PyAV attach to it (an ingest URL carries the stream key)."""
    strerror = getattr(error, "strerror", None)
    return str(strerror).lower() if strerror else type(error).__name__
