"""The registry of live commands: each declared once, with its fields' types and limits.

A declaration says what the command carries (its dataclass fields, `Annotated` with their
bounds), whether it changes what airs, where the engine runs it (`runs_on`), one line of
documentation, and for a client request its answer and `studio control` verb. From it come
the vendor requests (VENDOR_COMMANDS), parsing (parse_command), the take-to-air set, the
engine's routing (studio/core/live/live_control.py), its handlers' completeness
(studio/core/live/handlers/), the CLI verbs and docs/control.md (`python -m studio.wire.commands_doc`).

Bounds here are the edge's limits: no request may carry more. Rules of the show itself (a
segment that exists, a graphic kind's parameters, 50 talking points after blanks are dropped)
stay with the code that knows them.
"""

from __future__ import annotations

from dataclasses import field
from typing import Annotated, Any

from studio.wire.bounds import Doc, Items, Keys, Range, Text
from studio.wire.command_spec import (  # noqa: F401 - the names clients and the engine import from here
    REGISTRY, Arg, Command, CommandError, CommandQueue, Verb, check_command, command_data, field_specs,
    live_command, parse_command,
)

SKU = Annotated[str, Text(255)]
SEGMENT = Annotated[int, Range(0, 9_999, doc="0-based")]
SHOW_NAME = Annotated[str, Text(200, doc="a show's name (at most 80 characters once trimmed)")]
DESTINATION_NAME = Annotated[str, Text(63)]
MAX_GAIN_DB, MIN_GAIN_DB = 20.0, -60.0           # studio/core/audio_strip.py (a test keeps them equal)
COUNTDOWN_RANGE_S = (1.0, 3600.0)
MAX_MARKER_CHARS = 500
MAX_CATALOG_PAGE = 1000
MAX_SEGMENT_S = 24 * 3600.0                      # studio/core/show/cues.py MAX_DURATION_S

# -- vendor requests: the request name is the class name -----------------------------------------------

@live_command(vendor=True, doc="the whole show state", answers="the snapshot below",
              verb=Verb("state", "the whole show state as JSON (stats under --stats-json's names)"))
class GetShowState(Command): pass

@live_command(vendor=True, runs_on="worker", answers="`{products: [{sku, title, variant_title, price, compare_at, "
              "currency, stock, category, image_thumbnail?}], total}`", doc="a page of the catalog")
class GetCatalog(Command):
    search: Annotated[str, Text(200, doc="in SKU/title")] = ""
    category: Annotated[str, Text(200)] = ""
    in_stock: bool = False
    limit: Annotated[int, Range(1, MAX_CATALOG_PAGE)] = 200
    offset: Annotated[int, Range(0, 1_000_000_000)] = 0
    with_images: Annotated[bool, Doc("base64 JPEG thumbnails, 160 px")] = False

@live_command(vendor=True, runs_on="worker", answers="`{presets: [{preset, name, ingest, vertical, backup_of, key, "
              "where_to_find, default_url, url_example, limits}]}`",
              doc="the same data as `studio destination presets --json`; what the console's *Add…* dialog offers")
class GetPlatformPresets(Command): pass

@live_command(vendor=True, answers="`{sku}`", doc="puts the product in preview; Take airs it",
              verb=Verb("preview", "put a product in preview (Take airs it)", (Arg("sku"),)))
class PreviewProduct(Command):
    sku: SKU

@live_command(vendor=True, on_air=True, answers="`{sku, frame}`",
              doc="the card on air from the next frame (once its render is done: a card in Preview is drawn ahead); "
                  "`frame`, answered once it airs, is the first program frame that shows it, as in the as-run log",
              verb=Verb("take", "put a product's card on air now", (Arg("sku"),)))
class TakeProduct(Command):
    sku: SKU

@live_command(vendor=True, on_air=True, doc="takes the card (and its callout) off air",
              verb=Verb("clear", "take the product card off air"))
class ClearProduct(Command): pass

# Next/previous segment in two forms, as OBS's studio mode has them: a cue changes only Preview,
# a take airs. "Next" and "previous" count from the segment on air, so cue-next then Take is take-next.
@live_command(vendor=True, answers="`{index}`: the segment now in Preview",
              doc="Preview gets the segment after the one on air (refused 703 after the last); Program does not change. "
                  "Take airs it",
              verb=Verb("cue-next", "put the segment after the one on air in Preview (Take airs it)"))
class CueNextSegment(Command): pass

@live_command(vendor=True, answers="`{index}`: the segment now in Preview",
              doc="Preview gets the segment before the one on air (on the first: the first again); Program does "
                  "not change. Take airs it",
              verb=Verb("cue-prev", "put the segment before the one on air in Preview (Take airs it)"))
class CuePreviousSegment(Command): pass

@live_command(vendor=True, on_air=True, answers="`{index}`",
              doc="airs the segment after the one on air now, with the current transition",
              verb=Verb("take-next", "air the next segment now, with the current transition"))
class TakeNextSegment(Command): pass

@live_command(vendor=True, on_air=True, answers="`{index}`",
              doc="airs the segment before the one on air now (on the first: restarts it), with the current "
                  "transition",
              verb=Verb("take-prev", "air the previous segment now, with the current transition"))
class TakePreviousSegment(Command): pass

# The names from before cue and take kept their meaning, so a Stream Deck key set up with them goes on
# doing what it did (airing): turning them into cues would leave a live show stuck on a key press.
@live_command(vendor=True, on_air=True, answers="`{index}`",
              doc="the same as `TakeNextSegment` (airs at once; its name from before cue and take, kept for "
                  "existing Stream Deck keys); to cue, `CueNextSegment`",
              verb=Verb("next", "the same as take-next: air the next segment now (to cue it: cue-next)"))
class NextSegment(Command): pass

@live_command(vendor=True, on_air=True, answers="`{index}`",
              doc="the same as `TakePreviousSegment` (airs at once; kept for existing Stream Deck keys); to cue, "
                  "`CuePreviousSegment`",
              verb=Verb("prev", "the same as take-prev: air the previous segment now (to cue it: cue-prev)"))
class PreviousSegment(Command): pass

@live_command(vendor=True, on_air=True, answers="`{index}`", doc="starts that segment now",
              verb=Verb("jump", "start segment N (1 is the first)", (Arg("n", field="index", parse="one_based"),)))
class JumpToSegment(Command):
    index: SEGMENT

@live_command(vendor=True, runs_on="worker", answers="`{from_index, to_index}`",
              doc="persisted in the database and announced as `RundownChanged`; not the segment on air")
class MoveSegment(Command):
    from_index: SEGMENT
    to_index: SEGMENT

@live_command(vendor=True, runs_on="worker", answers="`{index, talking_points}`",
              doc="persisted in the rundown (they move with their segment and travel in `studio rundown export`), "
                  "announced as `RundownChanged`")
class SetTalkingPoints(Command):
    index: SEGMENT
    # An edge cap; the rundown keeps at most 50, each ≤ 500 characters once trimmed (studio/core/show/rundown.py).
    talking_points: Annotated[list[str], Items(200, Text(2000), item_name="talking point",
                                               doc="at most 50 kept, each ≤ 500 chars once trimmed; blanks dropped")]

@live_command(vendor=True, runs_on="worker", answers="`{index, sku}`",
              doc="a product segment with its card up from the start, persisted; what the console's drag of a "
                  "product into the rundown sends")
class AddSegment(Command):
    sku: SKU
    index: Annotated[int, Range(-1, 9_999, doc="−1: at the end")] = -1
    duration_s: Annotated[float, Range(0, MAX_SEGMENT_S, "s", doc="more than 0")] = 120.0

@live_command(vendor=True, runs_on="worker", answers="`{index}`",
              doc="deletes the segment from the rundown, persisted and announced as `RundownChanged`; refused for the "
                  "segment on air")
class RemoveSegment(Command):
    index: SEGMENT

@live_command(vendor=True, runs_on="worker", answers="`{index, duration_s}`",
              doc="the segment's planned length, persisted and announced as `RundownChanged` (its cues must still fit)")
class SetSegmentDuration(Command):
    index: SEGMENT
    duration_s: Annotated[float, Range(0, MAX_SEGMENT_S, "s", doc="more than 0")]

@live_command(vendor=True, answers="`{enabled}`", doc="whether the rundown moves on by itself at each segment's end")
class SetAutoAdvance(Command):
    enabled: bool

@live_command(vendor=True, on_air=True, answers="`{kind, params}` with defaults filled",
              doc="puts a graphic on air; its parameters are validated by the graphic-kind registry: text over "
                  "its field's limit (docs/graphics.md) is refused 402 naming the field and the limit, within it "
                  "the whole text airs",
              verb=Verb("show", "put a graphic on air", (
                  Arg("kind"), Arg("--param", field="params", parse="key_values", metavar="K=V",
                                   help="a parameter (repeatable)"))))
class ShowGraphic(Command):
    kind: Annotated[str, Text(64)]
    params: Annotated[dict, Keys(32, 2000)] = field(default_factory=dict)

@live_command(vendor=True, on_air=True, answers="`{kind}`", doc="takes a graphic off air",
              verb=Verb("hide", "take a graphic off air", (Arg("kind"),)))
class HideGraphic(Command):
    kind: Annotated[str, Text(64)]

@live_command(vendor=True, on_air=True, answers="`{ends_at_s}` (show time)", doc="starts the countdown graphic",
              verb=Verb("countdown", "start a countdown, e.g. 5m, 90, 1:30", (
                  Arg("duration", field="duration_s", parse="duration"),
                  Arg("--label", default="", help="text above the digits"))))
class StartCountdown(Command):
    duration_s: Annotated[float, Range(*COUNTDOWN_RANGE_S, "s")]
    label: Annotated[str, Text(200)] = ""

@live_command(vendor=True, on_air=True, doc="takes the countdown off air")
class CancelCountdown(Command): pass

@live_command(vendor=True, runs_on="worker", answers="`{sku, price, compare_at}`",
              doc="through the catalog, logged in the as-run", verb=Verb("price", "set a product's price",
                                                                         (Arg("sku"), Arg("price"))))
class SetPrice(Command):
    sku: SKU
    price: Annotated[str | int | float, Text(32), Range(0, 1e9), Doc("a number or a decimal string")]
    compare_at: Annotated[str | int | float | None, Text(32), Range(0, 1e9)] = None

@live_command(vendor=True, runs_on="worker", answers="`{sku, stock}`", doc="through the catalog",
              verb=Verb("stock", "set a product's stock", (Arg("sku"), Arg("stock"))))
class SetStock(Command):
    sku: SKU
    stock: Annotated[int, Range(0, 1_000_000_000)]

@live_command(vendor=True, answers="`{destinations, upload_kbps}`: how many destinations and the upload sending to "
              "each directly needs",
              doc="stop using the relay (see [destinations.md](destinations.md#relay)): the next go live sends to each "
                  "destination directly; 500 while live, 600 when the engine has no relay",
              verb=Verb("send-directly", "stop using the relay: the next go live sends to each destination directly"))
class SendDirectly(Command): pass

# Made by the gateway from a verified order delivery (studio/gateway/orders_in.py), one per line item.
@live_command(gateway=True, runs_on="worker", answers="`{sku, stock}`",
              doc="a sale from the shop: the quantity off the SKU's stock (never below 0), announced as SaleRecorded")
class RecordSale(Command):
    sku: SKU
    quantity: Annotated[int, Range(1, 1_000_000)]
    order: Annotated[str, Text(64, doc="the shop's order name, e.g. #1001")] = ""

@live_command(vendor=True, answers="`{label}`", doc="drops and reopens that destination's connection",
              verb=Verb("reconnect", "drop and reopen one destination's connection", (Arg("label"),)))
class ReconnectDestination(Command):
    label: Annotated[str, Text(255)]

@live_command(vendor=True, runs_on="worker", answers="`{spec}`",
              doc="opened off the frame loop, swapped in at a frame boundary")
class SetVideoSource(Command):
    spec: Annotated[str, Text(1024, doc="`test`, `file:PATH`, `camera:N`, `camera:NAME`")]

@live_command(vendor=True, runs_on="worker", answers="`{spec}`",
              doc="likewise; an unknown or ambiguous name is refused with the devices listed")
class SetAudioSource(Command):
    spec: Annotated[str, Text(1024, doc="`tone`, `silence`, `file`, `mic`, `mic:NAME`")]

CHANNEL = Annotated[str, Text(40, doc="a sound channel (an input's name, `Mic`, `Tone`); \"\" or `Program`: the "
                                       "program's master")]

@live_command(vendor=True, answers="`{input, muted, show_time_s}`",
              doc="silent from that show time (5 ms ramp), as-run `source_changed` with `muted`; OBS's "
                  "`InputMuteStateChanged`")
class SetMute(Command):
    muted: bool
    input: CHANNEL = ""

@live_command(vendor=True, answers="`{input, gain_db, show_time_s}`",
              doc="as-run `source_changed` with `gain_db`; OBS's `InputVolumeChanged`")
class SetGain(Command):
    gain_db: Annotated[float, Range(MIN_GAIN_DB, MAX_GAIN_DB, "dB")]
    input: CHANNEL = ""

@live_command(vendor=True, answers="`{offset, frame}`",
              doc="where the vertical canvas crops the camera picture; `frame` is the first program frame cropped "
                  "there; 600 when the show has no vertical canvas (see [canvases.md](canvases.md))",
              verb=Verb("crop", "move the vertical canvas's crop of the camera: -1 left edge, 0 centre, 1 right edge",
                        (Arg("offset"),)))
class SetVerticalCrop(Command):
    offset: Annotated[float, Range(-1.0, 1.0, doc="−1 left edge … 0 centre … +1 right edge")]

@live_command(vendor=True, answers="`{show_time_s}`", doc="an as-run `marker` entry",
              verb=Verb("marker", "add a marker to the as-run log", (Arg("text"),)))
class AddMarker(Command):
    text: Annotated[str, Text(MAX_MARKER_CHARS)]

# -- shows: the console's Show menu ----------------------------------------------------------------------

@live_command(vendor=True, runs_on="worker", answers="`{shows: [{name, title, created_at, segments, products, "
              "planned_s}], current}`, newest first", doc="the database's shows, and the one this engine plays")
class ListShows(Command): pass

@live_command(vendor=True, runs_on="worker", answers="`{name}`", doc="an empty show, stored (not opened)")
class CreateShow(Command):
    name: SHOW_NAME
    title: Annotated[str, Text(200)] = ""

@live_command(vendor=True, runs_on="worker", answers="`{name}`",
              doc="a new show with a copy of `source`'s rundown (no as-run), stored (not opened)")
class DuplicateShow(Command):
    source: SHOW_NAME
    name: SHOW_NAME

@live_command(vendor=True, runs_on="worker", answers="`{name}`",
              doc="renames a show (the one open too: its next as-run entries carry the new name)")
class RenameShow(Command):
    name: SHOW_NAME
    new_name: SHOW_NAME

@live_command(vendor=True, runs_on="worker", answers="`{name}`",
              doc="deletes a show with its rundown and as-run log (the catalog stays); refused for the show open "
                  "in the engine: open another first")
class DeleteShow(Command):
    name: SHOW_NAME

@live_command(vendor=True, runs_on="worker", answers="`{name, segments}`",
              doc="the engine plays that show from its first segment (an empty one waits for segments); refused "
                  "while live or recording; announced as `ShowChanged` and `RundownChanged`")
class OpenShow(Command):
    name: SHOW_NAME

@live_command(vendor=True, doc="stops the engine cleanly (as SIGTERM does)")
class Shutdown(Command): pass

@live_command(vendor=True, runs_on="worker", answers="`{name, preset, canvas, enabled, url (key masked), label, active}`",
              doc="stored as `studio destination add` stores it (URL in the database, key in the key store); enabled, "
                  "it joins the engine's destinations and, when the show is live, is sent to from the next keyframe "
                  "(`active` true). Preflight runs first: a refusal names the field and nothing is stored. A vertical "
                  "canvas needs an engine started with one; a `canvas` given is stored with the destination")
class AddDestination(Command):
    name: DESTINATION_NAME
    preset: Annotated[str, Text(64)]
    url: Annotated[str, Text(2048, doc="\"\": the preset's fixed URL")] = ""
    key: Annotated[str, Text(1024)] = field(default="", repr=False)   # a secret: never in a repr or log
    canvas: Annotated[str, Text(16, doc="`landscape` | `vertical`; \"\": the platform's")] = ""
    enabled: bool = True

@live_command(vendor=True, runs_on="worker", answers="`{name, label, active: false}`",
              doc="stops sending to it (the others go on) and deletes it with its keys; 600 if there is none")
class RemoveDestination(Command):
    name: DESTINATION_NAME

@live_command(vendor=True, runs_on="worker", answers="`{name, enabled, label, active}`",
              doc="on: preflighted, then sent to at once when live; off: stopped, kept in the database and listed "
                  "with state `disabled`")
class SetDestinationEnabled(Command):
    name: DESTINATION_NAME
    enabled: bool

# -- what OBS requests become (studio mode: segments are scenes); made by the gateway ------------------

@live_command(gateway=True, doc="sets up that segment to be taken next")
class SetPreviewSegment(Command):
    index: int

@live_command(gateway=True, on_air=True, doc="airs the previewed product, else the preview segment, with the transition")
class Take(Command):
    transition: str = "Cut"
    duration_ms: int = 0

@live_command(gateway=True, doc="the transition Take uses (Cut or Fade) and its duration")
class SetTransition(Command):
    name: str | None = None
    duration_ms: int | None = None

@live_command(gateway=True, on_air=True,
              doc="the T-bar (OBS's SetTBarPosition): the first move takes Preview under a held transition, "
                  "each shows the blend at its position, release or 1.0 completes the take")
class SetTBarPosition(Command):
    position: Annotated[float, Range(0.0, 1.0, doc="how far the manual transition is")]
    release: bool | None = None   # let go: the take completes (null, as obsws-python sends it: true)

@live_command(gateway=True, doc="go live to every destination, or stop (None: toggle); preflight is the gateway's StartStream")
class SetStreaming(Command):
    active: bool | None

@live_command(gateway=True, doc="start or stop the recording (None: toggle)")
class SetRecording(Command):
    active: bool | None

@live_command(gateway=True, doc="start or stop one destination (None: toggle)")
class SetOutput(Command):
    label: str
    active: bool | None

@live_command(gateway=True, doc="answers once that many frames have been composed (Sleep in a SerialFrame batch)")
class WaitFrames(Command):
    frames: int

@live_command(gateway=True, runs_on="worker", answers="`{reasons}`: [] when every destination would be accepted",
              doc="before going live: why the destinations (all, or these labels) would be refused (network I/O)")
class PreflightStream(Command):
    labels: Annotated[list[str], Items(64)] = field(default_factory=list)

@live_command(gateway=True, doc="the segments as OBS scenes, with the program and preview scene names")
class GetSceneList(Command): pass

# -- prepared by a worker command (slow I/O done), applied on the engine thread -------------------------

@live_command(doc="the rundown re-read after a worker wrote it")
class ReplaceSegments(Command):
    segments: list     # list[Segment]
    show_id: int | None = None   # whose rundown: dropped when another show is open (None: the open one's)

@live_command(doc="another show opened: its rundown read and its as-run run started by a worker")
class ReplaceShow(Command):
    show: Any          # studio.core.show.rundown.Show
    segments: list     # list[Segment]
    asrun: Any         # its AsRunLog (a new run)

@live_command(doc="the show open was renamed")
class RetitleShow(Command):
    show: Any          # studio.core.show.rundown.Show, as stored now

@live_command(doc="an opened, started video source swapped in")
class SwapVideo(Command):
    spec: str
    source: Any

@live_command(doc="an opened audio source swapped in")
class SwapAudio(Command):
    spec: str
    source: Any

@live_command(doc="a stored destination given to the engine (live: sent to from the next keyframe)")
class AttachDestination(Command):
    destination: Any   # a DestinationPlan (its URL carries the key; kept out of its repr)
    keystore: Any = field(default=None, repr=False)   # opened off the engine thread: spends single-use keys

@live_command(doc="a stored destination taken from the engine, or listed as disabled")
class DetachDestination(Command):
    name: str          # the stored destination's name
    keep_listed: bool = False    # disabled: still listed in the state, off
    listing: dict | None = None  # {label, name, canvas} for one the engine never had (added switched off)

from studio.wire.comment_commands import *  # noqa: E402,F401,F403 - the audience's commands, registered
from studio.wire.input_commands import *  # noqa: E402,F401,F403 - the inputs' and the mixer's commands, registered

VENDOR_COMMANDS: dict[str, type[Command]] = {name: cls for name, cls in REGISTRY.items()
                                             if cls.declaration.vendor}
# What the gateway may send over its channel (studio/core/live/gateway_process.py): client requests and
# what OBS requests become; never the prepared commands above, which carry objects made in the engine.
GATEWAY_COMMANDS: dict[str, type[Command]] = {name: cls for name, cls in REGISTRY.items()
                                              if (cls.declaration.vendor or cls.declaration.gateway)
                                              and cls.declaration.runs_on != "gateway"}
ON_AIR: frozenset[type[Command]] = frozenset(cls for cls in REGISTRY.values() if cls.declaration.on_air)
