"""A comment flood against a live engine with a recording: what it costs the show (issue 25).

`python -m bench.bench_comments [SECONDS] [--size WxH] [--all-sold]` (default 60 s at 1920x1080; with
`--all-sold` every comment is a claim, 100 claims a second): a real `studio
engine` live to a recording, with the TV on air and one signed inbound comment source. First a quiet
period of SECONDS, then SECONDS of 100 comments a second (ten signed POSTs of ten every second)
of hostile text: 10 KB comments, Zalgo towers, RTL overrides, lone surrogates in JSON escapes,
HTML, emoji, questions, and a "SOLD" claim every second. A console-like client stays subscribed to
every event throughout. Reported: frames skipped in each period (goal: the flood's no more than the
quiet period's: 0 caused), the engine's and the gateway's CPU in each period (what the flood costs
them, whatever else the machine runs), comments stored by the bus, dropped, and the claims the engine
answered. The flood's sender runs at nice 10, as the gateway does: it stands in for the platforms,
which are not on this machine.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import multiprocessing
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

RATE_PER_S, BATCH = 100, 10
HOSTILE = ("x" * 10_240, "Z" + "\u0336\u0301" * 400, "\u202eSOLD\u202c price!", "<script>alert(1)</script>",
           "\\ud800 lone", "Does it come in black? \U0001F468\u200d\U0001F469\u200d\U0001F467", "\x00\x07\x1b[31m")


def start_engine(root: Path, size: str) -> tuple[subprocess.Popen, str, str]:
    import studio.cli
    from studio.core.graphics.product_view import DEMO_CATALOG_PATH

    db = str(root / "studio.db")
    env = {**os.environ, "STUDIO_DB": db, "STUDIO_CONFIG_DIR": str(root / "config"),
           "STUDIO_RUNTIME_DIR": str(root / "run"), "QT_QPA_PLATFORM": "offscreen",
           "STUDIO_KEY_FILE": str(root / "config" / "keys.json"),
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    os.environ.update({k: env[k] for k in ("STUDIO_KEY_FILE", "PYTHON_KEYRING_BACKEND")})
    (root / "config").mkdir(parents=True, exist_ok=True)
    for args in (("catalog", "import", str(DEMO_CATALOG_PATH)), ("show", "create", "bench"),
                 ("rundown", "add", "bench", "--kind", "product", "--sku", "TV-55-4K", "--duration", "3600"),
                 ("comments", "rules", "--show", "bench", "--hold", "5")):
        studio.cli.main([*args, "--db", db])
    stdin = sys.stdin
    sys.stdin = __import__("io").StringIO("bench-secret\n")
    try:
        studio.cli.main(["comments", "add", "inbound", "--show", "bench", "--name", "flood", "--secret-stdin", "--db", db])
    finally:
        sys.stdin = stdin
    engine = subprocess.Popen([sys.executable, "-m", "studio", "engine", "--show", "bench", "--size", size,
                               "--control-port", "0", "--quiet", "--live", "--record", str(root / "show.mkv")],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    url = re.search(r"(ws://\S+)", engine.stdout.readline()).group(1)
    return engine, url, (root / "config" / "control-password").read_text().strip()


def cpu_s(pid: int) -> float:
    """The process's user + system CPU time so far (all its threads)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def gateway_pid(engine_pid: int) -> int | None:
    from bench.bench_gateway import gateway_pid as find

    return find(engine_pid)


def _signed(body: bytes) -> dict:
    stamp = str(int(time.time()))
    digest = hmac.new(b"bench-secret", stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return {"X-Studio-Timestamp": stamp, "X-Studio-Signature": f"v1={digest}", "Content-Type": "application/json"}


def flood(url: str, seconds: float, sold_every: int = RATE_PER_S) -> int:
    os.nice(10)
    http, sent, start = requests.Session(), 0, time.monotonic()
    while time.monotonic() - start < seconds:
        batch = []
        for n in range(BATCH):
            index = sent + n
            text = "SOLD" if index % sold_every == 0 else HOSTILE[index % len(HOSTILE)] + f" #{index}"
            batch.append({"id": f"c{index}", "author": f"viewer{index % 997}\u202e", "text": text, "platform": "inbound"})
        body = json.dumps(batch).encode()
        http.post(url, data=body, headers=_signed(body), timeout=10)
        sent += BATCH
        due = start + (sent / RATE_PER_S)
        time.sleep(max(0.0, due - time.monotonic()))
    return sent


def main(seconds: float = 60.0, size: str = "1920x1080", sold_every: int = RATE_PER_S) -> dict:
    from studio.wire.client import ControlClient

    with tempfile.TemporaryDirectory(prefix="bench-comments-") as tmp:
        engine, url, password = start_engine(Path(tmp), size)
        try:
            events = {"CommentsReceived": 0, "ClaimChanged": 0}
            with ControlClient(url, password) as watcher, ControlClient(url, password) as client:
                watcher.on_event(lambda kind, data: kind in events and events.__setitem__(kind, events[kind] + 1))
                deadline = time.monotonic() + 60
                while True:
                    sources = client.vendor("GetComments")["sources"]
                    if sources and "listening on" in sources[0]["status"]:
                        break
                    if time.monotonic() > deadline:
                        raise SystemExit("the inbound source did not start")
                    time.sleep(0.2)
                post_url = sources[0]["status"].split("listening on ")[1].split(" ")[0]
                client.vendor("TakeProduct", {"sku": "TV-55-4K"})
                skipped = lambda: client.vendor("GetShowState")["stats"]["frames_skipped"]  # noqa: E731
                gateway = gateway_pid(engine.pid)
                cpu = lambda: (cpu_s(engine.pid), cpu_s(gateway) if gateway else 0.0, time.monotonic())  # noqa: E731
                start_skipped, start_cpu = skipped(), cpu()
                time.sleep(seconds)
                quiet, quiet_cpu = skipped() - start_skipped, cpu()
                before = skipped()
                with multiprocessing.Pool(1) as pool:    # its own process: the platforms are not in ours
                    sent = pool.apply(flood, (post_url, seconds, sold_every))
                time.sleep(2.0)        # the last batches through the bus
                flooded, flood_cpu = skipped() - before, cpu()
                stats = client.vendor("GetComments")["stats"]
        finally:
            engine.terminate()
            engine.wait(30)
    percent = lambda a, b, i: 100 * (b[i] - a[i]) / (b[2] - a[2])  # noqa: E731
    result = {"seconds": seconds, "size": size, "sent": sent, "sold_every": sold_every, "quiet_skipped": quiet, "flood_skipped": flooded,
              "engine_cpu": (percent(start_cpu, quiet_cpu, 0), percent(quiet_cpu, flood_cpu, 0)),
              "gateway_cpu": (percent(start_cpu, quiet_cpu, 1), percent(quiet_cpu, flood_cpu, 1)),
              "stored": stats["stored"], "dropped": stats["dropped"], "events": events["CommentsReceived"],
              "claims": events["ClaimChanged"], "load": os.getloadavg()}
    print(report(result))
    return result


def report(r: dict) -> str:
    verdict = "pass" if r["flood_skipped"] <= r["quiet_skipped"] else "MISS"
    return (f"Comment flood: live {r['size']} engine with a recording, {RATE_PER_S} comments/s for {r['seconds']:g} s, "
            f"one in {r['sold_every']} a SOLD claim "
            f"(load average {r['load'][0]:.2f} {r['load'][1]:.2f} {r['load'][2]:.2f})\n"
            "| period | frames skipped | engine CPU | gateway CPU | comments sent | stored | dropped | "
            "CommentsReceived events | ClaimChanged | verdict |\n"
            "|---|---|---|---|---|---|---|---|---|---|\n"
            f"| quiet | {r['quiet_skipped']} | {r['engine_cpu'][0]:.0f}% | {r['gateway_cpu'][0]:.1f}% | - | - | - | - | - "
            "| - |\n"
            f"| flood | {r['flood_skipped']} | {r['engine_cpu'][1]:.0f}% | {r['gateway_cpu'][1]:.1f}% | {r['sent']} | "
            f"{r['stored']} | {r['dropped']} | {r['events']} | {r['claims']} | {verdict} |")


if __name__ == "__main__":
    arguments = sys.argv[1:]
    size = "1920x1080"
    if "--size" in arguments:
        size = arguments[arguments.index("--size") + 1]
        del arguments[arguments.index("--size"):arguments.index("--size") + 2]
    sold_every = RATE_PER_S
    if "--all-sold" in arguments:            # the worst case: every comment claims the product on air
        arguments.remove("--all-sold")
        sold_every = 1
    main(float(arguments[0]) if arguments else 60.0, size, sold_every)
