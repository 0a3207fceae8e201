"""Live commands about outputs and sources: go live, record, destinations, video/audio, markers.

Mixed into LiveControl; every method runs on the engine thread (see live_control.py).
"""

from __future__ import annotations

from studio.core.audio_strip import MAX_GAIN_DB, MIN_GAIN_DB
from studio.core.canvas import LANDSCAPE, VERTICAL
from studio.wire import commands as c
from studio.wire.commands import CommandError
from studio.wire.protocol import Status, Subscription
from studio.core.live.show_commands import LATER
from studio.core.output.health import OutputHealth, OutputState
from studio.core.vertical_canvas import CROP_OFFSET_RANGE

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

    # -- destinations added, removed, enabled or disabled live (destination_requests.py) -----------------

    def _do_AttachDestination(self, command):
        destination = command.destination
        present = self._stored_plan(destination.stored.name) if destination.stored is not None else None
        if present is not None:   # enabling what is already on: nothing to do
            return {"label": present.label, "canvas": present.canvas, "active": present.label in self.session.destinations}
        started = self.session.attach_destination(destination, command.keystore)
        self._snapshot = None     # a state read later in this frame lists it
        if destination.stored is not None:
            self.disabled_destinations.pop(destination.stored.name, None)
        return {"label": destination.label, "canvas": destination.canvas, "active": started}

    def _do_DetachDestination(self, command):
        found = self._stored_plan(command.name)
        if found is None:
            listed = self.disabled_destinations.get(command.name) or command.listing
            if command.keep_listed and listed is not None:
                self.disabled_destinations[command.name] = listed
            else:
                self.disabled_destinations.pop(command.name, None)
            self._snapshot = None
            return {"label": listed["label"] if listed else None, "was_active": False}
        was_active = self.session.detach_destination(found.label)
        self._snapshot = None
        if command.keep_listed:
            self.disabled_destinations[command.name] = {"label": found.label, "name": command.name,
                                                        "canvas": found.canvas}
        return {"label": found.label, "was_active": was_active}

    def _stored_plan(self, name: str):
        return next((d for d in self.session.plan.destinations if d.stored is not None and d.stored.name == name), None)

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
        show_time_s = self.session.engine.set_muted(command.muted)
        self._record("source_changed", muted=command.muted)
        return {"muted": command.muted, "show_time_s": round(show_time_s, 3)}

    def _do_SetGain(self, command):
        if not MIN_GAIN_DB <= command.gain_db <= MAX_GAIN_DB:
            raise CommandError(Status.REQUEST_FIELD_OUT_OF_RANGE, f"gain_db must be {MIN_GAIN_DB:g}..{MAX_GAIN_DB:g} dB")
        show_time_s = self.session.engine.set_gain_db(command.gain_db)
        self._record("source_changed", gain_db=command.gain_db)
        return {"gain_db": command.gain_db, "show_time_s": round(show_time_s, 3)}

    # -- canvases (docs/canvases.md) ----------------------------------------------------------------

    def _do_SetVerticalCrop(self, command):
        if self.session.vertical is None:
            raise CommandError(Status.RESOURCE_NOT_FOUND, "this show has no vertical canvas "
                                                          "(start the engine with --to-vertical or --record-vertical)")
        low, high = CROP_OFFSET_RANGE
        if not low <= command.offset <= high:
            raise CommandError(Status.REQUEST_FIELD_OUT_OF_RANGE,
                               f"offset must be {low:g} (left edge) .. 0 (centre) .. {high:g} (right edge)")
        offset = self.session.set_vertical_crop(command.offset)
        # This frame was already reframed (before the commands ran): the new crop starts with the next.
        return {"offset": offset, "frame": self.session.engine.frame_index + 1}

    def _canvases(self) -> dict:
        session = self.session
        canvases = {LANDSCAPE: {"width": session.settings.width, "height": session.settings.height}}
        if session.vertical is not None:
            settings = session.vertical.settings
            canvases[VERTICAL] = {"width": settings.width, "height": settings.height,
                                  "crop_offset": session.vertical.crop_offset}
        return canvases

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

