"""`studio destination` and `studio preflight` end to end, in real processes.

Keys go in through an environment variable or standard input; the tests assert
they never come out: not in stdout, stderr, `list --json`, nor the SQLite files.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Outside `make test-fast`: many CLI processes.
pytestmark = pytest.mark.slow


REPO = Path(__file__).resolve().parents[2]
YT_KEY = "yt9k-2mvq-8r4t-secret1"
TW_KEY = "live_777_TwitchSecretKey"
PASTED_KEY = "pasted-key-0042-secret"


@pytest.fixture
def studio(tmp_path, key_file, db_path):
    env = {**os.environ, "STUDIO_KEY_FILE": str(key_file), "STUDIO_DB": str(db_path),
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", "QT_QPA_PLATFORM": "offscreen"}
    outputs: list[str] = []

    def run(*args: str, stdin: str | None = None, extra_env: dict | None = None) -> subprocess.CompletedProcess:
        result = subprocess.run([sys.executable, "-m", "studio", *args], cwd=REPO, env={**env, **(extra_env or {})},
                                input=stdin if stdin is not None else "", capture_output=True, text=True, timeout=60)
        outputs.extend([result.stdout, result.stderr])
        return result

    run.outputs = outputs
    return run


def assert_no_key_leaked(outputs, db_path, keys):
    files = [p for p in db_path.parent.iterdir() if p.name.startswith(db_path.name)]
    assert files
    for key in keys:
        assert all(key not in text for text in outputs), key
        assert all(key.encode() not in p.read_bytes() for p in files), key


def test_destination_workflow_keeps_keys_secret(studio, db_path, key_file):
    result = studio("destination", "add", "yt", "--preset", "youtube", "--key-env", "YT_KEY", extra_env={"YT_KEY": YT_KEY})
    assert result.returncode == 0, result.stderr
    assert "added destination yt (YouTube, rtmps://a.rtmps.youtube.com:443/live2, landscape canvas)" in result.stdout
    assert f"stream key kept in the key file {key_file}" in result.stdout

    result = studio("destination", "add", "tw", "--preset", "twitch", "--key-stdin", stdin=TW_KEY + "\n")
    assert result.returncode == 0, result.stderr

    result = studio("destination", "add", "local", "--preset", "custom", "--url", f"rtmp://127.0.0.1/live/{PASTED_KEY}")
    assert result.returncode == 0, result.stderr
    assert "moved ****cret1" not in result.stdout and "moved ****cret to" in result.stdout
    assert "the stored URL is rtmp://127.0.0.1/live" in result.stdout

    assert studio("destination", "disable", "local").stdout == "destination local: disabled\n"
    result = studio("destination", "list", "--json")
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert {name: (row["state"], row["key"], row["url"]) for name, row in rows.items()} == {
        "local": ("disabled", "set", "rtmp://127.0.0.1/live"),
        "tw": ("enabled", "set", "rtmp://live.twitch.tv/app"),
        "yt": ("enabled", "set", "rtmps://a.rtmps.youtube.com:443/live2"),
    }
    text = studio("destination", "list").stdout
    assert "local            disabled custom     landscape  key set  rtmp://127.0.0.1/live" in text

    assert os.stat(key_file).st_mode & 0o777 == 0o600
    stored = json.loads(key_file.read_text())["entries"]
    assert {json.loads(v)["key"] for v in stored.values()} == {YT_KEY, TW_KEY, PASTED_KEY}

    assert studio("destination", "remove", "local").returncode == 0
    assert PASTED_KEY not in key_file.read_text()
    assert_no_key_leaked(studio.outputs, db_path, [YT_KEY, TW_KEY, PASTED_KEY])


def test_set_key_and_per_show_keys(studio, db_path):
    assert studio("show", "create", "friday").returncode == 0
    assert studio("destination", "add", "tt", "--preset", "tiktok", "--url", "rtmp://push.tiktokcdn.com/stage").returncode == 0
    result = studio("destination", "set-key", "tt", "--key-stdin", "--show", "friday", stdin="stream-99?sign=abc\n")
    assert result.returncode == 0, result.stderr
    assert "destination tt: stream key for show friday kept in" in result.stdout
    rows = json.loads(studio("destination", "list", "--json").stdout)
    assert (rows[0]["key"], rows[0]["show_keys"], rows[0]["single_use_key"]) == ("missing", {"friday": "set"}, True)
    result = studio("destination", "set-key", "tt", "--key-stdin", "--show", "nope", stdin="x\n")
    assert result.returncode == 2 and "no show named 'nope'" in result.stderr
    assert_no_key_leaked(studio.outputs, db_path, ["stream-99?sign=abc"])


@pytest.mark.parametrize("args, stdin, message", [
    (["destination", "add", "x1", "--preset", "x"], "", "the X preset needs --url"),
    (["destination", "add", "yt", "--preset", "youtube", "--key-env", "NOT_SET_ANYWHERE"], "",
     "--key-env NOT_SET_ANYWHERE: the environment variable is not set or empty"),
    (["destination", "add", "yt", "--preset", "youtube", "--key-stdin"], "", "stream key is empty"),
    (["destination", "set-key", "ghost", "--key-stdin"], "k\n", "no destination named 'ghost'"),
    (["destination", "enable", "ghost"], "", "no destination named 'ghost'"),
    (["preflight", "--size", "big"], "", "size 'big': expected WIDTHxHEIGHT"),
    (["preflight", "--keyframe-interval", "30"], "", "--keyframe-interval 30: must be between 0.5 and 10 s"),
])
def test_bad_input_is_one_line_and_exit_2(studio, args, stdin, message):
    result = studio(*args, stdin=stdin)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr


def test_key_on_the_command_line_is_not_an_option(studio):
    result = studio("destination", "add", "yt", "--preset", "youtube", "--key", YT_KEY)
    assert result.returncode == 2 and "--key: stream keys are not taken on the command line" in result.stderr
    assert YT_KEY not in result.stderr + result.stdout


def test_preflight_output_and_exit_codes(studio, db_path):
    assert studio("destination", "add", "yt", "--preset", "youtube", "--url",
                  f"rtmps://a.rtmps.youtube.com:443/live2/{YT_KEY}").returncode == 0
    assert studio("destination", "add", "tw", "--preset", "twitch", "--key-env", "K", extra_env={"K": TW_KEY}).returncode == 0

    result = studio("preflight")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[0] == "encoder: 1280x720 30 fps, video 3500 kb/s, audio AAC 128 kb/s, keyframe every 2 s"
    assert "yt (rtmps://a.rtmps.youtube.com:443/live2/****ret1) [YouTube]: ok" in result.stdout

    result = studio("preflight", "--video-bitrate", "9000")
    assert result.returncode == 1
    assert "tw (rtmp://live.twitch.tv/app/****tKey) [Twitch]: would be rejected" in result.stdout
    assert "  FAIL  video bitrate: video bitrate 9000 kb/s is above Twitch's 6000 kb/s" in result.stdout
    assert "1 of 2 destination(s) would be rejected" in result.stdout

    result = studio("preflight", "--destination", "yt", "--keyframe-interval", "3", "--size", "720x1280")
    assert result.returncode == 0
    assert "  warn  keyframe interval: keyframe interval 3 s; YouTube recommends 2 s" in result.stdout
    assert "[Twitch]" not in result.stdout

    assert studio("destination", "add", "ivs", "--preset", "amazon-ivs", "--url", "rtmps://INGEST_ENDPOINT:443/app/").returncode == 0
    result = studio("preflight", "--destination", "ivs")
    assert result.returncode == 1
    assert "FAIL  url: the URL still contains the placeholder 'INGEST_ENDPOINT'" in result.stdout
    assert "FAIL  key: no stream key set" in result.stdout
    assert_no_key_leaked(studio.outputs, db_path, [YT_KEY, TW_KEY])


def test_preflight_with_nothing_to_check(studio):
    result = studio("preflight")
    assert result.returncode == 0 and "no enabled destinations to check" in result.stdout
