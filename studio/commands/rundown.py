"""`studio rundown add|move|remove|list|export|import`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from studio.core.inputs.layout import layout_from_text
from studio.commands._output import write_text_or_stdout
from studio.commands._db_option import add_leaf, open_db
from studio.commands.show import show_
from studio.core.show.cues import parse_cue_text, parse_duration
from studio.core.show.migrations import SEGMENT_KINDS
from studio.core.show.rundown import Segment, add_segment, move_segment, remove_segment
from studio.core.show.rundown_io import export_rundown, import_rundown
from studio.errors import UserInputError


def register(subparsers) -> None:
    parser = subparsers.add_parser("rundown")
    commands = parser.add_subparsers(dest="rundown_command", metavar="ACTION", required=True)

    add_parser = add_leaf(commands, "add", "add a segment (at the end, or --at POSITION)", add)
    add_parser.add_argument("show")
    add_parser.add_argument("--kind", required=True, choices=SEGMENT_KINDS)
    add_parser.add_argument("--duration", required=True, help="planned duration: 90, 1:30 or 2m")
    add_parser.add_argument("--title", default="")
    add_parser.add_argument("--sku", help="variant to take when the segment starts")
    add_parser.add_argument("--product", metavar="HANDLE", help="product (its first variant unless --sku)")
    add_parser.add_argument("--talking-point", action="append", default=[], dest="talking_points", metavar="TEXT")
    add_parser.add_argument("--cue", action="append", default=[], dest="cues", metavar="CUE",
                     help="KIND@OFFSET[+DURATION] [JSON], e.g. 'card@0' or 'callout@30+10 {\"text\": \"Only 3 left\"}'")
    add_parser.add_argument("--layout", metavar="KIND:A,B",
                            help="the inputs' layout it airs: full:guest, pip:host,closeup or side:host,guest")
    add_parser.add_argument("--at", type=int, metavar="POSITION", help="insert at this position (1 = first)")

    move_parser = add_leaf(commands, "move", "move a segment to another position", move)
    move_parser.add_argument("show")
    move_parser.add_argument("from_position", type=int, metavar="FROM")
    move_parser.add_argument("to_position", type=int, metavar="TO")

    remove_parser = add_leaf(commands, "remove", "remove a segment", remove)
    remove_parser.add_argument("show")
    remove_parser.add_argument("position", type=int)

    lst_parser = add_leaf(commands, "list", "print a show's rundown", lambda args: show_(args))
    lst_parser.add_argument("name", metavar="show")
    lst_parser.add_argument("--json", action="store_true")

    export_parser = add_leaf(commands, "export", "write a show's rundown as JSON", export)
    export_parser.add_argument("show")
    export_parser.add_argument("--output", "-o", type=Path)

    imp_parser = add_leaf(commands, "import", "create a show from a rundown JSON file", import_)
    imp_parser.add_argument("path", type=Path)
    imp_parser.add_argument("--name", help="show name (default: the one in the file)")
    imp_parser.add_argument("--replace", action="store_true", help="replace the rundown of an existing show")


def add(args: argparse.Namespace) -> int:
    segment = Segment(
        kind=args.kind,
        planned_duration_s=parse_duration(args.duration, "--duration"),
        title=args.title,
        product_handle=args.product,
        sku=args.sku,
        talking_points=args.talking_points,
        cues=[parse_cue_text(text) for text in args.cues],
        layout=layout_from_text(args.layout).as_dict() if args.layout else None,
    )
    segment = add_segment(open_db(args), args.show, segment, args.at)
    print(f"{args.show}: added segment {segment.position} ({segment.kind}, {segment.planned_duration_s:g} s)")
    return 0


def move(args: argparse.Namespace) -> int:
    move_segment(open_db(args), args.show, args.from_position, args.to_position)
    print(f"{args.show}: moved segment {args.from_position} to {args.to_position}")
    return 0


def remove(args: argparse.Namespace) -> int:
    remove_segment(open_db(args), args.show, args.position)
    print(f"{args.show}: removed segment {args.position}")
    return 0


def export(args: argparse.Namespace) -> int:
    text = json.dumps(export_rundown(open_db(args), args.show), indent=2, ensure_ascii=False) + "\n"
    write_text_or_stdout(text, args.output)
    return 0


def import_(args: argparse.Namespace) -> int:
    try:
        text = args.path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UserInputError(f"{args.path}: cannot read ({error})") from None
    name, count = import_rundown(open_db(args), text, str(args.path), args.name, args.replace)
    print(f"{name}: imported {count} segments")
    return 0
