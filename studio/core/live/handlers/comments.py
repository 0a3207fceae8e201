"""The audience on the engine's side: a featured comment on air, claims holding stock, and the sources'
secrets for the gateway's connectors (docs/comments.md). The comments themselves never enter this
process: the gateway's bus resolves a comment and sends what the graphic shows (ShowComment)."""

from __future__ import annotations

import functools
import hashlib
import json

from studio.core.graphics.kinds import GRAPHIC_KINDS, validate_graphic_params
from studio.core.live.claims import Claim, Claims, WaitlistFull
from studio.core.live.handlers.registry import handles
from studio.wire import commands as c
from studio.wire.commands import CommandError
from studio.wire.protocol import Status
from studio.wire.text_safety import fit


def comment_params(name: str, text: str, platform: str) -> dict:
    """The comment graphic's parameters, each fitted to its declared limit (studio/core/graphics/kinds.py)."""
    limits = {param.name: param.max_chars for param in GRAPHIC_KINDS["comment"].params}
    return validate_graphic_params("comment", {"name": fit(name, limits["name"]), "text": fit(text, limits["text"]),
                                               "platform": fit(platform, limits["platform"])})


@handles(c.ShowComment)
def show_comment(ctx, command: c.ShowComment):
    params = comment_params(command.name, command.text, command.platform)
    target = ctx.need_target()
    target.instant = True            # cut in: the frame answered and logged is the first that shows it
    try:
        target.show_graphic("comment", params)
    finally:
        target.instant = False
    ctx.record("comment_featured", comment_id=command.comment_id, params=params, frame=ctx.frame)
    return {"id": command.comment_id, "frame": ctx.frame}


@handles(c.ClearComment)
def clear_comment(ctx, command: c.ClearComment):
    ctx.need_target().hide_graphic("comment")
    ctx.record("graphic_hidden", kind="comment", reason="control")
    return {"kind": "comment"}


def claims_of(ctx) -> Claims:
    if ctx.claims is None:
        target = ctx.need_target()

        def changed(claim: Claim, held: int, stock_left: int | None) -> None:
            event = {**claim.as_event(), "claimed": held, "stock_left": stock_left}

            def on_screen(frame: int) -> None:   # the event and the as-run name the frame that shows it
                ctx.bus.vendor("ClaimChanged", {**event, "frame": frame, "show_time_s": round(ctx.show_time_s, 3)})
                ctx.record("claim", claim_id=event["claim_id"], sku=event["sku"], quantity=event["quantity"],
                           state=event["state"], platform=event["platform"], comment_id=event["comment_id"],
                           frame=frame)

            ctx.on_screen.when_shown(functools.partial(_card_shows_newest, ctx, claim.sku), on_screen, ctx.frame)

        ctx.claims = Claims(target.views, changed, target.products_changed_by_claims)
    return ctx.claims


def _card_shows_newest(ctx, sku: str) -> bool | None:
    """True once every canvas's card shows `sku` as the catalog and the claims have it now (the held units
    re-render it before this frame's composite); None when no card shows `sku`: the claim's own frame."""
    target = ctx.target
    if target is None or target.card_sku != sku:
        return None
    view = target.current
    graphics = ctx.session.graphics
    cards = [graphics.drawn_data(canvas).get("card") for canvas in graphics.canvases]
    return all(card is not None and card.product == view for card in cards)


@handles(c.ClaimStock)
def claim_stock(ctx, command: c.ClaimStock):
    sku = command.sku or ctx.need_target().on_air_sku
    if not sku:
        raise CommandError(Status.CANNOT_ACT, "no product on air and no SKU in the claim")
    try:
        claim = claims_of(ctx).claim(sku, command.quantity, command.author, command.platform, command.comment_id,
                                     command.hold_s, ctx.show_time_s)
    except LookupError:
        raise CommandError(Status.RESOURCE_NOT_FOUND, f"no product with SKU {sku!r} in the catalog") from None
    except WaitlistFull:
        raise CommandError(Status.CANNOT_ACT, f"{sku}: the waitlist is full") from None
    return claim.as_event()


@handles(c.CancelClaim)
def cancel_claim(ctx, command: c.CancelClaim):
    try:
        claim = claims_of(ctx).cancel(command.claim_id, ctx.show_time_s)
    except KeyError:
        raise CommandError(Status.RESOURCE_NOT_FOUND, f"no active claim {command.claim_id}") from None
    return {"claim_id": claim.claim_id, "state": claim.state}


@handles(c.GetClaims)
def get_claims(ctx, command: c.GetClaims):
    if ctx.claims is None:
        return {"claims": [], "held": {}}
    claims = list(ctx.claims.claims.values())     # the active ones; ended claims are in the export
    return {"claims": [claim.as_event() for claim in claims],
            "held": {sku: ctx.claims.held(sku) for sku in {claim.sku for claim in claims} if ctx.claims.held(sku)}}


@handles(c.GetCommentSources)
def get_comment_sources(ctx, command: c.GetCommentSources):
    """Worker thread: the show's sources and their secrets. Only the gateway may ask (not a vendor request)."""
    from studio.core.keystore import KeyStore
    from studio.gateway.comments.sources import list_sources

    if ctx.db is None or not ctx.show_name:
        return {"revision": "", "sources": []}
    sources = [source for source in list_sources(ctx.db.conn, ctx.show_name) if source.enabled]
    revision = hashlib.sha256(json.dumps([[s.name, s.kind, s.settings] for s in sources]).encode()).hexdigest()[:16]
    if revision == command.revision:
        return {"revision": revision, "unchanged": True}
    keystore = KeyStore.open()
    return {"revision": revision, "sources": [{"name": s.name, "kind": s.kind, "settings": s.settings,
                                               "secrets": keystore.source_secrets(s.name)} for s in sources]}
