"""The randomised show (issue 22 item 7): every recorded frame's product, price and countdown, read from
the picture, agree with the model of the commands sent and with the as-run log.

Seeded: RANDOMSHOW_SEED=N replays a run (the seed is printed on failure); RANDOMSHOW_S sets its length.
`python -m bench.bench_randomshow` runs 10 minutes of commands (`make bench` runs it).
"""

from __future__ import annotations

import os

import pytest

from tests.control.randomshow import W, H, catalog_cards, check_show, run_show

pytestmark = [pytest.mark.slow, pytest.mark.realtime]
SEED = int(os.environ.get("RANDOMSHOW_SEED", "22"))
DURATION_S = float(os.environ.get("RANDOMSHOW_S", "40"))


def test_every_recorded_frame_agrees_with_the_model_and_the_as_run(engine_factory, rtmp_server):
    engine = engine_factory("--size", f"{W}x{H}", "--video-bitrate", "6000", "--record", "{root}/show.mkv",
                            "--to", rtmp_server.url("randomshow"), "--live")
    catalog = catalog_cards(engine.db_path)
    run = run_show(engine, SEED, DURATION_S)
    assert engine.stop() == 0, engine.log()
    report = check_show(run, engine.db_path, catalog)
    print(f"seed {SEED}: {report.frames_checked} frames checked ({report.fade_frames} in fades, "
          f"{report.lenient_countdown_frames} with a countdown leaving), {len(report.disagreements)} disagree")
    assert report.frames_checked >= DURATION_S * 30 * 0.8, f"seed {SEED}: only {report.frames_checked} frames recorded"
    assert not report.disagreements, (f"seed {SEED} (RANDOMSHOW_SEED={SEED} replays it): "
                                      f"{len(report.disagreements)} frames disagree:\n" + "\n".join(report.disagreements[:40]))
