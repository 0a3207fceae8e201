"""Absurd flags and unusable files are refused before the show starts, in one line (issue 14.5-14.7)."""

from __future__ import annotations

import pytest

import studio.cli
from tests.broadcast.run_studio import run_studio
from tests.probe import probe


@pytest.fixture
def studio_main(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("STUDIO_DB", str(tmp_path / "studio.db"))
    monkeypatch.setenv("STUDIO_CONFIG_DIR", str(tmp_path / "config"))

    def run(*args: str) -> tuple[int, str]:
        code = studio.cli.main([str(arg) for arg in args])
        captured = capsys.readouterr()
        return code, captured.err
    return run


def assert_refused(result, *fragments):
    code, err = result
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2 and len(lines) == 1 and "Traceback" not in err, err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


@pytest.mark.parametrize("args, fragments", [
    (["--duration", "nan"], ["--duration nan", "finite"]),
    (["--duration", "inf"], ["--duration inf", "finite"]),
    (["--duration=-inf"], ["--duration -inf", "finite"]),
    (["--duration", "1e-9"], ["--duration 1e-09", "at least one frame"]),
    (["--duration", "0"], ["--duration 0", "at least one frame"]),
    (["--duration", "1e12"], ["--duration 1e+12", "between"]),
    (["--keyframe-interval", "nan"], ["--keyframe-interval nan"]),
    (["--source", "camera:99999999999999999999999"], ["camera index", "between 0 and 63"]),
    (["--source", "camera:64"], ["camera index", "between 0 and 63"]),
    (["--overwrite"], ["--overwrite", "--record"]),
])
def test_absurd_numbers_are_refused_naming_the_option(studio_main, tmp_path, args, fragments):
    result = studio_main("broadcast", "--record", str(tmp_path / "show.mkv"), *args) if args != ["--overwrite"] \
        else studio_main("broadcast", "--to", "rtmp://127.0.0.1:9/live/k", *args)
    assert_refused(result, *fragments)
    assert not (tmp_path / "show.mkv").exists()


def test_stats_json_into_a_missing_folder_is_refused_before_the_show(studio_main, tmp_path):
    missing = tmp_path / "no-such-folder" / "stats.json"
    assert_refused(studio_main("broadcast", "--duration", "1", "--record", str(tmp_path / "show.mkv"),
                               "--stats-json", str(missing)), "--stats-json", "does not exist")
    assert not (tmp_path / "show.mkv").exists(), "refused before anything started"


@pytest.mark.parametrize("content, fragment", [
    (b"not a certificate at all\n", "not a PEM certificate bundle"),
    (b"\x30\x82\x01\x0a" + bytes(200), "not a PEM certificate bundle"),  # DER
    (b"-----BEGIN CERTIFICATE-----\nnot base64!!\n-----END CERTIFICATE-----\n", "OpenSSL cannot load"),
])
def test_a_ca_file_that_is_not_pem_is_refused_up_front(studio_main, tmp_path, content, fragment):
    ca = tmp_path / "ca.pem"
    ca.write_bytes(content)
    assert_refused(studio_main("broadcast", "--duration", "1", "--to", "rtmps://127.0.0.1:9/live/k", "--ca-file", str(ca)),
                   f"--ca-file {ca}", fragment)


@pytest.mark.parametrize("urls", [
    ["rtmp://127.0.0.1:9/live/samekey1", "rtmp://127.0.0.1:9/live/samekey1"],
    ["rtmp://127.0.0.1:9/live/samekey1", "RTMP://127.0.0.1:9/live/samekey1/"],
    ["rtmp://127.0.0.1:1935/live/samekey1", "rtmp://127.0.0.1/live?key=samekey1"],
])
def test_duplicate_destinations_are_refused(studio_main, urls):
    args = [arg for url in urls for arg in ("--to", url)]
    assert_refused(studio_main("broadcast", "--duration", "1", *args), "given twice")


def test_malformed_ipv6_destination(studio_main):
    code, err = studio_main("broadcast", "--duration", "1", "--to", "rtmp://[::1/live/secretkey42")
    assert_refused((code, err), "malformed IPv6")
    assert "secretkey42" not in err


def test_show_export_into_a_missing_folder_is_one_line(studio_main, tmp_path):
    assert studio_main("show", "create", "friday")[0] == 0
    assert studio_main("rundown", "add", "friday", "--kind", "opening", "--duration", "10")[0] == 0
    missing = tmp_path / "nowhere" / "plan.json"
    assert_refused(studio_main("show", "export", "friday", "--format", "webvtt", "--planned", "-o", str(missing)),
                   "--output", "does not exist")


def test_record_refuses_an_existing_file_unless_overwrite(tmp_path):
    recording = tmp_path / "show.mkv"
    recording.write_bytes(b"the first half of the show")
    refused = run_studio("broadcast", "--duration", "1", "--size", "320x180", "--record", str(recording))
    assert refused.returncode == 2 and "already exists" in refused.stderr and "--overwrite" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert recording.read_bytes() == b"the first half of the show"
    replaced = run_studio("broadcast", "--duration", "1", "--size", "320x180", "--record", str(recording), "--overwrite")
    assert replaced.returncode == 0, replaced.stderr
    assert probe(recording).duration_s > 0.5


@pytest.mark.parametrize("command", [["preflight"], ["broadcast", "--duration", "1"]])
@pytest.mark.parametrize("fps, accepted", [("120", True), ("121", False), ("240", False), ("0", False)])
def test_preflight_and_broadcast_take_the_same_frame_rates(studio_main, tmp_path, command, fps, accepted):
    code, err = studio_main(*command, "--fps", fps, "--record" if command[0] == "broadcast" else "--size",
                            str(tmp_path / "show.mkv") if command[0] == "broadcast" else "1280x720",
                            *(["--as-fast-as-possible", "--quiet"] if command[0] == "broadcast" else []))
    if accepted:
        assert code == 0, err
    else:
        assert_refused((code, err), f"--fps {fps}: must be between 1 and 120")
