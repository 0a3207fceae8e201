"""The settings registry: declared once, validated, stored per user, versioned."""

import json

import pytest

from studio.core import settings
from studio.core.settings import SETTINGS, Setting, SettingsStore
from studio.errors import UserInputError


@pytest.fixture
def config_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDIO_CONFIG_DIR", str(tmp_path))
    return tmp_path


def test_a_missing_file_gives_every_default(config_dir):
    store = SettingsStore()
    assert store.load() == []
    assert store.path == config_dir / "settings.json"
    assert store.values() == {key: s.default for key, s in SETTINGS.items()}


def test_the_brief_settings_are_declared():
    for key in ("canvas.size", "canvas.fps", "encoder.video_bitrate_kbps", "encoder.audio_bitrate_kbps",
                "encoder.preset", "encoder.keyframe_interval_s", "recording.folder", "recording.format",
                "ui.theme", "ui.locale"):
        assert SETTINGS[key].label


def test_saved_values_come_back(config_dir):
    store = SettingsStore()
    store.set("encoder.video_bitrate_kbps", 6000)
    store.set("ui.theme", "light")
    store.save()
    again = SettingsStore()
    assert again.load() == []
    assert again.get("encoder.video_bitrate_kbps") == 6000
    assert again.get("ui.theme") == "light"
    assert json.loads((config_dir / "settings.json").read_text())["version"] == settings.CURRENT_VERSION


@pytest.mark.parametrize("key, value, words", [
    ("encoder.video_bitrate_kbps", 10, "outside 100..50000"),
    ("encoder.video_bitrate_kbps", "fast", "not a number"),
    ("canvas.fps", 29, "not one of"),
    ("encoder.keyframe_interval_s", True, "not a number"),
    ("ui.theme", 3, "not text"),
    ("recording.folder", " ", "a folder is needed"),
])
def test_set_refuses_a_bad_value_naming_the_key(config_dir, key, value, words):
    store = SettingsStore()
    with pytest.raises(UserInputError, match=words) as caught:
        store.set(key, value)
    assert key in str(caught.value)
    assert store.get(key) == SETTINGS[key].default


def test_bad_values_in_the_file_fall_back_to_defaults_with_a_warning(config_dir):
    (config_dir / "settings.json").write_text(json.dumps({"version": 1, "values": {
        "canvas.fps": 1000, "encoder.preset": "medium", "some.future": 1}}))
    store = SettingsStore()
    warnings = store.load()
    assert len(warnings) == 1 and "canvas.fps" in warnings[0] and "settings.json" in warnings[0]
    assert store.get("canvas.fps") == 30
    assert store.get("encoder.preset") == "medium"
    store.save()
    assert json.loads((config_dir / "settings.json").read_text())["values"]["some.future"] == 1


def test_an_unreadable_file_warns_and_uses_defaults(config_dir):
    (config_dir / "settings.json").write_text("{not json")
    store = SettingsStore()
    assert "unreadable" in store.load()[0]
    assert store.get("ui.theme") == "dark"


def test_an_older_file_is_backed_up_then_upgraded_in_order(config_dir):
    old = {"version": 1, "values": {"bitrate": 5000}}
    (config_dir / "settings.json").write_text(json.dumps(old))
    calls = []

    def v1_to_v2(values):
        calls.append(1)
        values["encoder.bitrate"] = values.pop("bitrate")
        return values

    def v2_to_v3(values):
        calls.append(2)
        values["encoder.video_bitrate_kbps"] = values.pop("encoder.bitrate")
        return values

    store = SettingsStore(version=3, upgrades={2: v2_to_v3, 1: v1_to_v2})
    assert store.load() == []
    assert calls == [1, 2]
    assert store.get("encoder.video_bitrate_kbps") == 5000
    assert json.loads((config_dir / "settings.json.v1.bak").read_text()) == old


def test_declare_refuses_a_second_different_declaration():
    with pytest.raises(ValueError, match="twice"):
        settings.declare(Setting("ui.theme", str, "light", "Theme"))


def test_a_save_never_leaves_half_a_file(config_dir):
    store = SettingsStore()
    store.save()
    assert sorted(p.name for p in config_dir.iterdir()) == ["settings.json"]


def test_a_producers_keys_for_next_and_previous_segment_move_to_the_cue_actions(config_dir):
    import studio.ui.hotkeys  # noqa: F401 - declares the hotkey settings
    old = {"version": 1, "values": {"hotkeys.next_segment": "F8", "hotkeys.previous_segment": "F7"}}
    (config_dir / "settings.json").write_text(json.dumps(old))
    store = SettingsStore()
    assert store.load() == []
    assert store.get("hotkeys.cue_next_segment") == "F8"
    assert store.get("hotkeys.cue_previous_segment") == "F7"
    assert json.loads((config_dir / "settings.json.v1.bak").read_text()) == old
