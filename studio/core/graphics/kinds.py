"""Every broadcast graphic, declared once: its parameters, its data, its renderer, its z-order.

Cues, `studio render`, rundown import and the live control API all validate what
they are given with `validate_graphic_params`, and turn it into the graphic's
data with `build_graphic_data`; the program stacks and draws each kind from here.
Adding a graphic is one entry below (plus its renderer and its place in the layouts).

No Qt here: renderers are named as "module:function" and imported on first draw,
so validating a cue never loads the GUI libraries.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Protocol

from studio.core.graphics.model import (
    CommentData, CountdownData, LogoData, LowerThirdData, LowStockData, PriceCalloutData, ProductCardData, ProductView,
    SlateData, SoldCounterData, TickerData, callout_for, card_for_show, low_stock_for, sold_counter_for, ticker_for,
)
from studio.errors import UserInputError

_FROM_DATA = object()  # the default is the data class field's own default
MAX_TEXT_CHARS = 1000  # no text field takes more



class Sku(str):
    """A parameter's type: a product, named by its SKU. The graphic refers to the product (its data is
    resolved from the show's one product view, studio/core/product_views.py), never copies it, so an
    edit of its price, compare-at price, stock or title re-renders the graphic."""


_TYPE_WORDS = {str: "text", bool: "true or false", float: "a number", Sku: "a product's SKU (text)"}


@dataclass(frozen=True)
class Param:
    name: str
    type: type  # str, bool, float or Sku (a product reference)
    description: str
    required: bool = False
    default: Any = _FROM_DATA
    # The data class field it fills, when its name differs (callout `text` -> PriceCalloutData.label).
    field: str | None = None
    # For a default that comes from the show rather than a constant: what the docs say about it.
    default_from_show: str | None = None
    # Text: the most characters it takes. Within it the renderer fits the whole text in the kind's
    # box (shrinks it, wraps it where the box has lines); longer text is refused before it airs.
    max_chars: int | None = None

    def __post_init__(self) -> None:
        if self.type in (str, Sku) and not 0 < (self.max_chars or 0) <= MAX_TEXT_CHARS:
            raise ValueError(f"text parameter {self.name!r} needs its limit: max_chars 1..{MAX_TEXT_CHARS}")


class TextTooLong(UserInputError):
    """Text over its field's limit: names the field and the limit (the control API answers 402)."""

    def __init__(self, kind: str, param: Param, length: int):
        super().__init__(f"{kind}: parameter {param.name!r} is {length} characters; its limit is "
                         f"{param.max_chars} characters (docs/graphics.md)")
        self.field, self.limit = param.name, param.max_chars


class GraphicContext(Protocol):
    """What building a graphic's data may ask of the show (the on-air target, or `studio render`)."""

    brand: str
    utm_campaign: str
    show_time_s: float

    def product(self, sku: str | None) -> ProductView | None:
        """The product with this SKU; None: the product on air."""

    def deal_products(self) -> list[ProductView]: ...


Builder = Callable[[dict[str, Any], GraphicContext, float | None], object | None]


@dataclass(frozen=True)
class GraphicKind:
    name: str
    description: str
    data_type: type
    renderer: str  # "module:function(data, width, height, theme, locale) -> Rendering | list[Rendering]"
    z: int  # stacking order: higher is drawn on top
    params: tuple[Param, ...]
    # params (validated, defaults filled), the show, the cue's duration -> data (None: nothing to show)
    build: Builder
    example: Mapping[str, Any]
    # Redrawn as the show clock runs (the countdown), not only when its data changes.
    clock_driven: bool = False
    # Stays up across segments and takes until hidden, as if every cue said "persist" (the logo bug).
    persists: bool = False
    # Shown only while its product's data calls for it (its builder returns None otherwise): once asked
    # for, it stays up and appears or leaves by itself as the data changes (the sold counter).
    conditional: bool = False

    def __post_init__(self) -> None:
        fields = {field.name: field for field in dataclasses.fields(self.data_type)}
        resolved = []
        for param in self.params:
            if param.default is _FROM_DATA and not param.required and param.default_from_show is None:
                param = dataclasses.replace(param, default=fields[param.field or param.name].default)
            resolved.append(param)
        object.__setattr__(self, "params", tuple(resolved))

    @property
    def param_names(self) -> list[str]:
        return [param.name for param in self.params]

    @property
    def product_params(self) -> tuple[str, ...]:
        """The parameters that name a product (type Sku): the graphic is re-rendered when it is edited."""
        return tuple(param.name for param in self.params if param.type is Sku)


def _card(params, show: GraphicContext, duration_s):
    product = show.product(params["sku"])
    return None if product is None else card_for_show(product, show.utm_campaign)


def _callout(params, show: GraphicContext, duration_s):
    product = show.product(params["sku"])
    return None if product is None else callout_for(product, label=params["text"])


def _countdown(params, show: GraphicContext, duration_s):
    return CountdownData(show.show_time_s + (duration_s or 0.0), params["label"])


def _sold_counter(params, show: GraphicContext, duration_s):
    product = show.product(params["sku"])
    return None if product is None else sold_counter_for(product, params["text"])


def _low_stock(params, show: GraphicContext, duration_s):
    product = show.product(params["sku"])
    return None if product is None else low_stock_for(product)


def _logo(params, show: GraphicContext, duration_s):
    return LogoData(params["brand"] if params["brand"] is not None else show.brand, params["live"])


_KINDS = (
    GraphicKind(
        "card", "The product card: picture, title, prices, discount, stock and a QR code to buy.", ProductCardData,
        "studio.core.graphics.card:render_card", 4,
        (Param("sku", Sku, "the product to show", default=None, default_from_show="the segment's product",
               max_chars=64),),
        _card, {"sku": "TV-55-4K"},
    ),
    GraphicKind(
        "callout", "A star burst with a short line over the price of the product on air.", PriceCalloutData,
        "studio.core.graphics.overlays:render_callout", 5,
        (Param("text", str, "the line above the price (two lines at most, shrunk to fit)", field="label",
               max_chars=40),
         Param("sku", Sku, "the product whose price it shows", default=None,
               default_from_show="the product on air (and the next one taken)", max_chars=64)),
        _callout, {"text": "Only 3 left"},
    ),
    GraphicKind(
        "countdown", "The flash-deal timer on the show clock; its length is the cue's duration.", CountdownData,
        "studio.core.graphics.countdown:render_countdown_data", 6,
        (Param("label", str, "the line above the time", max_chars=30),),
        _countdown, {"label": "Deal ends in"}, clock_driven=True,
    ),
    GraphicKind(
        "lower_third", "A name strip: who is talking, and their role.", LowerThirdData,
        "studio.core.graphics.overlays:render_lower_third", 2,
        (Param("name", str, "the name, in large type", required=True, max_chars=48),
         Param("title", str, "the role under the name", max_chars=80)),
        lambda params, show, duration_s: LowerThirdData(params["name"], params["title"]),
        {"name": "Maya Chen", "title": "Host · Deals of the Day"},
    ),
    GraphicKind(
        "ticker", "A scrolling band of today's deals: the show's products and their prices (re-rendered when one "
        "is edited).", TickerData,
        "studio.core.graphics.ticker:render_ticker", 1,
        (Param("heading", str, "the fixed label at the band's left", max_chars=24),),
        lambda params, show, duration_s: ticker_for(show.deal_products(), heading=params["heading"]),
        {"heading": "Today's deals"},
    ),
    GraphicKind(
        "logo", "The logo bug: the brand name and a LIVE badge.", LogoData,
        "studio.core.graphics.overlays:render_logo", 7,
        (Param("brand", str, "the name in the bug", default=None,
               default_from_show="the show's brand (`\"Live\"` until one is set)", max_chars=16),
         Param("live", bool, "show the LIVE badge while the show is live (streaming)", field="show_live_badge")),
        _logo, {"brand": "DEMO SHOP"}, persists=True,
    ),
    GraphicKind(
        "comment", "A viewer's comment, read out on air.", CommentData,
        "studio.core.graphics.overlays:render_comment", 3,
        (Param("name", str, "the viewer's name", required=True, field="viewer_name", max_chars=40),
         Param("text", str, "what they wrote (up to three lines, shrunk to fit)", required=True, max_chars=150),
         Param("platform", str, "where they wrote it, shown after the name", max_chars=20)),
        lambda params, show, duration_s: CommentData(params["name"], params["text"], params["platform"]),
        {"name": "Jordan P.", "text": "Does the kettle work on induction hobs? Asking for my mum!", "platform": "YouTube"},
    ),
    GraphicKind(
        "slate", "Full-frame, opaque: stands in for the camera (camera lost, breaks).", SlateData,
        "studio.core.graphics.overlays:render_slate", 0,
        (Param("headline", str, "the big line", max_chars=60),
         Param("detail", str, "smaller text under it, wrapped and shrunk to fit the lower half", max_chars=1000)),
        lambda params, show, duration_s: SlateData(params["headline"], params["detail"]),
        {"headline": "We'll be right back", "detail": "Stay tuned: more deals in a moment"},
    ),
    GraphicKind(
        "sold_counter", "Social proof from orders coming in: \"N sold in the last 10 minutes\" for a product "
        "(nothing airs while none sold; re-rendered as orders arrive and as sales leave the window).",
        SoldCounterData, "studio.core.graphics.social_proof:render_sold_counter", 8,
        (Param("sku", Sku, "the product counted", default=None, default_from_show="the product on air", max_chars=64),
         Param("text", str, "the wording, `{n}` standing for the count (default: \"{n} sold in the last 10 "
               "minutes\")", field="label", max_chars=60)),
        _sold_counter, {"sku": "HP-NC-BLK"}, conditional=True,
    ),
    GraphicKind(
        "low_stock", "The low-stock alert: \"Only N left!\" while a product is at or under its threshold "
        "(`studio orders threshold`, default 10), \"Sold out\" at 0; nothing above it.",
        LowStockData, "studio.core.graphics.social_proof:render_low_stock", 9,
        (Param("sku", Sku, "the product watched", default=None, default_from_show="the product on air", max_chars=64),),
        _low_stock, {"sku": "HP-NC-BLK"}, conditional=True,
    ),
)

GRAPHIC_KINDS: Mapping[str, GraphicKind] = MappingProxyType({kind.name: kind for kind in _KINDS})
# Bottom to top.
Z_ORDER: tuple[str, ...] = tuple(kind.name for kind in sorted(_KINDS, key=lambda kind: kind.z))


def graphic_kind(kind: str) -> GraphicKind:
    declared = GRAPHIC_KINDS.get(kind) if isinstance(kind, str) else None
    if declared is None:
        raise UserInputError(f"unknown graphic kind {kind!r}; kinds: {', '.join(GRAPHIC_KINDS)}")
    return declared


def check_data(kind: str, data: object) -> None:
    """Reject a bad command in the caller's thread, before it can reach the engine."""
    declared = GRAPHIC_KINDS.get(kind)
    if declared is None:
        raise ValueError(f"unknown graphic {kind!r}; expected one of {', '.join(GRAPHIC_KINDS)}")
    if not isinstance(data, declared.data_type):
        raise TypeError(f"graphic {kind!r} takes {declared.data_type.__name__}, not {type(data).__name__}")


def validate_graphic_params(kind: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """`params` checked against the kind's declaration, with defaults filled in.

    Raises UserInputError naming the bad or unknown parameter and listing the allowed ones.
    """
    declared = graphic_kind(kind)
    allowed = ", ".join(declared.param_names) or "none"
    if not isinstance(params, Mapping):
        raise UserInputError(f"{kind}: parameters must be an object such as {{\"{declared.param_names[0]}\": ...}}"
                             if declared.params else f"{kind}: parameters must be an object")
    by_name = {param.name: param for param in declared.params}
    for name in params:
        if name not in by_name:
            close = difflib.get_close_matches(str(name), by_name, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise UserInputError(f"{kind}: unknown parameter {name!r} (allowed: {allowed}){hint}")
    result: dict[str, Any] = {}
    for param in declared.params:
        if param.name in params:
            result[param.name] = _checked(kind, param, params[param.name], allowed)
        elif param.required:
            raise UserInputError(f"{kind}: parameter {param.name!r} is required (parameters: {allowed})")
        else:
            result[param.name] = param.default
    return result


def _checked(kind: str, param: Param, value: Any, allowed: str) -> Any:
    wrong = f"{kind}: parameter {param.name!r} must be {_TYPE_WORDS[param.type]}, not {value!r:.40} (parameters: {allowed})"
    if param.type is bool:
        if not isinstance(value, bool):
            raise UserInputError(wrong)
        return value
    if param.type is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise UserInputError(wrong)
        return float(value)
    if param.default is None and value is None:
        return None  # explicit null: the show's default (e.g. the segment's product)
    if not isinstance(value, str):
        raise UserInputError(wrong)
    if len(value) > param.max_chars:
        raise TextTooLong(kind, param, len(value))
    return value


def build_graphic_data(kind: str, params: Mapping[str, Any], show: GraphicContext,
                       duration_s: float | None = None) -> object | None:
    """The data one graphic draws, from its parameters (validated here) and the show."""
    return graphic_kind(kind).build(validate_graphic_params(kind, params), show, duration_s)
