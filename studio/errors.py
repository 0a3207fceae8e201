"""Errors that reach the user as one clear line instead of a traceback."""


class StudioError(Exception):
    """Base class for every error the studio reports to its user."""


class UserInputError(StudioError):
    """Bad input from the user: a file, URL, option or row that cannot be used.

    The message names what failed (file, row, field) and never contains a secret.
    """

    exit_code = 2
