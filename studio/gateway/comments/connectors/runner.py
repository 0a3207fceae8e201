"""A source's connector in its own thread: restarted with backoff when it fails, stopped on request.

A connector is a class built with (source name, settings, secrets) whose `run(stop, emit, status)`
reads its platform until `stop` is set: `emit(comment)` hands a normalised comment to the bus,
`status(text)` says what it is doing ("polling every 4.0 s; quota 1,210 of 10,000 units", "quota
exceeded: waiting until midnight Pacific"). It returns or raises when its connection ends; the runner
says why and starts it again after a backoff (2 s, x1.5, at most 60 s; reset after 30 s of health).
"""

from __future__ import annotations

import importlib
import logging
import threading
import time
from collections.abc import Callable

from studio.gateway.comments.model import Comment
from studio.gateway.comments.sources import SOURCE_KINDS

log = logging.getLogger(__name__)

FIRST_RETRY_S, RETRY_FACTOR, MAX_RETRY_S, HEALTHY_AFTER_S = 2.0, 1.5, 60.0, 30.0


class ConnectorError(Exception):
    """A connector's failure in words fit for the console (never a secret, never a comment's text)."""


def connector_for(kind: str, name: str, settings: dict, secrets: dict):
    module_name, _, class_name = SOURCE_KINDS[kind].connector.partition(":")
    return getattr(importlib.import_module(module_name), class_name)(name, settings, secrets)


class SourceRunner:
    def __init__(self, name: str, connector, emit: Callable[[Comment], None],
                 on_status: Callable[[str, str], None], secrets: dict | None = None):
        self.name, self.connector = name, connector
        self._secrets = [value for value in (secrets or {}).values() if value]
        self._emit, self._on_status = emit, on_status
        self.stop_event = threading.Event()
        self.status = "starting"
        self._thread = threading.Thread(target=self._run, name=f"comments {name}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        self.ask_to_stop()
        self._thread.join(timeout_s)

    def ask_to_stop(self) -> None:
        """Without waiting: a poll in flight ends at its timeout; a socket or server closes now."""
        self.stop_event.set()
        close = getattr(self.connector, "close", None)
        if close is not None:
            try:
                close()
            except Exception:   # noqa: BLE001 - closing something half-open: the thread ends anyway
                pass

    def join(self, timeout_s: float) -> None:
        self._thread.join(max(0.0, timeout_s))

    def set_status(self, text: str) -> None:
        for secret in self._secrets:     # an error's text quoting a URL or a header never shows a secret
            text = text.replace(secret, "***")
        if text != self.status:
            self.status = text
            self._on_status(self.name, text)

    def _run(self) -> None:
        delay = FIRST_RETRY_S
        while not self.stop_event.is_set():
            started = time.monotonic()
            try:
                self.connector.run(self.stop_event, self._emit, self.set_status)
                reason = "the connection ended"
            except ConnectorError as error:
                reason = str(error)
            except Exception as error:   # noqa: BLE001 - a broken page or socket: said, and retried
                reason = f"{type(error).__name__}: {str(error)[:200]}"
            if self.stop_event.is_set():
                break
            if time.monotonic() - started > HEALTHY_AFTER_S:
                delay = FIRST_RETRY_S
            self.set_status(f"{reason}; again in {delay:.0f} s")
            log.warning("comment source %s: %s; again in %.0f s", self.name, reason, delay)
            self.stop_event.wait(delay)
            delay = min(delay * RETRY_FACTOR, MAX_RETRY_S)
        self.set_status("stopped")
