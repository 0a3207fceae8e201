"""Requests never run on the UI thread; answers and events arrive on it."""

from __future__ import annotations

import signal
import threading

from PySide6.QtCore import QTimer

from studio.ui import launch
from studio.ui.engine_link import EngineLink


def test_a_frozen_engine_does_not_freeze_the_ui_thread(qtbot, engine):
    link = EngineLink(launch.client_factory(None, timeout_s=30))
    with qtbot.waitSignal(link.connected, timeout=30_000):
        link.connect_to_engine()
    answers = []
    engine.process.send_signal(signal.SIGSTOP)
    try:
        link.vendor("GetShowState", on_done=lambda result, error: answers.append((result, error,
                                                                                   threading.current_thread())))
        assert answers == []                       # sent from the worker; the UI thread went on
        ticked = QTimer(singleShot=True, interval=200)
        with qtbot.waitSignal(ticked.timeout, timeout=5000):
            ticked.start()                         # the event loop keeps turning while the engine is frozen
        assert answers == []
    finally:
        engine.process.send_signal(signal.SIGCONT)
    qtbot.waitUntil(lambda: bool(answers), timeout=20_000)
    result, error, thread = answers[0]
    assert error is None and result["show"]["name"] == "demo"
    assert thread is threading.main_thread()
    link.close()


def test_events_arrive_on_the_ui_thread(qtbot, engine):
    link = EngineLink(launch.client_factory(None, timeout_s=30))
    threads = []
    link.event_received.connect(lambda kind, data: threads.append(threading.current_thread()))
    with qtbot.waitSignal(link.connected, timeout=30_000):
        link.connect_to_engine()
    qtbot.waitUntil(lambda: len(threads) >= 2, timeout=20_000)      # StatsUpdated, once a second
    assert set(threads) == {threading.main_thread()}
    link.close()


def test_an_engine_that_never_comes_is_reported_not_hung(qtbot, studio_env):
    link = EngineLink(launch.client_factory(None, timeout_s=1))
    errors = []
    link.connect_to_engine(on_done=lambda ok, error: errors.append(error))
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert "no engine answered" in errors[0]
    assert not link.is_connected
    link.close()


class FakeClient:
    def __init__(self):
        self.calls, self.closed = [], False

    def on_event(self, callback):
        pass

    def call(self, command, in_order=None):
        if self.closed:
            raise AssertionError("called after close")
        self.calls.append(type(command).__name__)
        return {}

    def close(self):
        self.closed = True


def test_a_request_sent_just_before_close_still_reaches_the_engine(qtbot):
    """The window's last words (Shutdown, on close) were lost when close() dropped the client before the worker
    had sent them: an engine the window started was left running (issue 23)."""
    from studio.wire import commands
    client = FakeClient()
    link = EngineLink(lambda on_event: client)
    with qtbot.waitSignal(link.connected, timeout=5000):
        link.connect_to_engine()
    gate = threading.Event()
    link._submit("busy", gate.wait, None)            # the worker is busy with an earlier request
    answers = []
    link.call(commands.Shutdown(), on_done=lambda result, error: answers.append(error))
    threading.Timer(0.2, gate.set).start()
    link.close()                                       # at once, as the window does when it quits
    assert client.calls == ["Shutdown"] and client.closed
