"""The host view against a real `studio engine`: takes, price and stock edits, the time left,
two clients at once, and a host view killed mid-show."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading

import pytest

from studio.wire.client import ControlClient
from studio.core.settings import SettingsStore
from studio.ui.host_app import open_host_view
from studio.ui.host_model import AMBER_AT, RED_AT
from studio.ui.host_view import AMBER, RED
from tests.fixtures.engine import REPO, shared_engine

# The time left runs on the engine's show clock: a show playing against the clock, so never beside
# another real-time test, nor starved under SCHED_IDLE beside one (a clean-clone run lost a take for
# 10 s that way: tests/conftest.py).
pytestmark = [pytest.mark.timeout(240), pytest.mark.realtime]


engine = shared_engine("points", "--record", "{root}/show.mkv", check_exit=False)


@pytest.fixture
def console(engine):
    client = engine.client()
    yield client
    client.close()


@pytest.fixture
def host(qtbot, engine, tmp_path):
    store = SettingsStore(tmp_path / "settings.json")
    store.load()
    store.set(AMBER_AT.key, 8)
    store.set(RED_AT.key, 4)
    password = engine.password
    view, link, warnings = open_host_view(lambda: ControlClient(engine.url, password), store=store)
    qtbot.addWidget(view)
    view.resize(1280, 720)
    view.show()
    assert warnings == []
    qtbot.waitUntil(lambda: view.model.connected and bool(view.model.segments), timeout=20000)
    yield view
    link.stop()


def test_host_view_follows_a_take_a_price_edit_and_a_stock_change(qtbot, host, console):
    console.vendor("TakeProduct", {"sku": "HP-NC-BLK"})
    qtbot.waitUntil(lambda: host.title.text() == "Noise-Cancelling Headphones", timeout=10000)
    assert host.compare_at.text() == "$199.00" and host.compare_at.font().strikeOut()
    console.vendor("SetPrice", {"sku": "HP-NC-BLK", "price": "99.00"})
    qtbot.waitUntil(lambda: host.price.text() == "$99.00", timeout=10000)
    console.vendor("SetStock", {"sku": "HP-NC-BLK", "stock": 0})
    qtbot.waitUntil(lambda: host.stock.text() == "SOLD OUT", timeout=10000)
    assert RED in host.stock.styleSheet()
    console.vendor("SetStock", {"sku": "HP-NC-BLK", "stock": 2})
    qtbot.waitUntil(lambda: host.stock.text() == "Only 2 left", timeout=10000)


def test_segment_time_left_turns_amber_then_red(qtbot, host, console):
    if not console.vendor("GetShowState")["on_air"]:
        console.request("StartRecord")                      # the segment clocks run on air (issue 22)
    qtbot.waitUntil(lambda: host.model.on_air, timeout=10000)
    console.vendor("JumpToSegment", {"index": 0})          # a 12 s segment, starting now
    qtbot.waitUntil(lambda: host.teleprompter.points() == ("Dolby Vision and HDR10+", "Three HDMI 2.1 ports for consoles"),
                    timeout=10000)
    qtbot.waitUntil(lambda: AMBER in host.time_left.styleSheet(), timeout=20000)
    assert _seconds(host.time_left.text()) <= 8
    qtbot.waitUntil(lambda: RED in host.time_left.styleSheet(), timeout=20000)
    assert _seconds(host.time_left.text()) <= 4
    assert host.next_up.text() == "Next: Noise-Cancelling Headphones"


def test_two_clients_see_the_same_state(qtbot, host, console):
    console.vendor("NextSegment")
    console.vendor("TakeProduct", {"sku": "KET-STEEL"})
    qtbot.waitUntil(lambda: host.title.text() == "Stainless Gooseneck Kettle", timeout=10000)
    state = console.vendor("GetShowState")
    qtbot.waitUntil(lambda: host.model.segment_index == state["segment_index"], timeout=10000)
    assert host.model.program.sku == state["program"]["sku"]
    assert host.model.program.price == state["program"]["price"]
    # the kettle was taken during another product's segment: the host reads the kettle's own segment's points
    kettles = next(segment for segment in state["segments"] if segment["sku"] == "KET-STEEL")
    assert state["segments"][state["segment_index"]]["sku"] != "KET-STEEL"
    assert list(host.teleprompter.points()) == kettles["talking_points"] != []


def test_killing_the_host_view_changes_nothing_on_air(engine, console):
    console.vendor("TakeProduct", {"sku": "TV-55-4K"})
    before = console.vendor("GetShowState")
    process = subprocess.Popen([sys.executable, "-m", "studio", "host", "--windowed"], cwd=REPO, env=engine.env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    following = threading.Event()
    threading.Thread(target=lambda: [following.set() for line in process.stderr if "following the engine" in line],
                     daemon=True).start()
    try:
        assert following.wait(60), "studio host never connected"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    after = console.vendor("GetShowState")
    assert after["program"] == before["program"] and after["segment_index"] == before["segment_index"]
    assert after["graphics"] == before["graphics"] and after["live"] == before["live"]
    assert after["frame"] > before["frame"]                 # the program kept running
    console.vendor("TakeProduct", {"sku": "HP-NC-BLK"})     # and still takes commands
    assert console.vendor("GetShowState")["program"]["sku"] == "HP-NC-BLK"
    assert engine.process.poll() is None


def _seconds(text: str) -> float:
    minutes, seconds = re.match(r"\u2212?(\d+):(\d\d)", text).groups()
    return int(minutes) * 60 + int(seconds)


def test_the_consoles_teleprompter_keys_reach_the_host_view_through_the_engine(qtbot, host, console):
    speed = host.teleprompter.speed_px_s
    console.request("BroadcastCustomEvent", {"eventData": {"studio": "teleprompter", "action": "teleprompter_faster"}})
    qtbot.waitUntil(lambda: host.teleprompter.speed_px_s > speed, timeout=10000)


def test_a_stock_edit_of_the_product_on_air_is_announced_with_the_new_data(engine):
    """ProgramProductChanged carries the edit once the engine applied it: a client that only
    re-read the snapshot on CatalogChanged could read it before the card changed."""
    client = engine.client()
    try:
        client.vendor("TakeProduct", {"sku": "KET-STEEL"})
        announced = threading.Event()
        client.on_event(lambda event_type, data: event_type == "ProgramProductChanged"
                        and (data.get("product") or {}).get("stock") == 7 and announced.set())
        client.vendor("SetStock", {"sku": "KET-STEEL", "stock": 7})
        assert announced.wait(10)
    finally:
        client.close()
