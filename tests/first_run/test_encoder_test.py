"""The wizard's encoder test (studio/first_run/encoder_test.py): a real short encode, and the choice rule."""

from __future__ import annotations

import json
import subprocess

import pytest

from studio.first_run.encoder_test import EncoderRun, pick_encoder, run_candidate


@pytest.mark.slow
@pytest.mark.light_timing   # a real-time encode: starved at idle priority beside a busy machine, it skipped 42 of 60
def test_a_candidate_is_encoded_for_real_and_its_skipped_frames_counted():
    run = run_candidate("854x480", "ultrafast", seconds=2)
    assert run.error is None and run.frames_encoded >= 50, run


def test_the_largest_candidate_within_one_percent_skipped_is_kept():
    skipped = {"1920x1080": 30, "1280x720": 1}          # 1080p skips 20 %, 720p 0.7 %

    def fake_broadcast(command, **kwargs):
        size = command[command.index("--size") + 1]
        stats = command[command.index("--stats-json") + 1]
        with open(stats, "w") as out:
            json.dump({"frames_encoded": 150 - skipped.get(size, 0), "frames_skipped": skipped.get(size, 0)}, out)
        return subprocess.CompletedProcess(command, 0, "", "")

    runs: list[EncoderRun] = []
    chosen = pick_encoder([("1920x1080", "veryfast"), ("1280x720", "veryfast"), ("854x480", "veryfast")],
                          on_run=runs.append, run=fake_broadcast)
    assert (chosen.size, chosen.preset) == ("1280x720", "veryfast")
    assert [run.sustained for run in runs] == [False, True]
