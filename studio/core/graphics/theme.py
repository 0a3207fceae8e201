"""Brand themes: colours, font, corner radius and title-safe margin, read from JSON.

A theme is plain data so it can be swapped at run time by handing a new one to
ProgramGraphics.set_theme; renderers turn it into Qt objects when they draw.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from studio.errors import UserInputError

THEMES_DIR = Path(__file__).resolve().parents[3] / "assets" / "themes"
DEFAULT_THEME_NAME = "studio"
COLOR_ROLES = ("primary", "on_primary", "accent", "surface", "on_surface", "muted", "urgent", "slate_background")

_HEX_COLOR = re.compile(r"^#([0-9a-fA-F]{6})([0-9a-fA-F]{2})?$")

Rgba = tuple[int, int, int, int]


@dataclass(frozen=True)
class Theme:
    name: str
    font_family: str
    # Design pixels at 1080 lines; layouts scale them to the canvas.
    corner_radius: float
    # Fraction of the canvas kept clear on each side (title-safe area).
    title_safe_margin: float
    primary: Rgba
    on_primary: Rgba
    accent: Rgba
    surface: Rgba
    on_surface: Rgba
    muted: Rgba
    urgent: Rgba
    slate_background: Rgba


def parse_color(text: object, where: str) -> Rgba:
    """`#RRGGBB` or `#RRGGBBAA` (alpha last, as designers write it; Qt's own order is #AARRGGBB)."""
    match = _HEX_COLOR.match(text) if isinstance(text, str) else None
    if not match:
        raise UserInputError(f"{where}: {text!r} is not a colour; expected #RRGGBB or #RRGGBBAA")
    rgb = int(match.group(1), 16)
    alpha = int(match.group(2), 16) if match.group(2) else 255
    return (rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, alpha


def theme_from_dict(raw: object, source: str) -> Theme:
    if not isinstance(raw, dict):
        raise UserInputError(f"{source}: a theme must be a JSON object")
    colors = raw.get("colors")
    if not isinstance(colors, dict):
        raise UserInputError(f"{source}: field 'colors' must be an object with {', '.join(COLOR_ROLES)}")
    parsed_colors = {}
    for role in COLOR_ROLES:
        if role not in colors:
            raise UserInputError(f"{source}: colors.{role} is missing")
        parsed_colors[role] = parse_color(colors[role], f"{source}: colors.{role}")
    radius = raw.get("corner_radius", 12)
    margin = raw.get("title_safe_margin", 0.05)
    if not isinstance(radius, (int, float)) or not 0 <= radius <= 100:
        raise UserInputError(f"{source}: corner_radius {radius!r} must be a number from 0 to 100")
    if not isinstance(margin, (int, float)) or not 0 <= margin <= 0.2:
        raise UserInputError(f"{source}: title_safe_margin {margin!r} must be a fraction from 0 to 0.2")
    family = raw.get("font_family", "DejaVu Sans")
    if not isinstance(family, str) or not family.strip():
        raise UserInputError(f"{source}: font_family must be a non-empty string")
    return Theme(
        name=str(raw.get("name", Path(source).stem)),
        font_family=family,
        corner_radius=float(radius),
        title_safe_margin=float(margin),
        **parsed_colors,
    )


def available_theme_names(themes_dir: Path = THEMES_DIR) -> list[str]:
    return sorted(path.stem for path in themes_dir.glob("*.json"))


def load_theme(name_or_path: str = DEFAULT_THEME_NAME, themes_dir: Path = THEMES_DIR) -> Theme:
    """A bundled theme by name (`studio`, `daylight`) or a theme file by path."""
    candidate = Path(name_or_path)
    if candidate.suffix != ".json":
        candidate = themes_dir / f"{name_or_path}.json"
    if not candidate.is_file():
        known = ", ".join(available_theme_names(themes_dir)) or "none"
        raise UserInputError(f"theme {name_or_path!r}: no such theme (bundled themes: {known})")
    try:
        raw = json.loads(candidate.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UserInputError(f"theme file {candidate}: cannot be read as JSON ({error})") from None
    return theme_from_dict(raw, str(candidate))
