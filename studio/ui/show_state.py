"""The engine's state as the window knows it: the last GetShowState snapshot, kept current.

Events that carry all they change (StatsUpdated, CountdownChanged, GraphicsChanged,
RundownChanged, the product changes) are applied at once; the snapshot is also
re-read once a second (destination health changes continuously and only the
snapshot carries it) and after any event that changes something else. At most one
GetShowState is in flight, so a slow engine gets fewer reads, never a queue of them.
Panels connect to `changed(part)` and read `state`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from studio.ui.engine_link import EngineLink
from studio.wire import commands

PARTS = ("show", "segments", "program", "preview", "graphics", "countdown", "destinations",
         "live", "sources", "stats", "transition", "tbar", "frames", "canvases", "inputs")
# high-volume events that change no part of the snapshot (the meters read them themselves): no re-read
NOT_STATE = ("InputVolumeMeters",)
# event -> (snapshot key, event field) applied at once
COMMENT_EVENTS = ("CommentsReceived", "CommentModerated", "CommentSourceStatus")
DIRECT = {
    "GraphicsChanged": ("graphics", "graphics"),
    "CountdownChanged": ("countdown", "countdown"),
    "RundownChanged": ("segments", "segments"),
    "ProgramProductChanged": ("program", "product"),
    "PreviewProductChanged": ("preview", "product"),
}


class ShowState(QObject):
    changed = Signal(str)          # one of PARTS
    as_run = Signal(dict)          # an AsRunEntry event
    comments = Signal(str, dict)   # CommentsReceived, CommentModerated, CommentSourceStatus (docs/comments.md)
    error = Signal(str)            # a refused request, in the engine's words

    def __init__(self, link: EngineLink, parent: QObject | None = None):
        super().__init__(parent)
        self.link = link
        self.state: dict = {}
        self._reading = False
        self._again = False
        link.event_received.connect(self._on_event)
        link.connected.connect(self.refresh)
        link.request_failed.connect(lambda what, why: self.error.emit(why))
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()

    def refresh(self) -> None:
        if not self.link.is_connected:
            return
        if self._reading:
            self._again = True
            return
        self._reading = True
        self.link.call(commands.GetShowState(), on_done=self._snapshot_arrived)

    def _snapshot_arrived(self, snapshot: dict | None, error: str | None) -> None:
        self._reading = False
        if snapshot is not None:
            self.apply_snapshot(snapshot)
        if self._again:
            self._again = False
            self.refresh()

    def apply_snapshot(self, snapshot: dict) -> None:
        old, self.state = self.state, dict(snapshot)
        for part in PARTS:
            if part == "live":
                if (old.get("live"), old.get("recording"), old.get("on_air")) != \
                        (snapshot.get("live"), snapshot.get("recording"), snapshot.get("on_air")):
                    self.changed.emit("live")
            elif part == "segments":
                if old.get("segments") != snapshot.get("segments") or \
                        old.get("segment_index") != snapshot.get("segment_index") or \
                        old.get("show_time_s") != snapshot.get("show_time_s") or \
                        old.get("on_air") != snapshot.get("on_air"):
                    self.changed.emit("segments")
            elif part == "preview":     # the product, and which segment is cued (Take airs one of them)
                if any(old.get(key) != snapshot.get(key) for key in ("preview", "preview_index", "preview_kind")):
                    self.changed.emit("preview")
            elif old.get(part) != snapshot.get(part):
                self.changed.emit(part)

    def _on_event(self, event_type: str, data: dict) -> None:
        if event_type in DIRECT:
            key, field = DIRECT[event_type]
            self.state[key] = data.get(field)
            self.changed.emit(key)
        elif event_type == "StatsUpdated":
            self.state.setdefault("stats", {}).update(data)
            self.state["show_time_s"] = data.get("show_time_s", self.state.get("show_time_s"))
            if "air_time_s" in data:
                self.state["air_time_s"] = data["air_time_s"]
            self.changed.emit("stats")
            return
        elif event_type == "InputsChanged":      # the whole ListInputs answer: the inputs and the mixer's channels
            self.state["inputs"] = data
            self.changed.emit("inputs")
            return
        elif event_type == "AsRunEntry":
            self.as_run.emit(data)
            return
        elif event_type in NOT_STATE:
            return
        elif event_type in COMMENT_EVENTS:   # the audience's feed: no show state to read again
            self.comments.emit(event_type, data)
            return
        self.refresh()

    def stop(self) -> None:
        self._timer.stop()
