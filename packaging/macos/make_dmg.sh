#!/usr/bin/env bash
# Wrap a built .app in a compressed disk image with an Applications shortcut beside it.
#   bash packaging/macos/make_dmg.sh "build/dist/XHS Editor.app" build/installers/XHS-Editor-0.1.0-macos-arm64.dmg "XHS Editor 0.1.0"
set -euo pipefail
app="$1"
dmg="$2"
volume="${3:-XHS Editor}"
[[ -d "$app" ]] || { echo "make_dmg.sh: no app at $app" >&2; exit 1; }
staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
# ditto keeps the bundle's symlinks, permissions and extended attributes intact.
ditto "$app" "$staging/$(basename "$app")"
ln -s /Applications "$staging/Applications"
rm -f "$dmg"
mkdir -p "$(dirname "$dmg")"
hdiutil create -volname "$volume" -srcfolder "$staging" -fs HFS+ -format UDZO -imagekey zlib-level=9 -ov "$dmg"
hdiutil verify "$dmg"
