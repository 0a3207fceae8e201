"""`studio host` set-up: screens, where the password comes from, waiting for the engine and coming back."""

from __future__ import annotations

import argparse
import signal
from pathlib import Path

import pytest

from studio.commands.host import client_factory
from studio.wire.client import ControlClient, find_local_engine
from studio.core.settings import SettingsStore
from studio.errors import UserInputError
from studio.ui.host_app import open_host_view, place_on_screen
from studio.ui.host_model import HostModel
from studio.ui.host_view import HostView


def args(**values) -> argparse.Namespace:
    return argparse.Namespace(**{"url": None, "password_file": None, **values})


def test_a_screen_that_is_not_there_is_named(qtbot):
    view = HostView(HostModel())
    qtbot.addWidget(view)
    with pytest.raises(UserInputError, match=r"--screen 5: this machine has 1 screen\(s\), numbered 0 to 0"):
        place_on_screen(view, 5, windowed=False)


def test_with_one_screen_the_host_view_opens_in_a_window_over_nothing_and_a_chosen_screen_is_full(qtbot):
    view = HostView(HostModel())
    qtbot.addWidget(view)
    place_on_screen(view, None, windowed=False)          # Ctrl+H in the console, on a laptop
    qtbot.waitExposed(view)
    assert not view.isFullScreen()
    screen = view.screen().geometry()
    assert view.width() < screen.width() or view.height() < screen.height()
    other = HostView(HostModel())
    qtbot.addWidget(other)
    place_on_screen(other, 0, windowed=False)            # asked for: full screen
    qtbot.waitUntil(other.isFullScreen)


def test_the_password_comes_from_a_file_never_from_argv(tmp_path, monkeypatch):
    secret = tmp_path / "password"
    secret.write_text("s3cret-from-file\n")
    make = client_factory(args(url="ws://192.0.2.1:4460", password_file=secret))
    client = make()
    assert client._password == "s3cret-from-file" and "s3cret" not in repr(client)
    monkeypatch.setenv("STUDIO_CONTROL_PASSWORD", "from-env")
    assert client_factory(args(url="ws://192.0.2.1:4460"))()._password == "from-env"
    (tmp_path / "empty").write_text("\n")
    with pytest.raises(UserInputError, match="--password-file .*empty: the file is empty"):
        client_factory(args(url="ws://192.0.2.1:4460", password_file=tmp_path / "empty"))
    with pytest.raises(UserInputError, match="--password-file: only with --url"):
        client_factory(args(password_file=secret))


def test_waits_for_the_engine_and_says_when_it_is_gone(qtbot, tmp_path, monkeypatch, engine_factory):
    monkeypatch.setenv("STUDIO_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("STUDIO_CONFIG_DIR", str(tmp_path / "config"))
    store = SettingsStore(tmp_path / "settings.json")
    store.load()
    problems: list[str] = []
    view, link, _ = open_host_view(lambda: ControlClient(*find_local_engine()), store=store)
    qtbot.addWidget(view)
    link.problem.connect(problems.append)
    qtbot.waitUntil(lambda: any("no engine is running here" in problem for problem in problems), timeout=10000)
    assert view.tally.text().strip() == "NO ENGINE"
    engine = engine_factory(show="points", root=tmp_path)
    qtbot.waitUntil(lambda: view.model.connected, timeout=30000)
    assert view.tally.text().strip() == "NOT ON AIR"
    engine.process.send_signal(signal.SIGTERM)
    qtbot.waitUntil(lambda: view.tally.text().strip() == "NO ENGINE", timeout=30000)
    link.stop()
