"""The switcher's live commands: list, add and remove inputs, cue an input or a layout in Preview,
put a layout on Program. Take (rundown.py) airs what is cued with the current transition.

Engine thread, except AddInput: the input is opened on the worker thread (a file is probed, a
camera looked up) and handed to the engine thread as PlugInput.
"""

from __future__ import annotations

from studio.core.inputs.layout import Layout
from studio.core.inputs.mixing import input_channel
from studio.core.inputs.specs import open_input
from studio.core.inputs.switcher import Switcher
from studio.core.live.handlers.registry import handles
from studio.core.secrets import redact_url
from studio.core.show.show_inputs import forget_input, store_input
from studio.core.transition import start_take_transition
from studio.wire import commands as c
from studio.wire.commands import CommandError
from studio.wire.protocol import Status
from studio.errors import StudioError


def need_switcher(ctx) -> Switcher:
    switcher = ctx.session.switcher
    if switcher is None:
        raise CommandError(Status.CANNOT_ACT, "this engine has no inputs (start it with --input NAME=SPEC)")
    return switcher


def layout_of(command) -> Layout:
    return Layout(command.kind, tuple(command.inputs), command.x, command.y, command.size)


def inputs_dict(switcher: Switcher, mixer=None) -> dict:
    return {"inputs": switcher.infos(),
            "channels": [channel.as_dict() for channel in mixer.channels.values()] if mixer is not None else [],
            "ducking": mixer.duckings[0].as_dict() if mixer is not None and mixer.duckings else None,
            "program": switcher.program.as_dict() if switcher.program else None,
            "preview": switcher.preview.as_dict() if switcher.preview else None}


def take_cued_layout(ctx, switcher: Switcher) -> dict:
    """Take with a layout in Preview: Program shows it from this frame, with the current transition."""
    start_take_transition(ctx.session.engine, ctx.transition)
    layout = switcher.take()
    ctx.record("layout_taken", frame=ctx.frame, by="take", **layout.as_dict())
    return {"layout": layout.as_dict(), "frame": ctx.frame}


@handles(c.ListInputs)
def list_inputs(ctx, command):
    return inputs_dict(need_switcher(ctx), ctx.session.mixer)


@handles(c.AddInput)
def add_input(ctx, command: c.AddInput):
    switcher = need_switcher(ctx)      # read off the engine thread: the name is checked again there
    if command.name in switcher.inputs:
        raise CommandError(Status.RESOURCE_ALREADY_EXISTS, f"there is an input {command.name!r} already")
    feed = open_input(command.name, command.spec, ctx.session.plan.canvas, on_state=ctx.session.input_state_callback())
    try:
        answer = ctx.on_engine(c.PlugInput(feed=feed))
    except BaseException:
        feed.close()
        raise
    if ctx.db is not None and ctx.show_name:     # stored with the show: it is there when the show plays again
        try:                                     # (a URL's key or password in the key store, not the database)
            store_input(ctx.db, ctx.show_name, command.name, command.spec)
            answer["stored"] = True
        except StudioError as error:             # the key store refused: the input plays, unstored
            answer.update(stored=False, reason=str(error))
    return answer


@handles(c.PlugInput)
def plug_input(ctx, command: c.PlugInput):
    need_switcher(ctx).add(command.feed)
    channel = input_channel(command.feed)
    if channel is not None and ctx.session.mixer is not None:
        ctx.session.mixer.add(channel)
    ctx.record("input_added", name=command.feed.name, kind=command.feed.kind)
    return {"name": command.feed.name, "spec": redact_url(command.feed.spec)}   # a URL's password or key masked


@handles(c.RemoveInput)
def remove_input(ctx, command: c.RemoveInput):
    """Worker thread: taken out on the engine thread, then closed and forgotten by the show here."""
    feed = ctx.on_engine(c.UnplugInput(name=command.name))["feed"]
    feed.close()                              # a reader's join may take seconds: never on the frame loop
    if ctx.db is not None and ctx.session.live_show is not None:
        forget_input(ctx.db, ctx.show_name, command.name)
    return {"name": command.name}


@handles(c.UnplugInput)
def unplug_input(ctx, command: c.UnplugInput):
    feed = need_switcher(ctx).remove(command.name)
    if ctx.session.mixer is not None:
        ctx.session.mixer.remove(command.name)
    ctx.record("input_removed", name=command.name)
    return {"feed": feed}


@handles(c.CueInput)
def cue_input(ctx, command: c.CueInput):
    switcher = need_switcher(ctx)
    switcher.cue(Layout("full", (command.name,)))
    return {"layout": switcher.preview.as_dict()}


@handles(c.CueLayout)
def cue_layout(ctx, command: c.CueLayout):
    switcher = need_switcher(ctx)
    switcher.cue(layout_of(command))
    return {"layout": switcher.preview.as_dict()}


@handles(c.SetProgramLayout)
def set_program_layout(ctx, command: c.SetProgramLayout):
    switcher = need_switcher(ctx)
    layout = layout_of(command)
    switcher.put_on_program(layout)      # checked first: a refused layout starts no transition
    start_take_transition(ctx.session.engine, ctx.transition)
    ctx.record("layout_taken", frame=ctx.frame, by="program", **layout.as_dict())
    return {"layout": layout.as_dict(), "frame": ctx.frame}
