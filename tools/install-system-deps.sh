#!/usr/bin/env bash
# Installs the system packages the test-suite talks to (nginx-rtmp, ffprobe, node + npm,
# PortAudio and a PulseAudio server for the microphone tests, Xvfb for the real-window tests,
# Chromium for the "now featured" widget)
# and the fonts the graphics fall back to for scripts DejaVu lacks (CJK, colour emoji), when
# they are missing. Idempotent: does nothing when all are present.
set -euo pipefail

rtmp_module_present() {
    ls /usr/lib/nginx/modules/ngx_rtmp_module.so >/dev/null 2>&1
}

missing=()
# ffmpeg: ffprobe for the tests, and at run time the child that receives each network input (RTMP, RTSP, SRT)
command -v ffprobe >/dev/null 2>&1 && command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
rtmp_module_present || missing+=(libnginx-mod-rtmp)
ls /usr/lib/nginx/modules/ngx_stream_module.so >/dev/null 2>&1 || missing+=(libnginx-mod-stream)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
# setpriv (util-linux, essential on Debian): a network input's child ffmpeg dies with the engine (ingest.py).
command -v setpriv >/dev/null 2>&1 || missing+=(util-linux)
# The relay's uplink test makes a network namespace, a veth pair and a tbf qdisc (tests/relay/).
{ command -v ip >/dev/null 2>&1 && command -v tc >/dev/null 2>&1; } || missing+=(iproute2)
# Microphone capture: PortAudio (sounddevice), reaching PulseAudio through ALSA's pulse plugin;
# the tests start a private PulseAudio server with a null sink and play into it with pacat.
ldconfig -p 2>/dev/null | grep -q 'libportaudio\.so\.2' || missing+=(libportaudio2)
[ -e /usr/lib/x86_64-linux-gnu/alsa-lib/libasound_module_pcm_pulse.so ] || ls /usr/lib/*/alsa-lib/libasound_module_pcm_pulse.so >/dev/null 2>&1 || missing+=(libasound2-plugins)
command -v pulseaudio >/dev/null 2>&1 || missing+=(pulseaudio)
command -v pacat >/dev/null 2>&1 || missing+=(pulseaudio-utils)
# Qt finds them through fontconfig; too big to bundle (89 MB for CJK), standard on desktops.
ls /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
ls /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf >/dev/null 2>&1 || missing+=(fonts-noto-color-emoji)
# The compositor's compiled loop (studio/core/_over.c, built by `pip install -e .`): a C compiler and
# the headers of the Python the venv runs on; tests/graphics/test_fused_over.py checks it was built.
command -v gcc >/dev/null 2>&1 || missing+=(gcc)
python_headers=$(${PYTHON:-python3} -c 'import sysconfig; print(sysconfig.get_paths()["include"])' 2>/dev/null || true)
[ -n "$python_headers" ] && [ -e "$python_headers/Python.h" ] \
    || missing+=("python$(${PYTHON:-python3} -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')-dev")
# The control API is tested with obs-websocket-js (the library Companion uses), installed by the test with npm.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
# The "now featured" widget is tested in a real headless Chromium (Debian's, driven over its DevTools
# protocol with the websockets package the studio already uses).
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# The window's smoke test: a real X server, and what Qt's xcb platform plugin loads.
command -v Xvfb >/dev/null 2>&1 || missing+=(xvfb)
for package in libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-randr0 \
               libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0 libegl1; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "Installing system packages needed by the tests: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
    apt_get=(apt-get)
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    apt_get=(sudo apt-get)
else
    echo "error: missing system packages: ${missing[*]}" >&2
    echo "       run as root, or: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${apt_get[@]}" update -qq
"${apt_get[@]}" install -y -qq --no-install-recommends "${missing[@]}"
