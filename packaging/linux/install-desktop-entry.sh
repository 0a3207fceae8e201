#!/bin/sh
# Adds Live Shopping Studio to this user's application menu, run from where the folder was unpacked.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
apps=${XDG_DATA_HOME:-$HOME/.local/share}/applications
icons=${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/scalable/apps
mkdir -p "$apps" "$icons"
cp "$here/live-shopping-studio.svg" "$icons/"
sed "s|^Exec=.*|Exec=\"$here/live-shopping-studio\"|" "$here/live-shopping-studio.desktop" > "$apps/live-shopping-studio.desktop"
echo "Live Shopping Studio added to the application menu ($apps/live-shopping-studio.desktop)"
