"""A moving test card with the show clock and frame counter burnt in.

The static part (colour bars, gradient, grid) is drawn once; each frame only
puts back the background where the last frame's marker and text band were and
draws them anew: no full-frame copy (at 1080p that copy was half the card's
cost, about 1.4 ms a frame; see docs/performance.md). The background is not kept
as a second picture (6 MiB at 1080p, a peak-memory goal): every row of it is one
of two rows (bars above, gradient below) except the grid's lines, so those two
rows are all it takes to put it back. The clock's characters are drawn once
(studio/core/graphics/text_masks.py); a frame lays their masks side by side.
"""

from __future__ import annotations

import numpy as np

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

    def frame_at(self, show_time_s: float) -> np.ndarray:
        frame = self._frame
        for rows, columns in self._dirty:
            self._restore_background(rows, columns)
        height, width = self.height, self.width
        # One sweep across the picture every 4 s, so motion (and stalls) are visible.
        phase = (show_time_s % 4.0) / 4.0
        marker_x = int(phase * (width - height // 8))
        frame[height // 3:height // 3 + height // 8 + 1, marker_x:marker_x + height // 8 + 1] = 255
        frame_number = int(round(show_time_s * self.fps))
        scale = height / 360
        thickness = max(1, int(round(2 * scale)))
        band_top = int(height * 0.78)
        # Generous margins: anti-aliased text may spill a few pixels past the band it is written on.
        margin = 4 * thickness
        self._dirty = [
            (slice(height // 3, height // 3 + height // 8 + 1), slice(marker_x, marker_x + height // 8 + 1)),
            (slice(max(0, band_top - margin), band_top + int(70 * scale) + margin), slice(0, width)),
        ]
        frame[band_top:band_top + int(70 * scale) + 1] = 0
        clock = self._clock_glyphs
        paint_mask(frame, clock.mask(format_show_time(show_time_s)), int(20 * scale),
                   band_top + int(32 * scale) - clock.height * 3 // 4, (255, 255, 255))
        counter = self._counter_glyphs
        paint_mask(frame, counter.mask(f"frame {frame_number}"), int(20 * scale),
                   band_top + int(62 * scale) - counter.height * 3 // 4, (200, 200, 200))
        return frame
