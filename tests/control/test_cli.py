"""`studio control` as a producer types it in a second terminal."""

from __future__ import annotations

import json

import pytest

import studio.cli
from tests.broadcast.run_studio import run_studio
from tests.fixtures.engine import user_env


@pytest.fixture
def control(engine, monkeypatch, capsys):
    """`studio control ARGS` in this process (the CLI's own code, without an interpreter start per call)."""
    for name, value in user_env(engine.root).items():
        monkeypatch.setenv(name, value)

    def run(*args: str) -> tuple[int, str, str]:
        code = studio.cli.main(["control", *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run

pytestmark = pytest.mark.slow


def test_connect_info_prints_what_a_stream_deck_needs(engine):
    result = engine.control("connect-info")
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert (info["url"], info["password"]) == (engine.url, engine.password)


def test_commands_change_the_show_and_errors_name_the_problem(control):
    for args in (("jump", "2"), ("preview", "HP-NC-BLK"), ("show", "callout", "--param", "text=Only 3 left"),
                 ("stock", "TV-55-4K", "4"), ("marker", "guest arrived"), ("record", "start"), ("record", "stop")):
        code, _, err = control(*args)
        assert code == 0, (args, err)
    state = json.loads(control("state")[1])
    assert state["segment_index"] == 1 and state["preview"]["sku"] == "HP-NC-BLK"
    assert "callout" in state["graphics"] and state["program"]["stock"] == 4
    assert {"fps", "frames_skipped", "max_lateness_ms", "outputs", "take_to_air_ms"} <= set(state["stats"])
    for args, reason in ((("take", "NOPE"), "NOPE"), (("show", "callout", "--param", "bogus=1"), "bogus"),
                         (("golive",), "--yes"), (("jump", "9"), "segment"), (("price", "TV-55-4K", "abc"), "price")):
        code, _, err = control(*args)
        assert code != 0 and reason in err, (args, err)


def test_without_an_engine_it_says_so(tmp_path):
    result = run_studio("control", "state", extra_env=user_env(tmp_path))
    assert result.returncode != 0 and "no engine is running" in result.stderr


def test_program_and_preview_monitors_are_readable_from_another_process_by_their_snapshot_names(engine):
    from studio.core.frames import FrameReader
    from tests.fixtures.engine import wait_until
    from tests.control.test_engine_live import qr_text

    with engine.client() as client:
        client.vendor("PreviewProduct", {"sku": "HP-NC-BLK"})
        frames = client.vendor("GetShowState")["frames"]
    readers = {role: FrameReader(info["name"]) for role, info in frames.items()}
    try:
        program = wait_until(lambda: readers["program"].read_newest(0), what="a program frame")
        assert program[1].shape == (frames["program"]["height"], frames["program"]["width"], 3)
        # the Preview monitor's graphics process starts with the first card cued: its card comes a few frames on
        wait_until(lambda: (newest := readers["preview"].read_newest(0)) and "headphones-nc" in qr_text(newest[1]),
                   what="a preview frame with the card")
    finally:
        for reader in readers.values():
            reader.close()
