"""Free space for a recording folder that may not exist yet: its nearest existing parent's disk."""

from __future__ import annotations

import shutil

import pytest

from studio.disk_space import free_bytes
from studio.ui.stats_bar import disk_left_text


def test_a_folder_not_made_yet_counts_its_nearest_existing_parents_disk(tmp_path):
    assert free_bytes(tmp_path / "show" / "friday") == pytest.approx(shutil.disk_usage(tmp_path).free, rel=0.01)
    assert disk_left_text(tmp_path / "not" / "yet").startswith("disk ") and "GB free" in disk_left_text(tmp_path)
