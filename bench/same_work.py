"""The one input every ratio of `make bench` is measured on, and the graphics both sides put over it.

`source_file()`: a moving 1080p30 picture with sound (ffmpeg's testsrc2 and a 1 kHz sine), 30 s,
encoded once at high quality (x264 CRF 12, keyframe every second, AAC 192 kb/s) and cached outside git
in `bench/.cache/` (ignored). Both sides decode this same file: ours with `--source file:PATH`
(its sound follows), ffmpeg with `-i PATH`; loops past its 30 s (ours loops a file source by itself,
ffmpeg with `-stream_loop -1`).

`overlay_pngs()`: the demo show's graphics as they stand once settled (logo, ticker, lower third,
card, callout, countdown), each drawn by our own renderer through the program path (ProgramGraphics
over black and over white: the difference gives the alpha), cut to its visible box and written as a
straight-alpha PNG with its position and the time the demo puts it up and takes it down. ffmpeg's
`overlay` peer puts the same PNGs over the same file at the same places and times: what a user
would script instead of us (it cannot animate entrances, scroll the ticker or tick the countdown:
its graphics are stills; ours move).

`python -m bench.same_work` makes both (and prints where they are).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from bench._measure import FPS, REPO_ROOT, studio_env

CACHE = REPO_ROOT / "bench" / ".cache"
SIZE = "1920x1080"
SOURCE_S = 30
SOURCE_NAME = f"moving-{SIZE}-{FPS}fps-{SOURCE_S}s.mkv"
# (kind, on at s, off at s or None) as the demo director schedules them in its first 30 s (studio/core/graphics/demo.py).
DEMO_GRAPHICS = (("logo", 0.0, None), ("ticker", 2.0, None), ("lower_third", 4.0, 10.0), ("card", 12.0, None),
                 ("callout", 16.0, 22.0), ("countdown", 20.0, None))


def source_file() -> Path:
    """The cached moving source, made on first use (about 1 minute of CPU on 2 cores)."""
    path = CACHE / SOURCE_NAME
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial.mkv")
    subprocess.run([shutil.which("ffmpeg") or "ffmpeg", "-v", "error", "-y",
                    "-f", "lavfi", "-i", f"testsrc2=size={SIZE}:rate={FPS}",
                    "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000", "-t", str(SOURCE_S),
                    "-c:v", "libx264", "-preset", "veryfast", "-crf", "12", "-g", str(FPS), "-pix_fmt", "yuv420p",
                    "-c:a", "aac", "-b:a", "192k", "-ac", "2", str(partial)], check=True)
    partial.rename(path)
    return path


def ours_source_args() -> list[str]:
    """`studio broadcast` arguments: the demo's graphics over the moving file, its sound."""
    return ["--demo", "--source", f"file:{source_file()}"]


def ffmpeg_file_inputs(duration_s: float, realtime: bool = False) -> list[str]:
    """ffmpeg's input arguments: the same file, looped, `duration_s` of it (paced with -re when `realtime`)."""
    return ["-v", "error", "-y", *(["-re"] if realtime else []), "-stream_loop", "-1", "-i", str(source_file()),
            "-t", f"{duration_s:g}"]


def overlay_pngs() -> list[dict]:
    """[{"path", "x", "y", "on_s", "off_s"}] of the demo's graphics as PNGs (cached beside the source)."""
    folder = CACHE / f"graphics-{SIZE}"
    index = folder / "index.json"
    if not index.exists():
        subprocess.run([sys.executable, "-m", "bench.same_work", "--draw", str(folder)], check=True,
                       env=studio_env(), cwd=REPO_ROOT)
    return json.loads(index.read_text())


def ffmpeg_overlay_args(duration_s: float) -> list[str]:
    """Inputs and filter graph for the overlay peer: the file, each PNG overlaid at its place and time."""
    graphics = overlay_pngs()
    inputs = [arg for g in graphics for arg in ("-i", g["path"])]
    chain, last = [], "0:v"
    for n, g in enumerate(graphics, start=1):
        on = f"gte(t,{g['on_s']:g})" if g["off_s"] is None else f"between(t,{g['on_s']:g},{g['off_s']:g})"
        out = f"v{n}"
        chain.append(f"[{last}][{n}:v]overlay=x={g['x']}:y={g['y']}:enable='{on}'[{out}]")
        last = out
    return [*ffmpeg_file_inputs(duration_s)[:-2], *inputs, "-t", f"{duration_s:g}",
            "-filter_complex", ";".join(chain), "-map", f"[{last}]", "-map", "0:a"]


def _draw(folder: Path) -> None:
    """Render each demo graphic, settled, through ProgramGraphics; its alpha from black and white backgrounds."""
    import cv2
    import numpy as np

    from studio.core.graphics.model import CountdownData
    from studio.core.graphics.program import ProgramGraphics
    from studio.core.graphics.qt_runtime import ensure_gui_app
    from studio.core.graphics.samples import sample_data
    from studio.core.graphics.snapshot import SETTLED_AT_S

    ensure_gui_app()
    width, height = (int(n) for n in SIZE.split("x"))
    folder.mkdir(parents=True, exist_ok=True)
    index = []
    for kind, on_s, off_s in DEMO_GRAPHICS:
        data = CountdownData(SETTLED_AT_S + 299.0) if kind == "countdown" else sample_data(kind, "TV-55-4K")
        frames = []
        for level in (0, 255):
            graphics = ProgramGraphics(width, height)
            graphics.show(kind, data)
            graphics.composite(np.zeros((height, width, 3), np.uint8), 0.0)
            graphics.composite(np.zeros((height, width, 3), np.uint8), SETTLED_AT_S / 2)  # rendered by now
            frame = np.full((height, width, 3), level, np.uint8)
            graphics.composite(frame, SETTLED_AT_S)
            frames.append(frame.astype(np.int32))
        black, white = frames
        alpha = np.clip(255 - (white - black).max(axis=2), 0, 255)
        rows, cols = np.flatnonzero(alpha.any(axis=1)), np.flatnonzero(alpha.any(axis=0))
        top, bottom, left, right = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
        a = alpha[top:bottom, left:right]
        straight = np.where(a[..., None] > 0, black[top:bottom, left:right] * 255 // np.maximum(a, 1)[..., None], 0)
        png = folder / f"{kind}.png"
        cv2.imwrite(str(png), np.dstack([np.clip(straight, 0, 255), a]).astype(np.uint8))
        index.append({"path": str(png), "x": int(left), "y": int(top), "on_s": on_s, "off_s": off_s})
    (folder / "index.json").write_text(json.dumps(index, indent=1))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--draw"]:
        _draw(Path(sys.argv[2]))
    else:
        print(source_file())
        for graphic in overlay_pngs():
            print(graphic)
