"""The user's settings, each declared once: key, type, default, range or choices, label.

Stored per user as JSON (`settings.json` in `STUDIO_CONFIG_DIR`, else the user config
directory), with a format version. An older file is backed up, then upgraded step by
step (`UPGRADES`, one function per version, in order). A value that is missing, of
the wrong type or out of range falls back to its default with a warning naming the
file and the key; it never stops the studio from starting. Writes are atomic.

Other modules add their own settings with `declare()` (the hotkeys do, from
studio/ui/hotkeys.py), so a new setting is one declaration in one place.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from studio.core.output import defaults
from studio.core.show.money import CURRENCY_MINOR_UNITS
from studio.errors import UserInputError

APP_NAME = "live-shopping-studio"
CONFIG_DIR_ENV = "STUDIO_CONFIG_DIR"
FILE_NAME = "settings.json"
CURRENT_VERSION = 2

# version N -> N+1, applied in order to the raw `values` dict of an older file.
Upgrade = Callable[[dict[str, Any]], dict[str, Any]]


def _cue_hotkeys(values: dict[str, Any]) -> dict[str, Any]:
    """1 -> 2: the keys documented as "put the next / previous segment in Preview" became the cue
    actions (they cut to air before); a producer's own keys for them move with that meaning."""
    for old, new in (("hotkeys.next_segment", "hotkeys.cue_next_segment"),
                     ("hotkeys.previous_segment", "hotkeys.cue_previous_segment")):
        if old in values:
            values.setdefault(new, values.pop(old))
    return values


UPGRADES: dict[int, Upgrade] = {1: _cue_hotkeys}


@dataclass(frozen=True)
class Setting:
    key: str                                  # "group.name"
    type: type                                # int, float, str or bool
    default: Any
    label: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[Any, ...] | None = None
    is_folder: bool = False                   # a str naming a directory (the dialog offers a picker)

    @property
    def group(self) -> str:
        return self.key.split(".", 1)[0]

    def validate(self, value: Any) -> Any:
        """The value converted to this setting's type, or UserInputError naming the key."""
        if self.type is bool:
            if not isinstance(value, bool):
                raise UserInputError(f"setting {self.key}: {value!r} is not true or false")
            return value
        if self.type in (int, float):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise UserInputError(f"setting {self.key}: {value!r} is not a number")
            if self.type is int and value != int(value):
                raise UserInputError(f"setting {self.key}: {value!r} is not a whole number")
            value = self.type(value)
            if self.minimum is not None and value < self.minimum or \
                    self.maximum is not None and value > self.maximum:
                raise UserInputError(
                    f"setting {self.key}: {value} is outside {_fmt(self.minimum)}..{_fmt(self.maximum)}")
        elif not isinstance(value, str):
            raise UserInputError(f"setting {self.key}: {value!r} is not text")
        elif self.is_folder and not value.strip():
            raise UserInputError(f"setting {self.key}: a folder is needed")
        if self.choices is not None and value not in self.choices:
            raise UserInputError(
                f"setting {self.key}: {value!r} is not one of {', '.join(map(str, self.choices))}")
        return value


def _fmt(number: float | None) -> str:
    return "" if number is None else f"{number:g}"


SETTINGS: dict[str, Setting] = {}


def declare(setting: Setting) -> Setting:
    if setting.key in SETTINGS and SETTINGS[setting.key] != setting:
        raise ValueError(f"setting {setting.key} declared twice, differently")
    setting.validate(setting.default)
    SETTINGS[setting.key] = setting
    return setting


def default_recording_folder() -> str:
    return str(platformdirs.user_videos_path() / "Live Shopping Studio")


for _setting in (
    Setting("canvas.size", str, defaults.DEFAULT_SIZE, "Canvas size",
            choices=("1280x720", "1920x1080", "854x480", "720x1280", "1080x1920")),
    Setting("canvas.fps", int, defaults.DEFAULT_FPS, "Frames per second", choices=(24, 25, 30, 50, 60)),
    Setting("encoder.video_bitrate_kbps", int, defaults.DEFAULT_VIDEO_BITRATE_KBPS, "Video bitrate (kbit/s)",
            *defaults.VIDEO_BITRATE_RANGE_KBPS),
    Setting("encoder.audio_bitrate_kbps", int, defaults.DEFAULT_AUDIO_BITRATE_KBPS, "Audio bitrate (kbit/s)",
            *defaults.AUDIO_BITRATE_RANGE_KBPS),
    Setting("encoder.preset", str, defaults.DEFAULT_X264_PRESET, "Encoder preset (x264)",
            choices=defaults.X264_PRESETS),
    Setting("encoder.keyframe_interval_s", float, defaults.DEFAULT_KEYFRAME_INTERVAL_S,
            "Keyframe interval (s)", *defaults.KEYFRAME_INTERVAL_RANGE_S),
    Setting("recording.folder", str, default_recording_folder(), "Recording folder", is_folder=True),
    # By name, as `studio devices` lists them (the setup wizard picks them); empty: the test card, a tone.
    Setting("sources.camera", str, "", "Camera (by name; empty: the test card)"),
    Setting("sources.microphone", str, "", "Microphone (by name; empty: a test tone)"),
    # off by default: the default output is often the room's speakers, and the program played there feeds back
    Setting("sources.monitor", str, "", "Headphones monitor (a PulseAudio sink by name, or default; empty: off)"),
    Setting("recording.format", str, "mkv", "Recording format", choices=("mkv", "mp4")),
    # the URL `studio relay config` printed (its secret stays in the key store); empty: send to each platform
    Setting("streaming.relay_url", str, "", "Relay URL (empty: send directly)"),
    Setting("ui.theme", str, "dark", "Theme", choices=("dark", "light")),
    Setting("ui.locale", str, "system", "Language and number format",
            choices=("system", "en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL")),
    # The store (docs/store.md): served by the gateway process beside the control API.
    Setting("store.port", int, 4461, "Store page port (now featured, orders in; 0 picks a free one)", 0, 65535),
    Setting("store.webhook_first_retry_s", float, 1.0, "Webhook first retry after (s)", 0.05, 600),
    Setting("store.webhook_backoff_cap_s", float, 300.0, "Webhook retry interval at most (s)", 0.1, 3600),
    Setting("store.webhook_give_up_after_h", float, 72.0, "Webhook event given up after (h)", 0.01, 720),
    Setting("store.order_max_age_s", float, 300.0, "Order deliveries older than this are refused (s)", 10, 86400),
    # The shop's currency: catalogs imported from the console that name none are priced in it (CSV rows,
    # storefronts), and the console shows a price with no currency of its own in it.
    Setting("store.currency", str, "USD", "Shop currency (ISO 4217)", choices=tuple(sorted(CURRENCY_MINOR_UNITS))),
):
    declare(_setting)


def config_dir() -> Path:
    override = os.environ.get(CONFIG_DIR_ENV)
    return Path(override) if override else platformdirs.user_config_path(APP_NAME, appauthor=False)


def settings_path() -> Path:
    return config_dir() / FILE_NAME


def upgrade(values: dict[str, Any], from_version: int,
            upgrades: Mapping[int, Upgrade] = UPGRADES, to_version: int = CURRENT_VERSION) -> dict[str, Any]:
    """Runs every upgrade from `from_version` up to `to_version`, in order."""
    for version in range(from_version, to_version):
        step = upgrades.get(version)
        if step is not None:
            values = step(dict(values))
    return values


class SettingsStore:
    """The values of every declared setting, loaded from and saved to one JSON file."""

    def __init__(self, path: Path | None = None, *, version: int = CURRENT_VERSION,
                 upgrades: Mapping[int, Upgrade] = UPGRADES):
        self.path = path or settings_path()
        self._version = version
        self._upgrades = upgrades
        self._values: dict[str, Any] = {}
        self._unknown: dict[str, Any] = {}   # kept as they were, written back on save
        self.warnings: list[str] = []

    def load(self) -> list[str]:
        """Reads the file (missing: all defaults); returns the warnings, also kept in .warnings."""
        self.warnings = []
        self._values = {}
        self._unknown = {}
        raw = self._read_raw()
        for key, value in raw.items():
            setting = SETTINGS.get(key)
            if setting is None:
                self._unknown[key] = value     # a setting of another studio version: left alone
                continue
            try:
                self._values[key] = setting.validate(value)
            except UserInputError as error:
                self.warnings.append(f"{self.path}: {error}; using the default {setting.default!r}")
        return self.warnings

    def _read_raw(self) -> dict[str, Any]:
        if not self.path.exists():
            return {}
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
            version = int(document.get("version", 1))
            values = dict(document["values"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            self.warnings.append(f"{self.path}: unreadable ({type(error).__name__}); using the defaults")
            return {}
        if version > self._version:
            self.warnings.append(f"{self.path}: written by a newer studio (version {version}); "
                                 "settings it does not know are kept")
        elif version < self._version:
            backup = self.path.with_name(f"{self.path.name}.v{version}.bak")
            shutil.copy2(self.path, backup)
            values = upgrade(values, version, self._upgrades, self._version)
        return values

    def get(self, key: str) -> Any:
        return self._values.get(key, SETTINGS[key].default)

    def set(self, key: str, value: Any) -> None:
        setting = SETTINGS.get(key)
        if setting is None:
            raise UserInputError(f"setting {key}: unknown; choose one of {', '.join(SETTINGS)}")
        self._values[key] = setting.validate(value)

    def values(self) -> dict[str, Any]:
        return {key: self.get(key) for key in SETTINGS}

    def save(self) -> None:
        """Atomic: a temporary file beside the real one, then renamed over it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        document = {"version": self._version, "values": {**self._unknown, **self.values()}}
        partial = self.path.with_name(self.path.name + ".partial")
        partial.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        partial.replace(self.path)
