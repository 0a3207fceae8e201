"""RTMPS: the certificate is verified, and --ca-file trusts a private CA."""

from __future__ import annotations

import pytest

from tests.broadcast.run_studio import run_studio
from tests.broadcast.test_broadcast_rtmp import wait_for_file_to_settle
from tests.probe import probe

pytestmark = pytest.mark.slow


def test_rtmps_with_ca_file_reaches_the_server(rtmps_server, tmp_path):
    rtmp, terminator = rtmps_server
    result = run_studio("broadcast", "--duration", "4", "--size", "640x360", "--to", terminator.url("secure"),
                        "--ca-file", str(terminator.certificate))
    assert result.returncode == 0, result.stderr
    wait_for_file_to_settle(rtmp.recording("secure"))
    media = probe(rtmp.recording("secure"))
    assert media.video["codec_name"] == "h264" and abs(media.duration_s - 4) < 0.5


def test_rtmps_refuses_an_untrusted_certificate(rtmps_server):
    rtmp, terminator = rtmps_server
    result = run_studio("broadcast", "--duration", "3", "--size", "640x360", "--to", terminator.url("secure"))
    assert result.returncode == 1
    assert "not trusted" in result.stderr
    assert "Traceback" not in result.stderr
    assert not rtmp.recording("secure").exists() or rtmp.recording("secure").stat().st_size == 0


def test_rtmps_keeps_the_query_of_the_url_through_the_tls_relay(rtmps_server, tmp_path):
    """`rtmps://host/live/KEY?token=...`: the relay's loopback URL carries the query (the token) too."""
    rtmp, terminator = rtmps_server
    token = "rtmps-token-s3cr3t-5150"
    result = run_studio("broadcast", "--duration", "3", "--size", "640x360",
                        "--to", f"{terminator.url('secure')}?token={token}", "--ca-file", str(terminator.certificate))
    assert result.returncode == 0, result.stderr
    assert token not in result.stdout + result.stderr
    wait_for_file_to_settle(rtmp.recording("secure"))
    assert f"name='secure' args='token={token}'" in rtmp.log_path.read_text()
