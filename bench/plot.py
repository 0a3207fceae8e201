"""docs/performance.png: the N-destination CPU curve and the soak's memory and lateness over time.

matplotlib is the optional `bench` extra (`pip install -e '.[bench]'`, which `make bench` does); without
it the table is still written and this says so.
"""

from __future__ import annotations

from pathlib import Path


def draw(path: Path, destinations: dict, soak: dict) -> bool:
    try:
        import matplotlib
    except ImportError:
        print("matplotlib not installed (pip install -e '.[bench]'): no plot")
        return False
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (curve, memory, lateness) = plt.subplots(1, 3, figsize=(15, 4.2))
    if destinations:
        counts = sorted(destinations["ours_ms"])
        curve.plot(counts, [destinations["ours_ms"][n] for n in counts], "o-", label="studio broadcast (steady state)")
        if destinations.get("with_startup_ms"):
            curve.plot(counts, [destinations["with_startup_ms"][n] for n in counts], "o:",
                       label="studio broadcast (start-up counted)")
        if destinations.get("ffmpeg_ms"):
            curve.plot(counts, [destinations["ffmpeg_ms"][n] for n in counts], "s--", label="ffmpeg CLI (tee)")
        curve.set(xlabel="destinations", ylabel="CPU ms per 1080p frame (process tree)", xticks=counts,
                  title="CPU against destinations")
        curve.set_ylim(bottom=0)
        curve.legend()
    if soak:
        times = [m[0] for m in soak["memory"]]
        memory.plot(times, [m[1] for m in soak["memory"]], label="RSS, sum over processes")
        memory.plot(times, [m[2] for m in soak["memory"]], label="PSS, sum over processes")
        memory.set(xlabel="seconds since start", ylabel="MiB", title=f"soak memory ({soak['duration_s']:g} s)")
        memory.set_ylim(bottom=0)
        memory.legend()
        lateness.plot([s["elapsed_s"] for s in soak["series"]], [s["lateness_ms"] for s in soak["series"]])
        lateness.set(xlabel="seconds since the first frame", ylabel="largest lateness in each second, ms",
                     title="soak frame lateness")
    figure.tight_layout()
    figure.savefig(path, dpi=90)
    plt.close(figure)
    print(f"wrote {path}")
    return True
