"""`studio render`: one graphic over a test picture, for producers to check a show before it airs."""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path


from studio.commands._db_option import add_db_option, db_path, open_db
from studio.core.canvas import DEFAULT_VERTICAL_SIZE, LANDSCAPE, VERTICAL, Canvas, parse_size
from studio.core.graphics.kinds import GRAPHIC_KINDS, graphic_kind
from studio.core.image_files import write_png
from studio.core.show.cues import MAX_DURATION_S
from studio.errors import UserInputError

DEFAULT_REMAINING_S = 299.0


def _spelling(kind: str) -> str:
    return kind.replace("_", "-")  # lower_third is typed lower-third on the command line (both work)


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "render",
        description="Render one broadcast graphic over a test background, exactly as the program output draws it.",
    )
    kinds = ", ".join(_spelling(kind) for kind in GRAPHIC_KINDS)
    parser.add_argument("graphic", metavar="GRAPHIC", help=f"one of: {kinds}")
    parser.add_argument("--product", metavar="SKU", help="the product on air (card and callout need one)")
    parser.add_argument("--params", default="{}", metavar="JSON",
                        help='the graphic\'s parameters, as in a cue: \'{"text": "Only 3 left"}\' (see docs/graphics.md)')
    add_db_option(parser)
    parser.add_argument("--show", metavar="NAME", help="draw as this show airs it: its QR campaign tag, its ticker products")
    parser.add_argument("--catalog", type=Path, metavar="FILE",
                        help="read products from this catalog JSON instead of the database (e.g. assets/demo_catalog.json)")
    parser.add_argument("--theme", default="studio", help="bundled theme name or path to a theme .json (default: studio)")
    parser.add_argument("--canvas", default=LANDSCAPE,
                        help=f"{LANDSCAPE} (1920x1080, default), {VERTICAL} ({_size(DEFAULT_VERTICAL_SIZE)}, "
                             "the phone layout, see docs/canvases.md) or a size WIDTHxHEIGHT; taller than wide "
                             "uses the vertical layout")
    parser.add_argument("--locale", default="en_US", help="show locale for prices and numbers (default: en_US)")
    parser.add_argument("--remaining", default=str(DEFAULT_REMAINING_S), metavar="SECONDS",
                        help=f"countdown: seconds left on the deal (default: {DEFAULT_REMAINING_S:g})")
    parser.add_argument("--out", type=Path, required=True, help="PNG file to write")
    parser.set_defaults(handler=run_render)


CANVAS_SIZES = {LANDSCAPE: (1920, 1080), VERTICAL: DEFAULT_VERTICAL_SIZE}


def _size(size: tuple[int, int]) -> str:
    return "x".join(map(str, size))


def _canvas(text: str) -> Canvas:
    # Canvas() applies the encoder's rules (even sizes), so a still never promises what cannot air.
    named = CANVAS_SIZES.get(text.strip().lower())
    if named is not None:
        return Canvas(*named)
    try:
        return Canvas(*parse_size(text))
    except UserInputError as error:
        raise UserInputError(f"--canvas {text}: expected {LANDSCAPE}, {VERTICAL} or WIDTHxHEIGHT ({error})") from None


def _remaining_s(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not 0 <= value <= MAX_DURATION_S:
        raise UserInputError(f"--remaining {text}: must be a number of seconds between 0 and {MAX_DURATION_S:g}")
    return value


def _params(text: str) -> dict:
    try:
        params = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        params = None
    if not isinstance(params, dict):
        raise UserInputError(f"--params {text[:60]!r}: not a JSON object such as '{{\"text\": \"Only 3 left\"}}'")
    return params


def _context(args: argparse.Namespace):
    from studio.core.graphics.render_show import PREVIEW_CAMPAIGN, DatabaseProducts, RenderShow, from_catalog_file
    from studio.core.live_show import campaign_tag
    from studio.core.show_graphics import DEFAULT_BRAND

    if args.catalog is not None:
        if args.show:
            raise UserInputError("--show reads the database; it cannot be combined with --catalog")
        return from_catalog_file(args.catalog, args.product, DEFAULT_BRAND)
    products = DatabaseProducts(lambda: open_db(args), db_path(args), args.show)
    products.check_show()
    campaign = campaign_tag(args.show) if args.show else PREVIEW_CAMPAIGN
    return RenderShow(args.product, DEFAULT_BRAND, campaign, products.lookup, products.deal_products)


def run_render(args: argparse.Namespace) -> int:
    # Imported here so `studio --help` and other commands do not load Qt's GUI module.
    from studio.core.graphics.kinds import build_graphic_data
    from studio.core.graphics.snapshot import SETTLED_AT_S, settled_frame
    from studio.core.graphics.theme import load_theme

    kind = graphic_kind(args.graphic.replace("-", "_")).name
    canvas = _canvas(args.canvas)
    remaining_s = _remaining_s(args.remaining)
    params = _params(args.params)
    if args.out.suffix.lower() != ".png":
        raise UserInputError(f"--out {args.out}: the file name must end in .png")
    if not args.out.parent.is_dir():
        raise UserInputError(f"--out {args.out}: folder {args.out.parent} does not exist")
    theme = load_theme(args.theme)
    show = _context(args)
    # A countdown is drawn as it reads `remaining_s` before its end, once settled on screen.
    data = build_graphic_data(kind, params, show, duration_s=SETTLED_AT_S + remaining_s)
    if data is None and args.product:   # a graphic that shows a product's data only when it calls for it
        raise UserInputError(f"render {_spelling(kind)}: nothing to show for {args.product} now (the sold counter "
                             "needs orders in the last 10 minutes, the low-stock alert stock at or under its threshold)")
    if data is None:
        raise UserInputError(f"render {_spelling(kind)}: --product SKU is required")
    frame = settled_frame(kind, data, canvas.width, canvas.height, theme, args.locale)
    if not write_png(args.out, frame):
        raise UserInputError(f"--out {args.out}: could not write the PNG")
    print(args.out)
    return 0
