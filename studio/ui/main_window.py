"""The producer console: studio-mode monitors in the middle, panels in docks around them.

Actions: every live action is one QAction, made here from studio/ui/actions.py
and reached by its id (`window.action("take")`); the buttons, the menus and the
hotkeys (studio/ui/hotkeys.py) all trigger these QActions. `ACTION_HANDLERS` below
is the one place that says what each id does. Docks all have objectNames, so the
saved layout is restored by name; "Reset layout" brings back the default.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QToolBar, QWidget

from studio.core.frames import FrameReader
from studio.core.settings import SettingsStore, config_dir
from studio.ui.actions import COUNTDOWN_PRESETS_S, LIVE_ACTIONS
from studio.ui.asrun_panel import AsRunPanel
from studio.ui.catalog_panel import CatalogPanel
from studio.ui.destinations_panel import DestinationsPanel
from studio.ui.cheat_sheet import CheatSheetDialog
from studio.ui.graphics_panel import TOGGLES, GraphicsPanel
from studio.ui.host_app import launch_host_view_process
from studio.ui.hotkey_binding import apply_hotkeys
from studio.ui.hotkeys import load_bindings
from studio.ui.icons import icon
from studio.ui.layout_state import LayoutState
from studio.ui.locale_format import apply_locale
from studio.ui.live_controls import LiveControls
from studio.ui.rundown_panel import RundownPanel
from studio.ui.settings_dialog import SettingsDialog
from studio.ui.show_state import ShowState
from studio.ui.sources_panel import SourcesPanel
from studio.ui.stats_bar import StatsBar
from studio.ui.talking_points_editor import TalkingPointsEditor
from studio.ui.studio_monitors import StudioMonitors
from studio.wire import commands

LAYOUT_FILE = "window-layout.json"


class MainWindow(QMainWindow):
    def __init__(self, state: ShowState, settings: SettingsStore, *, db_path: str | None = None,
                 reader_factory: Callable[[str], FrameReader] = FrameReader, layout_path: Path | None = None):
        super().__init__()
        apply_locale(QApplication.instance(), settings.get("ui.locale"))   # before any number is shown
        self.setObjectName("producer_console")
        self.setWindowTitle("Live Shopping Studio")
        self.state = state
        self.settings = settings
        self.actions_by_id: dict[str, QAction] = {}
        for spec in LIVE_ACTIONS:
            action = QAction(spec.label, self)
            if spec.icon:
                action.setIcon(icon(spec.icon))
            action.setObjectName(spec.id)
            action.setToolTip(spec.tip)
            action.setCheckable(spec.checkable)
            action.triggered.connect(lambda _checked=False, action_id=spec.id: self.run_action(action_id))
            self.addAction(action)         # window-wide, so a hotkey works whatever has focus
            self.actions_by_id[spec.id] = action
        self.apply_hotkeys()
        self.host_views: list = []           # `studio host` processes this window started

        self.monitors = StudioMonitors(state, self.actions_by_id, reader_factory)
        self.setCentralWidget(self.monitors)
        self.live_controls = LiveControls(state, self.actions_by_id)
        self.rundown = RundownPanel(state)
        self.catalog = CatalogPanel(state)
        self.graphics = GraphicsPanel(state, self.actions_by_id)
        self.destinations = DestinationsPanel(state, db_path)
        self.sources = SourcesPanel(state)
        self.as_run = AsRunPanel(state)
        self.talking_points = TalkingPointsEditor(state.link.call)
        self.docks: dict[str, QDockWidget] = {}
        left, right, bottom = (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea,
                               Qt.DockWidgetArea.BottomDockWidgetArea)
        self.add_dock("rundown", "Rundown", self.rundown, left)
        self.add_dock("catalog", "Catalog", self.catalog, bottom)
        self.add_dock("destinations", "Destinations", self.destinations, bottom)
        self.add_dock("graphics", "Graphics", self.graphics, right)
        self.add_dock("sources", "Sources", self.sources, right)
        self.add_dock("as_run", "As-run log", self.as_run, left)
        self.add_dock("talking_points", "Talking points", self.talking_points, left)
        self.tabifyDockWidget(self.docks["graphics"], self.docks["sources"])
        self.tabifyDockWidget(self.docks["catalog"], self.docks["destinations"])
        self.tabifyDockWidget(self.docks["rundown"], self.docks["as_run"])
        self.tabifyDockWidget(self.docks["rundown"], self.docks["talking_points"])
        for name in ("graphics", "catalog", "rundown"):
            self.docks[name].raise_()
        self.resizeDocks([self.docks["rundown"], self.docks["graphics"]], [360, 340], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["catalog"]], [250], Qt.Orientation.Vertical)
        self.toolbar = self._make_toolbar()
        self._make_menus()
        self.setStatusBar(StatsBar(state, Path(settings.get("recording.folder"))))
        self.resize(1366, 768)
        self.layout_state = LayoutState(self, layout_path or config_dir() / LAYOUT_FILE)
        self.layout_state.restore()
        state.changed.connect(self._show_title)
        state.changed.connect(lambda part: part == "segments" and self.talking_points.set_segments(
            self.state.state.get("segments") or []))
        if self._hotkey_warnings:
            self.statusBar().showMessage(self._hotkey_warnings[0], 15_000)

    def apply_hotkeys(self) -> None:
        """The user's hotkeys (studio/ui/hotkeys.py) on the actions; again after Settings saved them."""
        self.bindings, self._hotkey_warnings = load_bindings(self.settings)
        apply_hotkeys(self.actions_by_id, self.bindings)

    def _show_title(self, part: str) -> None:
        if part == "show":
            show = self.state.state.get("show") or {}
            name = show.get("title") or show.get("name")
            self.setWindowTitle(f"{name} – Live Shopping Studio" if name else "Live Shopping Studio")

    # --- the place for actions ---------------------------------------------------------
    def action(self, action_id: str) -> QAction:
        return self.actions_by_id[action_id]

    def run_action(self, action_id: str) -> None:
        """What each live action does (one entry per id of studio/ui/actions.py)."""
        link = self.state.link
        if action_id in ("take", "fade"):
            transition = {"transitionName": "Cut" if action_id == "take" else "Fade"}
            link.request("SetCurrentSceneTransition", transition)
            if action_id == "fade":
                link.request("SetCurrentSceneTransitionDuration",
                             {"transitionDuration": self.monitors.fade_ms.value()})
            link.request("TriggerStudioModeTransition")
        elif action_id == "cue_next_segment":          # Preview only, as OBS's studio mode
            link.call(commands.CueNextSegment())
        elif action_id == "cue_previous_segment":
            link.call(commands.CuePreviousSegment())
        elif action_id == "take_next_segment":         # to air
            link.call(commands.TakeNextSegment())
        elif action_id == "take_previous_segment":
            link.call(commands.TakePreviousSegment())
        elif action_id == "preview_next_product":
            self._preview_next_product()
        elif action_id == "go_live":
            self.live_controls.toggle_live()
        elif action_id == "stop_live":
            if self.state.state.get("live"):
                self.live_controls.toggle_live()       # asks first, as the Go Live button does
        elif action_id == "mute":
            link.call(commands.SetMute(muted=not (self.state.state.get("sources") or {}).get("muted", False)))
        elif action_id in ("teleprompter_faster", "teleprompter_slower", "teleprompter_pause"):
            # to every host view, wherever it runs: obs-websocket's client-to-client event
            link.request("BroadcastCustomEvent", {"eventData": {"studio": "teleprompter", "action": action_id}})
        elif action_id == "host_view":
            self.host_views.append(launch_host_view_process())
        elif action_id == "cheat_sheet":
            CheatSheetDialog(self.bindings, self, where="window").open()
        elif action_id == "record":
            self.live_controls.toggle_record()
        elif action_id in TOGGLES:
            self.graphics.toggle(action_id)
        elif action_id in COUNTDOWN_PRESETS_S:
            self.graphics.start_countdown(COUNTDOWN_PRESETS_S[action_id])
        elif action_id == "countdown_stop":
            link.call(commands.CancelCountdown())
        elif action_id == "settings":
            if SettingsDialog(self.settings, self).exec():
                self.apply_hotkeys()
        elif action_id == "reset_layout":
            self.layout_state.reset()

    def _preview_next_product(self) -> None:
        """The product of the segment after the one on air (or in preview) goes to Preview."""
        state = self.state.state
        segments = state.get("segments") or []
        index = state.get("preview_index")
        index = index if index is not None else state.get("segment_index", -1) + 1
        for segment in segments[max(0, index):]:
            if segment.get("sku"):
                self.state.link.call(commands.PreviewProduct(sku=segment["sku"]))
                return
        self.statusBar().showMessage("No product further down the rundown", 5000)

    def add_toolbar_action(self, action: QAction) -> None:
        """For features that bring their own action (the host view's button)."""
        self.toolbar.addAction(action)

    # --- building ----------------------------------------------------------------------
    def add_dock(self, object_name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{object_name}")
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)   # core docks never close
        self.addDockWidget(area, dock)
        self.docks[object_name] = dock
        return dock

    def _make_toolbar(self) -> QToolBar:
        toolbar = QToolBar("Show", self)
        toolbar.setObjectName("toolbar_show")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addWidget(self.live_controls)
        toolbar.addSeparator()
        toolbar.addAction(self.action("cue_next_segment"))
        toolbar.addAction(self.action("take_next_segment"))
        toolbar.addSeparator()
        toolbar.addAction(self.action("host_view"))
        toolbar.addAction(self.action("settings"))
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        return toolbar

    def _make_menus(self) -> None:
        menus = {"Show": ("go_live", "stop_live", "record", "take", "fade", "cue_next_segment",
                          "cue_previous_segment", "preview_next_product", "take_next_segment",
                          "take_previous_segment", "mute"),
                 "Graphics": (*TOGGLES, *COUNTDOWN_PRESETS_S, "countdown_stop"),
                 "Host": ("host_view", "teleprompter_faster", "teleprompter_slower", "teleprompter_pause"),
                 "View": ("reset_layout", "settings", "cheat_sheet")}
        for title, ids in menus.items():
            menu = self.menuBar().addMenu(title)
            for action_id in ids:
                menu.addAction(self.action(action_id))

    def closeEvent(self, event) -> None:
        self.layout_state.save()
        self.monitors.stop()
        self.state.stop()
        super().closeEvent(event)
