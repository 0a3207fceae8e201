"""The vertical canvas's options, shared by `studio broadcast` and `studio engine` (docs/canvases.md).

A show gets a vertical canvas when something is bound to it: a `--to-vertical`
URL, a `--record-vertical` file, or a stored destination whose platform defaults
to vertical (TikTok, Instagram). `--to` and `--record` stay on the landscape canvas.
"""

from __future__ import annotations

import argparse

from studio.core.canvas import DEFAULT_VERTICAL_SIZE, parse_vertical_size
from studio.core.output import defaults
from studio.core.plan import VerticalPlan
from studio.errors import UserInputError

DEFAULT_VERTICAL_BITRATE_KBPS = VerticalPlan.video_bitrate_kbps


def add_canvas_options(parser: argparse.ArgumentParser) -> None:
    size = "x".join(map(str, DEFAULT_VERTICAL_SIZE))
    parser.add_argument("--to-vertical", action="append", default=[], metavar="URL",
                        help="RTMP/RTMPS destination fed the vertical 9:16 canvas (repeatable)")
    parser.add_argument("--record-vertical", metavar="PATH", help="record the vertical canvas to PATH")
    parser.add_argument("--vertical-size", default=size,
                        help=f"vertical canvas size, 9:16 (default {size}; up to 1080x1920)")
    parser.add_argument("--vertical-bitrate", type=int, default=DEFAULT_VERTICAL_BITRATE_KBPS, metavar="KBPS",
                        help=f"the vertical canvas's H.264 bitrate in kb/s (default {DEFAULT_VERTICAL_BITRATE_KBPS})")
    parser.add_argument("--vertical-crop", type=float, default=0.0, metavar="OFFSET",
                        help="where the vertical canvas crops the camera picture: -1 left edge, 0 centre "
                             "(default), 1 right edge; changed live with SetVerticalCrop")


def vertical_plan(args: argparse.Namespace, needed: bool) -> VerticalPlan | None:
    """The vertical canvas the options describe, or None when nothing is bound to it."""
    if not needed:
        return None
    width, height = parse_vertical_size(args.vertical_size)
    low, high = defaults.VIDEO_BITRATE_RANGE_KBPS
    if not low <= args.vertical_bitrate <= high:
        raise UserInputError(f"--vertical-bitrate {args.vertical_bitrate}: must be between {low} and {high} kb/s")
    from studio.core.vertical_canvas import check_crop_offset  # the compositor: not for declaring the options

    offset = check_crop_offset(args.vertical_crop, "--vertical-crop")
    return VerticalPlan(width=width, height=height, video_bitrate_kbps=args.vertical_bitrate, crop_offset=offset)
