"""The switcher's requests against a real engine: inputs listed with their state (the control API,
`studio control inputs`, `studio devices`), an input added live from a file, `studio control input`
and `layout` cueing Preview, Take and SetProgramLayout airing, the refusals in words."""

from __future__ import annotations

import subprocess
import sys

import pytest

from studio.wire.client import ControlError
from studio.core.frames import FrameReader
from studio.core.show.db import open_database
from studio.core.show.rundown import get_show
from studio.core.show.show_inputs import stored_inputs
from tests.fixtures.engine import REPO, EngineProcess, install_show, shared_engine, studio_cli, wait_until

IMAGE = REPO / "assets" / "products" / "kettle-steel.png"
engine = shared_engine("friday", "--size", "320x180", "--input", "host=test", "--input", f"pic=image:{IMAGE}")


def inputs(client) -> dict:
    return client.vendor("ListInputs")


def test_inputs_are_listed_with_state_size_rate_and_where_they_are(engine):
    with engine.client() as client:
        wait_until(lambda: next(i for i in inputs(client)["inputs"] if i["name"] == "host")["fps"] >= 20, 30,
                   "the test card input at its rate")
        listing = inputs(client)
    host, pic = listing["inputs"][:2]
    assert (host["kind"], host["state"], host["width"], host["height"]) == ("test", "live", 320, 180)
    assert (pic["kind"], pic["width"], pic["height"]) == ("image", 400, 400)
    assert listing["program"]["inputs"], "Program always shows a layout of inputs"
    devices = subprocess.run([sys.executable, "-m", "studio", "devices"], capture_output=True, text=True, env=engine.env,
                             cwd=REPO, timeout=60)
    assert devices.returncode == 0, devices.stderr
    assert "inputs of the engine on ws://" in devices.stdout and "  pic: image live 400x400" in devices.stdout


def test_cue_an_input_and_a_layout_from_the_command_line_then_take(engine):
    cued = engine.control("input", "pic")
    assert cued.returncode == 0 and '"pic"' in cued.stdout, cued.stderr
    with engine.client() as client:
        reader = FrameReader(client.vendor("GetShowState")["frames"]["preview"]["name"])
    try:   # the Preview monitor shows the cued still (a square picture: pillarboxed in black), not Program
        wait_until(lambda: (frame := reader.read_newest(0)) is not None and frame[1][180, 5].max() < 20
                   and frame[1][180, 320].max() > 60, 30, "the cued input in the Preview monitor")
    finally:
        reader.close()
    cued = engine.control("layout", "pip", "--inputs", "host,pic", "--x", "0", "--size", "0.25")
    assert cued.returncode == 0, cued.stderr
    with engine.client() as client:
        assert inputs(client)["preview"] == {"kind": "pip", "inputs": ["host", "pic"], "x": 0.0, "y": 1.0, "size": 0.25}
        client.request("TriggerStudioModeTransition")
        listing = inputs(client)
        assert listing["program"]["kind"] == "pip" and listing["preview"] is None
        answer = client.vendor("SetProgramLayout", {"kind": "full", "inputs": ["host"]})
        assert answer["layout"] == {"kind": "full", "inputs": ["host"]} and answer["frame"] > 0


def test_a_channel_follows_video_and_takes_a_sync_offset(engine):
    with engine.client() as client:
        assert client.vendor("SetSyncOffset", {"input": "Tone", "sync_offset_ms": 80}) == \
            {"input": "Tone", "sync_offset_ms": 80.0}
        assert client.vendor("SetFollowsVideo", {"input": "Tone", "enabled": True})["follows_video"] is True
        [tone] = [ch for ch in inputs(client)["channels"] if ch["name"] == "Tone"]
        assert tone == {"name": "Tone", "muted": False, "gain_db": 0.0, "sync_offset_ms": 80.0, "follows_video": True,
                    "soloed": False}
        client.vendor("SetFollowsVideo", {"input": "Tone", "enabled": False})
        with pytest.raises(ControlError, match="no sound channel 'pic'"):
            client.vendor("SetMute", {"input": "pic", "muted": True})
        with pytest.raises(ControlError, match="has no sync offset"):
            client.vendor("SetSyncOffset", {"input": "Program", "sync_offset_ms": 10})


def test_the_sources_requests_change_a_channel_of_the_mix_not_the_switcher(engine):
    with engine.client() as client:
        with pytest.raises(ControlError, match="this engine switches inputs"):
            client.vendor("SetVideoSource", {"spec": "test"})
        client.vendor("SetGain", {"input": "Tone", "gain_db": -3.0})
        client.vendor("SetAudioSource", {"spec": "silence"})
        assert "Tone" not in [ch["name"] for ch in inputs(client)["channels"]]
        client.vendor("SetAudioSource", {"spec": "tone"})
        assert [ch["name"] for ch in inputs(client)["channels"]].count("Tone") == 1
        assert [i["name"] for i in inputs(client)["inputs"]][:2] == ["host", "pic"], "the inputs stay"


def test_an_input_added_live_from_a_file_and_removed(engine, tmp_path):
    clip = tmp_path / "clip.mp4"
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30",
                    "-f", "lavfi", "-i", "sine=frequency=660", "-t", "1", "-c:v", "libx264", "-preset", "ultrafast",
                    "-c:a", "aac", "-shortest", str(clip)], check=True, timeout=60)
    with engine.client() as client:
        added = client.vendor("AddInput", {"name": "clip", "spec": f"file:{clip}"})
        assert added == {"name": "clip", "spec": f"file:{clip}", "stored": True}
        assert stored(engine) == [("clip", f"file:{clip}")], "stored with the show"
        wait_until(lambda: any(i["name"] == "clip" and i["state"] == "live" for i in inputs(client)["inputs"]), 30,
                   "the file input playing")
        with pytest.raises(ControlError, match="there is an input 'clip' already"):
            client.vendor("AddInput", {"name": "clip", "spec": "test"})
        with pytest.raises(ControlError, match="no such file"):
            client.vendor("AddInput", {"name": "other", "spec": f"file:{tmp_path}/missing.mp4"})
        with pytest.raises(ControlError, match="layout side shows 2 inputs, not 1"):
            client.vendor("CueLayout", {"kind": "side", "inputs": ["clip"]})
        client.vendor("SetProgramLayout", {"kind": "side", "inputs": ["clip", "host"]})
        with pytest.raises(ControlError, match="input clip is on Program"):
            client.vendor("RemoveInput", {"name": "clip"})
        client.vendor("SetProgramLayout", {"kind": "full", "inputs": ["host"]})
        assert client.vendor("RemoveInput", {"name": "clip"}) == {"name": "clip"}
        assert "clip" not in [i["name"] for i in inputs(client)["inputs"]]
        assert stored(engine) == [], "the show forgets it"
        added = client.vendor("AddInput", {"name": "cam", "spec": "rtsp://user:secret@127.0.0.1:1/stream"})
        assert added["stored"] is True and stored(engine) == [("cam", "rtsp://user:secret@127.0.0.1:1/stream")]
        assert b"secret" not in engine.db_path.read_bytes(), "the password in the key store, not the database"
        assert "secret" not in str(added) and "secret" not in str(inputs(client)), "the password shown nowhere"
        client.vendor("RemoveInput", {"name": "cam"})
        assert stored(engine) == [] and "secret" not in (engine.root / "config" / "stream-keys.json").read_text()


def stored(engine) -> list[tuple[str, str]]:
    from studio.core.keystore import FileSecrets, KeyStore

    db = open_database(engine.db_path)
    return stored_inputs(db, get_show(db, "friday").id, KeyStore(FileSecrets(engine.root / "config" / "stream-keys.json")))


def test_a_variety_show_plays_its_stored_inputs_and_each_segment_airs_its_layout(tmp_path):
    root = tmp_path / "variety"
    db_path = install_show(root, "friday")
    studio_cli(db_path, "show", "inputs", "friday", "--add", "host=test", "--add", f"closeup=image:{IMAGE}",
               "--add", "spare=test")
    studio_cli(db_path, "show", "inputs", "friday", "--remove", "spare")
    studio_cli(db_path, "rundown", "add", "friday", "--kind", "product", "--sku", "KET-STEEL", "--duration", "60",
               "--layout", "pip:host,closeup")
    studio_cli(db_path, "rundown", "add", "friday", "--kind", "guest", "--duration", "60", "--layout", "side:host,closeup")
    engine = EngineProcess(root, "--size", "320x180", show="friday")
    try:
        with engine.client() as client:
            listing = inputs(client)
            assert [i["name"] for i in listing["inputs"]] == ["host", "closeup"], "the show's own inputs, no --input"
            client.vendor("JumpToSegment", {"index": 3})
            assert inputs(client)["program"] == {"kind": "pip", "inputs": ["host", "closeup"], "x": 1.0, "y": 1.0,
                                                 "size": 0.3}
            client.vendor("TakeNextSegment")
            assert inputs(client)["program"] == {"kind": "side", "inputs": ["host", "closeup"]}
        assert engine.stop() == 0, engine.log()
    finally:
        engine.kill()


def test_source_and_input_together_are_refused_before_anything_starts(tmp_path):
    refused = subprocess.run([sys.executable, "-m", "studio", "broadcast", "--source", "test", "--input", "a=test",
                              "--record", str(tmp_path / "x.mkv")], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert refused.returncode == 2 and "--source and --input: give one" in refused.stderr
