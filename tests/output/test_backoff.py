import random

from studio.core.output.backoff import ReconnectBackoff


def test_delays_start_at_two_seconds_grow_by_half_and_cap_at_fifteen():
    backoff = ReconnectBackoff(random.Random(7))
    delays = [backoff.next_delay_s() for _ in range(10)]
    assert delays[0] == 2.0
    for previous, current, base in zip(delays, delays[1:], [3.0, 4.5, 6.75, 10.125, 15, 15, 15, 15, 15]):
        assert base <= current <= min(15.0, base * 1.1) + 1e-9
    assert max(delays) <= 15.0


def test_fewer_than_ten_attempts_a_minute_against_a_server_that_drops_at_once():
    backoff = ReconnectBackoff(random.Random(1))
    elapsed_s, attempts = 0.0, 1
    while True:
        elapsed_s += backoff.next_delay_s()
        if elapsed_s > 60:
            break
        attempts += 1
    assert attempts < 10


def test_counter_resets_only_after_thirty_healthy_seconds():
    backoff = ReconnectBackoff(random.Random(3))
    for _ in range(4):
        backoff.next_delay_s()
    backoff.note_healthy(29.0)
    assert backoff.next_delay_s() > 2.0
    backoff.note_healthy(30.0)
    assert backoff.next_delay_s() == 2.0
