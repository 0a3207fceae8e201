"""A moving test card with the show clock and frame counter burnt in.

The static part (colour bars, gradient, grid) is drawn once; each frame only
puts back the background where the last frame's marker and text band were and
draws them anew: no full-frame copy (at 1080p that copy was half the card's
cost, about 1.4 ms a frame; see docs/performance.md). The background is not kept
as a second picture (6 MiB at 1080p, a peak-memory goal): every row of it is one
of two rows (bars above, gradient below) except the grid's lines, so those two
rows are all it takes to put it back. The clock's characters are drawn once
(studio/core/graphics/text_masks.py); a frame lays their masks side by side.

When the engine composes in I420 (`prefer_format`), the card is drawn into I420 planes directly:
the background is converted once, and each frame writes the marker, the band and the text's luma
(all grey: their chroma is neutral), the same bytes as drawing in BGR and converting, without a
full-picture conversion per frame (2.8 ms at 1080p).
"""

from __future__ import annotations

import numpy as np

from studio.core import picture
from studio.core.capture.source import VideoSource
from studio.core.graphics.text_masks import GlyphStrip, paint_mask

# 75 % colour bars, BGR: white, yellow, cyan, green, magenta, red, blue.
_BARS_BGR = [
    (191, 191, 191), (0, 191, 191), (191, 191, 0), (0, 191, 0),
    (191, 0, 191), (0, 0, 191), (191, 0, 0),
]
_GRID_BGR = (64, 64, 64)
_CLOCK_CHARACTERS = "0123456789:."
_COUNTER_CHARACTERS = "frame 0123456789"
_WHITE, _COUNTER_GREY = 255, 200


def format_show_time(show_time_s: float) -> str:
    total_ms = int(round(show_time_s * 1000))
    hours, rest = divmod(total_ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


class TestCardSource(VideoSource):
    description = "test card"
    __test__ = False  # a picture source, not a pytest test class

    def __init__(self, width: int, height: int, fps: int):
        self.width, self.height, self.fps = width, height, fps
        self._frame = self._draw_background(width, height)
        self._bars_bottom = height * 2 // 3
        self._grid_step = self._grid_step_for(width)
        # The background's two kinds of row (grid columns included); its grid rows are plain grey.
        self._bars_row = self._frame[self._row_off_grid(0, self._bars_bottom)].copy()
        self._ramp_row = self._frame[self._row_off_grid(self._bars_bottom, height)].copy()
        # Rows and columns the previous frame drew over the background (restored before the next one).
        self._dirty: list[tuple[slice, slice]] = []
        scale = height / 360
        self._clock_glyphs = GlyphStrip(_CLOCK_CHARACTERS, int(round(24 * scale)))
        self._counter_glyphs = GlyphStrip(_COUNTER_CHARACTERS, int(round(19 * scale)))
        self._i420: np.ndarray | None = None
        self._i420_background: np.ndarray | None = None

    def prefer_format(self, picture_format: str) -> None:
        if picture_format != picture.I420 or self.width % 2 or self.height % 2 or self._i420 is not None:
            return
        for rows, columns in self._dirty:
            self._restore_background(rows, columns)
        self._dirty = []
        self._i420_background = picture.to_i420(self._frame)
        self._i420 = self._i420_background.copy()
        self._frame = None  # from now on the card is drawn in I420 only

    @staticmethod
    def _draw_background(width: int, height: int) -> np.ndarray:
        card = np.zeros((height, width, 3), np.uint8)
        bars_bottom = height * 2 // 3
        for index, colour in enumerate(_BARS_BGR):
            left = index * width // len(_BARS_BGR)
            right = (index + 1) * width // len(_BARS_BGR)
            card[:bars_bottom, left:right] = colour
        ramp = np.linspace(0, 255, width, dtype=np.float32).astype(np.uint8)
        card[bars_bottom:, :, :] = ramp[None, :, None]
        step = TestCardSource._grid_step_for(width)
        card[:, ::step] = _GRID_BGR
        card[::step, :] = _GRID_BGR
        return card

    @staticmethod
    def _grid_step_for(width: int) -> int:
        return max(16, width // 16)

    def _row_off_grid(self, top: int, bottom: int) -> int:
        """A row of [top, bottom) that no grid line crosses (any row if there is none: all are grid rows)."""
        for y in range(top, bottom):
            if y % self._grid_step:
                return y
        return min(top, self.height - 1)

    def _restore_background(self, rows: slice, columns: slice) -> None:
        frame, step = self._frame, self._grid_step
        top, bottom = rows.start, min(rows.stop, self.height)
        split = min(max(self._bars_bottom, top), bottom)
        frame[top:split, columns] = self._bars_row[columns]
        frame[split:bottom, columns] = self._ramp_row[columns]
        first_grid_row = -(-top // step) * step
        frame[first_grid_row:bottom:step, columns] = _GRID_BGR

    def _layout(self, show_time_s: float):
        """This frame's marker box and band (row and column ranges, end exclusive), its text (mask, left,
        top, grey level) and what it draws over the background (restored before the next frame)."""
        height, width = self.height, self.width
        # One sweep across the picture every 4 s, so motion (and stalls) are visible.
        phase = (show_time_s % 4.0) / 4.0
        marker_x = int(phase * (width - height // 8))
        marker = (height // 3, height // 3 + height // 8 + 1, marker_x, marker_x + height // 8 + 1)
        scale = height / 360
        thickness = max(1, int(round(2 * scale)))
        band_top = int(height * 0.78)
        band = (band_top, band_top + int(70 * scale) + 1)
        # Generous margins: anti-aliased text may spill a few pixels past the band it is written on.
        margin = 4 * thickness
        dirty = [(slice(marker[0], marker[1]), slice(marker[2], marker[3])),
                 (slice(max(0, band_top - margin), band_top + int(70 * scale) + margin), slice(0, width))]
        clock, counter = self._clock_glyphs, self._counter_glyphs
        text = [(clock.mask(format_show_time(show_time_s)), int(20 * scale),
                 band_top + int(32 * scale) - clock.height * 3 // 4, _WHITE),
                (counter.mask(f"frame {int(round(show_time_s * self.fps))}"), int(20 * scale),
                 band_top + int(62 * scale) - counter.height * 3 // 4, _COUNTER_GREY)]
        return marker, band, text, dirty

    def frame_at(self, show_time_s: float) -> np.ndarray:
        marker, band, text, dirty = self._layout(show_time_s)
        if self._i420 is not None:
            return self._draw_i420(marker, band, text, dirty)
        frame = self._frame
        for rows, columns in self._dirty:
            self._restore_background(rows, columns)
        self._dirty = dirty
        frame[marker[0]:marker[1], marker[2]:marker[3]] = 255
        frame[band[0]:band[1]] = 0
        for mask, left, top, level in text:
            paint_mask(frame, mask, left, top, (level, level, level))
        return frame

    def _draw_i420(self, marker, band, text, dirty) -> np.ndarray:
        planes, background = picture.planes(self._i420), picture.planes(self._i420_background)
        for rows, columns in self._dirty:
            chroma = (_chroma_span(rows), _chroma_span(columns))
            for index, (plane, original) in enumerate(zip(planes, background)):
                region = (rows, columns) if index == 0 else chroma
                plane[region] = original[region]
        self._dirty = dirty
        luma, u, v = planes
        # A chroma sample is its 2x2 block's top-left pixel's (picture.to_i420): sample j is drawn over
        # when pixel 2j is.
        luma[marker[0]:marker[1], marker[2]:marker[3]] = _GREY_TO_Y[255]
        marker_chroma = (slice((marker[0] + 1) // 2, (marker[1] + 1) // 2), slice((marker[2] + 1) // 2, (marker[3] + 1) // 2))
        luma[band[0]:band[1]] = _GREY_TO_Y[0]
        band_chroma = slice((band[0] + 1) // 2, (band[1] + 1) // 2)
        for plane in (u, v):
            plane[marker_chroma] = picture.NEUTRAL_CHROMA
            plane[band_chroma] = picture.NEUTRAL_CHROMA
        for mask, left, top, level in text:   # grey over the black band: luma only
            _paint_grey_luma(luma, mask, left, top, level)
        return self._i420


def _chroma_span(pixels: slice) -> slice:
    """The chroma samples of the 2x2 blocks that pixel range touches."""
    return slice(pixels.start // 2, (pixels.stop + 1) // 2)


def _grey_to_y() -> np.ndarray:
    """Y of each grey level, as picture.to_i420 converts it (its U and V are 128)."""
    ramp = np.repeat(np.repeat(np.arange(256, dtype=np.uint8), 2)[None, :, None], 3, axis=2).repeat(2, axis=0)
    return picture.to_i420(ramp)[0, ::2].copy()


_GREY_TO_Y = _grey_to_y()


def _paint_grey_luma(luma: np.ndarray, mask: np.ndarray, left: int, top: int, level: int) -> None:
    """paint_mask's grey `level` over black, in luma: Y of round(level * coverage / 255)."""
    height, width = luma.shape
    right, bottom = min(width, left + mask.shape[1]), min(height, top + mask.shape[0])
    x0, y0 = max(0, left), max(0, top)
    if right <= x0 or bottom <= y0:
        return
    coverage = mask[y0 - top:bottom - top, x0 - left:right - left].astype(np.uint16)
    luma[y0:bottom, x0:right] = _GREY_TO_Y[(coverage * level + 127) // 255]
