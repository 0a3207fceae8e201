"""The encoder settings a show uses when nobody says otherwise, declared once.

`studio broadcast` and `studio preflight` both take their defaults from here, so
what preflight approves is what broadcast sends.
"""

from __future__ import annotations

DEFAULT_WIDTH = 1280
DEFAULT_HEIGHT = 720
DEFAULT_SIZE = f"{DEFAULT_WIDTH}x{DEFAULT_HEIGHT}"
DEFAULT_FPS = 30
DEFAULT_VIDEO_BITRATE_KBPS = 3500
DEFAULT_AUDIO_BITRATE_KBPS = 128  # the most platforms take (X allows no more; Facebook and Twitch recommend it)
DEFAULT_KEYFRAME_INTERVAL_S = 2.0
# x264 presets a live show can afford on a desktop CPU, fastest first.
X264_PRESETS = ("ultrafast", "superfast", "veryfast", "faster", "fast", "medium")
DEFAULT_X264_PRESET = "veryfast"

# Bounds the command line accepts (what the encoder can reasonably be asked for).
VIDEO_BITRATE_RANGE_KBPS = (100, 50_000)
AUDIO_BITRATE_RANGE_KBPS = (32, 512)
KEYFRAME_INTERVAL_RANGE_S = (0.5, 10.0)
FPS_RANGE = (1, 120)  # the canvas, the encoder options and preflight all take it from here
