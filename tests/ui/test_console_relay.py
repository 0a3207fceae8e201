"""Go Live with a relay that cannot be reached: the window asks, with the upload sending directly needs,
and on Yes sends to the destination directly (SendDirectly, then StartStream) to a real nginx-rtmp."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from tests.fixtures.engine import studio_cli
from tests.fixtures.rtmp_server import free_port

WAIT_MS = 30_000


def test_an_unreachable_relay_offers_sending_directly(qtbot, demo_db, engine_factory, console_factory, rtmp_server,
                                                      monkeypatch):
    monkeypatch.setenv("SHOP_KEY", "shop-key-0123456789")
    studio_cli(Path(demo_db), "destination", "add", "shop", "--preset", "custom", "--url", rtmp_server.url("")[:-1],
               "--key-env", "SHOP_KEY")
    nobody = f"rtmp://127.0.0.1:{free_port()}/studio/program?stat_port={free_port()}&secret=abcdefghijklmnop0123"
    engine = engine_factory("--all-destinations", "--relay", nobody)
    window = console_factory()
    asked = []
    window.live_controls.confirm = lambda parent, title, text: asked.append((title, text)) or True
    qtbot.mouseClick(window.live_controls.live_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.state.state.get("live") is True, timeout=WAIT_MS)
    assert [title for title, _ in asked] == ["Go live?", "Send directly?"]
    question = asked[1][1]
    assert "relay unreachable" in question and "Mb/s of upload" in question
    assert "abcdefghijklmnop0123" not in question
    qtbot.waitUntil(lambda: [d["state"] for d in window.state.state.get("destinations") or []] == ["live"],
                    timeout=WAIT_MS)
    assert rtmp_server.recording("shop-key-0123456789").exists()
    assert "abcdefghijklmnop0123" not in engine.log()
