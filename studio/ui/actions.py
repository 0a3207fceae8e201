"""Every live action the window offers, declared once by id.

The main window makes one QAction per entry (`MainWindow.action(id)`); buttons,
menus and hotkeys (studio/ui/hotkeys.py binds key sequences to these ids) all
trigger that QAction, so a button and its hotkey cannot drift apart. The ids are
the same strings a remote control uses (obs-studio's habit).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ActionSpec:
    id: str
    label: str
    tip: str
    icon: str | None = None
    checkable: bool = False


LIVE_ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("take", "Take", "Program: what is in Preview goes on air in one frame (Cut)", "take"),
    ActionSpec("fade", "Fade", "Program: what is in Preview dissolves onto Program over the fade's duration", "fade"),
    ActionSpec("cue_next_segment", "Cue next segment",
               "Preview: the segment after the one on air. Program does not change (Take airs it)", "eye"),
    ActionSpec("take_next_segment", "Take next segment",
               "Program: the segment after the one on air airs now, with the last Take's or Fade's transition",
               "next"),
    ActionSpec("go_live", "Go Live", "Start or stop streaming to the enabled destinations", "live", True),
    ActionSpec("record", "Record", "Start or stop the local recording", "record", True),
    ActionSpec("toggle_card", "Product card", "Show or hide the product card", "card", True),
    ActionSpec("toggle_callout", "Callout", "Show or hide the price callout", None, True),
    ActionSpec("toggle_lower_third", "Lower third", "Show or hide the lower third", None, True),
    ActionSpec("toggle_ticker", "Ticker", "Show or hide the product ticker", None, True),
    ActionSpec("toggle_logo", "Logo", "Show or hide the logo", None, True),
    ActionSpec("toggle_slate", "Slate", "Show or hide the slate (\"we'll be right back\")", None, True),
    ActionSpec("countdown_1m", "1 min", "Start a 1 minute flash-deal countdown", "countdown"),
    ActionSpec("countdown_5m", "5 min", "Start a 5 minute flash-deal countdown", "countdown"),
    ActionSpec("countdown_10m", "10 min", "Start a 10 minute flash-deal countdown", "countdown"),
    ActionSpec("countdown_stop", "Stop countdown", "Take the countdown off air", "stop"),
    ActionSpec("settings", "Settings…", "Canvas, encoder, recording, theme", "settings"),
    ActionSpec("reset_layout", "Reset layout", "Put every panel back where it started", "layout"),
)

COUNTDOWN_PRESETS_S = {"countdown_1m": 60, "countdown_5m": 300, "countdown_10m": 600}

# Live actions that have no button of their own in the console; declared here so every
# action id, its label and its tip stay in one place (hotkeys.py only binds keys to ids).
LIVE_ACTIONS += (
    ActionSpec("cue_previous_segment", "Cue previous segment",
               "Preview: the segment before the one on air. Program does not change (Take airs it)", None),
    ActionSpec("take_previous_segment", "Take previous segment",
               "Program: the segment before the one on air airs again now, with the last Take's or Fade's "
               "transition", None),
    ActionSpec("preview_next_product", "Preview next product",
               "Preview: the product of the next segment with one. Program does not change (Take airs it)", None),
    ActionSpec("stop_live", "Stop", "Stop streaming to every destination", "stop"),
    ActionSpec("mute", "Mute", "Mute or unmute the program audio", None, True),
    ActionSpec("teleprompter_faster", "Teleprompter faster", "Scroll the host's talking points faster", None),
    ActionSpec("teleprompter_slower", "Teleprompter slower", "Scroll the host's talking points slower", None),
    ActionSpec("teleprompter_pause", "Teleprompter pause", "Pause or resume the host's teleprompter", None),
    ActionSpec("host_view", "Host view", "Open the host view (teleprompter, price, time left)", None),
    ActionSpec("cheat_sheet", "Keyboard shortcuts", "Every hotkey on one page", None),
    ActionSpec("tbar", "T-bar", "Focus the T-bar under Take / Fade: Down/Up move it 5 %, Page Down/Up 25 %, "
               "End completes the take", None),
    ActionSpec("multiview", "Multiview", "Program, Preview and the vertical program in one grid with tally borders "
               "(again: back to the studio-mode monitors)", None, True),
)
ACTIONS_BY_ID = {spec.id: spec for spec in LIVE_ACTIONS}
