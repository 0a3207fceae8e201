"""The picture shown when a picture is missing (a camera lost, an input waiting): drawn once, off the frame loop.

`draw_slate` lays its text with Qt (text_masks.py), so in the engine it runs in the graphics process
(render_process.py): `Slates` asks the renderer for each slate the first time it is wanted and shows
the slate's plain background, without its text, until the picture comes back (a frame or two). Without
a renderer (tools, tests), it draws the slate at once on the caller's thread.
"""

from __future__ import annotations

import numpy as np

from studio.core import picture
from studio.core.graphics.render_job import RenderJob

SLATE_TEXT = "We'll be right back"
_BACKGROUND_BGR = (60, 30, 20)


def draw_slate(width: int, height: int, text: str = SLATE_TEXT) -> np.ndarray:
    from studio.core.graphics.text_masks import paint_mask, text_mask

    slate = plain_slate(width, height)
    scale = min(height / 360, width / 640)  # a 9:16 slate keeps the text inside its width
    mask = text_mask(text, int(round(30 * scale)), bold=True)
    paint_mask(slate, mask, (width - mask.shape[1]) // 2, (height - mask.shape[0]) // 2, (255, 255, 255))
    return slate


def plain_slate(width: int, height: int) -> np.ndarray:
    """The slate's background alone (BGR)."""
    slate = np.empty((height, width, 3), np.uint8)
    slate[:] = _BACKGROUND_BGR
    return slate


class Slates:
    """Slate pictures by text, size and format, for the frame loop, which never waits for one.
    `renderer`: a RenderWorker (render_worker.py) that draws them; None draws them at once."""

    def __init__(self, renderer=None) -> None:
        self._renderer = renderer
        self._drawn: dict[tuple, np.ndarray] = {}        # (text, width, height) -> BGR, drawn
        self._pictures: dict[tuple, np.ndarray] = {}     # (text, width, height, format) -> the picture
        self._asked: set[tuple] = set()

    def picture(self, width: int, height: int, text: str = SLATE_TEXT, picture_format: str = picture.BGR) -> np.ndarray:
        """The slate, in `picture_format`; its plain background while its text is being drawn."""
        key = (text, width, height)
        drawn = self._drawn.get(key)
        if drawn is None:
            drawn = self._draw(key)
            if drawn is None:
                return self._converted(("", width, height, picture_format), lambda: plain_slate(width, height))
        return self._converted((*key, picture_format), lambda: drawn)

    def _draw(self, key: tuple) -> np.ndarray | None:
        text, width, height = key
        if self._renderer is None:
            self._drawn[key] = draw_slate(width, height, text)
            return self._drawn[key]
        job_key = ("slate", *key)
        if key not in self._asked:
            self._asked.add(key)
            self._renderer.submit(job_key, 1, RenderJob("slate_picture", (width, height, text)))
        rendered = self._renderer.take(job_key)
        if rendered is None:
            return None
        # A slate that could not be drawn (logged by the renderer) stays its plain background.
        self._drawn[key] = rendered.layers if rendered.layers is not None else plain_slate(width, height)
        return self._drawn[key]

    def _converted(self, key: tuple, bgr) -> np.ndarray:
        converted = self._pictures.get(key)
        if converted is None:
            converted = self._pictures[key] = picture.as_format(bgr(), key[3])
        return converted
