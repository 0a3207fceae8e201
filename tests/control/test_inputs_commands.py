"""The switcher's requests against a real engine: inputs listed with their state (the control API,
`studio control inputs`, `studio devices`), an input added live from a file, `studio control input`
and `layout` cueing Preview, Take and SetProgramLayout airing, the refusals in words."""

from __future__ import annotations

import subprocess
import sys

import pytest

from studio.wire.client import ControlError
from tests.fixtures.engine import REPO, shared_engine, wait_until

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
    cued = engine.control("layout", "pip", "--inputs", "host,pic", "--x", "0", "--size", "0.25")
    assert cued.returncode == 0, cued.stderr
    with engine.client() as client:
        assert inputs(client)["preview"] == {"kind": "pip", "inputs": ["host", "pic"], "x": 0.0, "y": 1.0, "size": 0.25}
        client.request("TriggerStudioModeTransition")
        listing = inputs(client)
        assert listing["program"]["kind"] == "pip" and listing["preview"] is None
        answer = client.vendor("SetProgramLayout", {"kind": "full", "inputs": ["host"]})
        assert answer["layout"] == {"kind": "full", "inputs": ["host"]} and answer["frame"] > 0


def test_an_input_added_live_from_a_file_and_removed(engine, tmp_path):
    clip = tmp_path / "clip.mp4"
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30",
                    "-f", "lavfi", "-i", "sine=frequency=660", "-t", "1", "-c:v", "libx264", "-preset", "ultrafast",
                    "-c:a", "aac", "-shortest", str(clip)], check=True, timeout=60)
    with engine.client() as client:
        assert client.vendor("AddInput", {"name": "clip", "spec": f"file:{clip}"}) == {"name": "clip", "spec": f"file:{clip}"}
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


def test_source_and_input_together_are_refused_before_anything_starts(tmp_path):
    refused = subprocess.run([sys.executable, "-m", "studio", "broadcast", "--source", "test", "--input", "a=test",
                              "--record", str(tmp_path / "x.mkv")], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert refused.returncode == 2 and "--source and --input: give one" in refused.stderr
