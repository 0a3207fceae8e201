"""Where the phone apps draw over a vertical live video, as data with sources.

Each figure is the fraction of the 9:16 picture an edge of the platform's own
interface covers (profile and follow button at the top, the action column on
the right, comments and the shopping bag in the bottom third). The vertical
layout keeps every graphic inside the union of these areas. Neither TikTok nor
Instagram publishes figures for LIVE; the numbers below come from secondary
sources for their 9:16 feeds, raised to the bottom third that LIVE comments
and the shopping bag take. Confidence as in /work/shared/research/platform-limits.md:
H official, M reputable secondary, L third party or inferred. docs/canvases.md
carries the same table.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SafeArea:
    top: float      # fractions of the picture's height / width covered from each edge
    bottom: float
    left: float
    right: float
    source: str
    confidence: str

    def box(self, width: int, height: int) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) in pixels of a width x height canvas."""
        return (width * self.left, height * self.top, width * (1 - self.right), height * (1 - self.bottom))


VERTICAL_SAFE_AREAS: dict[str, SafeArea] = {
    "tiktok": SafeArea(
        top=0.13, bottom=1 / 3, left=0.06, right=0.16,
        source="socaptions.com 'TikTok safe zones 2026' (1080x1920: top 250 px, right 170 px caution areas); "
               "bottom third: LIVE comments and shopping bag, observed",
        confidence="L",
    ),
    "instagram": SafeArea(
        top=0.14, bottom=0.35, left=0.06, right=0.06,
        source="Meta Business Help Center Reels safe zone as compiled by houseofmarketers.com "
               "(top 14 %, bottom 35 %, sides 6 %); the right-hand action column is inside the 35 % band",
        confidence="M",
    ),
}


def union_of(areas) -> SafeArea:
    """The area safe on every platform at once: the largest cover from each edge."""
    areas = list(areas)
    return SafeArea(
        top=max(a.top for a in areas), bottom=max(a.bottom for a in areas),
        left=max(a.left for a in areas), right=max(a.right for a in areas),
        source="union of " + ", ".join(VERTICAL_SAFE_AREAS), confidence=min(a.confidence for a in areas),
    )


# One vertical canvas feeds TikTok and Instagram alike, so its graphics keep clear of both.
VERTICAL_SAFE_AREA = union_of(VERTICAL_SAFE_AREAS.values())
