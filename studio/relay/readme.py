"""The README `studio relay config` writes beside the relay's files: install, firewall, check."""

from __future__ import annotations

from typing import TYPE_CHECKING

from studio.core.output.relay_url import PUBLISH_APP

if TYPE_CHECKING:
    from studio.relay.nginx_config import RelayLayout


def readme(layout: RelayLayout) -> str:
    relay, directory = layout.relay, layout.install_dir
    names = ", ".join(target.name for target in layout.targets) or "(none)"
    return f"""# Live Shopping Studio relay

One stream in from the studio, pushed by nginx-rtmp to: {names}.
Written by `studio relay config`; run that again after changing destinations (keys included).

## Install on a Debian or Ubuntu VM

    sudo apt-get install nginx libnginx-mod-rtmp libnginx-mod-stream
    sudo systemctl disable --now nginx        # the relay runs its own nginx, not the site one
    sudo mkdir -p {directory} && sudo cp -r . {directory}/
    sudo chown -R root:root {directory} && sudo chmod 700 {directory}/secrets && sudo chmod 600 {directory}/secrets/*
    sudo cp studio-relay.service /etc/systemd/system/ && sudo systemctl daemon-reload
    sudo systemctl enable --now studio-relay

## Firewall

Open the RTMP port ({relay.port}) and the statistics port ({relay.stat_port}) to the studio's address only:

    sudo ufw allow from STUDIO_ADDRESS to any port {relay.port},{relay.stat_port} proto tcp

(nftables: `nft add rule inet filter input ip saddr STUDIO_ADDRESS tcp dport {{ {relay.port}, {relay.stat_port} }} accept`.)
Both are also guarded by the publish secret: the `{PUBLISH_APP}` application accepts a publisher only
with it (nginx-rtmp `on_publish`), and the statistics page answers 403 without it.

## Secrets

`secrets/` holds every stream key and the publish secret, readable by root only; nginx.conf
includes them. Nothing else here holds a key. The studio keeps the same secret in its key store.

## Check

    sudo nginx -t -p {directory}/ -c {directory}/nginx.conf
    curl -s -o /dev/null -w '%{{http_code}}\\n' http://127.0.0.1:{relay.stat_port}/stat    # 403: the secret guards it

The studio publishes to {relay.masked}
(`studio broadcast --relay URL`; `studio relay config` printed it, and stored the secret).
"""
