"""The registry of live commands (studio/wire/commands.py) and everything derived from it: handlers,
bounds, the gateway's dispatch, the take-to-air set, the CLI verbs, the typed client and docs/control.md."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from studio.commands.control import _PARSERS, _command_from
from studio.core.audio_strip import MAX_GAIN_DB, MIN_GAIN_DB
from studio.core.live.handlers import HANDLERS
from studio.core.show.cues import MAX_DURATION_S
from studio.core.show.rundown import MAX_TALKING_POINT_CHARS, MAX_TALKING_POINTS
from studio.core.vertical_canvas import CROP_OFFSET_RANGE
from studio.gateway.requests import call_vendor_request
from studio.wire import commands, commands_doc
from studio.wire.bounds import Items, Keys, Range, Text, needs_bound
from studio.wire.client import ControlClient, ControlError
from studio.errors import UserInputError
from studio.wire.commands import COUNTDOWN_RANGE_S, REGISTRY, VENDOR_COMMANDS, CommandError, field_specs, parse_command
from studio.wire.protocol import VENDOR_NAME

REPO = Path(__file__).resolve().parents[2]


def test_every_declared_command_has_one_handler_and_every_handler_a_declared_command():
    from studio.gateway.comments.requests import GATEWAY_HANDLERS

    in_engine = {cls for cls in REGISTRY.values() if cls.declaration.runs_on != "gateway"}
    assert in_engine - set(HANDLERS) == set(), "declared without a handler"
    assert set(HANDLERS) - in_engine == set(), "a handler for a command the registry does not declare (or one the gateway answers)"
    in_gateway = {cls for cls in REGISTRY.values() if cls.declaration.runs_on == "gateway"}
    assert in_gateway == set(GATEWAY_HANDLERS), "a gateway request without its handler in studio/gateway/comments/requests.py"


def test_every_vendor_field_that_can_grow_declares_its_limit():
    unbounded = [f"{name}.{spec.name}" for name, cls in VENDOR_COMMANDS.items() for spec in field_specs(cls)
                 if needs_bound(spec.base) and not any(isinstance(b, (Text, Range, Items, Keys)) for b in spec.bounds)]
    assert unbounded == []


def test_the_edge_limits_agree_with_the_engine_rules_they_front():
    assert (commands.MIN_GAIN_DB, commands.MAX_GAIN_DB) == (MIN_GAIN_DB, MAX_GAIN_DB)
    crop = next(b for b in field_specs(commands.SetVerticalCrop)[0].bounds if isinstance(b, Range))
    assert (crop.low, crop.high) == CROP_OFFSET_RANGE
    assert commands.MAX_SEGMENT_S == MAX_DURATION_S
    points = next(b for b in field_specs(commands.SetTalkingPoints)[1].bounds if isinstance(b, Items))
    assert points.max_items >= MAX_TALKING_POINTS and points.item.max_chars >= MAX_TALKING_POINT_CHARS


@pytest.mark.parametrize("cls, data, limit", [
    (commands.TakeProduct, {"sku": "X" * 256}, "at most 255"),
    (commands.SetGain, {"gain_db": 90}, "-60…20 dB"),
    (commands.SetGain, {"gain_db": float("nan")}, "-60…20 dB"),
    (commands.GetCatalog, {"offset": 2 ** 63}, "0…1e9"),
    (commands.SetTalkingPoints, {"index": 0, "talking_points": ["a"] * 201}, "at most 200"),
    (commands.ShowGraphic, {"kind": "callout", "params": {f"k{i}": "v" for i in range(33)}}, "at most 32"),
    (commands.SetVideoSource, {"spec": "file:" + "x" * 10_000}, "at most 1024"),
])
def test_a_field_beyond_its_limit_is_refused_402_naming_the_limit(cls, data, limit):
    with pytest.raises(CommandError) as refused:
        parse_command(cls, data, cls.__name__)
    assert refused.value.code == 402 and limit in refused.value.comment, refused.value.comment


def test_a_list_of_the_wrong_items_is_refused_401():
    with pytest.raises(CommandError) as refused:
        parse_command(commands.SetTalkingPoints, {"index": 0, "talking_points": [1, 2]}, "SetTalkingPoints")
    assert refused.value.code == 401 and "a list of strings" in refused.value.comment


def test_the_vendor_requests_and_the_on_air_set_are_derived_from_the_declarations():
    assert set(VENDOR_COMMANDS) == {name for name, cls in REGISTRY.items() if cls.declaration.vendor}
    assert {cls.__name__ for cls in commands.ON_AIR} == {
        "TakeProduct", "ClearProduct", "NextSegment", "PreviousSegment", "TakeNextSegment", "TakePreviousSegment",
        "JumpToSegment", "ShowGraphic",
        "HideGraphic", "StartCountdown", "CancelCountdown", "Take", "SetTBarPosition", "ClearComment", "ShowComment",
        "SetProgramLayout"}
    assert {"ReplaceSegments", "SwapVideo", "AttachDestination", "Take", "PlugInput", "UnplugInput"}.isdisjoint(VENDOR_COMMANDS)


class _RecordingApi:
    def __init__(self):
        self.sent = []

    async def engine(self, command):
        self.sent.append(command)
        return {"ok": True}


@pytest.mark.parametrize("name", sorted(name for name, cls in VENDOR_COMMANDS.items()
                                         if cls.declaration.runs_on != "gateway"))
def test_the_gateway_hands_every_vendor_command_to_the_engine_as_one_typed_command(name):
    api = _RecordingApi()
    data = {spec.name: _example(spec) for spec in field_specs(VENDOR_COMMANDS[name]) if spec.required}
    answer = asyncio.run(call_vendor_request(api, {"vendorName": VENDOR_NAME, "requestType": name,
                                                   "requestData": data}))
    assert answer["responseData"] == {"ok": True}
    assert [type(command).__name__ for command in api.sent] == [name]


def _example(spec):
    """A value the field accepts: the low end of its range, a short text, a one-item list."""
    low = next((bound.low for bound in spec.bounds if isinstance(bound, Range)), 0)
    return {str: "x", int: int(low), float: float(low), bool: True}.get(
        spec.base, ["x"] if "list" in str(spec.base) else "x")


def test_the_cli_verbs_are_the_declared_ones_with_their_help():
    help_text = subprocess.run([sys.executable, "-m", "studio", "control", "--help"], capture_output=True, text=True,
                               cwd=REPO, timeout=60).stdout
    verbs = [cls.declaration.verb for cls in REGISTRY.values() if cls.declaration.verb is not None]
    assert len(verbs) >= 15
    for verb in verbs:
        assert re.search(rf"^\s+{re.escape(verb.name)}\s", help_text, re.M), verb.name
    for hand_written in ("connect-info", "golive", "stop", "record", "destination", "watch"):
        assert hand_written in help_text


def test_every_verb_argument_fills_a_declared_field_with_a_known_parser():
    for cls in REGISTRY.values():
        for arg in (cls.declaration.verb.args if cls.declaration.verb else ()):
            assert arg.field_name in {spec.name for spec in field_specs(cls)}, (cls.__name__, arg.name)
            assert not arg.parse or arg.parse in _PARSERS, (cls.__name__, arg.parse)


def test_a_verb_builds_its_typed_command():
    class Args:
        n, duration, label, kind, param = 3, "1:30", "Deal", "callout", ["text=Only 3 left", "size=2"]
    assert _command_from(commands.JumpToSegment, Args) == commands.JumpToSegment(index=2)
    assert _command_from(commands.StartCountdown, Args) == commands.StartCountdown(duration_s=90.0, label="Deal")
    assert _command_from(commands.ShowGraphic, Args).params == {"text": "Only 3 left", "size": 2}


@pytest.mark.parametrize("duration", ["99h", "2h", "0"])
def test_a_verbs_duration_outside_its_fields_range_is_refused_with_that_range(duration):
    class Args:
        label = ""
    Args.duration = duration
    with pytest.raises(UserInputError) as refused:
        _command_from(commands.StartCountdown, Args)
    low, high = COUNTDOWN_RANGE_S
    assert str(refused.value) == f"countdown {duration!r}: must be {low:g}…{high:g} s"


def test_the_typed_client_refuses_a_command_beyond_its_limits_before_sending():
    client = ControlClient("ws://127.0.0.1:1", "unused")   # never connected: nothing may be sent
    with pytest.raises(ControlError) as refused:
        client.call(commands.AddMarker(text="x" * 501))
    assert refused.value.code == 402
    with pytest.raises(TypeError):
        client.call(commands.Take())


def test_a_stream_key_is_in_no_repr():
    assert "SECRET" not in repr(commands.AddDestination(name="shop", preset="custom", key="SECRET"))


def test_the_vendor_request_table_in_docs_control_md_is_the_registry():
    text = commands_doc.DOC_PATH.read_text(encoding="utf-8")
    section = text[text.index(commands_doc.BEGIN):text.index(commands_doc.END) + len(commands_doc.END)]
    assert section == commands_doc.vendor_table(), "run `make docs` (python -m studio.wire.commands_doc)"
    assert "| `MoveSegment` |" in section and "`{from_index, to_index}`" in section


def test_the_adding_a_live_command_example_is_the_real_code():
    text = (REPO / "docs" / "control.md").read_text(encoding="utf-8")
    section = text[text.index("## Adding a live command"):]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(blocks) == 3
    for block in blocks:
        block = textwrap.dedent(block)
        path, body = block.split("\n", 1)
        assert body.strip() in (REPO / path.removeprefix("# ")).read_text(encoding="utf-8"), path


@pytest.fixture
def live(qapp):
    from studio.core.live.events import EventBus
    from studio.core.live.live_control import LiveControl
    from studio.core.output.encoder import EncoderSettings
    from studio.core.plan import Plan
    from studio.core.session import Session

    session = Session(Plan(encoder=EncoderSettings(320, 180, 30)), start_live=False)
    live = LiveControl(session, EventBus())
    yield live
    live.close()
    session.engine.video.close()
    session.engine.audio.close()


def test_submit_runs_a_worker_command_off_the_frame_thread_and_an_engine_command_at_the_frame_boundary(live):
    presets = live.submit(commands.GetPlatformPresets())     # runs_on="worker": no frame needed
    assert "youtube" in {preset["preset"] for preset in presets.result(timeout=10)["presets"]}
    state = live.submit(commands.GetShowState())             # runs_on="engine": waits in the inbox
    assert not state.done()
    live.before_frame(0.0)
    assert state.result(timeout=5)["frame"] == 0


def test_a_cancelled_command_is_never_answered_later(live):
    waiting = live.submit(commands.WaitFrames(frames=1))
    live.before_frame(0.0)
    waiting.cancel()          # the gateway gave up waiting: the engine must not fail setting its result
    live.session.engine.frame_index = 1
    live.before_frame(1 / 30)
    assert waiting.cancelled()
