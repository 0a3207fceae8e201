"""Live commands about the show: products, the rundown (studio mode), graphics and countdowns.

Mixed into LiveControl; every method runs on the engine thread (see live_control.py).
"""

from __future__ import annotations

from studio.wire.commands import CommandError, Take
from studio.wire.protocol import Status, Subscription
from studio.core.live.snapshot import scene_name, segments_list
from studio.core.graphics.kinds import TextTooLong, graphic_kind, validate_graphic_params
from studio.core.show_graphics import ShowGraphicsTarget
from studio.core.transition import drive_tbar, start_take_transition

TRANSITIONS = ("Cut", "Fade")
FADE_RANGE_MS = (50, 5000)
COUNTDOWN_RANGE_S = (1.0, 3600.0)
LATER = object()  # a handler that answers the command's future itself, later


class ShowCommands:
    # -- products -----------------------------------------------------------------------------------

    def _need_target(self) -> ShowGraphicsTarget:
        if self.target is None:
            raise CommandError(Status.CANNOT_ACT, "this engine has no catalog (start it with --db or --show)")
        return self.target

    def _view(self, sku: str):
        target = self._need_target()
        view = target._lookup(sku)
        if view is None:
            raise CommandError(Status.RESOURCE_NOT_FOUND, f"no product with SKU {sku!r} in the catalog")
        return view

    def _do_PreviewProduct(self, command):
        self._view(command.sku)
        self.preview_sku = command.sku
        return {"sku": command.sku}

    def _do_TakeProduct(self, command):
        self._view(command.sku)
        self._take_product(command.sku, "control")
        return {"sku": command.sku, "frame": self.session.engine.frame_index}

    def _take_product(self, sku: str, by: str) -> None:
        target = self._need_target()
        target.take_product(sku)
        target.instant = True  # a Fade dissolves the whole picture: graphics cut in under it
        start_take_transition(self.session.engine, self.transition)
        try:
            target.show_graphic("card", {"sku": sku})
        finally:
            target.instant = False
        if self.preview_sku == sku:
            self.preview_sku = None
        self._record("product_taken", sku=sku, frame=self.session.engine.frame_index, by=by)

    def _do_ClearProduct(self, command):
        target = self._need_target()
        for kind in ("callout", "card"):
            target.hide_graphic(kind)
        self._record("product_cleared", frame=self.session.engine.frame_index)

    def _preview_view(self):
        if self.target is None:
            return None
        sku = self.preview_sku
        if sku is None and self.player is not None:
            index = self._preview_index()
            sku = self.player.segments[index].sku if index is not None else None
        return self.target._lookup(sku) if sku else None

    # -- rundown (studio mode: segments are scenes) ---------------------------------------------------

    def _need_player(self):
        if self.player is None:
            raise CommandError(Status.CANNOT_ACT, "this engine plays no show (start it with --show NAME)")
        return self.player

    def _program_index(self) -> int:
        return self.player.index if self.player else -1

    def _preview_index(self) -> int | None:
        if self.player is None:
            return None
        if self.preview_index is not None:
            return self.preview_index
        following = self.player.index + 1
        return following if following < len(self.player.segments) else None

    def _jump(self, index: int) -> dict:
        player = self._need_player()
        if not 0 <= index < len(player.segments):
            raise CommandError(Status.REQUEST_FIELD_OUT_OF_RANGE,
                               f"segment {index} does not exist: the rundown has 0..{len(player.segments) - 1}")
        target = self._need_target()
        target.instant = True  # a Fade dissolves the whole picture: graphics cut in under it
        start_take_transition(self.session.engine, self.transition)
        try:
            player.jump_to_segment(index)
            player.tick(self.show_time_s)
        finally:
            target.instant = False
        self.preview_index = None
        return {"index": index}

    def _do_NextSegment(self, command):
        return self._jump(self._need_player().index + 1)

    def _do_PreviousSegment(self, command):
        return self._jump(max(0, self._need_player().index - 1))

    def _do_JumpToSegment(self, command):
        return self._jump(command.index)

    def _do_SetPreviewSegment(self, command):
        player = self._need_player()
        if not 0 <= command.index < len(player.segments):
            raise CommandError(Status.RESOURCE_NOT_FOUND, f"no segment {command.index}")
        self.preview_index = command.index
        self.preview_sku = None
        return {"index": command.index}

    def _do_Take(self, command):
        if command.transition:
            self.transition = (command.transition, command.duration_ms or self.transition[1])
        name = self.transition[0]
        self.bus.obs("SceneTransitionStarted", {"transitionName": name}, Subscription.TRANSITIONS)
        if self.preview_sku is not None:
            self._take_product(self.preview_sku, "take")
            result = {"sku": self.preview_sku}
        else:
            index = self._preview_index()
            if index is None:
                raise CommandError(Status.CANNOT_ACT, "nothing in preview to take (the rundown has ended)")
            result = self._jump(index)
        self.session.engine.when_transition_done(  # as OBS: once the dissolve is over
            lambda: self.bus.obs("SceneTransitionEnded", {"transitionName": name}, Subscription.TRANSITIONS))
        return result

    def _do_SetTBarPosition(self, command):
        return drive_tbar(self.session.engine, command.position, command.release is not False,
                          lambda: self._do_Take(Take(transition="")))

    def _do_SetTransition(self, command):
        name, duration = self.transition
        if command.name is not None:
            if command.name not in TRANSITIONS:
                raise CommandError(Status.RESOURCE_NOT_FOUND, f"no transition {command.name!r}; use {' or '.join(TRANSITIONS)}")
            name = command.name
        if command.duration_ms is not None:
            low, high = FADE_RANGE_MS
            if not low <= command.duration_ms <= high:
                raise CommandError(Status.REQUEST_FIELD_OUT_OF_RANGE, f"transitionDuration must be {low}..{high} ms")
            duration = command.duration_ms
        self.transition = (name, duration)

    def _do_MoveSegment(self, command):
        return LATER  # handled by the service (a database write), never queued here

    def _do_AddSegment(self, command):
        return LATER  # handled by the service (a database write), never queued here

    def _do_SetTalkingPoints(self, command):
        return LATER  # handled by the service (a database write), never queued here

    def _do_ReplaceSegments(self, command):
        self._need_player().replace_segments(command.segments)
        self.bus.vendor("RundownChanged", {"segments": segments_list(self.player)})
        self.bus.obs("SceneListChanged", {"scenes": self.scene_list()}, Subscription.SCENES)

    def _do_SetAutoAdvance(self, command):
        self._need_player().set_auto_advance(command.enabled)
        return {"enabled": command.enabled}

    def scene_list(self) -> list[dict]:
        if self.player is None:
            return []
        count = len(self.player.segments)
        return [{"sceneName": scene_name(index, segment), "sceneIndex": count - 1 - index,
                 "sceneUuid": f"segment-{segment.id}"} for index, segment in enumerate(self.player.segments)]

    def _do_GetSceneList(self, command):
        return {"scenes": self.scene_list(), **self._scene_names()}

    def _scene_names(self) -> dict:
        program, preview = self._program_index(), self._preview_index()
        segments = self.player.segments if self.player else []
        return {"currentProgramSceneName": scene_name(program, segments[program]) if program >= 0 else None,
                "currentPreviewSceneName": scene_name(preview, segments[preview]) if preview is not None else None}

    # -- graphics ---------------------------------------------------------------------------------

    def _do_ShowGraphic(self, command):
        target = self._need_target()
        try:
            params = validate_graphic_params(command.kind, command.params)
        except TextTooLong as error:  # refused before it airs, naming the field and its limit
            raise CommandError(Status.REQUEST_FIELD_OUT_OF_RANGE, str(error)) from error
        target.show_graphic(command.kind, params)
        self._record("graphic_shown", kind=command.kind, params=params, by="control")
        return {"kind": command.kind, "params": params}

    def _do_HideGraphic(self, command):
        graphic_kind(command.kind)
        self._need_target().hide_graphic(command.kind)
        self._record("graphic_hidden", kind=command.kind, reason="control")
        return {"kind": command.kind}

    def _do_StartCountdown(self, command):
        low, high = COUNTDOWN_RANGE_S
        if not low <= command.duration_s <= high:
            raise CommandError(Status.REQUEST_FIELD_OUT_OF_RANGE, f"duration_s must be {low:g}..{high:g} seconds")
        target = self._need_target()
        target.instant = True
        try:
            target.start_countdown(command.duration_s, command.label)
        finally:
            target.instant = False
        self._record("countdown_start", duration_s=command.duration_s, label=command.label,
                     frame=self.session.engine.frame_index)
        return {"ends_at_s": round(self.show_time_s + command.duration_s, 3)}

    def _do_CancelCountdown(self, command):
        self._need_target().hide_graphic("countdown")
        self._record("countdown_end", interrupted=True)

