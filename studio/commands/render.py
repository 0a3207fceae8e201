"""`studio render`: one graphic over a test picture, for producers to check a show before it airs."""

from __future__ import annotations

import argparse
from pathlib import Path

import cv2

from studio.core.canvas import Canvas, parse_size
from studio.core.graphics.product_view import DEMO_CATALOG_PATH
from studio.core.graphics.samples import PRODUCT_GRAPHICS
from studio.errors import UserInputError

# Command-line spellings (lower-third) to the kinds the program uses (lower_third).
GRAPHICS = {
    "card": "card",
    "callout": "callout",
    "countdown": "countdown",
    "lower-third": "lower_third",
    "ticker": "ticker",
    "logo": "logo",
    "comment": "comment",
    "slate": "slate",
}


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "render",
        help="write one graphic over a test background to a PNG",
        description="Render one broadcast graphic over a test background, exactly as the program output draws it.",
    )
    parser.add_argument("graphic", choices=list(GRAPHICS), metavar="GRAPHIC", help=f"one of: {', '.join(GRAPHICS)}")
    parser.add_argument("--product", metavar="SKU", help="product SKU (needed by card and callout)")
    parser.add_argument("--theme", default="studio", help="bundled theme name or path to a theme .json (default: studio)")
    parser.add_argument("--canvas", default="1920x1080", help="canvas size WIDTHxHEIGHT; taller than wide uses the 9:16 layout")
    parser.add_argument("--locale", default="en_US", help="show locale for prices and numbers (default: en_US)")
    parser.add_argument("--catalog", type=Path, default=DEMO_CATALOG_PATH, help="catalog JSON (default: the demo catalog)")
    parser.add_argument("--remaining", type=float, default=299.0, metavar="SECONDS",
                        help="countdown: seconds left on the deal (default: 299)")
    parser.add_argument("--out", type=Path, required=True, help="PNG file to write")
    parser.set_defaults(handler=run_render)


def run_render(args: argparse.Namespace) -> int:
    # Imported here so `studio --help` and other commands do not load Qt's GUI module.
    from studio.core.graphics.snapshot import snapshot
    from studio.core.graphics.theme import load_theme

    kind = GRAPHICS[args.graphic]
    # Canvas() applies the encoder's rules (even sizes), so a still never promises what cannot air.
    canvas = Canvas(*parse_size(args.canvas))
    width, height = canvas.width, canvas.height
    if kind in PRODUCT_GRAPHICS and not args.product:
        raise UserInputError(f"render {args.graphic}: --product SKU is required")
    if args.out.suffix.lower() != ".png":
        raise UserInputError(f"--out {args.out}: the file name must end in .png")
    if not args.out.parent.is_dir():
        raise UserInputError(f"--out {args.out}: folder {args.out.parent} does not exist")
    theme = load_theme(args.theme)
    frame = snapshot(kind, width, height, theme, args.product, args.catalog, args.locale, args.remaining)
    if not cv2.imwrite(str(args.out), frame):
        raise UserInputError(f"--out {args.out}: could not write the PNG")
    print(args.out)
    return 0
