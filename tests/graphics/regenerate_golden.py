"""Rewrite every golden picture from the current renderers: `make golden`
(or `python -m tests.graphics.regenerate_golden`). Look at the diff before committing."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import cv2  # noqa: E402

from tests.graphics.golden_cases import CASES, GOLDEN_DIR, render_case  # noqa: E402


def main() -> None:
    GOLDEN_DIR.mkdir(exist_ok=True)
    for name in CASES:
        path = GOLDEN_DIR / f"{name}.png"
        cv2.imwrite(str(path), render_case(name))
        print(path)


if __name__ == "__main__":
    main()
