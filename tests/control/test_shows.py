"""Shows managed over the control API: an empty show keeps the engine up; list, create, duplicate, rename,
delete and open; rundown removal and durations; changes made by the command line reach clients.

One engine for the module, started on the empty show `empty` of the `shows` database (the demo show
beside it). Each test reads the state it depends on and puts back the show it opened.
"""

from __future__ import annotations

import subprocess
import sys
from itertools import count

import pytest

from studio.wire import commands as c
from studio.wire.client import ControlError
from tests.fixtures.engine import REPO, shared_engine, wait_until

_names = count(1)
engine = shared_engine("empty", "--size", "320x180", "--record", "{root}/show.mkv", template="shows")


def state(client) -> dict:
    return client.call(c.GetShowState())


def opened(client, name: str) -> dict:
    if state(client)["show"]["name"] != name:
        client.call(c.OpenShow(name=name))
    return wait_until(lambda: (snapshot := state(client))["show"]["name"] == name and snapshot, what=name)


def test_an_empty_show_keeps_the_engine_up_and_plays_its_first_segment_once_added(engine):
    """The module's engine started on the empty show `empty` (it used to exit with code 2: 'has no segments')."""
    assert engine.process.poll() is None and "has no segments" not in engine.log()
    with engine.client() as client:
        name = client.call(c.CreateShow(name=f"blank {next(_names)}"))["name"]
        snapshot = opened(client, name)
        assert snapshot["segments"] == [] and snapshot["segment_index"] == -1
        for refused in (lambda: client.call(c.TakeNextSegment()), lambda: client.request("TriggerStudioModeTransition")):
            with pytest.raises(ControlError, match="the rundown is empty: add a segment first"):
                refused()
        client.call(c.AddSegment(sku="TV-55-4K", duration_s=30))
        wait_until(lambda: state(client)["segment_index"] == 0, what="the first segment on air")
        assert state(client)["program"]["sku"] == "TV-55-4K"
    assert engine.process.poll() is None, engine.log()


def test_show_list_create_duplicate_rename_delete(engine):
    with engine.client() as client:
        shows = {show["name"]: show for show in client.call(c.ListShows())["shows"]}
        assert shows["demo"]["segments"] == 7 and shows["demo"]["products"] >= 5
        with pytest.raises(ControlError, match="the show name is 81 characters: at most 80"):
            client.call(c.CreateShow(name="x" * 81))
        with pytest.raises(ControlError, match="'demo' already exists: choose another name"):
            client.call(c.CreateShow(name="demo"))
        client.call(c.DuplicateShow(source="demo", name="demo copy"))
        client.call(c.RenameShow(name="demo copy", new_name="Saturday"))
        shows = {show["name"]: show for show in client.call(c.ListShows())["shows"]}
        assert "demo copy" not in shows and shows["Saturday"]["segments"] == 7
        current = state(client)["show"]["name"]
        with pytest.raises(ControlError, match="the show open: open another show first"):
            client.call(c.DeleteShow(name=current))
        client.call(c.DeleteShow(name="Saturday"))
        assert "Saturday" not in {show["name"] for show in client.call(c.ListShows())["shows"]}


def test_open_another_show_then_remove_and_resize_segments(engine):
    with engine.client() as client:
        snapshot = opened(client, "demo")
        assert len(snapshot["segments"]) == 7 and snapshot["show"]["title"] == "Demo show"
        on_air = wait_until(lambda: state(client)["segment_index"] >= 0 and state(client)["segment_index"] + 1)
        with pytest.raises(ControlError, match=f"segment {on_air} is on air"):
            client.call(c.RemoveSegment(index=on_air - 1))
        client.call(c.SetSegmentDuration(index=6, duration_s=75))
        with pytest.raises(ControlError, match="planned duration must be more than 0 s"):
            client.call(c.SetSegmentDuration(index=6, duration_s=0))
        client.call(c.RemoveSegment(index=6))
        assert [s["planned_duration_s"] for s in state(client)["segments"]][-1] != 75
        assert len(state(client)["segments"]) == 6
        opened(client, "empty")


def test_the_command_line_changing_the_database_reaches_clients(engine):
    """`studio rundown add` and `studio catalog set-price` in a terminal: RundownChanged and CatalogChanged."""
    seen: list[tuple[str, dict]] = []
    with engine.client() as client:
        client.on_event(lambda kind, data: seen.append((kind, data)))
        name = client.call(c.CreateShow(name=f"blank {next(_names)}"))["name"]
        before = len(opened(client, name)["segments"])
        cli = [sys.executable, "-m", "studio"]
        for args in (("rundown", "add", name, "--kind", "product", "--sku", "KET-STEEL", "--duration", "20"),
                     ("catalog", "set-price", "KET-STEEL", "44.50")):
            done = subprocess.run([*cli, *args], env=engine.env, cwd=REPO, capture_output=True, text=True, timeout=60)
            assert done.returncode == 0, done.stderr
        wait_until(lambda: len(state(client)["segments"]) == before + 1, what="the CLI's segment in the engine")
        wait_until(lambda: any(kind == "CatalogChanged" and data.get("source") == "database" for kind, data in seen),
                   what="CatalogChanged from the database")
        assert any(kind == "RundownChanged" and len(data["segments"]) == before + 1 for kind, data in seen)


def test_opening_a_show_is_refused_while_recording(engine):
    with engine.client() as client:
        client.request("StartRecord")
        try:
            wait_until(lambda: state(client)["recording"], what="recording")
            with pytest.raises(ControlError, match="cannot open 'demo' while the show is recording: stop it first"):
                client.call(c.OpenShow(name="demo"))
        finally:
            client.request("StopRecord")
            wait_until(lambda: not state(client)["recording"], what="recording stopped")
