"""Events for what changed on the program, however it changed (a command, the rundown's own cues,
auto-advance, an edit of the product on air): a few values compared once per frame on the engine
thread, each change announced once. The as-run log's entries are announced as they are recorded.
"""

from __future__ import annotations

from studio.core.live.handlers.inputs import inputs_dict
from studio.core.live_show import card_shows
from studio.core.live.snapshot import countdown_dict, product_dict, program_links, scene_name, sources_dict
from studio.wire.protocol import Subscription


class Announcer:
    def __init__(self, ctx):
        self.ctx = ctx
        self._seen: dict[str, object] = {}

    def after_commands(self) -> None:
        ctx, bus = self.ctx, self.ctx.bus
        program = ctx.program_index()
        if self._changed("segment", program) and program >= 0:
            segment = ctx.player.segments[program]
            bus.vendor("SegmentChanged", {"index": program, "title": segment.display_title,
                                          "show_time_s": round(ctx.show_time_s, 3)})
            bus.obs("CurrentProgramSceneChanged", {"sceneName": scene_name(program, segment)}, Subscription.SCENES)
        preview = ctx.preview_segment()
        if self._changed("preview_index", preview) and preview is not None:
            bus.obs("CurrentPreviewSceneChanged",
                    {"sceneName": scene_name(preview, ctx.player.segments[preview])}, Subscription.SCENES)
        card = ctx.target.card_sku if ctx.target else None
        # the product's data too: a price or stock edit of the product on air is announced once the
        # engine has applied it, so a client never reads the snapshot between the write and the card
        on_air = product_dict(ctx.target.current if card else None)
        if self._changed("program", (card, on_air)):
            view = ctx.target.current if card else None
            links = program_links(view, ctx.utm_campaign)

            def announce(frame: int) -> None:
                bus.vendor("ProgramProductChanged", {"sku": card, "frame": frame, "product": on_air, **links})

            if view is None:
                announce(ctx.frame)
            else:   # the frame whose picture shows it, as TakeProduct answers (a late render airs it later)
                ctx.on_screen.when_shown(lambda: card_shows(ctx.target, ctx.session.graphics, view), announce,
                                         ctx.frame)
        preview_view = ctx.preview_view()   # its data too: an edit of the product in preview is announced
        if self._changed("preview_key", (ctx.preview_sku, preview, preview_view)):
            bus.vendor("PreviewProductChanged", {"sku": preview_view.sku if preview_view else None,
                                                 "product": product_dict(preview_view)})
            if ctx.target is not None:
                ctx.target.prerender_card(preview_view)   # Take then costs its frame only a composite
            if ctx.monitors is not None:
                ctx.monitors.set_preview_product(preview_view, ctx.utm_campaign)
        graphics = ctx.session.graphics.visible_kinds()
        if self._changed("graphics", graphics):
            bus.vendor("GraphicsChanged", {"graphics": graphics})
        countdown = ctx.target.countdown if ctx.target else None   # its one owner ends it when its time is up
        if self._changed("countdown", countdown):
            bus.vendor("CountdownChanged", {"countdown": countdown_dict(countdown, ctx.show_time_s)})
        session, strip = ctx.session, ctx.session.engine.audio_strip
        sources = (session.video_spec, session.audio_spec, session.video_lost, strip.muted, strip.gain_db,
                   session.audio_state)
        if self._changed("sources", sources):
            bus.vendor("SourceStateChanged", sources_dict(session))
        switcher = session.switcher
        if switcher is not None:
            states = tuple((name, feed.state) for name, feed in switcher.inputs.items())
            channels = [channel.as_dict() for channel in session.mixer.channels.values()] if session.mixer else []
            if self._changed("inputs", (states, switcher.program, switcher.preview, channels)):
                bus.vendor("InputsChanged", inputs_dict(switcher, session.mixer))

    def _changed(self, key: str, value: object) -> bool:
        if key in self._seen and self._seen[key] == value:
            return False
        self._seen[key] = value
        return True

    def as_run_entry(self, event: str, show_time_s: float, details: dict) -> None:
        """The as-run log's listener (any thread: the bus is a queue)."""
        self.ctx.bus.vendor("AsRunEntry", {"event": event, "show_time_s": round(float(show_time_s), 3),
                                           "details": _plain(details)})


def _plain(value):
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)
