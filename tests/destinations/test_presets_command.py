"""`studio destination presets` and docs/destinations.md show each limit with its source and confidence (issue 13.5)."""

from __future__ import annotations

import json
from pathlib import Path

from studio.core.output.platform_table import DOCS_BEGIN, DOCS_END, markdown_table
from studio.core.output.platforms import PLATFORMS, SOURCES
from tests.broadcast.run_studio import run_studio

DOCS = Path(__file__).resolve().parents[2] / "docs" / "destinations.md"


def test_presets_command_lists_every_limit_with_confidence_and_source():
    result = run_studio("destination", "presets")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for platform in PLATFORMS.values():
        assert f"{platform.id}: {platform.display_name}" in out
    assert "instagram: Instagram [vertical]" in out and "tiktok: TikTok [vertical]" in out
    assert "max video bitrate              6000 kb/s        H  " + SOURCES["obs"] in out  # Twitch
    assert "max frame rate                 30 fps           M  " + SOURCES["secondary"] in out  # Instagram
    data = {entry["preset"]: entry for entry in json.loads(run_studio("destination", "presets", "--json").stdout)}
    assert set(data) == set(PLATFORMS)
    assert data["x"]["limits"]["max_audio_bitrate_kbps"] == {"value": 128, "confidence": "H", "source": SOURCES["obs"]}
    assert data["kick"]["limits"]["max_video_bitrate_kbps"]["confidence"] == "L"
    assert data["youtube-backup"]["backup_of"] == "youtube"


def test_docs_table_is_the_data():
    """Regenerate with `python -m studio.core.output.platform_table` after changing a limit."""
    text = DOCS.read_text()
    block = text[text.index(DOCS_BEGIN):text.index(DOCS_END) + len(DOCS_END)]
    assert block == markdown_table()
