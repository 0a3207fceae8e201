"""The priority each kind of test runs at in `make test`'s workers (tests/conftest.py): an ordinary test
at idle priority, a `light_timing` one at the normal priority, so its own timing is not starved."""

from __future__ import annotations

import os

import pytest

needs_workers_as_root = pytest.mark.skipif(
    not os.environ.get("PYTEST_XDIST_WORKER") or os.geteuid() != 0,
    reason="priorities are set in pytest-xdist workers run as root (`make test`)")


@needs_workers_as_root
def test_an_ordinary_test_runs_at_idle_priority():
    assert os.sched_getscheduler(0) == os.SCHED_IDLE


@needs_workers_as_root
@pytest.mark.light_timing
def test_a_light_timing_test_keeps_the_normal_priority():
    assert os.sched_getscheduler(0) == os.SCHED_OTHER
