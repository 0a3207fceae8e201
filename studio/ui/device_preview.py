"""The wizard's side of a device preview: one child process per device shown, never a device in the window.

`DevicePreview.show(spec)` starts `studio.first_run.device_preview` for that source (stopping the one
before); a reader thread takes its JSON lines. Pictures go through shared memory to a FrameMonitor
(the console's monitor widget); levels are kept as the newest only, and the page pulls them on a
timer into a LevelMeter (the console's meter), as the monitor pulls pictures: nothing per sample
travels through Qt's event queue. State lines (live, lost, an error) arrive as `state_changed`.
Stopping closes the child's stdin (it ends by itself) and kills it if it has not within
STOP_GRACE_S, from a timer: the window never waits for a device to let go.
"""

from __future__ import annotations

import json
import subprocess
import threading

from PySide6.QtCore import QObject, QTimer, Signal

from studio.child_processes import module_command
from studio.core.frames import unique_frame_name
from studio.ui.level_meter import ChannelLevel, channels_from_obs

PREVIEW_MODULE = "studio.first_run.device_preview"
STOP_GRACE_S = 3.0


class DevicePreview(QObject):
    """`kind` "video" (pictures into `frames_name`) or "audio" (levels)."""

    state_changed = Signal(str, str)      # state ("starting", "live", "lost", "error", "ended"), the reason

    def __init__(self, kind: str, parent: QObject | None = None):
        super().__init__(parent)
        self.kind = kind
        self.frames_name: str | None = None
        self.spec: str | None = None
        self._process: subprocess.Popen | None = None
        self._levels: tuple[list[ChannelLevel], bool] | None = None
        self.state = "stopped"
        self.state_changed.connect(self._note_state)

    def show(self, spec: str) -> None:
        """Preview `spec` (`camera:NAME`, `test`, `mic:NAME`, `tone`) instead of what was shown."""
        self.stop()
        self.spec, self._levels = spec, None
        arguments = [f"--{self.kind}", spec]
        if self.kind == "video":
            self.frames_name = unique_frame_name("wizard")
            arguments += ["--frames", self.frames_name]
        process = subprocess.Popen(module_command(PREVIEW_MODULE, *arguments), stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self._process = process
        self.state_changed.emit("starting", spec)
        threading.Thread(target=self._read, args=(process,), name=f"{self.kind} preview", daemon=True).start()

    def take_levels(self) -> tuple[list[ChannelLevel], bool] | None:
        """The newest levels since the last call (None: nothing new)."""
        levels, self._levels = self._levels, None
        return levels

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        try:
            process.stdin.close()       # the child's cue to release its device and end
        except OSError:
            pass
        QTimer.singleShot(int(STOP_GRACE_S * 1000), lambda: process.poll() is None and process.kill())

    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def _read(self, process: subprocess.Popen) -> None:
        error = ""
        for line in process.stdout:
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if process is not self._process:
                continue                                # a preview replaced: its last words are no news
            if "levels" in message:
                self._levels = (channels_from_obs(message["levels"]), bool(message.get("clipped")))
            elif "state" in message:
                self.state_changed.emit(message["state"], message.get("reason") or "")
            elif "error" in message:
                error = message["error"]
        process.stdout.close()
        code = process.wait()
        if process is self._process:
            self.state_changed.emit("error" if error or code else "ended", error or f"exit code {code}")

    def _note_state(self, state: str, _reason: str) -> None:
        self.state = state
