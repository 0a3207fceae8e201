"""A destination that answers but refuses the stream: the show goes on, the exit status says so."""

from __future__ import annotations

import json

import pytest

from tests.broadcast.run_studio import run_studio
from tests.probe import probe

pytestmark = pytest.mark.slow


def test_refused_destination_gives_non_zero_exit_and_a_finished_recording(rtmp_server, tmp_path):
    recording = tmp_path / "show.mkv"
    stats_path = tmp_path / "stats.json"
    refused = f"rtmp://127.0.0.1:{rtmp_server.port}/no-such-app/key"
    result = run_studio("broadcast", "--duration", "4", "--to", rtmp_server.url("ok"), "--to", refused,
                        "--record", str(recording), "--stats-json", str(stats_path))
    assert result.returncode == 1, result.stderr
    assert "never went live" in result.stderr
    assert "Traceback" not in result.stderr
    stats = json.loads(stats_path.read_text())
    states = {output["label"]: output for output in stats["outputs"]}
    assert states[f"rtmp://127.0.0.1:{rtmp_server.port}/live/****"]["ever_live"] is True
    assert abs(probe(recording).duration_s - 4) < 0.5
