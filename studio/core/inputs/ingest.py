"""A network input received in a process of its own: the system's ffmpeg faces the network and the stranger's
bytes (the RTMP handshake, the demuxer, the decoder), and hands the engine nothing but raw pictures and sound.

The engine process does media only and parses no client's bytes: a phone, a guest's OBS or anyone
who reaches the listening port talks to this child. A malformed stream that crashes or hangs its
decoder costs that input (it is lost, shows its slate and is received again), never the show.
The child writes I420 pictures at the stream's own size (scaled down only when larger than the
program) as a Y4M stream on its stdout, and 48 kHz stereo float sound on a second pipe; a reader
thread per pipe in the engine takes them (newest picture wins, sound into the mixer's DriftBuffer).
The engine scales each picture into its box as it does a file's, so a 720p phone in a corner costs
no upscale to 1080p and no 3 MB pipe a picture. FFmpeg keeps a stream's first size when the sender
changes size mid-way (it scales the rest to it); the sender's next connection comes at its new size. The system's ffmpeg also receives SRT where it was built with
libsrt (Debian's and Ubuntu's are): `srt://HOST:PORT?mode=listener`.

The URL carries secrets (a listening input's stream key, a camera's password, an SRT passphrase) and
any local user reads a process's argv (`ps`, /proc/PID/cmdline), so it never goes on ffmpeg's
command line: ffmpeg opens a one-entry ffconcat script (`file 'URL'` with its `option` lines for
listen mode and the RTSP transport) that it reads from a pipe it inherits (`-i /dev/fd/N`).
FFmpeg's RTMP listen mode accepts a push to any stream key (it only warns "Unexpected stream");
the warning is read off the child's stderr, which it writes before any picture can reach stdout,
and the push is refused: the child is killed before a picture of it is shown.
"""

from __future__ import annotations

import collections
import os
import re
import select
import shutil
import subprocess
import threading
import time
from urllib.parse import parse_qsl, urlsplit

import numpy as np

from studio.core import picture
from studio.core.capture.drift import DriftBuffer
from studio.core.inputs.feed import InputStateListener, ThreadedFeed
from studio.core.inputs.y4m import Y4mError, Y4mReader
from studio.core.secrets import redact_url
from studio.errors import UserInputError

# A connected stream that sends no picture for this long is lost (a phone out of coverage keeps its socket).
READ_TIMEOUT_S = 2.0
FIRST_RETRY_S, MAX_RETRY_S = 0.5, 5.0
SOUND_BLOCK_BYTES = 480 * 2 * 4          # 10 ms of 48 kHz stereo float32
# What the concat demuxer may open on the script's behalf: the network protocols of the specs, and the script.
PROTOCOLS = "file,rtmp,rtmps,rtmpt,rtmpts,tcp,tls,udp,rtp,srtp,srt,http,https,httpproxy,crypto"
OTHER_KEY_WARNING = "Unexpected stream"     # rtmpproto.c, listen mode: a push to a stream name not the URL's
ERROR_LINES_KEPT = 20
SECRET_QUERY_KEYS = re.compile(r"pass|key|secret|token|auth|streamid", re.IGNORECASE)   # SRT's passphrase, ...


def ffmpeg_binary() -> str:
    found = shutil.which("ffmpeg")
    if found is None:
        raise UserInputError("network inputs are received by the system's ffmpeg, which is not installed "
                             "(Debian/Ubuntu: apt install ffmpeg)")
    return found


def ffmpeg_has_protocol(protocol: str) -> bool:
    try:
        listing = subprocess.run([ffmpeg_binary(), "-hide_banner", "-protocols"], capture_output=True, text=True,
                                 timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return protocol in listing.split()


def dying_with_parent(command: list[str]) -> list[str]:
    """`command` run so that it is killed when the engine dies, however it dies (Linux: util-linux's
    setpriv sets PR_SET_PDEATHSIG, then runs it), so no receiver is left holding a port. Not a
    `preexec_fn`: Python code in a child forked from the engine's many threads can wait for ever on a
    lock another thread held at the fork (a clean-clone run saw a child give no picture for minutes).
    Without setpriv, the command as it is. (Its priority is its reader thread's, below the frame loop's:
    a child inherits the nice value of the thread that starts it.)"""
    setpriv = shutil.which("setpriv")
    return [setpriv, "--pdeathsig", "KILL", "--", *command] if setpriv else command


class IngestFeed(ThreadedFeed):
    """A network stream (RTMP listen or pull, RTSP, SRT) received by a child ffmpeg at its own size, at most
    `width` x `height` (the program's)."""

    kind = "network"

    def __init__(self, name: str, spec: str, url: str, listen: bool, width: int, height: int,
                 on_state: InputStateListener | None = None):
        super().__init__(name, spec, on_state)
        self.url, self.listen = url, listen
        self.width, self.height = width - width % 2, height - height % 2
        self.state = "listening" if listen else "connecting"
        self.sound = DriftBuffer()       # the stream's sound, on the show clock (the mixer pulls it)
        self.picture_delay_s = self.sound.target_latency_s   # pictures wait as long as the sound's ring
        self._binary = ffmpeg_binary()
        self._process: subprocess.Popen | None = None
        self._with_sound = True
        self._errors: collections.deque[str] = collections.deque(maxlen=ERROR_LINES_KEPT)   # ffmpeg's stderr, last lines
        self._error_tail = b""
        self.refusals = 0               # pushes to another stream key, refused

    def concat_script(self) -> bytes:
        """The one-entry ffconcat script that hands ffmpeg the URL and its options off the command line."""
        if any(ord(ch) < 32 for ch in self.url):
            raise UserInputError(f"input {self.name}: its URL has a control character in it")
        options = ["option listen 1"] if self.listen and self.url.startswith("rtmp") else []   # SRT: its mode=listener
        if self.url.startswith("rtsp"):
            options = ["option rtsp_transport tcp"]
        quoted = self.url.replace("'", "'\\''")
        return "\n".join(["ffconcat version 1.0", f"file '{quoted}'", *options, ""]).encode()

    def _command(self, script_fd: int, sound_fd: int | None) -> list[str]:
        command = [self._binary, "-hide_banner", "-loglevel", "level+warning", "-nostdin",
                   "-f", "concat", "-safe", "0", "-protocol_whitelist", PROTOCOLS, "-i", f"/dev/fd/{script_fd}",
                   "-map", "0:v:0", "-sws_flags", "bilinear",   # cheaper than the default bicubic, as the engine scales
                   # its own size, or the program's when larger (no scaling at all when it fits: FFmpeg passes it on)
                   "-vf", f"scale=w='min(iw,{self.width})':h='min(ih,{self.height})'"
                   ":force_original_aspect_ratio=decrease:force_divisible_by=2",
                   "-pix_fmt", "yuv420p", "-f", "yuv4mpegpipe", "pipe:1"]
        if sound_fd is not None:
            command += ["-map", "0:a:0", "-ac", "2", "-ar", "48000", "-f", "f32le", f"pipe:{sound_fd}"]
        return command

    def read(self, stop: threading.Event) -> None:
        wait_s = FIRST_RETRY_S
        while not stop.is_set():
            got_pictures = self._receive_once(stop)
            if stop.is_set():
                return
            if self.state == "live":
                self.set_state("lost", self.reason or "the stream ended")
            if got_pictures or self.listen:
                wait_s = FIRST_RETRY_S
                stop.wait(0.05)          # listen again at once: the sender is likely to come straight back
            else:
                stop.wait(wait_s)
                wait_s = min(wait_s * 1.5, MAX_RETRY_S)

    def _receive_once(self, stop: threading.Event) -> bool:
        """One connection, from ffmpeg's start to its end; True if pictures came."""
        sound_read, sound_write = os.pipe() if self._with_sound else (None, None)
        script_read, script_write = os.pipe()
        os.write(script_write, self.concat_script())       # a few hundred bytes: well within the pipe's buffer
        os.close(script_write)
        inherited = (script_read,) if sound_write is None else (script_read, sound_write)
        self._errors.clear()
        try:
            self._process = subprocess.Popen(
                dying_with_parent(self._command(script_read, sound_write)), stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, pass_fds=inherited)
        finally:
            for fd in inherited:
                os.close(fd)
        sound_thread = None
        if sound_read is not None:
            sound_thread = threading.Thread(target=self._read_sound, args=(sound_read,), daemon=True,
                                            name=f"input {self.name} sound")
            sound_thread.start()
        self.sound.reset()
        frames = self._read_pictures(stop)
        self._end_process()
        if sound_thread is not None:
            sound_thread.join(timeout=2.0)
        no_sound = any("matches no streams" in line for line in self._errors)   # ffmpeg 5.1 says it over two lines
        if frames == 0 and self._with_sound and not stop.is_set() and no_sound:
            self._with_sound = False        # a stream without sound: receive its pictures alone
        return frames > 0

    def _read_pictures(self, stop: threading.Event) -> int:
        fd, error_fd = self._process.stdout.fileno(), self._process.stderr.fileno()
        stream = Y4mReader(fd)
        watched = [error_fd, fd]
        frames = 0
        last_s = time.monotonic()
        while not stop.is_set():
            ready, _, _ = select.select(watched, [], [], 0.25)
            if error_fd in ready:        # first, all of it: what ffmpeg said before it wrote the pictures now readable
                if not self._drain_errors(error_fd):
                    watched.remove(error_fd)
                if self._refuse_other_key():
                    return 0
            if fd not in ready:
                if frames and time.monotonic() - last_s > READ_TIMEOUT_S:
                    self.reason = f"no picture for {READ_TIMEOUT_S:g} s"
                    return frames
                continue
            try:
                i420 = stream.read()
            except EOFError:
                self.reason = self._exit_reason()
                return frames
            except Y4mError as error:
                self.reason = f"the stream could not be read ({error})"
                return frames
            if i420 is not None:
                last_s = time.monotonic()
                self.publish(i420 if self.picture_format == picture.I420 else picture.to_bgr(i420), last_s)
                frames += 1
        return frames

    def _drain_errors(self, error_fd: int) -> bool:
        """Everything ffmpeg's stderr holds now; False once it ended."""
        while True:
            if not self._take_errors(os.read(error_fd, 65536)):
                return False
            if not select.select([error_fd], [], [], 0)[0]:
                return True

    def _take_errors(self, data: bytes) -> bool:
        """Keep ffmpeg's last stderr lines (its pipe drained, so a chatty stream never blocks it); False at its end."""
        lines = (self._error_tail + data).split(b"\n")
        self._error_tail = lines.pop() if data else b""
        self._errors.extend(line.decode("utf-8", "replace").strip() for line in lines if line.strip())
        return bool(data)

    def _refuse_other_key(self) -> bool:
        """A push to another stream key than the URL's: killed before any of its pictures is shown."""
        if not self.listen or not any(OTHER_KEY_WARNING in line for line in self._errors):
            return False
        self._process.kill()
        self._errors.clear()             # the warning names the expected key
        self.refusals += 1
        self.reason = "refused a push to another stream key"
        if self._on_state is not None:
            self._on_state(self.name, self.state, self.reason)
        return True

    def _read_sound(self, fd: int) -> None:
        with os.fdopen(fd, "rb", buffering=0) as pipe:
            pending = b""
            while True:
                chunk = pipe.read(SOUND_BLOCK_BYTES)
                if not chunk:
                    return
                pending += chunk
                usable = len(pending) - len(pending) % 8
                if usable:
                    self.sound.push(np.frombuffer(pending[:usable], np.float32).reshape(-1, 2))
                    pending = pending[usable:]

    def _exit_reason(self) -> str:
        process = self._process
        try:
            process.wait(timeout=2.0)
            self._take_errors(process.stderr.read())
        except (subprocess.TimeoutExpired, OSError, ValueError):
            return "the stream ended"
        errors = [line for line in self._errors if not line.startswith("[warning]")] or list(self._errors)
        last = self._scrub(errors[-1])[:200] if errors else ""
        return f"the stream ended ({last})" if last else "the stream ended"

    def _scrub(self, line: str) -> str:
        """ffmpeg names the URL in its errors: masked, as the studio shows URLs."""
        line = line.replace(self.url, redact_url(self.url)).removeprefix("[error] ").removeprefix("[warning] ")
        line = re.sub(r"/dev/fd/\d+", redact_url(self.url), line)     # the script names the stream in its errors
        parts = urlsplit(self.url)
        if parts.password:
            line = line.replace(parts.password, "****")
        secrets = [value for key, value in parse_qsl(parts.query) if SECRET_QUERY_KEYS.search(key)]
        for secret in (*secrets, parts.query, parts.path.rsplit("/", 1)[-1]):   # a key: in the query or the path's end
            if len(secret) >= 4:
                line = line.replace(secret, "****")
        return line

    def _end_process(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.kill()
        try:
            process.wait(timeout=5.0)
        except subprocess.TimeoutExpired:
            pass
        for stream in (process.stdout, process.stderr):
            stream.close()

    def cpu_s(self) -> float | None:
        """The child's CPU (demux and decode are all in it) plus the reader threads'."""
        own = super().cpu_s() or 0.0
        process = self._process
        if process is None:
            return own
        try:
            fields = open(f"/proc/{process.pid}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            return own
        return own + (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def close(self) -> None:
        self._stop.set()
        process = self._process
        if process is not None and process.poll() is None:
            process.kill()
        super().close()
