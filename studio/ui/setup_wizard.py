"""The first-run wizard (and Settings > Setup wizard…): devices, encoder, destinations, bandwidth, language, currency.

Like OBS's auto-configuration: it finds the cameras and microphones by name and shows the one chosen
live (studio/ui/wizard_devices.py), tests which size and
x264 preset this machine sustains (studio/first_run/encoder_test.py), adds destinations from the
platform presets with their keys (into the key store, through `studio destination add --key-stdin`:
the key never touches argv), tests what the uplink carries to each (studio/first_run/bandwidth.py)
and recommends a bitrate and, when the destinations together need more, the relay. Every test runs
as a `studio` child process on a worker thread: the window never waits on one.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import QLocale, QObject, Signal
from PySide6.QtWidgets import (QComboBox, QFormLayout, QLabel, QLineEdit, QListWidget, QPlainTextEdit,
                               QPushButton, QVBoxLayout, QWidget, QWizard, QWizardPage)

from studio.child_processes import studio_command
from studio.core.graphics.formatting import currency_symbol, format_money
from studio.core.settings import SETTINGS, SettingsStore
from studio.first_run.bandwidth import BandwidthResult, Recommendation, bandwidth_test_url, recommend, run_bandwidth_test
from studio.first_run.encoder_test import EncoderRun, pick_encoder
from studio.ui.background_call import BackgroundCall
from studio.ui.locale_format import SYSTEM, locale_for
from studio.ui.wizard_devices import DevicesPage

DEFAULT_TEST_KBPS = 6000


def _studio_json(*arguments: str) -> object:
    result = subprocess.run(studio_command(*arguments), capture_output=True, text=True, timeout=120,
                            stdin=subprocess.DEVNULL)
    return json.loads(result.stdout or "null")


class EncoderPage(QWizardPage):
    def __init__(self, settings: SettingsStore, pick: Callable[..., EncoderRun | None]):
        super().__init__()
        self.setTitle("Encoder test")
        self.setSubTitle("Encodes a few seconds per size, largest first, and keeps the first one this computer "
                         "sustains with at most 1 % of frames skipped.")
        self.settings, self._pick = settings, pick
        self.start = QPushButton("Test the encoder")
        self.start.setObjectName("wizard_encoder_test")
        self.log = QPlainTextEdit(readOnly=True)
        self.result = QLabel("Not tested yet: the current settings stay.")
        layout = QVBoxLayout(self)
        for widget in (self.start, self.log, self.result):
            layout.addWidget(widget)
        self._background = BackgroundCall()
        self._background.done.connect(self._finished)
        self._progress = _Progress()
        self._progress.line.connect(self.log.appendPlainText)
        self.start.clicked.connect(self.run_test)
        self.chosen: EncoderRun | None = None

    def run_test(self) -> None:
        self.start.setEnabled(False)
        self.log.clear()
        report = lambda run: self._progress.line.emit(  # noqa: E731
            f"{run.size} {run.preset}: {run.frames_skipped} of {run.frames_encoded + run.frames_skipped} frames "
            f"skipped ({run.skipped_share:.1%})" + (f", {run.error}" if run.error else ""))
        self._background.run(lambda: self._pick(on_run=report))

    def _finished(self, chosen: EncoderRun | None, error) -> None:
        self.start.setEnabled(True)
        self.chosen = chosen
        if chosen is None:
            self.result.setText(f"No size was sustained{f': {error}' if error else ''}; the current settings stay.")
            return
        self.settings.set("canvas.size", chosen.size)
        self.settings.set("encoder.preset", chosen.preset)
        self.result.setText(f"Chosen: {chosen.size}, x264 preset {chosen.preset}.")


class _Progress(QObject):
    line = Signal(str)


class DestinationsPage(QWizardPage):
    def __init__(self, list_presets: Callable[[], list], add_destination: Callable[[str, str, str], str | None]):
        super().__init__()
        self.setTitle("Destinations")
        self.setSubTitle("Where the show goes. The stream key goes into the key store, never into a file or a log.")
        self.preset, self.name, self.key = QComboBox(), QLineEdit(), QLineEdit()
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.add = QPushButton("Add")
        self.added = QListWidget()
        self.message = QLabel()
        form = QFormLayout(self)
        form.addRow("Platform", self.preset)
        form.addRow("Name", self.name)
        form.addRow("Stream key", self.key)
        form.addRow("", self.add)
        form.addRow("Added", self.added)
        form.addRow("", self.message)
        self._list_presets, self._add_destination = list_presets, add_destination
        self.destinations: list[dict] = []      # name, preset, url (with the key: kept in memory for the test)
        self.add.clicked.connect(self.add_current)

    def initializePage(self) -> None:
        if not self.preset.count():
            for preset in self._list_presets() or []:
                if preset.get("default_url"):
                    self.preset.addItem(preset["name"], preset)

    def add_current(self) -> None:
        preset, name, key = self.preset.currentData(), self.name.text().strip(), self.key.text().strip()
        if not preset or not name or not key:
            self.message.setText("A platform, a name and a stream key, please.")
            return
        error = self._add_destination(name, preset["preset"], key)
        if error:
            self.message.setText(error)
            return
        url = f"{preset['default_url'].rstrip('/')}/{key}"
        self.destinations.append({"name": name, "preset": preset["preset"], "url": url})
        self.added.addItem(f"{name} ({preset['name']})")
        self.name.clear()
        self.key.clear()
        self.message.setText("")


class BandwidthPage(QWizardPage):
    def __init__(self, settings: SettingsStore, destinations: DestinationsPage,
                 test: Callable[[str, str, int], BandwidthResult]):
        super().__init__()
        self.setTitle("Bandwidth test")
        self.setSubTitle("A short push to each destination measures what your uplink carries; the bitrate "
                         "recommended is about 70 % of what got through.")
        self.settings, self._destinations, self._test = settings, destinations, test
        self.start = QPushButton("Test the bandwidth")
        self.start.setObjectName("wizard_bandwidth_test")
        self.result = QPlainTextEdit(readOnly=True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.start)
        layout.addWidget(self.result)
        self._background = BackgroundCall()
        self._background.done.connect(self._finished)
        self.start.clicked.connect(self.run_test)
        self.recommendation: Recommendation | None = None

    def run_test(self) -> None:
        targets = list(self._destinations.destinations)
        if not targets:
            self.result.setPlainText("Add a destination first (previous page).")
            return
        self.start.setEnabled(False)
        self.result.setPlainText("Testing " + ", ".join(target["name"] for target in targets) + "...")
        self._background.run(lambda: recommend([self._test(target["name"], bandwidth_test_url(
            target["url"], target["preset"]), DEFAULT_TEST_KBPS) for target in targets]))

    def _finished(self, recommendation: Recommendation | None, error) -> None:
        self.start.setEnabled(True)
        self.recommendation = recommendation
        if recommendation is None or not recommendation.bitrates_kbps:
            self.result.setPlainText(f"The test failed{f': {error}' if error else ''}.")
            return
        low, high = SETTINGS["encoder.video_bitrate_kbps"].minimum, SETTINGS["encoder.video_bitrate_kbps"].maximum
        kbps = max(low, min(high, min(recommendation.bitrates_kbps.values())))
        self.settings.set("encoder.video_bitrate_kbps", kbps)
        self.result.setPlainText(recommendation.summary() + f"\n\nVideo bitrate set to {kbps} kb/s.")


class LanguagePage(QWizardPage):
    """`ui.locale` and `store.currency`, with a price as the console will show it in them."""

    def __init__(self, settings: SettingsStore):
        super().__init__()
        self.setTitle("Language and currency")
        self.setSubTitle("How the console shows prices, numbers and Qt's own dialogs, and the shop's currency: "
                         "catalogs that name none are priced in it (a product that names its own keeps it).")
        self.settings = settings
        self.locale, self.currency = QComboBox(), QComboBox()
        self.locale.setObjectName("wizard_locale")
        self.currency.setObjectName("wizard_currency")
        for choice in SETTINGS["ui.locale"].choices:
            self.locale.addItem(_language_name(choice), choice)
        for code in SETTINGS["store.currency"].choices:
            symbol = currency_symbol(code)
            self.currency.addItem(code if symbol == code else f"{code} ({symbol})", code)
        self.sample = QLabel()
        self.sample.setObjectName("wizard_price_sample")
        form = QFormLayout(self)
        form.addRow("Language", self.locale)
        form.addRow("Currency", self.currency)
        form.addRow("A price reads", self.sample)
        for combo, key in ((self.locale, "ui.locale"), (self.currency, "store.currency")):
            combo.setCurrentIndex(max(0, combo.findData(settings.get(key))))
            combo.currentIndexChanged.connect(lambda _i, combo=combo, key=key: self._chosen(key, combo.currentData()))
        self._show_sample()

    def _chosen(self, key: str, value: str) -> None:
        self.settings.set(key, value)
        self._show_sample()

    def _show_sample(self) -> None:
        locale = locale_for(self.settings.get("ui.locale"))
        self.sample.setText(format_money(Decimal("1299"), self.settings.get("store.currency"), locale))


def _language_name(locale_name: str) -> str:
    """`Deutsch (Deutschland), de_DE`: the language in its own words, then the setting's value."""
    if locale_name == SYSTEM:
        return f"The desktop's ({locale_for(SYSTEM).name()})"
    locale = QLocale(locale_name)
    return f"{locale.nativeLanguageName()} ({locale.nativeTerritoryName()}), {locale_name}"


def add_destination(name: str, preset: str, key: str) -> str | None:
    """`studio destination add NAME --preset PRESET --key-stdin`; the error line, or None."""
    result = subprocess.run(studio_command("destination", "add", name, "--preset", preset, "--key-stdin"),
                            input=key + "\n", capture_output=True, text=True, timeout=120)
    return None if result.returncode == 0 else (result.stderr.strip().splitlines() or ["failed"])[-1]


class SetupWizard(QWizard):
    """Saves the settings it changed when finished; cancelled, nothing changes (destinations added stay)."""

    def __init__(self, settings: SettingsStore, parent: QWidget | None = None, *,
                 list_devices: Callable[[], dict] = lambda: _studio_json("devices", "--json"),
                 pick: Callable[..., EncoderRun | None] = pick_encoder,
                 list_presets: Callable[[], list] = lambda: _studio_json("destination", "presets", "--json"),
                 add: Callable[[str, str, str], str | None] = add_destination,
                 test: Callable[[str, str, int], BandwidthResult] = run_bandwidth_test):
        super().__init__(parent)
        self.setObjectName("setup_wizard")
        self.setWindowTitle("Set up Live Shopping Studio")
        self.settings = settings
        self.devices = DevicesPage(settings, list_devices)
        self.encoder = EncoderPage(settings, pick)
        self.destinations = DestinationsPage(list_presets, add)
        self.bandwidth = BandwidthPage(settings, self.destinations, test)
        self.language = LanguagePage(settings)
        for page in (self.devices, self.encoder, self.destinations, self.bandwidth, self.language):
            self.addPage(page)
        self.accepted.connect(settings.save)
        self.rejected.connect(settings.load)
        # The previews hold the devices only while their page is in sight.
        self.currentIdChanged.connect(lambda _id: self.devices.set_previewing(self.currentPage() is self.devices))

    def done(self, result: int) -> None:
        self.devices.set_previewing(False)
        super().done(result)
