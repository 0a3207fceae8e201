#!/usr/bin/env bash
# Creates .venv with a Python >= 3.11 and installs the project into it.
set -euo pipefail
venv=${1:-.venv}
python=${PYTHON:-python3}

if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "error: $python is older than 3.11 (or missing); set PYTHON=/path/to/python3.11" >&2
    exit 1
fi
if [ ! -x "$venv/bin/python" ]; then
    if ! "$python" -m venv "$venv" 2>/dev/null; then
        # Debian and Ubuntu ship venv as a separate package.
        rm -rf "$venv"
        pyver=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
        if [ "$(id -u)" -eq 0 ]; then
            apt-get update -qq && apt-get install -y -qq "python${pyver}-venv" || apt-get install -y -qq python3-venv
        else
            echo "error: python venv support is missing: sudo apt-get install python${pyver}-venv" >&2
            exit 1
        fi
        "$python" -m venv "$venv"
    fi
fi
"$venv/bin/python" -m pip install -q --upgrade pip
"$venv/bin/python" -m pip install -q -e '.[test]'
