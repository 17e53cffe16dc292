#!/usr/bin/env bash
# Put XHS Editor in your application menu (no root needed): run it from the unpacked folder.
#   ./install.sh            installs a menu entry and icon for this user, pointing at this folder
#   ./install.sh --remove   removes them again
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps"
if [[ "${1:-}" == "--remove" ]]; then
  rm -f "$apps/xhs-editor.desktop" "$icons/xhs-editor.png"
  echo "Removed the menu entry."
  exit 0
fi
mkdir -p "$apps" "$icons"
cp "$here/xhs-editor.png" "$icons/xhs-editor.png"
sed "s|^Exec=xhs-editor|Exec=\"$here/xhs-editor\"|" "$here/xhs-editor.desktop" > "$apps/xhs-editor.desktop"
if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database "$apps" >/dev/null 2>&1 || true
fi
echo "Installed: XHS Editor is in your application menu (it runs $here/xhs-editor)."
