"""How many destinations one relay carries, at which bitrate, on this machine (docs/destinations.md, "Relay").

The relay `studio relay config` writes (studio.relay.nginx_config), in a real nginx-rtmp, fed one
stream: a pre-encoded CBR clip (640x360, VIDEO_KBPS video + 128 kb/s AAC), looped by ffmpeg with
`-re -c copy` (the relay's work does not depend on the picture size, only on the bytes). It pushes
to N destinations, all on one local nginx-rtmp "platform" (live, nothing recorded). For each N,
over MEASURE_S seconds after a warm-up: the relay's CPU (its worker process, user + system), what
each destination received (bytes out of its `to-NAME` application, from the relay's statistics
page) against what came in, and the frames nginx dropped for slow destinations.

`python -m bench.bench_relay [N ...]` (default 5 10 20 40). Loopback only: a VM's network card,
not its CPU, is what limits a real relay (see the printed bandwidth line).
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from studio.core.output.relay_url import RelayUrl
from studio.relay.nginx_config import RelayLayout, RelayTarget, write_relay
from studio.relay.stat import parse_stat

VIDEO_KBPS, AUDIO_KBPS = 4500, 128
CLIP_S, WARMUP_S, MEASURE_S = 20, 4, 10
COUNTS = (5, 10, 20, 40)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _clip(directory: Path) -> Path:
    clip = directory / "clip.flv"
    kbps = VIDEO_KBPS
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30",
                    "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000", "-t", str(CLIP_S),
                    "-c:v", "libx264", "-preset", "ultrafast", "-b:v", f"{kbps}k", "-minrate", f"{kbps}k",
                    "-maxrate", f"{kbps}k", "-bufsize", f"{kbps}k", "-x264-params", "nal-hrd=cbr:filler=1",
                    "-g", "60", "-c:a", "aac", "-b:a", f"{AUDIO_KBPS}k", "-f", "flv", str(clip)], check=True, timeout=300)
    return clip


def _platform(directory: Path) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    config = directory / "platform.conf"
    config.write_text(f"""load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
daemon off; master_process off; worker_processes 1; error_log {directory}/platform.log warn;
pid {directory}/platform.pid; events {{ worker_connections 1024; }}
rtmp {{ server {{ listen 127.0.0.1:{port}; application live {{ live on; record off; }} }} }}
""")
    process = subprocess.Popen(["nginx", "-p", f"{directory}/", "-c", str(config)], stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    return process, port


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _worker_pid(master_pid: int, timeout_s: float = 10.0) -> int:
    """nginx's worker (the one process that pushes), once it has named itself."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for entry in os.listdir("/proc"):
            try:
                parent = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
                if parent == master_pid and b"worker process" in Path(f"/proc/{entry}/cmdline").read_bytes():
                    return int(entry)
            except (OSError, IndexError, ValueError):
                continue
        time.sleep(0.1)
    raise RuntimeError("the relay's nginx started no worker")


def _stat(relay: RelayUrl):
    with urllib.request.urlopen(relay.stat_url, timeout=5) as response:
        return parse_stat(response.read())


def measure(count: int, clip: Path, platform_port: int, directory: Path) -> dict:
    relay = RelayUrl("127.0.0.1", _free_port(), _free_port(), secrets.token_urlsafe(24))
    out = directory / f"relay-{count}"
    targets = tuple(RelayTarget(f"d{n}", f"rtmp://127.0.0.1:{platform_port}/live/k{count}-{n}") for n in range(count))
    write_relay(RelayLayout("127.0.0.1", relay, targets, install_dir=str(out)), out)
    nginx = ["nginx", "-p", f"{out}/", "-c", str(out / "nginx.conf")]
    subprocess.run(nginx, check=True, timeout=30)
    publisher = None
    try:
        master = int((out / "nginx.pid").read_text())
        worker = _worker_pid(master)
        publisher = subprocess.Popen(["ffmpeg", "-v", "error", "-re", "-stream_loop", "-1", "-i", str(clip), "-c", "copy",
                                      "-f", "flv", relay.publish_url], stdin=subprocess.DEVNULL)
        time.sleep(WARMUP_S)
        first, cpu0, t0 = _stat(relay), _cpu_s(worker), time.monotonic()
        time.sleep(MEASURE_S)
        last, cpu1, t1 = _stat(relay), _cpu_s(worker), time.monotonic()
    finally:
        if publisher is not None:
            publisher.kill()
            publisher.wait()
        subprocess.run([*nginx, "-s", "stop"], timeout=30)
    span = t1 - t0
    in_kbps = (last.bytes_in - first.bytes_in) * 8 / 1000 / span
    out_kbps = [(last.destinations[t.app].bytes_out - first.destinations[t.app].bytes_out) * 8 / 1000 / span
                for t in targets]
    return {"count": count, "cpu_percent": 100 * (cpu1 - cpu0) / span, "in_kbps": in_kbps,
            "min_delivered": min(out_kbps) / in_kbps if in_kbps else 0.0,
            "live": sum(1 for t in targets if last.destinations[t.app].active),
            "dropped": sum(last.destinations[t.app].dropped for t in targets)}


def main(counts: tuple[int, ...] = COUNTS) -> list[dict]:
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} cores")
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-relay-") as temporary:
        directory = Path(temporary)
        clip = _clip(directory)
        platform, port = _platform(directory)
        try:
            for count in counts:
                result = measure(count, clip, port, directory)
                results.append(result)
                print(f"N={count:3d}: relay CPU {result['cpu_percent']:5.1f} % of one core, in {result['in_kbps']:.0f} kb/s, "
                      f"each destination got >= {100 * result['min_delivered']:.1f} % of it, "
                      f"{result['live']}/{count} live, {result['dropped']} frames dropped", flush=True)
        finally:
            platform.kill()
            platform.wait()
    if results:
        per_destination = max(r["cpu_percent"] / r["count"] for r in results)
        stream_mbps = (VIDEO_KBPS + AUDIO_KBPS) / 1000
        print(f"worst CPU per destination: {per_destination:.2f} % of one core at {stream_mbps:.1f} Mb/s "
              f"(one core: about {100 / per_destination:.0f} destinations); "
              f"bandwidth: {stream_mbps:.1f} Mb/s out per destination, so a 1 Gb/s card carries about "
              f"{int(1000 * 0.8 / stream_mbps)} at 80 % of its rate")
        print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return results


if __name__ == "__main__":
    main(tuple(int(n) for n in sys.argv[1:]) or COUNTS)
