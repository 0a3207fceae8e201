"""Sources other than the test card: a looping video file with its own sound."""

from __future__ import annotations

import json

import numpy as np
import pytest

from studio.core.capture.audio import ToneSource
from studio.core.capture.media_file import FileAudio, MediaFileSource
from studio.core.capture.test_card import TestCardSource, format_show_time
from tests.broadcast.run_studio import run_studio
from tests.probe import probe

pytestmark = [pytest.mark.slow, pytest.mark.realtime]


@pytest.fixture(scope="module")
def short_clip(tmp_path_factory):
    """A 3-second clip with a tone, made by the studio itself."""
    clip = tmp_path_factory.mktemp("clip") / "clip.mkv"
    result = run_studio("broadcast", "--duration", "3", "--size", "640x360", "--record", str(clip),
                        "--as-fast-as-possible", "--quiet")
    assert result.returncode == 0, result.stderr
    return clip


def test_file_source_loops_with_its_own_sound(short_clip, tmp_path):
    out = tmp_path / "looped.mp4"
    stats_path = tmp_path / "stats.json"
    result = run_studio("broadcast", "--source", f"file:{short_clip}", "--duration", "7", "--record", str(out),
                        "--as-fast-as-possible", "--quiet", "--stats-json", str(stats_path))
    assert result.returncode == 0, result.stderr
    media = probe(out)
    assert abs(media.duration_s - 7) < 0.5
    assert (media.video["width"], media.video["height"]) == (1280, 720), "scaled to the canvas"
    stats = json.loads(stats_path.read_text())
    assert stats["frames_encoded"] == 7 * 30
    assert stats["frames_repeated"] == 0 and stats["slate_frames"] == 0


def test_file_source_keeps_rising_timestamps_across_loops(short_clip):
    media = MediaFileSource(short_clip)
    try:
        frames = [media.frame_at(i / 30) for i in range(0, 30 * 7)]
        assert all(frame is not None for frame in frames)
        sound = FileAudio(media).read(48_000)
        assert sound.shape == (2, 48_000)
        # The clip carries the line-up tone: its level must survive the trip.
        assert 0.05 < float(np.abs(sound).max()) < 0.2
    finally:
        media.close()


def test_test_card_burns_in_the_clock():
    card = TestCardSource(640, 360, 30)
    first = card.frame_at(0.0).copy()
    later = card.frame_at(1.0)
    assert not np.array_equal(first, later), "the card moves"
    assert format_show_time(3723.25) == "01:02:03.250"


def test_tone_is_continuous_across_reads():
    tone = ToneSource()
    joined = np.concatenate([tone.read(1024), tone.read(1024)], axis=1)
    whole = ToneSource().read(2048)
    assert np.allclose(joined, whole, atol=1e-6)


def test_as_fast_as_possible_recording_keeps_every_frame(tmp_path):
    out = tmp_path / "fast.mkv"
    result = run_studio("broadcast", "--demo", "--size", "320x180", "--duration", "30", "--record", str(out),
                        "--as-fast-as-possible", "--quiet")
    assert result.returncode == 0, result.stderr
    assert len(probe(out).video_pts_s()) == 30 * 30
