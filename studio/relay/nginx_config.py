"""The relay's files: nginx.conf (nginx-rtmp), its secrets (0600, included), a systemd unit, a README.

The shape (docs/destinations.md, "Relay"):

    studio ──rtmp──► application `studio` (on_publish checks ?secret=) ──push──► application `to-NAME`
                                                                             └─► push to the platform,
                                                                                 push_reconnect
Each destination gets its own application, so the statistics page names it and counts its bytes.
An RTMPS destination is pushed in plain RTMP to a loopback port where nginx's stream module opens
TLS to the platform (certificate verified, SNI): no ffmpeg per destination, and no key in any
process's command line. Keys and the publish secret are only in files under `secrets/` (0600),
which nginx.conf includes; nothing else written or printed holds them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from studio.core.output.relay_url import (
    PUBLISH_APP, PUBLISH_CHECK_PATH, SECRET_PARAMETER, STAT_PATH, RelayUrl, relay_app,
)
from studio.core.output.stream_url import parse_stream_url
from studio.errors import UserInputError

MODULE_DIR = "/usr/lib/nginx/modules"            # Debian's libnginx-mod-rtmp / libnginx-mod-stream
SYSTEM_CA_FILE = "/etc/ssl/certs/ca-certificates.crt"
PUSH_RECONNECT_S = 2
INSTALL_DIR = "/opt/studio-relay"
SECRETS_DIR = "secrets"


@dataclass(frozen=True)
class RelayTarget:
    """One destination as the relay pushes to it."""

    name: str
    publish_url: str = field(repr=False)   # the platform's URL with its key

    @property
    def app(self) -> str:
        return relay_app(self.name)


@dataclass(frozen=True)
class RelayLayout:
    listen_host: str
    relay: RelayUrl                        # the address the studio reaches, with the secret
    targets: tuple[RelayTarget, ...]
    tls_port_base: int = 19400             # loopback ports of the TLS hops, one per rtmps:// destination
    ca_file: str = SYSTEM_CA_FILE
    install_dir: str = INSTALL_DIR


def _quoted(value: str, what: str) -> str:
    """A value for an nginx directive: quoted, and refused if it could end the directive."""
    if any(ch in value for ch in '"\\;{}$') or any(ch.isspace() or ord(ch) < 32 for ch in value):
        raise UserInputError(f"{what}: holds a character an nginx configuration cannot carry (quote, ';', '$', space)")
    return f'"{value}"'


LOOPBACK = "127.0.0.1"   # the relay's own hops (studio -> to-NAME, on_publish) stay on the machine


def push_line(target: RelayTarget, tls_port: int | None) -> str:
    """`push URL playPath=KEY ...;`: the key in playPath keeps it out of the statistics page's addresses."""
    parsed = parse_stream_url(target.publish_url, app_path_segments=1, what=f"destination {target.name}")
    if not parsed.key or parsed.key.startswith("?"):
        raise UserInputError(f"destination {target.name}: a relay needs a stream key in the path (see `studio destination set-key`)")
    app = parsed.app_path.strip("/")
    host = f"[{parsed.host}]" if ":" in parsed.host else parsed.host
    if tls_port is None:
        url = f"rtmp://{host}:{parsed.effective_port}/{app}"
        extra = ""
    else:   # plain RTMP to the TLS hop on loopback; the platform still sees its own tcUrl
        url = f"rtmp://127.0.0.1:{tls_port}/{app}"
        extra = " " + _quoted(f"tcUrl=rtmps://{host}:{parsed.effective_port}/{app}", f"destination {target.name}")
    key = _quoted(f"playPath={parsed.key}", f"destination {target.name}: key")
    return f"push {url} {key}{extra};\n"


def tls_hops(layout: RelayLayout) -> dict[str, tuple[int, str, int]]:
    """name -> (loopback port, platform host, platform port) for each rtmps:// destination."""
    hops, port = {}, layout.tls_port_base
    for target in layout.targets:
        parsed = parse_stream_url(target.publish_url, what=f"destination {target.name}")
        if parsed.scheme == "rtmps":
            hops[target.name] = (port, parsed.host, parsed.effective_port)
            port += 1
    return hops


def nginx_conf(layout: RelayLayout) -> str:
    relay, listen = layout.relay, layout.listen_host
    local, hops = LOOPBACK, tls_hops(layout)
    also_loopback = listen not in ("0.0.0.0", LOOPBACK, "localhost")   # a specific address: add loopback
    rtmp_listen = [f"{_bracket(listen)}:{relay.port}"] + ([f"{local}:{relay.port}"] if also_loopback else [])
    http_listen = [f"{_bracket(listen)}:{relay.stat_port}"] + ([f"{local}:{relay.stat_port}"] if also_loopback else [])
    lines = [
        "# Live Shopping Studio relay: written by `studio relay config`; run it again rather than editing.",
        f"load_module {MODULE_DIR}/ngx_rtmp_module.so;",
        *([f"load_module {MODULE_DIR}/ngx_stream_module.so;"] if hops else []),
        "worker_processes 1;          # nginx-rtmp pushes from one worker",
        "pid nginx.pid;",
        "error_log logs/error.log notice;   # info would log every push's key and the publish secret",
        "events { worker_connections 1024; }",
        "",
        "rtmp {",
        "    server {",
        *[f"        listen {address};" for address in rtmp_listen],
        "        chunk_size 4096;",
        f"        application {PUBLISH_APP} {{      # the studio publishes here, once",
        "            live on;",
        "            record off;",
        "            deny play all;",
        "            notify_method get;",
        f"            on_publish http://{local}:{relay.stat_port}{PUBLISH_CHECK_PATH};",
        *[f"            push rtmp://{local}:{relay.port}/{target.app};" for target in layout.targets],
        "        }",
    ]
    for target in layout.targets:
        lines += [
            f"        application {target.app} {{",
            "            live on;",
            "            record off;",
            f"            allow publish {local};",
            "            deny publish all;",
            "            deny play all;",
            f"            push_reconnect {PUSH_RECONNECT_S}s;",
            f"            include {SECRETS_DIR}/{target.app}.conf;   # push to the platform, with its key",
            "        }",
        ]
    lines += [
        "    }",
        "}",
        "",
        "http {",
        "    access_log off;",
        "    server {",
        *[f"        listen {address};" for address in http_listen],
        f"        location = {PUBLISH_CHECK_PATH} {{   # nginx-rtmp's on_publish asks here",
        f"            include {SECRETS_DIR}/check-secret.conf;",
        "            return 204;",
        "        }",
        f"        location = {STAT_PATH} {{             # the studio reads each destination's state here",
        f"            include {SECRETS_DIR}/check-secret.conf;",
        "            rtmp_stat all;",
        "        }",
        "        location / { return 404; }",
        "    }",
        "}",
    ]
    if hops:
        lines += ["", "stream {   # TLS to the rtmps:// platforms, certificate checked, SNI sent"]
        for name, (port, host, platform_port) in hops.items():
            lines += [
                f"    server {{   # {name}",
                f"        listen 127.0.0.1:{port};",
                f"        proxy_pass {_bracket(host)}:{platform_port};",
                "        proxy_ssl on;",
                "        proxy_ssl_server_name on;",
                f"        proxy_ssl_name {host};",
                "        proxy_ssl_verify on;",
                "        proxy_ssl_verify_depth 4;",
                f"        proxy_ssl_trusted_certificate {layout.ca_file};",
                "    }",
            ]
        lines.append("}")
    return "\n".join(lines) + "\n"


def _bracket(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def secret_files(layout: RelayLayout) -> dict[str, str]:
    """Relative path -> content of every file that holds a key or the secret (written 0600)."""
    secret = layout.relay.secret or ""
    files = {f"{SECRETS_DIR}/check-secret.conf":
             f'if ($arg_{SECRET_PARAMETER} != "{secret}") {{ return 403; }}\n'}
    hops = tls_hops(layout)
    for target in layout.targets:
        hop = hops.get(target.name)
        files[f"{SECRETS_DIR}/{target.app}.conf"] = push_line(target, hop[0] if hop else None)
    return files


def systemd_unit(layout: RelayLayout) -> str:
    directory = layout.install_dir
    nginx = f"/usr/sbin/nginx -p {directory}/ -c {directory}/nginx.conf"
    return f"""[Unit]
Description=Live Shopping Studio relay (nginx-rtmp): one stream in, every platform out
After=network-online.target
Wants=network-online.target

[Service]
Type=forking
PIDFile={directory}/nginx.pid
ExecStartPre={nginx} -t -q
ExecStart={nginx}
ExecReload={nginx} -s reload
ExecStop={nginx} -s quit
Restart=on-failure
RestartSec=2

[Install]
WantedBy=multi-user.target
"""


def write_relay(layout: RelayLayout, out: Path) -> list[Path]:
    """Writes every file under `out`; the secrets 0600 in a 0700 folder. Returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "logs").mkdir(exist_ok=True)
    secrets_dir = out / SECRETS_DIR
    secrets_dir.mkdir(mode=0o700, exist_ok=True)
    os.chmod(secrets_dir, 0o700)
    for stale in secrets_dir.glob("*.conf"):   # a destination removed since the last run leaves no key behind
        stale.unlink()
    written = []
    for relative, content in secret_files(layout).items():
        path = out / relative
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(content)
        os.chmod(path, 0o600)
        written.append(path)
    from studio.relay.readme import readme

    for name, content in (("nginx.conf", nginx_conf(layout)), ("studio-relay.service", systemd_unit(layout)),
                          ("README.md", readme(layout))):
        (out / name).write_text(content, encoding="utf-8")
        written.append(out / name)
    return written
