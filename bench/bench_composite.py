"""Compositing cost per 1080p frame with four graphics on air, against the common alternatives.

Prints milliseconds per frame for: our region-of-interest blend through
ProgramGraphics (card, lower third, logo, scrolling ticker; one integer pass per
region, studio/core/_over.c, or OpenCV's multiply and add where that is not
built), the same layers blended over the full frame with OpenCV's uint8
multiply and add, and the float32 arithmetic most tutorials show. Target: at most 0.5 ms for ours. The mean over 600 frames is the
figure; the best of 30 batches of 20 frames is printed beside it, as the cost without the other
jobs of a shared machine (each layer is blended in place, inside its visible box: studio/core/composite.py).
"""

from __future__ import annotations

import os
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import cv2  # noqa: E402
import numpy as np  # noqa: E402

from studio.core import composite, picture  # noqa: E402
from studio.core.canvas import LANDSCAPE  # noqa: E402
from studio.core.graphics.background import reference_background  # noqa: E402
from studio.core.graphics.layouts import layout_for  # noqa: E402
from studio.core.graphics.program import ProgramGraphics  # noqa: E402
from studio.core.graphics.samples import sample_data  # noqa: E402

WIDTH, HEIGHT = 1920, 1080
KINDS = ("card", "lower_third", "logo", "ticker")
TARGET_MS = 0.5


def _time_ms(step, frames: int) -> float:
    for _ in range(20):
        step(0)
    started = time.perf_counter()
    for index in range(frames):
        step(index)
    return (time.perf_counter() - started) * 1000 / frames


def _best_batch_ms(step, batches: int = 30, frames: int = 20) -> float:
    """The fastest of several short batches: what the code costs when no other job takes the core
    (on a shared machine the mean mostly measures the other jobs)."""
    return min(_time_ms(step, frames) for _ in range(batches))


def _full_frame_layers(graphics: ProgramGraphics):
    """Each graphic's layer padded to a whole 1080p frame, as a naive compositor would keep it."""
    layout = layout_for(WIDTH, HEIGHT, graphics._theme)
    full = []
    for kind in KINDS:
        placement = layout[kind]
        layer = graphics._slots[kind].pictures[LANDSCAPE].layers[0].layer
        colour = np.zeros((HEIGHT, WIDTH, 3), np.uint8)
        inverse_alpha = np.full((HEIGHT, WIDTH, 3), 255, np.uint8)
        h, w = min(layer.height, HEIGHT - placement.y), min(layer.width, WIDTH - placement.x)
        colour[placement.y:placement.y + h, placement.x:placement.x + w] = layer.bgr[:h, :w]
        inverse_alpha[placement.y:placement.y + h, placement.x:placement.x + w] = layer.inverse_alpha[:h, :w]
        full.append((colour, inverse_alpha))
    return full


def main(frames: int = 600) -> dict[str, float]:
    graphics = ProgramGraphics(WIDTH, HEIGHT)
    for kind in KINDS:
        graphics.show(kind, sample_data(kind, "TV-55-4K"))
    background = reference_background(WIDTH, HEIGHT)
    frame = background.copy()
    graphics.composite(frame, 0.0)
    graphics.composite(frame, 1.0)  # entrances finished: steady state from here on

    ours_ms = _time_ms(lambda index: graphics.composite(frame, 1.0 + index / 30), frames)
    best_ms = _best_batch_ms(lambda index: graphics.composite(frame, 1.0 + index / 30))

    # The same layers into an I420 picture, the program's own format since issue 29 (studio/core/picture.py).
    i420_frame = picture.to_i420(background)
    graphics.composite(i420_frame, 1.0)  # each layer's planes converted once, here
    i420_ms = _time_ms(lambda index: graphics.composite(i420_frame, 1.0 + index / 30), frames)

    full_layers = _full_frame_layers(graphics)

    def full_frame_blend(_index: int) -> None:
        for colour, inverse_alpha in full_layers:
            kept = cv2.multiply(frame, inverse_alpha, scale=1 / 255)
            cv2.add(kept, colour, dst=frame)

    full_ms = _time_ms(full_frame_blend, max(30, frames // 6))

    float_layers = [(colour.astype(np.float32), 1.0 - (255 - inverse_alpha[..., :1].astype(np.float32)) / 255)
                    for colour, inverse_alpha in full_layers]

    def float32_blend(_index: int) -> None:
        result = frame.astype(np.float32)
        for colour, keep in float_layers:
            result = colour + result * keep
        np.copyto(frame, np.clip(result, 0, 255).astype(np.uint8))

    float_ms = _time_ms(float32_blend, max(10, frames // 30))

    verdict = "within" if ours_ms <= TARGET_MS else "OVER"
    print(f"composite 1080p, {len(KINDS)} layers ({', '.join(KINDS)}):")
    method = "ROI, fused uint8" if composite._fused_over is not None else "ROI, uint8 OpenCV"
    print(f"  {'ours (' + method + ')':25s}: {ours_ms:7.3f} ms/frame  ({verdict} the {TARGET_MS} ms target); "
          f"best batch {best_ms:.3f} ms, load average {os.getloadavg()[0]:.1f}")
    print(f"  ours into I420 (Y, U, V) : {i420_ms:7.3f} ms/frame  (the program's format)")
    print(f"  full-frame uint8 OpenCV  : {full_ms:7.3f} ms/frame  ({full_ms / ours_ms:5.1f}x ours)")
    print(f"  full-frame float32 numpy : {float_ms:7.3f} ms/frame  ({float_ms / ours_ms:5.1f}x ours)")
    return {"ours_ms": ours_ms, "best_ms": best_ms, "full_frame_ms": full_ms, "float32_ms": float_ms,
            "i420_ms": i420_ms}


if __name__ == "__main__":
    main()
