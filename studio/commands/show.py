"""`studio show create|list|show|duplicate|rename|delete|export`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from studio.commands._output import write_text_or_stdout
from studio.core.checks import check_output_file
from studio.commands._db_option import add_leaf, open_db
from studio.core.show.exports import FORMATS, export_show
from studio.core.show.rundown import create_show, duplicate_show, get_show, list_shows, load_segments
from studio.core.show.shows import delete_show, rename_show
from studio.errors import UserInputError


def register(subparsers) -> None:
    parser = subparsers.add_parser("show")
    commands = parser.add_subparsers(dest="show_command", metavar="ACTION", required=True)

    create_parser = add_leaf(commands, "create", "create an empty show", create)
    create_parser.add_argument("name")
    create_parser.add_argument("--title", default="", help="title shown to viewers")

    lst_parser = add_leaf(commands, "list", "list shows", list_)
    lst_parser.add_argument("--json", action="store_true")

    show_parser = add_leaf(commands, "show", "print a show's rundown", show_)
    show_parser.add_argument("name")
    show_parser.add_argument("--json", action="store_true")

    duplicate_parser = add_leaf(commands, "duplicate", "copy a show's rundown into a new show (a template)", duplicate)
    duplicate_parser.add_argument("source")
    duplicate_parser.add_argument("name")
    duplicate_parser.add_argument("--title")

    rename_parser = add_leaf(commands, "rename", "rename a show", rename)
    rename_parser.add_argument("name")
    rename_parser.add_argument("new_name", metavar="NEW_NAME")

    delete_parser = add_leaf(commands, "delete", "delete a show with its rundown and as-run log (the catalog stays)",
                             delete)
    delete_parser.add_argument("name")

    inputs_parser = add_leaf(commands, "inputs", "list, add or remove a show's stored inputs (docs/sources.md)",
                             inputs_)
    inputs_parser.add_argument("name")
    inputs_parser.add_argument("--add", action="append", default=[], metavar="NAME=SPEC",
                               help="store an input with the show (repeatable; a NAME stored already is re-pointed)")
    inputs_parser.add_argument("--remove", action="append", default=[], metavar="NAME", help="forget an input")

    export_parser = add_leaf(commands, "export", "export chapters or the as-run report", export)
    export_parser.add_argument("name")
    export_parser.add_argument("--format", required=True, choices=FORMATS)
    export_parser.add_argument("--planned", action="store_true", help="chapters from the plan instead of the as-run log")
    export_parser.add_argument("--run", type=int, help="which run (default: the latest)")
    export_parser.add_argument("--output", "-o", type=Path, help="write to this file instead of standard output")


def create(args: argparse.Namespace) -> int:
    show = create_show(open_db(args), args.name, args.title)
    print(f"created show {show.name!r}")
    return 0


def list_(args: argparse.Namespace) -> int:
    shows = list_shows(open_db(args))
    if args.json:
        print(json.dumps(shows, indent=2))
        return 0
    for show in shows:
        print(f"{show['name']:<24} {show['segments']:>3} segments  {_clock(show['planned_s'])}  {show['title']}")
    return 0


def show_(args: argparse.Namespace) -> int:
    db = open_db(args)
    show = get_show(db, args.name)
    segments = load_segments(db, show.id)
    if args.json:
        from studio.core.show.rundown_io import export_rundown

        print(json.dumps(export_rundown(db, args.name), indent=2))
        return 0
    print(f"{show.name}: {show.title}" if show.title else show.name)
    start_s = 0.0
    for segment in segments:
        product = f"  [{segment.sku}]" if segment.sku else ""
        print(f"{segment.position:>3}. {_clock(start_s)} +{_clock(segment.planned_duration_s)}  "
              f"{segment.kind:<10} {segment.display_title}{product}")
        for point in segment.talking_points:
            print(f"       - {point}")
        for cue in segment.cues:
            action = "" if cue.action == "show" else "hide "
            extra = f" for {cue.duration_s:g} s" if cue.duration_s else ""
            params = f" {json.dumps(cue.params)}" if cue.params else ""
            print(f"       @{_clock(cue.offset_s)} {action}{cue.kind}{extra}{params}")
        start_s += segment.planned_duration_s
    print(f"total {_clock(start_s)}")
    return 0


def duplicate(args: argparse.Namespace) -> int:
    show = duplicate_show(open_db(args), args.source, args.name, args.title)
    print(f"created show {show.name!r} from {args.source!r}")
    return 0


def rename(args: argparse.Namespace) -> int:
    print(f"renamed show {args.name!r} to {rename_show(open_db(args), args.name, args.new_name)!r}")
    return 0


def delete(args: argparse.Namespace) -> int:
    delete_show(open_db(args), args.name)
    print(f"deleted show {args.name!r}")
    return 0


def export(args: argparse.Namespace) -> int:
    if args.output:
        check_output_file(args.output, "--output")  # before the work, with the reason
    notes: list[str] = []
    text = export_show(open_db(args), args.name, args.format, planned=args.planned, run_id=args.run, notes=notes)
    for note in notes:   # on stderr: standard output stays exactly what to paste
        print(f"note: {note}", file=sys.stderr)
    write_text_or_stdout(text, args.output)
    return 0


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def inputs_(args: argparse.Namespace) -> int:
    """A show's inputs, as `studio engine --show NAME` opens them when no --input is given."""
    from studio.core.inputs.specs import split_input
    from studio.core.show.show_inputs import forget_input, store_input, stored_inputs

    db = open_db(args)
    show = get_show(db, args.name)
    for text in args.add:
        store_input(db, show.name, *split_input(text))
    for name in args.remove:
        if not forget_input(db, show.name, name):
            raise UserInputError(f"show {show.name!r} has no input {name!r}")
    stored = stored_inputs(db, show.id, masked=True)     # a URL's key or password stays in the key store
    for name, spec in stored:
        print(f"{name}={spec}")
    if not stored:
        print(f"show {show.name!r} has no inputs (studio show inputs {show.name} --add NAME=SPEC)")
    return 0
