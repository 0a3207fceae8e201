"""Program frames at 1080p against a straightforward blend of each graphic's whole, untrimmed layer.

The reference knows nothing of trimming, clipping boxes or the compiled loop: for every
layer on air it blends every pixel of the rendered picture (premultiplied, in float64,
rounded to uint8 after each layer, as an in-place uint8 compositor does) at the pose
the animation gives. A row, column or region the compositor skipped or blended twice
shows up as a difference.
"""

import numpy as np
import pytest

from studio.core.canvas import LANDSCAPE
from studio.core.composite import Layer, blend_layer
from studio.core.graphics.animation import pose_for
from studio.core.graphics.background import reference_background
from studio.core.graphics.kinds import Z_ORDER
from studio.core.graphics.painting import bgra_view
from studio.core.graphics.program import ProgramGraphics
from studio.core.graphics.renderers import render_graphic
from studio.core.graphics.formatting import show_locale
from studio.core.graphics.samples import sample_data

W, H = 1920, 1080
# Opaque parts (the card's picture and QR code, the ticker's heading), a translucent panel of
# constant alpha, antialiased text and corners; the callout pops in (scaled), the others slide in
# from beyond the frame's edges; the ticker's strip scrolls.
KINDS = ("card", "callout", "lower_third", "logo", "ticker")


def over(frame: np.ndarray, colour: np.ndarray, keep: np.ndarray, x: int, y: int) -> None:
    """frame = colour + frame * keep / 255 where the layer lies on the frame, rounded; float64."""
    h, w = colour.shape[:2]
    rows = slice(max(0, -y), min(h, H - y))
    cols = slice(max(0, -x), min(w, W - x))
    if rows.stop <= rows.start or cols.stop <= cols.start:
        return
    region = (slice(y + rows.start, y + rows.stop), slice(x + cols.start, x + cols.stop))
    blended = colour[rows, cols] + frame[region].astype(np.float64) * keep[rows, cols] / 255.0
    frame[region] = np.clip(np.rint(blended), 0, 255).astype(np.uint8)


def reference_frame(graphics: ProgramGraphics, now_s: float) -> tuple[np.ndarray, bool]:
    """The reference picture, and whether any graphic was fading (its colour and coverage scaled
    by the opacity and rounded: OpenCV rounds in float32, so a near-half may land a level apart)."""
    frame = reference_background(W, H)
    fading = False
    for kind in Z_ORDER:
        slot = graphics._slots[kind]
        if slot.phase == "hidden":
            continue
        placement = graphics.layout()[kind]
        pose = pose_for(placement.enter_from, slot.visibility(now_s), placement.width, placement.height)
        fading |= pose.opacity < 1.0
        for placed in slot.pictures[LANDSCAPE].layers:
            layer = placed.layer
            x = placement.x + placed.dx + pose.dx
            y = placement.y + placed.dy + pose.dy
            if pose.scale != 1.0:
                layer = layer.resized(round(layer.width * pose.scale), round(layer.height * pose.scale))
                x += (placed.layer.width - layer.width) // 2
                y += (placed.layer.height - layer.height) // 2
            colour = layer.bgr.astype(np.float64)
            keep = layer.inverse_alpha.astype(np.float64)
            if placed.scroll_period_px:
                start = int((now_s - slot.on_air_since_s) * placed.scroll_speed_px_s) % placed.scroll_period_px
                colour = colour[:, start:start + placed.window_width]
                keep = keep[:, start:start + placed.window_width]
            if pose.opacity < 1.0:
                # A fade scales the premultiplied colour and the coverage, each kept as uint8.
                colour = np.rint(colour * pose.opacity)
                keep = np.rint(255.0 - (255.0 - keep) * pose.opacity)
            over(frame, colour, keep, x, y)
    return frame, fading


@pytest.fixture(scope="module")
def graphics():
    graphics = ProgramGraphics(W, H)
    for kind in KINDS:
        graphics.show(kind, sample_data(kind, "TV-55-4K"))
    return graphics


def test_every_frame_of_entrances_scrolling_and_exits_matches_the_reference(graphics):
    times = [0.0, 0.04, 0.1, 0.17, 0.25, 0.3, 0.6, 1.0, 2.5, 7.3, 19.9]
    frames_checked = 0
    for now_s in times:
        frame = reference_background(W, H)
        graphics.composite(frame, now_s)
        expected, fading = reference_frame(graphics, now_s)
        difference = np.abs(frame.astype(np.int16) - expected)
        # Settled frames: the same bytes. Fading ones: the opacity's own rounding, one level.
        assert difference.max() <= (1 if fading else 0), f"at {now_s} s: {int((difference > 0).sum())} bytes differ"
        frames_checked += 1
    graphics.hide_all()
    for now_s in (20.0, 20.1, 20.2):
        frame = reference_background(W, H)
        graphics.composite(frame, now_s)
        expected, _ = reference_frame(graphics, now_s)
        assert np.abs(frame.astype(np.int16) - expected).max() <= 1, f"leaving, at {now_s} s"
    assert frames_checked == len(times)


@pytest.mark.parametrize(("x", "y"), [(-300, 100), (1500, 500), (600, -120), (400, 900), (-50, -40), (1700, 1000)])
def test_a_settled_layer_partly_off_screen_matches_the_reference(graphics, x, y):
    rendering = render_graphic("card", sample_data("card", "TV-55-4K"), 720, 300, graphics._theme, show_locale("en_US"))
    rendering = rendering[0] if isinstance(rendering, list) else rendering
    layer = Layer.from_premultiplied_bgra(bgra_view(rendering.image))
    trimmed, dx, dy = layer.trimmed()
    frame = reference_background(W, H)
    blend_layer(frame, trimmed, x + dx, y + dy)
    expected = reference_background(W, H)
    over(expected, layer.bgr.astype(np.float64), layer.inverse_alpha.astype(np.float64), x, y)
    assert np.array_equal(frame, expected)
