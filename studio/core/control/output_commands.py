"""Live commands about outputs and sources: go live, record, destinations, video/audio, markers.

Mixed into LiveControl; every method runs on the engine thread (see live_control.py).
"""

from __future__ import annotations

from studio.core.capture.gain import GAIN_RANGE_DB
from studio.core.control import commands as c
from studio.core.control.commands import CommandError
from studio.core.control.protocol import Status, Subscription
from studio.core.control.show_commands import LATER
from studio.core.output.health import OutputHealth, OutputState

MAX_MARKER_CHARS = 500


class OutputCommands:
    # -- outputs ----------------------------------------------------------------------------------

    def _do_SetStreaming(self, command):
        session = self.session
        active = (not session.streaming) if command.active is None else command.active
        if active == session.streaming:
            raise CommandError(Status.OUTPUT_RUNNING if active else Status.OUTPUT_NOT_RUNNING,
                               "already live" if active else "not live")
        if active:
            session.start_streaming()
            self._record("go_live", destinations=[d.label for d in session.plan.destinations])
        else:
            session.stop_streaming()
            self._record("stop", reason="StopStream")
        state = "OBS_WEBSOCKET_OUTPUT_STARTED" if active else "OBS_WEBSOCKET_OUTPUT_STOPPED"
        self.bus.obs("StreamStateChanged", {"outputActive": active, "outputState": state}, Subscription.OUTPUTS)
        return {"outputActive": active}

    def _do_SetRecording(self, command):
        session = self.session
        active = (session.recording is None) if command.active is None else command.active
        if active == (session.recording is not None):
            raise CommandError(Status.OUTPUT_RUNNING if active else Status.OUTPUT_NOT_RUNNING,
                               "already recording" if active else "not recording")
        path = session.start_recording() if active else session.stop_recording()
        state = "OBS_WEBSOCKET_OUTPUT_STARTED" if active else "OBS_WEBSOCKET_OUTPUT_STOPPED"
        self.bus.obs("RecordStateChanged", {"outputActive": active, "outputState": state, "outputPath": str(path)},
                     Subscription.OUTPUTS)
        return {"outputActive": active, "outputPath": str(path)}

    def _do_SetOutput(self, command):
        session = self.session
        if command.label == "recording":
            return self._do_SetRecording(c.SetRecording(active=command.active))
        session.destination_plan(command.label)
        running = command.label in session.destinations
        active = (not running) if command.active is None else command.active
        if active == running:
            raise CommandError(Status.OUTPUT_RUNNING if active else Status.OUTPUT_NOT_RUNNING,
                               f"{command.label} is {'already' if running else 'not'} running")
        (session.start_streaming if active else session.stop_streaming)([command.label])
        return {"outputActive": active}

    def _do_ReconnectDestination(self, command):
        self.session.reconnect(command.label)
        return {"label": command.label}

    def _destination_changed(self, health: OutputHealth, previous: OutputState) -> None:
        self.bus.vendor("DestinationStateChanged", {"label": health.label, "kind": health.kind, "state": str(health.state),
                                                    "previous": str(previous), "error": health.last_error})

    # -- sources ----------------------------------------------------------------------------------

    def _do_SwapVideo(self, command):
        self.session.replace_video(command.spec, command.source)
        self._record("source_changed", video=command.spec)
        return {"spec": command.spec}

    def _do_SwapAudio(self, command):
        self.session.replace_audio(command.spec, command.source)
        self._record("source_changed", audio=command.spec)
        return {"spec": command.spec}

    def _do_SetMute(self, command):
        self.session.audio.muted = command.muted
        return {"muted": command.muted}

    def _do_SetGain(self, command):
        low, high = GAIN_RANGE_DB
        if not low <= command.gain_db <= high:
            raise CommandError(Status.REQUEST_FIELD_OUT_OF_RANGE, f"gain_db must be {low:g}..{high:g} dB")
        self.session.audio.gain_db = command.gain_db
        return {"gain_db": command.gain_db}

    # -- misc -------------------------------------------------------------------------------------

    def _do_AddMarker(self, command):
        if len(command.text) > MAX_MARKER_CHARS:
            raise CommandError(Status.REQUEST_FIELD_OUT_OF_RANGE, f"text is longer than {MAX_MARKER_CHARS} characters")
        self._record("marker", text=command.text, frame=self.session.engine.frame_index)
        return {"show_time_s": round(self.show_time_s, 3)}

    def _do_WaitFrames(self, command):
        self._sleepers.append((self.session.engine.frame_index + max(0, command.frames), command))
        return LATER

    def _do_Shutdown(self, command):
        if self.on_shutdown is not None:
            self.on_shutdown()

    def _record(self, event: str, **details) -> None:
        if self.asrun is not None:
            self.session.live_show.asrun.record(event, self.show_time_s, **details)

