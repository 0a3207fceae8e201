"""The producer console: studio-mode monitors in the middle, panels in docks around them.

Actions: every live action is one QAction, made here from studio/ui/actions.py
and reached by its id (`window.action("take")`); the buttons, the menus and the
hotkeys (studio/ui/hotkeys.py) all trigger these QActions. `ACTION_HANDLERS` below
is the one place that says what each id does. Docks all have objectNames, so the
saved layout is restored by name; "Reset layout" brings back the default.

The default layout gives the monitors the middle (at least 60 % of the width at
1366x768 and 1920x1080): the rundown, as-run log and talking points tabbed on the
left, catalog/destinations, graphics/sources and audio side by side at the bottom. The middle is the
studio-mode monitors or, from View > Multiview, the multiview (studio/ui/multiview.py), saved with the layout.
Tab follows the layout (studio/ui/focus_order.py).

Closing: a window that started its engine stops it (asking first while live or
recording: stop the show, or keep it on air without a window); a window attached
to an engine started elsewhere leaves it running, and says so when it attaches.
The decision is `stop_engine_on_close`, which studio/ui/app.py carries out.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import subprocess
import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import (
    QApplication, QDockWidget, QFrame, QMainWindow, QMessageBox, QScrollArea, QToolBar, QWidget,
)

from studio.core.frames import FrameReader
from studio.core.settings import SettingsStore, config_dir
from studio.ui.actions import COUNTDOWN_PRESETS_S, LIVE_ACTIONS
from studio.ui.asrun_panel import AsRunPanel
from studio.ui.audio_panel import AudioPanel
from studio.ui.comments_panel import CommentsPanel
from studio.ui.catalog_panel import CatalogPanel
from studio.ui.destinations_panel import DestinationsPanel
from studio.ui.feedback import in_app
from studio.ui.focus_order import follow_the_layout, layout_groups, next_shown
from studio.ui.cheat_sheet import CheatSheetDialog
from studio.ui.graphics_panel import TOGGLES, GraphicsPanel
from studio.ui.host_app import launch_host_view_process
from studio.ui.hotkey_binding import apply_hotkeys
from studio.ui.hotkeys import load_bindings
from studio.ui.icons import icon
from studio.ui.layout_state import LayoutState
from studio.ui.locale_format import apply_locale
from studio.ui.multiview import CentralViews, Multiview
from studio.ui.live_controls import LiveControls, tell
from studio.ui.rundown_panel import RundownPanel
from studio.ui.sales_report import SalesReport
from studio.ui.settings_dialog import SettingsDialog
from studio.ui.show_menu import ShowMenu
from studio.ui.show_state import ShowState
from studio.ui.sources_panel import SourcesPanel
from studio.ui.stats_bar import StatsBar
from studio.ui.talking_points_editor import TalkingPointsEditor
from studio.ui.studio_monitors import StudioMonitors
from studio.wire import commands

LAYOUT_FILE = "window-layout.json"
LEFT_DOCK_W = 330
BOTTOM_DOCK_H = 300


def ask_before_closing(parent: QWidget, doing: str) -> str:
    """'stop' (the show and the engine), 'keep' (on air without a window) or 'cancel'."""
    box = QMessageBox(QMessageBox.Icon.Question, "Close the console?",
                      f"The show is {doing}. This window started the engine.", parent=parent)
    box.setInformativeText("Stop the show and the engine, or keep the show going without a window "
                           "(run studio again to take it back)?")
    stop = box.addButton("Stop the show", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("Keep it on air", QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    return {stop: "stop", keep: "keep"}.get(box.clickedButton(), "cancel")


def open_folder(path: Path) -> None:
    """The folder in the desktop's file manager."""
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))) and sys.platform.startswith("linux"):
        subprocess.Popen(["xdg-open", str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


class MainWindow(QMainWindow):
    def __init__(self, state: ShowState, settings: SettingsStore, *, db_path: str | None = None,
                 reader_factory: Callable[[str], FrameReader] = FrameReader, layout_path: Path | None = None,
                 owns_engine: bool = False):
        super().__init__()
        self.owns_engine = owns_engine          # this window started the engine: it stops it on close
        self.stop_engine_on_close = False
        self.ask_before_closing = ask_before_closing     # replaced in tests
        self.open_folder = open_folder
        # before any number is shown
        apply_locale(QApplication.instance(), settings.get("ui.locale"), settings.get("store.currency"))
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
        self.multiview = Multiview(state, reader_factory)
        self.views = CentralViews(self.monitors, self.multiview)
        self.setCentralWidget(self.views)
        self.live_controls = LiveControls(state, self.actions_by_id)
        self.rundown = RundownPanel(state)
        self.catalog = CatalogPanel(state)
        self.graphics = GraphicsPanel(state, self.actions_by_id)
        self.destinations = DestinationsPanel(state, db_path)
        self.sources = SourcesPanel(state)
        self.audio = AudioPanel(state, self.actions_by_id)
        self.as_run = AsRunPanel(state)
        self.talking_points = TalkingPointsEditor(state.link.call)
        self.docks: dict[str, QDockWidget] = {}
        left, bottom = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea
        self.setDockNestingEnabled(True)
        self.add_dock("rundown", "Rundown", self.rundown, left)
        self.add_dock("catalog", "Catalog", self.catalog, bottom)
        self.add_dock("destinations", "Destinations", self.destinations, bottom)
        self.add_dock("graphics", "Graphics", _scrolling(self.graphics), bottom)
        self.add_dock("sources", "Sources", _scrolling(self.sources), bottom)
        self.add_dock("audio", "Audio", self.audio, bottom)
        self.add_dock("as_run", "As-run log", self.as_run, left)
        self.comments = CommentsPanel(state)
        self.add_dock("comments", "Comments", self.comments, left)
        self.add_dock("talking_points", "Talking points", self.talking_points, left)
        self.splitDockWidget(self.docks["catalog"], self.docks["graphics"], Qt.Orientation.Horizontal)
        self.splitDockWidget(self.docks["graphics"], self.docks["audio"], Qt.Orientation.Horizontal)
        self.tabifyDockWidget(self.docks["graphics"], self.docks["sources"])
        self.tabifyDockWidget(self.docks["catalog"], self.docks["destinations"])
        self.tabifyDockWidget(self.docks["rundown"], self.docks["as_run"])
        self.tabifyDockWidget(self.docks["rundown"], self.docks["talking_points"])
        self.tabifyDockWidget(self.docks["rundown"], self.docks["comments"])
        for name in ("graphics", "catalog", "rundown"):
            self.docks[name].raise_()
        self.toolbar = self._make_toolbar()
        self._make_menus()
        self.show_menu = ShowMenu(self, state, lambda text, outcome: self.feedback.report(text, outcome), db_path,
                                  shop_currency=lambda: settings.get("store.currency"))
        self.show_menu.install(self.menu_bar_menus["Show"])
        self.rundown.empty_state.import_requested.connect(self.show_menu.actions["catalog_import"].trigger)
        self.rundown.empty_state.add_requested.connect(self._add_selected_product)
        self.setStatusBar(StatsBar(state, Path(settings.get("recording.folder"))))
        self.feedback = self.statusBar().feedback
        self.destinations.reported.connect(self.feedback.report)
        self.sales_report = SalesReport(self, state, self.feedback, db_path)
        self.live_controls.report = self._report_refusal
        state.link.event_received.connect(self._on_event)
        state.link.connected.connect(self._say_whose_engine)
        # the minimum the layout worked out while the window was being built is stale (with the dark theme it
        # kept the window 823 px tall on a 768 px screen, the status bar below the edge): worked out again
        self.layout().invalidate()
        self.layout().activate()
        self.resize(1366, 768)
        self.default_dock_sizes()
        self.layout_state = LayoutState(self, layout_path or config_dir() / LAYOUT_FILE)
        self.first_layout = not self.layout_state.restore()      # nothing saved (or unusable): the default
        self.layout_state.current_view = lambda: "multiview" if self.views.multiview_shown else "studio"
        if self.layout_state.saved_view == "multiview":
            self.action("multiview").setChecked(True)
            self.views.show_multiview(True)
        self._sizes_pending = self.first_layout                   # its sizes, once shown
        state.changed.connect(self._show_title)
        state.changed.connect(lambda part: part == "segments" and self.talking_points.set_segments(
            self.state.state.get("segments") or []))
        if self._hotkey_warnings:
            self.feedback.report(self._hotkey_warnings[0], "warning")

    # --- feedback ----------------------------------------------------------------------
    def _report_refusal(self, parent: QWidget, title: str, text: str) -> None:
        """Go Live, Stop or Record refused: in the feedback area (and its history), and in a dialog."""
        text = in_app(text)
        self.feedback.report(f"{title}: {text}", "error")
        tell(parent, title, text)

    def _on_event(self, event_type: str, data: dict) -> None:
        if event_type == "RecordStateChanged":
            path = Path(data.get("outputPath") or "")
            if data.get("outputActive"):
                self.feedback.report(f"Recording to {path.name}", "success")
            elif data.get("outputState") == "OBS_WEBSOCKET_OUTPUT_STOPPED" and data.get("outputPath"):
                self.feedback.report(f"Recording saved: {path}", "success",
                                     action=("Open folder", lambda: self.open_folder(path.parent)),
                                     timeout_ms=30_000)
        elif event_type == "StreamStateChanged":
            live = data.get("outputActive")
            self.feedback.report("Live: the show is on air" if live else "Stopped streaming: off air",
                                 "success" if live else "info")

    def _say_whose_engine(self) -> None:
        if self.owns_engine:
            self.feedback.report("Engine started by this window: closing the window stops it", "info")
        else:
            self.feedback.report("Attached to an engine started elsewhere: it keeps running when this window "
                                 "closes", "info", timeout_ms=15_000)
            self.statusBar().connection.setToolTip("This engine was started elsewhere (another window, "
                                                   "`studio engine`): closing this window leaves it running")

    def default_dock_sizes(self) -> None:
        """The monitors get the middle: the left column and the bottom row at fixed sizes, the rest is theirs."""
        self.resizeDocks([self.docks["rundown"]], [LEFT_DOCK_W], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["catalog"], self.docks["graphics"], self.docks["audio"]],
                         [self.width() * 44 // 100, self.width() * 31 // 100, self.width() * 25 // 100],   # a mixer
                         Qt.Orientation.Horizontal)
        # the bottom row takes what two monitors side by side (with the clock and captions) leave, at least 300 px
        monitor_w = (self.width() - LEFT_DOCK_W - 160) // 2
        central_h = monitor_w * 9 // 16 + 120
        chrome_h = sum(bar.sizeHint().height() for bar in (self.menuBar(), self.toolbar, self.statusBar())) + 40
        self.resizeDocks([self.docks["catalog"]], [max(BOTTOM_DOCK_H, self.height() - chrome_h - central_h)],
                         Qt.Orientation.Vertical)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._sizes_pending:
            self._sizes_pending = False
            self.default_dock_sizes()
        self.follow_focus_order()

    def focusNextPrevChild(self, forward: bool) -> bool:   # noqa: N802 - Qt's name: Tab, never into a hidden tab
        return next_shown(super().focusNextPrevChild, forward)

    def follow_focus_order(self) -> list[QWidget]:
        """Tab in the order the window reads (studio/ui/focus_order.py)."""
        return follow_the_layout(self, layout_groups(self, [self.menuBar(), self.toolbar], [self.statusBar()]))

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
        elif action_id == "feature_newest_question":
            self.comments.feature_newest_question()
        elif action_id == "clear_comment":
            link.call(commands.ClearComment())
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
        elif action_id == "sales_report":
            self.sales_report.run()
        elif action_id == "reset_layout":
            self.layout_state.reset()
            self.default_dock_sizes()
            self.action("multiview").setChecked(False)
            self.views.show_multiview(False)
            self.follow_focus_order()
        elif action_id == "multiview":
            self.views.show_multiview(self.action("multiview").isChecked())
        elif action_id == "tbar":
            self.views.show_multiview(False)
            self.action("multiview").setChecked(False)
            self.monitors.tbar.setFocus(Qt.FocusReason.ShortcutFocusReason)

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
        self.feedback.report("No product further down the rundown: drag one from the Catalog into the Rundown",
                             "warning")

    def _add_selected_product(self) -> None:
        """The empty show's second step: the product selected in the Catalog, else the Catalog in front."""
        if not self.catalog.add_selected_to_rundown():
            self.docks["catalog"].raise_()
            self.catalog.view.setFocus()

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

    def _steady_toolbar(self) -> None:
        """Buttons sized for their longest label (Go Live / Stop Live), so nothing moves when one changes."""
        for button, labels in ((self.live_controls.live_button, ("Go Live", "Stop Live")),
                               (self.live_controls.record_button, ("Record", "Stop Recording"))):
            button.ensurePolished()           # the theme's padding and font are in the size
            metrics = button.fontMetrics()
            extra = button.sizeHint().width() - metrics.horizontalAdvance(button.text())
            button.setFixedWidth(extra + 2 + max(metrics.horizontalAdvance(label) for label in labels))
        for label in (self.live_controls.live_time, self.live_controls.record_time):
            label.setMinimumWidth(label.fontMetrics().horizontalAdvance("0:00:00") + 6)

    def _make_toolbar(self) -> QToolBar:
        self._steady_toolbar()
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
                          "take_previous_segment", "tbar", "mute", "sales_report"),
                 "Graphics": (*TOGGLES, *COUNTDOWN_PRESETS_S, "countdown_stop", "feature_newest_question",
                              "clear_comment"),
                 "Host": ("host_view", "teleprompter_faster", "teleprompter_slower", "teleprompter_pause"),
                 "View": ("multiview", "reset_layout", "settings", "cheat_sheet")}
        self.menu_bar_menus = {}
        for title, ids in menus.items():
            menu = self.menu_bar_menus[title] = self.menuBar().addMenu(title)
            for action_id in ids:
                menu.addAction(self.action(action_id))

    def closeEvent(self, event) -> None:
        live, recording = self.state.state.get("live"), self.state.state.get("recording")
        self.stop_engine_on_close = False
        if self.owns_engine:
            if live or recording:
                doing = "live" + (" and recording" if recording else "") if live else "recording"
                choice = self.ask_before_closing(self, doing)
                if choice == "cancel":
                    event.ignore()
                    return
                self.stop_engine_on_close = choice == "stop"
            else:
                self.stop_engine_on_close = True
        self.layout_state.save()
        self.monitors.stop()
        self.multiview.stop()
        self.state.stop()
        super().closeEvent(event)


def _scrolling(panel: QWidget) -> QScrollArea:
    """A panel taller than its dock scrolls instead of being squeezed (graphics at 1366x768)."""
    area = QScrollArea()
    area.setObjectName(f"scroll_{panel.objectName() or type(panel).__name__}")
    area.setWidget(panel)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area
