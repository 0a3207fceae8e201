"""The mixer without an engine: channels at their gains, follows-video, sync offset, the music bed ducked
under the host's microphone (threshold, depth, attack, release) and the master limiter."""

from __future__ import annotations

import numpy as np

from studio.core.inputs.dynamics import Ducking, Limiter
from studio.core.inputs.mixer import Mixer, MixerChannel

BLOCK = 1024
RATE = 48_000


def constant(level: float):
    return lambda count: np.full((2, count), level, np.float32)


def test_the_bed_ducks_under_the_host_at_its_attack_and_comes_back_at_its_release():
    speaking = {"on": False}
    mixer = Mixer()
    mixer.add(MixerChannel("Music", constant(0.1)))
    mixer.add(MixerChannel("Mic", lambda count: np.full((2, count), 0.3 if speaking["on"] else 0.0, np.float32)))
    mixer.duckings.append(Ducking("Music", "Mic", threshold_dbfs=-30, depth_db=12, attack_ms=100, release_ms=500))
    assert abs(mixer.read(BLOCK)[0, -1] - 0.1) < 1e-6, "nobody speaks: the bed at its level"
    speaking["on"] = True
    blocks_to_duck = int(np.ceil(0.1 / (BLOCK / RATE)))            # attack 100 ms
    for _ in range(blocks_to_duck):
        mixer.read(BLOCK)
    ducked = mixer.read(BLOCK)[0, -1] - 0.3
    assert abs(ducked - 0.1 * 10 ** (-12 / 20)) < 1e-4, f"ducked by its depth within the attack: {ducked}"
    speaking["on"] = False
    halfway = [mixer.read(BLOCK)[0, -1] for _ in range(int(0.25 / (BLOCK / RATE)))][-1]
    assert 0.1 * 10 ** (-12 / 20) < halfway < 0.1, "on its way back over the release"
    for _ in range(int(0.3 / (BLOCK / RATE))):
        mixer.read(BLOCK)
    assert abs(mixer.read(BLOCK)[0, -1] - 0.1) < 1e-6, "back after the release"


def test_channels_mix_at_their_gains_follow_video_and_take_a_sync_offset():
    on_program = {"guest": False}
    mixer = Mixer(on_program=lambda name: on_program.get(name, True))
    mixer.add(MixerChannel("host", constant(0.2)))
    mixer.add(MixerChannel("guest", constant(0.2), follows_video=True))
    mixer.channels["host"].strip.set_gain_db(-6.0)
    for _ in range(2):
        mix = mixer.read(BLOCK)
    assert abs(mix[0, -1] - 0.2 * 10 ** (-6 / 20)) < 1e-4, "the guest is silent off Program; the host at -6 dB"
    on_program["guest"] = True
    mix = mixer.read(BLOCK)
    assert abs(mix[0, -1] - (0.2 * 10 ** (-6 / 20) + 0.2)) < 1e-4 and mix[0, 0] < mix[0, -1], "faded in"
    mixer.channels["host"].delay.set_delay_ms(10)
    assert abs(mixer.read(BLOCK)[0, 0] - 0.2) < 1e-4, "10 ms of the host's sound delayed: silence first"


def test_the_limiter_keeps_the_master_under_its_ceiling_and_recovers():
    limiter = Limiter(ceiling_dbfs=-1.0, release_ms=100)
    loud = np.full((2, BLOCK), 1.8, np.float32)
    out = limiter.process(loud.copy())
    assert np.abs(out).max() <= 10 ** (-1 / 20) + 1e-6 and limiter.limited_blocks == 1
    for _ in range(20):
        out = limiter.process(np.full((2, BLOCK), 0.3, np.float32))
    assert abs(out[0, -1] - 0.3) < 1e-3, "quiet again: the gain back to 1"
