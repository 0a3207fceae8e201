"""The graphics on the program output: commands from any thread, layers composited per frame.

Commands only queue plain data under a lock, so the UI or a rundown never waits
for the engine. At the start of each composite() the engine thread applies the
queue and hands the graphics whose data changed to the renderer (render_worker.py:
in the engine, the graphics process, render_process.py, so Qt never shares the
engine's process and a long text never costs a frame; the frame waits
RENDER_WAIT_S at most, and keeps the previous layers up until the new ones are
ready). Finished layers are swapped in whole, so no frame can mix two
versions of a card. Animations move and fade those cached layers; text is never
redrawn per frame. The last few layers of each graphic are kept by the data they show
(layer_cache.py): what Preview holds, a product taken before, and the countdown's next
second (asked a second ahead) swap in on the frame that shows them, with no render.

A show can have more than one canvas (landscape and vertical, docs/canvases.md).
The graphics' state (data, phase, entrance clock) is kept once; each canvas
keeps only its own pictures, drawn for its own layout. `composite()` applies the
commands for the tick and draws the main canvas; `draw(canvas, ...)` then draws
another canvas from that same state, so a take reaches both on the same frame.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time

import numpy as np

from studio.core import picture
from studio.core.canvas import LANDSCAPE
from studio.core.composite import blend_layer
from studio.core.graphics.animation import pose_for
from studio.core.graphics.collect import LayerCollection
from studio.core.graphics.countdown_clock import countdown_face, countdown_finished
from studio.core.graphics.kinds import GRAPHIC_KINDS, Z_ORDER, check_data
from studio.core.graphics.layer_cache import LayerCache
from studio.core.graphics.layouts import layout_for
from studio.core.graphics.model import CountdownData
from studio.core.graphics.render_job import RenderJob
from studio.core.graphics.render_worker import RENDER_WAIT_S, RenderWorker, open_renderer
from studio.core.graphics.slots import ENTERING, HIDDEN, SHOWN, Slot
from studio.core.graphics.theme import Theme, load_theme

log = logging.getLogger(__name__)


class ProgramGraphics(LayerCollection):
    """The show's graphics, drawn on one canvas or more (`extra_canvases`: name -> (width, height)).
    Without `render_process`, construct it on the main thread (it may create the QGuiApplication)."""

    def __init__(self, width: int, height: int, theme: Theme | None = None, locale_name: str = "en_US",
                 extra_canvases: dict[str, tuple[int, int]] | None = None, render_ahead: bool = False,
                 render_wait_s: float | None = RENDER_WAIT_S, picture_format: str = picture.BGR,
                 render_process: bool = False, start_renderer_now: bool = True) -> None:
        """`render_process`: draw in the graphics process (the engine, which imports no Qt; with
        `start_renderer_now=False` it starts at the first render); `render_ahead`:
        on a thread of this process; neither: on the caller's, in time for the next composite (tools, tests).
        `render_wait_s`: how long a frame may wait for layers it asked for (0: a monitor's never waits;
        None: as long as they take, for a run as fast as possible)."""
        # picture_format: the canvases' (I420: each layer's planes are converted by the renderer, off the
        # frame loop). The owner calls close() at the end.
        self._renderer = open_renderer(render_process, render_ahead, start_renderer_now)
        self.width = width
        self.height = height
        self._locale_name = locale_name
        self._theme = theme or load_theme()
        self._sizes = {LANDSCAPE: (width, height), **(extra_canvases or {})}
        self._layouts = self._make_layouts(self._theme)
        self._slots = {kind: Slot(kind, self._sizes) for kind in Z_ORDER}
        self._lock = threading.Lock()
        self._pending: list[tuple] = []
        self._requested_on_air: set[str] = set()
        self._render_wait_s = render_wait_s
        self._picture_format = picture_format
        self._tick_deadline_s = 0.0
        self._drawn_since_apply: set[str] = set()     # canvases drawn since the tick's `apply`
        self._versions = itertools.count(1)
        self._cache = LayerCache(self._renderer, self._versions)
        self._theme_from = 0   # layers asked before this version were drawn in an older theme
        self._groups: dict[int, set[tuple[str, str]]] = {}   # update_together: (kind, canvas) swapping in together

    def close(self) -> None:
        """Stop the renderer thread (if any) and the graphics process; waits for the render in progress."""
        self._renderer.close()

    def wait_until_ready(self, timeout_s: float) -> bool:
        """Up to `timeout_s` for the graphics process to draw (the engine waits before its first frame)."""
        if not (ready := self._renderer.wait_ready(timeout_s)):
            log.warning("the graphics process is not ready after %g s; frames go without graphics till it is", timeout_s)
        return ready

    def warm_qr_codes(self, texts) -> None:
        """Any thread: encode the show's QR codes (40-120 ms each) where the graphics are drawn, ahead of takes."""
        self._renderer.warm_qr_codes(texts)

    # Commands: any thread, never blocking on rendering.

    def show(self, kind: str, data, instant: bool = False) -> None:
        """Put a graphic on air; `instant` skips its entrance (a Cut: fully on screen in the next frame)."""
        check_data(kind, data)
        self._queue(("show_now" if instant else "show", kind, data), on_air=kind)

    def prerender(self, kind: str, data, purpose: str = "preview") -> None:
        """Any thread: draw `data` ahead of its take on every canvas, starting now (not at the next
        frame), so a `show` of the same data costs its frame only a composite. `purpose` names the
        asker ("preview": what Preview holds; "take": a take's card as its request arrives): a newer
        ask of the same purpose replaces one not started. Only with `render_ahead`."""
        check_data(kind, data)
        if isinstance(self._renderer, RenderWorker):
            theme, layouts = self._theme, self._layouts
            for canvas in self._sizes:
                placement = layouts[canvas][kind]
                self._cache.ask_once(("ahead", purpose, kind, canvas), kind, canvas, data, theme,
                                     self._job(kind, data, placement, theme))

    def update(self, kind: str, data) -> None:
        check_data(kind, data)
        self._queue(("update", kind, data))

    def update_together(self, updates: dict[str, object]) -> None:
        """New data for several graphics (one product edit: its card, callout, ticker) that must reach
        the picture on the same frame, on every canvas: their new layers are swapped in together,
        once all of them are drawn; until then every one of them keeps its previous layers."""
        for kind, data in updates.items():
            check_data(kind, data)
        self._queue(("update_together", None, dict(updates)))

    def hide(self, kind: str) -> None:
        if kind not in self._slots:
            raise ValueError(f"unknown graphic {kind!r}; expected one of {', '.join(Z_ORDER)}")
        self._queue(("hide", kind, None), off_air=(kind,))

    def hide_all(self) -> None:
        self._queue(("hide_all", None, None), off_air=Z_ORDER)

    def start_countdown(self, ends_at_show_time_s: float, label: str = CountdownData.label) -> None:
        self.show("countdown", CountdownData(float(ends_at_show_time_s), label))

    def cancel_countdown(self) -> None:
        self.hide("countdown")

    def set_theme(self, theme: Theme) -> None:
        if not isinstance(theme, Theme):
            raise TypeError(f"set_theme takes a Theme, not {type(theme).__name__}")
        self._queue(("theme", None, theme))

    renderer = property(lambda self: self._renderer, doc="What draws the show's pictures; slates are asked of it too.")

    @property
    def canvases(self) -> tuple[str, ...]:
        return tuple(self._sizes)

    def layout(self, canvas: str = LANDSCAPE):
        return self._layouts[canvas]

    def _make_layouts(self, theme: Theme) -> dict:
        return {name: layout_for(width, height, theme) for name, (width, height) in self._sizes.items()}

    def visible_kinds(self) -> list[str]:
        """Graphics on air or on their way, as commanded so far (bottom to top)."""
        with self._lock:
            return [kind for kind in Z_ORDER if kind in self._requested_on_air]

    def _queue(self, command: tuple, on_air: str | None = None, off_air: tuple[str, ...] = ()) -> None:
        with self._lock:
            action, kind, _ = command
            last = self._pending[-1] if self._pending else None
            if last is not None and last[:2] == (action, kind) and action in ("show", "show_now", "update", "theme"):
                # Only the newest data matters; a caller updating faster than the frame rate must not pile up work.
                self._pending[-1] = command
            else:
                self._pending.append(command)
            if on_air:
                self._requested_on_air.add(on_air)
            self._requested_on_air.difference_update(off_air)

    # The engine thread.

    def composite(self, frame_bgr: np.ndarray, show_time_s: float) -> None:
        """Apply the commands queued so far, then draw every graphic on air onto the main canvas's
        frame (BGR uint8, modified in place). Once per tick, before any `draw` of another canvas."""
        self.apply(show_time_s)
        self.draw(LANDSCAPE, frame_bgr, show_time_s)

    def apply(self, show_time_s: float) -> None:
        """The tick's state change, made once for every canvas: queued commands, entrances, exits."""
        # One wait for the whole tick, however many canvases: a graphic asked for on two canvases costs the
        # frame RENDER_WAIT_S at most, not that much per canvas.
        self._tick_deadline_s = self._deadline()
        with self._lock:
            commands, self._pending = self._pending, []
        asked: list[tuple[str, str]] = []
        for command in commands:
            if command[0] == "update_together":
                asked += self._apply_together(command[2])
            else:
                self._apply(command, show_time_s)
        if asked:
            self._wait_for(asked)
        self._swap_in_groups()
        for slot in self._slots.values():
            if (GRAPHIC_KINDS[slot.kind].clock_driven and slot.phase in (ENTERING, SHOWN)
                    and countdown_finished(slot.data, show_time_s)):
                slot.leave(show_time_s)
                with self._lock:
                    self._requested_on_air.discard(slot.kind)
            slot.advance(show_time_s)
        # Every canvas's renders are asked for now, in one go, and waited for once (RENDER_WAIT_S at most):
        # a graphic's new layers are swapped in on every canvas at once, or on none yet.
        asked = [key for canvas in self._sizes for key in self._ask_renders(canvas, show_time_s)]
        if asked:
            self._wait_for(asked)
        self._collect_everywhere()
        self._drawn_since_apply = set()

    def _ask_renders(self, canvas: str, show_time_s: float) -> list:
        visible = [self._slots[kind] for kind in Z_ORDER if self._slots[kind].phase != HIDDEN]
        return [key for slot in visible if (key := self._refresh(slot, canvas, show_time_s)) is not None]

    def _deadline(self) -> float | None:
        return None if self._render_wait_s is None else time.monotonic() + self._render_wait_s

    def _wait_for(self, keys: list) -> None:
        deadline = self._tick_deadline_s
        self._renderer.wait(keys, None if deadline is None else max(0.0, deadline - time.monotonic()))

    def draw(self, canvas: str, frame_bgr: np.ndarray, show_time_s: float) -> None:
        """Draw the state `apply` left onto one canvas's frame; changes no state, so every canvas
        drawn in a tick shows the same graphics."""
        if canvas in self._drawn_since_apply:   # drawn again without an `apply`: what has finished since
            self._tick_deadline_s = self._deadline()
            if asked := self._ask_renders(canvas, show_time_s):
                self._wait_for(asked)
            self._collect_everywhere()
        self._drawn_since_apply.add(canvas)
        for slot in [self._slots[kind] for kind in Z_ORDER if self._slots[kind].phase != HIDDEN]:
            self._draw(frame_bgr, slot, canvas, show_time_s)

    def drawn_data(self, canvas: str = LANDSCAPE) -> dict[str, object]:
        """Engine thread, after `draw(canvas)`: for each graphic on that canvas, the data its layers
        were drawn from (what the viewer sees, which a late render may hold a frame behind `data`)."""
        return {kind: slot.drawn_data(canvas) for kind, slot in self._slots.items() if slot.on_screen(canvas)}

    def shows(self, kind: str) -> bool:
        """Engine thread, after every canvas's `draw`: `kind` is on screen on every canvas, drawn from
        its newest data (a late render keeps it False until its layers are swapped in)."""
        return self._slots[kind].shows_newest()

    def _apply(self, command: tuple, now_s: float) -> None:
        action, kind, payload = command
        if action == "theme":
            self._theme = payload
            self._layouts = self._make_layouts(payload)
            self._cache.forget()
            self._theme_from = next(self._versions)
            for slot in self._slots.values():
                slot.invalidate()
        elif action == "hide_all":
            for slot in self._slots.values():
                slot.leave(now_s)
        elif action == "hide":
            self._slots[kind].leave(now_s)
        else:
            slot = self._slots[kind]
            if payload != slot.data or not slot.drawn_everywhere():
                slot.data = payload
                slot.invalidate()
            if action == "show":
                slot.enter(now_s)
            elif action == "show_now":
                slot.cut_in(now_s)

    def _apply_together(self, updates: dict[str, object]) -> list[tuple[str, str]]:
        """Ask every canvas's layers for the updates at once, as one group; returns the renderer keys."""
        group, asked = next(self._versions), []
        for kind, data in updates.items():
            slot = self._slots[kind]
            if data == slot.data and slot.drawn_everywhere():
                continue
            slot.data = data
            slot.invalidate()
            if GRAPHIC_KINDS[kind].clock_driven or slot.phase == HIDDEN:
                continue   # drawn when it shows, or every frame by itself
            for canvas, pictures in slot.pictures.items():
                placement = self._layouts[canvas][kind]
                pictures.needs_render = False
                pictures.requested = next(self._versions)
                pictures.asked[pictures.requested] = data
                pictures.group = group
                self._renderer.submit((kind, canvas), pictures.requested,
                                      self._job(kind, data, placement, self._theme))
                asked.append((kind, canvas))
        if asked:
            self._groups[group] = set(asked)
        return asked

    def _refresh(self, slot: Slot, canvas: str, now_s: float) -> tuple[str, str] | None:
        """Ask for the layers a change needs; returns the renderer's key when it asked this frame."""
        placement = self._layouts[canvas][slot.kind]
        pictures = slot.pictures[canvas]
        if GRAPHIC_KINDS[slot.kind].clock_driven:
            return self._refresh_countdown(slot, canvas, now_s)
        if not pictures.needs_render:
            return None
        pictures.needs_render = False
        pictures.requested = next(self._versions)
        pictures.from_ahead = None
        kept = self._cache.get(slot.kind, canvas, slot.data, self._theme)
        if kept is not None:     # drawn ahead (Preview) or shown before
            pictures.ready = (pictures.requested, kept, slot.data)
            return None
        ahead = self._cache.drawing(slot.kind, canvas, slot.data, self._theme)
        if ahead is not None:   # being drawn ahead already (a take's card, asked as its request came in)
            pictures.from_ahead = (pictures.requested, slot.data)
            return ahead
        pictures.asked[pictures.requested] = slot.data
        key = (slot.kind, canvas)
        self._renderer.submit(key, pictures.requested, self._job(slot.kind, slot.data, placement, self._theme))
        return key

    def _refresh_countdown(self, slot: Slot, canvas: str, now_s: float) -> tuple | None:
        """The countdown's face for this second, drawn a second ahead by the renderer; returns the
        renderer's key when this second's face is not drawn yet (its first frame, a late renderer)."""
        pictures = slot.pictures[canvas]
        pictures.needs_render = False
        placement = self._layouts[canvas][slot.kind]
        try:
            face = countdown_face(slot.data, now_s)
            for wanted in (face, countdown_face(slot.data, now_s + 1.0)):
                self._cache.ask_once(("face", slot.kind, canvas, wanted), slot.kind, canvas, wanted, self._theme,
                                     RenderJob("countdown_layers", (wanted, placement.width, placement.height,
                                                                    self._theme, self._locale_name,
                                                                    self._i420_origin(placement))))
        except Exception:
            # A graphic that cannot be drawn must not take the program off air: keep its last picture.
            log.exception("could not draw the %s graphic on the %s canvas; keeping its previous picture",
                          slot.kind, canvas)
            return None
        pictures.wanted_face = face
        if face == pictures.countdown_face or self._swap_in_face(slot, canvas):
            return None
        return ("face", slot.kind, canvas, face)

    def _swap_in_face(self, slot: Slot, canvas: str) -> bool:
        pictures = slot.pictures[canvas]
        layers = self._cache.get(slot.kind, canvas, pictures.wanted_face, self._theme)
        if layers is None:
            return False   # a late (or failed) render keeps the previous face up
        pictures.layers, pictures.countdown_face = layers, pictures.wanted_face
        return True

    def _i420_origin(self, placement) -> tuple[int, int] | None:
        return (placement.x, placement.y) if self._picture_format == picture.I420 else None

    def _job(self, kind: str, data, placement, theme: Theme):
        """A renderer job drawing `kind` with `data` in its box on one canvas (and converting its planes
        for an I420 canvas)."""
        return RenderJob("render_layers", (kind, data, placement.width, placement.height, theme, self._locale_name,
                                           self._i420_origin(placement)))

    def _draw(self, frame: np.ndarray, slot: Slot, canvas: str, now_s: float) -> None:
        placement = self._layouts[canvas][slot.kind]
        pose = pose_for(placement.enter_from, slot.visibility(now_s), placement.width, placement.height)
        for placed in slot.pictures[canvas].layers:
            x = placement.x + placed.dx + pose.dx
            y = placement.y + placed.dy + pose.dy
            layer = placed.layer
            if pose.scale != 1.0:
                layer = layer.resized(round(layer.width * pose.scale), round(layer.height * pose.scale))
                x += (placed.layer.width - layer.width) // 2
                y += (placed.layer.height - layer.height) // 2
            else:
                layer = placed.trimmed
                if not placed.scroll_period_px:
                    x += placed.trim_dx
                y += placed.trim_dy
            if placed.scroll_period_px:
                scrolled_px = int((now_s - slot.on_air_since_s) * placed.scroll_speed_px_s) % placed.scroll_period_px
                blend_layer(frame, layer, x, y, pose.opacity, source_x=scrolled_px, source_width=placed.window_width)
            else:
                blend_layer(frame, layer, x, y, pose.opacity)

